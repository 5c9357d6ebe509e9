import assert from 'node:assert/strict'
import { mkdirSync } from 'node:fs'
import { after, before, describe, test } from 'node:test'
import { accessibilityViolations, accessibilityViolationsWithoutJs, newContext, startJourney, type Journey } from './browser.ts'

let j: Journey
before(async () => (j = await startJourney()))
after(() => j.close())

const pages = [
  { path: '/', status: 200 },
  { path: '/accessibility', status: 200 },
  { path: '/privacy', status: 200 },
  { path: '/cookies', status: 200 },
  { path: '/contact', status: 200 },
  { path: '/contact/thanks', status: 200 },
  { path: '/report', status: 200 },
  { path: '/track', status: 200 },
  { path: '/incidents', status: 200 },
  { path: '/progress', status: 200 },
  { path: '/progress/items/action%3A23', status: 200 },
  { path: '/sign-in', status: 200 },
  { path: '/no-such-page', status: 404 },
]
const inLocale = (locale: 'en' | 'ur', path: string) => (locale === 'en' ? path : path === '/' ? '/ur/' : `/ur${path}`)

// A phone is checked with JavaScript on and off, a desktop with it on. A desktop without JavaScript receives the same
// document as a phone without it, so a fourth pass would repeat the axe checks of the second at a width that cannot
// overflow where 320 px does not.
const combinations = [
  { viewport: 'phone', javaScript: true },
  { viewport: 'phone', javaScript: false },
  { viewport: 'desktop', javaScript: true },
] as const
for (const { viewport, javaScript } of combinations) {
  describe(`every page on a ${viewport}, JavaScript ${javaScript ? 'on' : 'off'}`, () => {
    for (const locale of ['en', 'ur'] as const) {
      for (const { path, status } of pages) {
        const url = inLocale(locale, path)
        test(`${url}: loads, has no WCAG 2.2 AA violations, and reflows without sideways scrolling`, async () => {
          const context = await newContext(j, { viewport, javaScript })
          const page = await context.newPage()
          try {
            const res = await page.goto(url)
            assert.equal(res?.status(), status)
            assert.equal(await page.getAttribute('html', 'lang'), locale)
            assert.equal(await page.getAttribute('html', 'dir'), locale === 'ur' ? 'rtl' : 'ltr')
            const violations = javaScript ? await accessibilityViolations(page) : await accessibilityViolationsWithoutJs(j, page)
            assert.deepEqual(violations, [])
            const overflow = await page.evaluate(
              () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
            )
            assert.ok(overflow <= 0, `page is ${overflow}px wider than the screen`)
          } finally {
            await context.close()
          }
        })
      }
    }
  })
}

describe('the pages as a person uses them', () => {
  test('the accessibility check does catch violations (a broken page must fail it)', async () => {
    const context = await newContext(j, { viewport: 'desktop', javaScript: true })
    const page = await context.newPage()
    await page.route(`${j.base}/broken`, (r) =>
      r.fulfill({
        contentType: 'text/html',
        body: '<html><body><img src="/x.png"><input type="text"><a href="/"></a></body></html>',
      }),
    )
    await page.goto('/broken')
    const ids = (await accessibilityViolations(page)).map((v) => v.split(' ')[0])
    for (const rule of ['html-has-lang', 'image-alt', 'label', 'link-name']) assert.ok(ids.includes(rule), `${rule} not reported`)
    await context.close()
  })

  test('the Urdu home page renders in the Nastaliq font (screenshot kept in test-artifacts/)', async () => {
    const context = await newContext(j, { viewport: 'phone', javaScript: true })
    const page = await context.newPage()
    await page.goto('/ur/')
    await page.evaluate(() => document.fonts.ready)
    const nastaliq = await page.evaluate(() => document.fonts.check('16px "Noto Nastaliq Urdu"', 'میزان'))
    assert.equal(nastaliq, true)
    mkdirSync('test-artifacts', { recursive: true })
    await page.screenshot({ path: 'test-artifacts/home-ur-phone.png', fullPage: true })
    await page.setViewportSize({ width: 1280, height: 900 })
    await page.screenshot({ path: 'test-artifacts/home-ur-desktop.png' })
    await context.close()
  })

  test('the English pages never download the Urdu font', async () => {
    const context = await newContext(j, { viewport: 'desktop', javaScript: true })
    const page = await context.newPage()
    const fonts: string[] = []
    page.on('request', (r) => r.resourceType() === 'font' && fonts.push(r.url()))
    await page.goto('/')
    await page.waitForLoadState('networkidle')
    assert.deepEqual(fonts, [])
    await context.close()
  })

  test('a keyboard user reaches the skip link first and it moves focus to the main content', async () => {
    const context = await newContext(j, { viewport: 'desktop', javaScript: false })
    const page = await context.newPage()
    await page.goto('/ur/privacy')
    await page.keyboard.press('Tab')
    assert.equal(await page.evaluate(() => document.activeElement?.className), 'skip-link')
    await page.keyboard.press('Enter')
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'main')
    await context.close()
  })

  test('the language switch keeps the page', async () => {
    const context = await newContext(j, { viewport: 'phone', javaScript: false })
    const page = await context.newPage()
    await page.goto('/privacy')
    await page.click('.lang-switch')
    assert.equal(new URL(page.url()).pathname, '/ur/privacy')
    await page.click('.lang-switch')
    assert.equal(new URL(page.url()).pathname, '/privacy')
    await context.close()
  })

  test('the contact form, without JavaScript, in Urdu: a mistake is explained beside its field, fixed, and sent', async () => {
    const context = await newContext(j, { viewport: 'phone', javaScript: false })
    const page = await context.newPage()
    await page.goto('/ur/contact')
    await page.fill('#f-message', 'رجسٹر میں تعلیم کے شعبے کے نظام کب شامل ہوں گے؟')
    await page.fill('#f-email', 'غلط')
    await page.click('button[type=submit]')
    assert.match((await page.textContent('#f-topic-error')) ?? '', /منتخب کریں/)
    assert.match((await page.textContent('#f-email-error')) ?? '', /ای میل/)
    assert.equal(await page.inputValue('#f-message'), 'رجسٹر میں تعلیم کے شعبے کے نظام کب شامل ہوں گے؟')
    assert.deepEqual(await accessibilityViolationsWithoutJs(j, page), [])
    await page.check('#f-topic-question')
    await page.fill('#f-email', 'citizen@example.pk')
    await page.click('button[type=submit]')
    assert.equal(new URL(page.url()).pathname, '/ur/contact/thanks')
    assert.match((await page.textContent('h1')) ?? '', /شکریہ/)
    await context.close()
  })
})
