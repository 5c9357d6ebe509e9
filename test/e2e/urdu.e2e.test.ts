import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { Page } from 'playwright-core'
import { seed } from '../../src/db/seed.ts'
import { actorByEmail } from '../../src/modules/accounts/accounts.service.ts'
import { testDeps } from '../../src/test-support/app.ts'
import { newContext, openAs, startJourney, type Journey } from './browser.ts'
import { clippedText, leftEdges, leftToRight, unisolatedRuns } from './typography.ts'

let j: Journey
before(async () => {
  j = await startJourney()
  await seed(j.t.database.engine.db, testDeps(j.t))
})
after(() => j.close())

const phone = { viewport: 'phone' as const, javaScript: true }

async function ready(page: Page, url: string) {
  const res = await page.goto(url)
  assert.equal(res?.status(), 200, url)
  await page.evaluate(() => document.fonts.ready)
  // Filters folded away on a phone are opened, so their controls are measured too.
  await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)))
}

/** Opens `url` on an Urdu phone and looks at it; the context is closed whatever the look finds. */
async function onPhone<T>(url: string, look: (page: Page) => Promise<T>): Promise<T> {
  const context = await newContext(j, phone)
  try {
    const page = await context.newPage()
    await ready(page, url)
    return await look(page)
  } finally {
    await context.close()
  }
}

const publicPages = ['/ur/register', '/ur/register/1', '/ur/report', '/ur/track', '/ur/progress', '/ur/incidents', '/ur/']

describe('Urdu text is never cut off', () => {
  test('the clipping check does see letters cut by a box too short for them', async () => {
    const context = await newContext(j, phone)
    const page = await context.newPage()
    await page.route(`${j.base}/too-short`, (r) =>
      r.fulfill({
        contentType: 'text/html; charset=utf-8',
        body: `<html lang="ur" dir="rtl"><link rel="stylesheet" href="/static/css/main.css"><link rel="stylesheet" href="/static/css/urdu.css">
          <span class="badge" style="line-height:1">گوگل کوئی</span><button style="line-height:1;padding:0">کوئی بھی</button>`,
      }),
    )
    await ready(page, '/too-short')
    const clipped = await clippedText(page)
    assert.deepEqual(
      clipped.map((c) => c.element),
      ['span.badge', 'button'],
    )
    await context.close()
  })

  for (const url of publicPages)
    test(`${url}: every select, input, button and badge holds its letters whole, on a phone`, async () => {
      assert.deepEqual(await onPhone(url, clippedText), [])
    })

  for (const [email, url] of [
    ['reviewer@demo.mizan.pk', '/ur/work'],
    ['reviewer@demo.mizan.pk', '/ur/incidents/reports'],
    ['officer@demo.mizan.pk', '/ur/register/manage'],
  ] as const)
    test(`${url}, signed in as ${email.split('@')[0]}: the same holds on staff pages`, async () => {
      const actor = await actorByEmail(j.t.database.engine.db, email)
      const { context, page } = await openAs(j, actor!.id, phone)
      await ready(page, url)
      assert.deepEqual(await clippedText(page), [])
      await context.close()
    })
})

describe('codes and numbers read in the order they are printed', () => {
  for (const url of [
    ...publicPages,
    '/ur/register/1/versions/1',
    '/ur/progress/items/target%3At-2.1c-trainers',
    '/ur/incidents/1',
  ])
    test(`${url}: every spaced number and Latin-lettered clause in the Urdu text is isolated`, async () => {
      assert.deepEqual(await onPhone(url, unisolatedRuns), [])
    })

  test('a tracking code reads the same on the Urdu receipt, in the hint, and typed into the Urdu tracking form', async () => {
    const context = await newContext(j, phone)
    const page = await context.newPage()
    await ready(page, '/ur/report')
    await page.fill('#f-narrative', 'درخواست بغیر وجہ بتائے رد کر دی گئی۔')
    await page.check('input[name="harmKinds"][value="wrongful_denial"]')
    await page.check('input[name="severity"][value="serious"]')
    await page.click('form[action^="/ur/report"] button[type=submit]')
    const printed = (await page.textContent('.tracking-code'))!.trim()
    const groups = printed.split(' ')
    assert.equal(groups.length, 4, printed)
    assert.ok(leftToRight(await leftEdges(page, '.tracking-code', groups)), 'the receipt prints the groups left to right')
    const box = await page.locator('.tracking-code').boundingBox()
    const lineHeight = await page.evaluate(() =>
      parseFloat(getComputedStyle(document.querySelector('.tracking-code')!).lineHeight),
    )
    assert.ok(box!.height < lineHeight * 1.5, `the code takes one line on a phone (${box!.height}px)`)

    await ready(page, '/ur/track')
    const hint = await page.textContent('#f-code-hint')
    const example = /\d{4} \d{4} \d{4} \d{4}/.exec(hint ?? '')![0]
    assert.ok(
      leftToRight(await leftEdges(page, '#f-code-hint', example.split(' '))),
      `the hint's example reads left to right: ${hint}`,
    )
    await page.fill('#f-code', printed)
    assert.ok(leftToRight(await leftEdges(page, '#f-code', groups)), 'typed, the code shows in the receipt’s order')
    await context.close()
  })
})

