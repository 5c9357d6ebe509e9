import type { Page } from 'playwright-core'

/** Elements that hold one or a few lines of text in a box of their own, where Nastaliq's tall letters get cut. */
export const BOXED_TEXT =
  'select, input[type=text], input[type=search], input[type=email], input[type=tel], button, .button, .badge'

export type Clipped = { element: string; text: string; over: number; under: number }

/**
 * Where the ink of each boxed text falls against the box that shows it, from the font's own measurements (canvas
 * `measureText`) and the element's computed line box. A control's text is centred in its content box and cut at its
 * line box (Chromium's select) or content box (an input); a button's or badge's text must stay inside its border.
 * Returns the elements whose letters reach past that box by more than half a pixel, above (`over`) or below.
 */
export function clippedText(page: Page, selector = BOXED_TEXT): Promise<Clipped[]> {
  return page.evaluate((selector) => {
    const canvas = document.createElement('canvas').getContext('2d')!
    const found: { element: string; text: string; over: number; under: number }[] = []
    for (const el of Array.from(document.querySelectorAll<HTMLElement>(selector))) {
      if (!el.checkVisibility()) continue
      const text = (
        el instanceof HTMLSelectElement
          ? (el.selectedOptions[0]?.text ?? '')
          : el instanceof HTMLInputElement
            ? el.value || el.placeholder
            : (el.textContent ?? '')
      ).trim()
      if (!text) continue
      const style = getComputedStyle(el)
      canvas.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`
      canvas.direction = style.direction as CanvasDirection
      const m = canvas.measureText(text)
      const ascent = m.fontBoundingBoxAscent
      const descent = m.fontBoundingBoxDescent
      const line = style.lineHeight === 'normal' ? ascent + descent : parseFloat(style.lineHeight)
      const padTop = parseFloat(style.paddingTop)
      const padBottom = parseFloat(style.paddingBottom)
      const content = el.clientHeight - padTop - padBottom
      const control = el instanceof HTMLSelectElement || el instanceof HTMLInputElement
      // A control centres its one line; other boxes stack their lines from the top of the content box.
      const firstTop = control ? (content - line) / 2 : 0
      const lastBottom = control ? firstTop + line : content
      const halfLeading = (line - ascent - descent) / 2
      const inkTop = firstTop + halfLeading + ascent - m.actualBoundingBoxAscent
      const inkBottom = lastBottom - halfLeading - descent + m.actualBoundingBoxDescent
      const [clipTop, clipBottom] = control
        ? [Math.max(firstTop, 0), Math.min(firstTop + line, content)]
        : [-padTop, content + padBottom]
      const over = clipTop - inkTop
      const under = inkBottom - clipBottom
      if (over > 0.5 || under > 0.5) {
        const id = el.id ? `#${el.id}` : el.className ? `.${String(el.className).split(' ')[0]}` : ''
        found.push({
          element: `${el.tagName.toLowerCase()}${id}`,
          text: text.slice(0, 40),
          over: +over.toFixed(1),
          under: +under.toFixed(1),
        })
      }
    }
    return found
  }, selector)
}

/**
 * Where each of `runs` is drawn inside the element `selector`, as the left edge of its first character (from a Range
 * over the text). An input has no text nodes to measure, so its value is laid out in a twin span with the input's own
 * direction, isolation and font: the same bidi paragraph the input draws.
 */
export function leftEdges(page: Page, selector: string, runs: readonly string[]): Promise<number[]> {
  return page.evaluate(
    ({ selector, runs }) => {
      let el = document.querySelector<HTMLElement>(selector)!
      if (el instanceof HTMLInputElement) {
        const style = getComputedStyle(el)
        const twin = document.createElement('span')
        twin.textContent = el.value
        Object.assign(twin.style, {
          direction: style.direction,
          unicodeBidi: style.unicodeBidi,
          font: style.font,
          whiteSpace: 'pre',
        })
        el.parentElement!.append(twin)
        el = twin
      }
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT)
      const nodes: Text[] = []
      while (walker.nextNode()) nodes.push(walker.currentNode as Text)
      return runs.map((run) => {
        const node = nodes.find((n) => n.data.includes(run))
        if (!node) throw new Error(`"${run}" is not in ${selector}`)
        const range = document.createRange()
        const at = node.data.indexOf(run)
        range.setStart(node, at)
        range.setEnd(node, at + 1)
        return range.getBoundingClientRect().left
      })
    },
    { selector, runs },
  )
}

/** True when the numbers rise: the runs are drawn left to right in the order given. */
export const leftToRight = (edges: number[]) => edges.every((x, i) => i === 0 || x > edges[i - 1]!)

/**
 * Runs inside Urdu text whose order the bidirectional algorithm gets wrong unless they are isolated: groups of digits
 * separated by spaces (a code, a phone number: "1234 5678" shows as "5678 1234") and clauses lettered in Latin
 * ("3.2(b)" shows as "(b)3.2"). Each must sit in an isolating element (`bdi`, an element with `dir`) or between
 * Unicode isolates; returns the text of those that do not.
 */
export function unisolatedRuns(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const risky = /\d+(?: \d+)+|\d\([a-z]\)/g
    const found: string[] = []
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
    while (walker.nextNode()) {
      const node = walker.currentNode as Text
      const holder = node.parentElement
      if (!holder || holder.closest('bdi, body [dir], script, style, textarea, option')) continue
      for (const m of node.data.matchAll(risky)) {
        const before = node.data.slice(0, m.index)
        const opened =
          before.lastIndexOf('\u2068') > before.lastIndexOf('\u2069') ||
          before.lastIndexOf('\u2066') > before.lastIndexOf('\u2069')
        if (!opened) found.push(`${m[0]} in “${node.data.trim().slice(0, 60)}”`)
      }
    }
    return found
  })
}
