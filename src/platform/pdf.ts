import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fontsDir, publicDir, urduFontFile } from './assets.ts'
import { HttpError } from './errors.ts'
import { direction, type Locale } from './i18n.ts'

/** Publishing needs Chromium; the message names what to install. */
export class ChromiumMissing extends HttpError {
  constructor(path: string) {
    super(409, 'chromiumMissing', { path })
  }
}

const css = (file: string) => readFileSync(join(publicDir, 'css', file), 'utf8')

/** A printed page's margins: the running header and footer sit in the top and bottom ones. */
export const PAGE_MARGINS_MM = { top: 22, side: 14, bottom: 20 } as const

/** A document to print, and the running header and footer Chromium repeats on each page (its own small templates). */
export type PrintJob = { html: string; header: string; footer: string }

const escape = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`)

/**
 * A self-contained document for printing: our stylesheets inline and, in Urdu, the Nastaliq font as a data URI, so
 * Chromium needs no network and the PDF embeds the very font the pages use. Each page carries the title as its
 * running header and `footer` (markup, where Chromium fills spans of the classes pageNumber and totalPages) as its
 * footer, in the document's language and direction.
 */
export function printDocument(locale: Locale, title: string, body: string, footer: string): PrintJob {
  const font = `data:font/woff2;base64,${readFileSync(join(fontsDir, urduFontFile)).toString('base64')}`
  const styles = css('main.css') + (locale === 'ur' ? css('urdu.css').replace(`/static/fonts/${urduFontFile}`, font) : '')
  const dir = direction(locale)
  // Header and footer templates are rendered apart from the page, with no stylesheet of ours: their font and size are
  // set here, and in Urdu the Nastaliq font is given to them too: the system's fonts lack letters such as ہ.
  const fontFace = locale === 'ur' ? `<style>@font-face{font-family:'Noto Nastaliq Urdu';src:url(${font})}</style>` : ''
  const fontFamily = locale === 'ur' ? `'Noto Nastaliq Urdu', serif` : 'sans-serif'
  const running = (content: string) =>
    `${fontFace}<div dir="${dir}" lang="${locale}" style="width:100%;margin:0 ${PAGE_MARGINS_MM.side}mm;font-family:${fontFamily};font-size:8pt;line-height:2.2;color:#505a5f;text-align:start">${content}</div>`
  return {
    html: `<!doctype html><html lang="${locale}" dir="${dir}"><head><meta charset="utf-8"><title>${escape(title)}</title><style>${styles}@page{margin:${PAGE_MARGINS_MM.top}mm ${PAGE_MARGINS_MM.side}mm ${PAGE_MARGINS_MM.bottom}mm}</style></head><body><main>${body}</main></body></html>`,
    header: running(escape(title)),
    footer: running(footer),
  }
}

/**
 * Renders HTML documents to tagged PDFs with an outline of their headings, using one Chromium, which shapes Nastaliq
 * and orders right-to-left text correctly (no JavaScript PDF library does). Scripts are off: the document is ours and
 * needs none.
 */
export async function renderPdfs(chromiumPath: string, jobs: readonly PrintJob[]): Promise<Buffer[]> {
  if (!existsSync(chromiumPath)) throw new ChromiumMissing(chromiumPath)
  // Loaded on the first report, not at start: the browser driver alone is the largest library Mizan uses.
  const { chromium } = await import('playwright-core')
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  })
  try {
    const context = await browser.newContext({ javaScriptEnabled: false })
    const pdfs: Buffer[] = []
    for (const job of jobs) {
      const page = await context.newPage()
      await page.setContent(job.html, { waitUntil: 'load' })
      pdfs.push(
        await page.pdf({
          format: 'A4',
          printBackground: true,
          tagged: true,
          outline: true,
          displayHeaderFooter: true,
          headerTemplate: job.header,
          footerTemplate: job.footer,
        }),
      )
    }
    return pdfs
  } finally {
    await browser.close()
  }
}
