import assert from 'node:assert/strict'
import { eq } from 'drizzle-orm'
import { after, before, test } from 'node:test'
import type { Page } from 'playwright-core'
import { organisations } from '../../src/modules/accounts/accounts.tables.ts'
import { testActor } from '../../src/test-support/accounts.ts'
import { manualClock } from '../../src/test-support/app.ts'
import { checkPage, openAs, startJourney, type Journey } from './browser.ts'
import { clippedText, unisolatedRuns } from './typography.ts'

// 1 June 2026, noon in Pakistan: the Cell gathers the first half-year's figures before it ends.
const clock = manualClock('2026-06-01T07:00:00.000Z')
const DAY = 86_400_000
let j: Journey
before(async () => (j = await startJourney({ clock })))
after(() => j.close())

const bodyId = async (slug: string) =>
  (await j.t.database.engine.db.select().from(organisations).where(eq(organisations.slug, slug)))[0]!.id
const officerOf = async (slug: string) => testActor(j.t, ['org_admin'], await bodyId(slug))
/** Text as read, without the marks that isolate values from the words around them. */
const text = async (page: Page, selector = 'main') => ((await page.textContent(selector)) ?? '').replace(/[\u2068\u2069]/g, '')

/** A lead body's officer answers from its line on the call's page: its row's rating, then each missing figure. */
async function answer(
  page: Page,
  body: string,
  prefix: string,
  rating: string,
  narrative: string,
  figures: Record<string, string>,
) {
  await page.click(`#body-${body} a[href^="${prefix}/progress/items/action"][href$="#confidence"]`)
  await checkPage(j, page)
  await page.check(`input[name="rating"][value="${rating}"]`)
  await page.fill('#f-narrative', narrative)
  await page.click('form[action$="/confidence"] button[type=submit]')
  for (const [target, value] of Object.entries(figures)) {
    await page.goto(`${prefix}/progress/items/${encodeURIComponent(target)}`)
    await page.fill('#f-value', value)
    await page.fill('#f-measuredOn', '2026-05-31')
    await page.fill('#f-source', 'Departmental return, May 2026')
    await page.click('form[action*="?_csrf="] button[type=submit]')
    await checkPage(j, page)
  }
}

test(
  'the Cell opens a data call; two lead bodies answer, in English and in Urdu; a late one is reminded; the Cell publishes the report',
  { timeout: 420_000 },
  async () => {
    const cell = await testActor(j.t, ['pic_analyst'])
    const desk = (await openAs(j, cell.id, { viewport: 'desktop', javaScript: true })).page
    await desk.goto('/progress/calls')
    await checkPage(j, desk)
    await desk.fill('#f-dueOn', '2026-05-20')
    await desk.click('form[action="/progress/calls"] button[type=submit]')
    assert.match(await text(desk, '.error-summary'), /The due date must be after today/)
    await checkPage(j, desk)
    await desk.fill('#f-dueOn', '2026-06-20')
    await desk.fill('#f-message', 'Figures as at 31 May 2026, please.')
    await desk.click('form[action="/progress/calls"] button[type=submit]')
    assert.match(await text(desk, 'h1'), /Data call for January–June 2026/)
    await checkPage(j, desk)
    const callUrl = new URL(desk.url()).pathname

    // The Establishment Division's officer, in English, without JavaScript, from the work queue.
    const establishment = (
      await openAs(j, (await officerOf('establishment-division')).id, { viewport: 'desktop', javaScript: false })
    ).page
    await establishment.goto('/work')
    await establishment.click('a:has-text("Answer the data call for January–June 2026")')
    assert.match(await text(establishment), /Figures as at 31 May 2026, please\./)
    await answer(
      establishment,
      await bodyId('establishment-division'),
      '',
      'probable',
      'Training runs in every ministry; the last wing starts in August.',
      {
        'target:t-m5-existing': '35',
        'target:t-m5-inductees': '100',
      },
    )
    await establishment.goto(callUrl)
    assert.match(await text(establishment, '#' + `body-${await bodyId('establishment-division')}`), /Answered/)

    // The IPO's officer, in Urdu, on a phone without JavaScript: one figure of patents counts for both its targets.
    const ipo = (await openAs(j, (await officerOf('ipo-pakistan')).id, { viewport: 'phone', javaScript: false })).page
    await ipo.goto(`/ur${callUrl}`)
    await checkPage(j, ipo)
    await answer(ipo, await bodyId('ipo-pakistan'), '/ur', 'in_doubt', 'درخواستیں آ رہی ہیں مگر جانچ میں وقت لگتا ہے۔', {
      'target:t-m8-patents-desired': '120',
    })
    await ipo.goto(`/ur${callUrl}`)
    assert.match(await text(ipo, `#body-${await bodyId('ipo-pakistan')}`), /جواب دے دیا/)
    await checkPage(j, ipo)

    // The due date passes; the HEC has not answered, and the Cell reminds it.
    clock.advance(21 * DAY)
    const desk2 = (await openAs(j, cell.id, { viewport: 'desktop', javaScript: true })).page
    await desk2.goto(callUrl)
    const hec = `#body-${await bodyId('hec')}`
    assert.match(await text(desk2, hec), /Overdue/)
    await desk2.click(`${hec} form[action*="/remind/"] button`)
    assert.match(await text(desk2, hec), /reminded on 22 June 2026/)
    assert.equal(await desk2.locator(`${hec} form[action*="/remind/"]`).count(), 0, 'once a day')
    assert.match(await text(desk2, '.lead'), /2 of \d+ lead bodies have answered\./)
    await checkPage(j, desk2)

    // After the half-year, the Cell publishes its report, which says who answered.
    clock.advance(10 * DAY)
    const desk3 = (await openAs(j, cell.id, { viewport: 'desktop', javaScript: false })).page
    await desk3.goto('/progress/reports/2026-H1')
    await desk3.click('form[action$="/publish"] button[type=submit]')
    const report = await text(desk3)
    assert.match(report, /Published on 2 July 2026\./)
    assert.match(report, /2 of \d+ lead bodies had given everything the data call for the period asked for/)
    assert.match(report, /Probable: Training runs in every ministry/)
    await checkPage(j, desk3)

    // The Urdu report, on a phone and as printed: its numbers and clauses read in order, and no badge cuts its letters.
    const reader = (await openAs(j, null, { viewport: 'phone', javaScript: false })).page
    await reader.goto('/ur/progress/reports/2026-H1')
    await checkPage(j, reader)
    assert.match(await text(reader, 'h1'), /جنوری تا جون 2026/)
    assert.deepEqual(await unisolatedRuns(reader), [])
    await reader.emulateMedia({ media: 'print' })
    assert.deepEqual(await unisolatedRuns(reader), [])
    assert.deepEqual(await clippedText(reader, '.progress-report .badge'), [])
  },
)