describe('a phone shows the page, not the header', () => {
  for (const prefix of ['', '/ur'])
    test(`${prefix || '/'}: the header is one row and a menu that opens without JavaScript; the home page starts the four journeys`, async () => {
      const context = await newContext(j, { viewport: 'phone', javaScript: false })
      const page = await context.newPage()
      await page.goto(`${prefix}/`)
      const header = (await page.locator('header').boundingBox())!.height
      assert.ok(header <= 160, `the header takes ${header}px of a 640 px screen`)
      assert.equal(await page.locator('.site-menu nav a').first().isVisible(), false)
      await page.click('.site-menu summary')
      assert.equal(await page.locator('.site-menu nav a[href$="/register"]').isVisible(), true)
      for (const path of ['/register', '/report', '/track', '/progress'])
        assert.equal(await page.locator(`main a.journey[href="${prefix}${path}"]`).count(), 1, path)
      assert.equal(await page.locator('main form[role=search] input[name=q]').count(), 1)
      await context.close()
    })
})

describe('tables on a phone', () => {
  test('a policy quotation on an Urdu item page uses the width of the phone', async () => {
    const [quote, main] = await onPhone('/ur/progress/items/target%3At-2.1c-trainers', (page) =>
      Promise.all([page.locator('main figure blockquote').boundingBox(), page.locator('main').boundingBox()]),
    )
    assert.ok(quote!.width > main!.width * 0.8, `the quotation is ${quote!.width}px wide in ${main!.width}px`)
  })

  test('a table of three or more columns becomes cards: every value sits beside its column heading, nothing squeezed', async () => {
    // A card's values take its width; a dense card's counts, two to a line, half of it each.
    const cards = await onPhone('/ur/progress', (page) =>
      page.evaluate(() =>
        Array.from(document.querySelectorAll('table.cards-on-phone'), (table) => {
          const headings = Array.from(table.querySelectorAll('thead th'), (th) => th.textContent)
          const row = table.querySelector('tbody tr')!
          const width = row.getBoundingClientRect().width
          return {
            dense: table.classList.contains('cards-dense'),
            labels: Array.from(row.children, (c) => c.getAttribute('data-label')),
            headings,
            narrowest: Math.min(...Array.from(row.children, (c) => c.getBoundingClientRect().width / width)),
          }
        }),
      ),
    )
    assert.ok(cards.some((c) => c.dense) && cards.some((c) => !c.dense))
    for (const card of cards) {
      assert.deepEqual(card.labels, card.headings)
      const least = card.dense ? 0.4 : 0.8
      assert.ok(card.narrowest > least, `a cell takes ${Math.round(card.narrowest * 100)}% of its card`)
    }
  })
})

describe('charts on a phone', () => {
  test('the incidents chart shown on a phone has labels of a readable size, each whole inside the chart', async () => {
    const labels = await onPhone('/ur/incidents', (page) =>
      page.evaluate(() => {
        const svg = Array.from(document.querySelectorAll<SVGSVGElement>('.chart svg')).find((s) => s.checkVisibility())!
        const box = svg.getBoundingClientRect()
        return Array.from(svg.querySelectorAll('text'), (t) => {
          const r = t.getBoundingClientRect()
          return { text: t.textContent, px: r.height, inside: r.left >= box.left - 0.5 && r.right <= box.right + 0.5 }
        })
      }),
    )
    assert.ok(labels.length > 0)
    for (const l of labels) {
      assert.ok(l.px >= 12, `“${l.text}” is ${l.px.toFixed(1)} px tall`)
      assert.ok(l.inside, `“${l.text}” reaches out of the chart`)
    }
  })
})
