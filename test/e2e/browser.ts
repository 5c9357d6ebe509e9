import { AxeBuilder } from '@axe-core/playwright'
import assert from 'node:assert/strict'
import type { AddressInfo } from 'node:net'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import type { Clock } from '../../src/platform/clock.ts'
import { sessionCookie } from '../../src/test-support/accounts.ts'
import { testApp, type TestApp } from '../../src/test-support/app.ts'

export const CHROMIUM = process.env.MIZAN_CHROMIUM ?? '/usr/bin/chromium'

export type Journey = { t: TestApp; base: string; browser: Browser; close(): Promise<void> }

/** The real app on a loopback port, and Debian's Chromium driven by playwright-core. */
export async function startJourney(opts: { clock?: Clock } = {}): Promise<Journey> {
  const t = await testApp({ clock: opts.clock })
  await t.app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = t.app.server.address() as AddressInfo
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
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
  return {
    t,
    base: `http://127.0.0.1:${port}`,
    browser,
    async close() {
      await browser.close()
      await t.close()
    },
  }
}

export const viewports = { phone: { width: 320, height: 640 }, desktop: { width: 1280, height: 900 } } as const

export function newContext(j: Journey, opts: { viewport: keyof typeof viewports; javaScript: boolean }): Promise<BrowserContext> {
  return j.browser.newContext({ viewport: viewports[opts.viewport], javaScriptEnabled: opts.javaScript, baseURL: j.base })
}

/** axe-core's WCAG 2.0, 2.1 and 2.2 A and AA rules; returns the violations in a readable form. */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze()
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
}

/**
 * axe needs timers, which a page without JavaScript does not run. So the document a person without
 * JavaScript received is replayed, byte for byte and at the same URL and size, into a page that can run axe.
 */
export async function accessibilityViolationsWithoutJs(j: Journey, page: Page): Promise<string[]> {
  const html = await page.content()
  const url = page.url()
  const context = await j.browser.newContext({ viewport: page.viewportSize(), javaScriptEnabled: true })
  try {
    const replay = await context.newPage()
    await replay.route(url, (route) => route.fulfill({ body: html, contentType: 'text/html; charset=utf-8' }))
    await replay.goto(url)
    return await accessibilityViolations(replay)
  } finally {
    await context.close()
  }
}

/** Pages opened without JavaScript: their accessibility check replays the HTML they received. */
const withoutJs = new WeakSet<Page>()

/** A page in a fresh browser context, signed in as this person (a session made directly) or anonymous. */
export async function openAs(
  j: Journey,
  userId: string | null,
  opts: { viewport: keyof typeof viewports; javaScript: boolean },
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await newContext(j, opts)
  if (userId) {
    const [name, value] = (await sessionCookie(j.t, userId)).split('=') as [string, string]
    await context.addCookies([{ name, value, url: j.base }])
  }
  const page = await context.newPage()
  if (!opts.javaScript) withoutJs.add(page)
  return { context, page }
}

/** No WCAG 2.2 AA violation, and nothing wider than the screen. */
export async function checkPage(j: Journey, page: Page) {
  const violations = withoutJs.has(page) ? await accessibilityViolationsWithoutJs(j, page) : await accessibilityViolations(page)
  assert.deepEqual(violations, [], `axe on ${page.url()}`)
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
  assert.ok(overflow <= 0, `${page.url()} is ${overflow}px wider than the screen`)
}
