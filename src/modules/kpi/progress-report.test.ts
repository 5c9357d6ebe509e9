import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs'
import { readFile } from '../../platform/files.ts'
import { translator } from '../../platform/i18n.ts'
import { pagesInkedAtFoot } from '../../test-support/pdf-pages.ts'
import { sessionCookie, testActor } from '../../test-support/accounts.ts'
import { manualClock, submitForm, testApp, testDeps, type TestApp } from '../../test-support/app.ts'
import { publishedReport } from './progress-report.service.ts'
import { recordMeasurement } from './progress.service.ts'

let t: TestApp
const clock = manualClock('2026-07-10T07:00:00.000Z')
before(async () => (t = await testApp({ clock })))
after(() => t.close())

const openPdf = (bytes: Buffer) => getDocument({ data: new Uint8Array(bytes), useSystemFonts: false }).promise

/** Each page's text layer, as a reader or a screen reader gets it. */
async function pdfPages(bytes: Buffer) {
  const pdf = await openPdf(bytes)
  const pages: string[] = []
  for (let i = 1; i <= pdf.numPages; i++)
    pages.push((await (await pdf.getPage(i)).getTextContent()).items.map((item) => ('str' in item ? item.str : '')).join(' '))
  return pages
}
const pdfText = async (bytes: Buffer) => (await pdfPages(bytes)).join(' ')
/** Text without the marks that isolate values from the text around them. */
const plain = (text: string) => text.replace(/[\u2068\u2069]/g, '')

describe('biannual progress reports', () => {
  test(
    'an analyst previews and publishes the first half of 2026; its HTML and PDFs are stored once and never change',
    { timeout: 120_000 },
    async () => {
      const deps = testDeps(t, clock)
      const analystActor = await testActor(t, ['pic_analyst'])
      const analyst = await sessionCookie(t, analystActor.id, clock.now())
      await recordMeasurement(deps, analystActor, 'target:t-m1-awareness', {
        value: 20,
        measuredOn: '2026-03-01',
        source: 'PTA survey',
      })

      assert.equal(
        (await t.app.inject({ url: '/progress/reports/2026-H1' })).statusCode,
        404,
        'the public sees no report before it is published',
      )
      const list = await t.app.inject({ url: '/progress/reports' })
      assert.match(
        plain(list.body),
        /January–June 2026, which ended on 30 June 2026: not yet published/,
        'the public sees which report is owed',
      )
      assert.equal(
        (await t.app.inject({ url: '/progress/reports/2026-H2', headers: { cookie: analyst } })).statusCode,
        404,
        'a half-year not yet over has no report',
      )
      const preview = await t.app.inject({ url: '/progress/reports/2026-H1', headers: { cookie: analyst } })
      const html = plain(preview.body)
      assert.match(html, /Progress of the National AI Policy 2025: January–June 2026/)
      assert.match(
        html,
        /At the end of January–June 2026, of the 26 rows of the action matrix, 0 were done/,
        'a summary in words',
      )
      assert.match(html, /Past their deadlines without a figure: rows 10, 20, 21\./)
      assert.match(html, /For the AI Council to decide which target is operative, where the policy’s targets disagree: /)
      assert.match(html, /row 10 \(from No data to Overdue\)/, 'what moved')
      assert.match(html, /No data call was made for the period/)
      assert.match(html, /20% of 90% · by 2026/, 'a recorded figure against its target')
      assert.match(html, /no figure \(target 1,000,000 · by 2027\)/, 'a missing figure is “no figure”, never 0')
      assert.match(html, /<h3>Pillar 1: /)
      assert.match(html, /Signed off by<\/dt><dd>Not yet: this is a preview<\/dd>/)
      const published = await submitForm(t.app, {
        cookie: analyst,
        formPage: '/progress/reports/2026-H1',
        url: '/progress/reports/2026-H1/publish',
        fields: {},
      })
      assert.equal(published.statusCode, 303)

      const stored = (await publishedReport(deps.db, '2026-H1'))!
      assert.match(stored.htmlEn, /Signed off by<\/dt><dd>[^<]*Test Person[^<]*, for the Policy Implementation Cell<\/dd>/)
      const [en, ur] = [(await readFile(deps.db, stored.pdfEn))!, (await readFile(deps.db, stored.pdfUr))!]
      assert.ok(en.bytes.subarray(0, 5).equals(Buffer.from('%PDF-')))
      assert.match(ur.bytes.toString('latin1'), /NotoNastaliqUrdu/, 'the Urdu PDF embeds the Nastaliq font')
      // Chromium gives many Nastaliq glyphs no text mapping, so compare letters found, not words: several distinct Urdu
      // letters, every one of them from the report's own Urdu text (a running header set in another font may map its
      // glyphs to presentation forms, which NFKC folds back to letters).
      const letters = new Set(
        [...(await pdfText(ur.bytes)).normalize('NFKC')].filter((c) => /^\p{Script=Arabic}$/u.test(c) && /^\p{L}$/u.test(c)),
      )
      assert.ok(letters.size >= 5, `the Urdu text layer has Urdu letters (${[...letters].join(' ')})`)
      assert.deepEqual(
        [...letters].filter((c) => !stored.htmlUr.includes(c)),
        [],
      )
      assert.deepEqual(await pagesInkedAtFoot(ur.bytes), [], 'no Nastaliq ink crosses a page break')
      // The chart printed is the one of horizontal bars, and none of its labels is cut short.
      const printed = stored.htmlUr.split('class="chart-narrow"')[1]!.split('</svg>')[0]!
      for (const status of ['done', 'on_track', 'at_risk', 'off_track', 'overdue', 'no_data'])
        assert.ok(printed.includes(`>${translator('ur')(`progress.status.${status}`)}</text>`), `the label of ${status} in full`)
      assert.doesNotMatch(printed, /…/)
      const pages = (await pdfPages(en.bytes)).map(plain)
      assert.ok(pages.length >= 4, `${pages.length} pages`)
      pages.forEach((text, i) => {
        assert.match(text, new RegExp(`Page ${i + 1} of ${pages.length}`), `page ${i + 1} is numbered`)
        assert.match(text, /Progress of the National AI Policy 2025: January–June 2026/, `page ${i + 1} has its running header`)
      })
      assert.match(pages.join(' '), /no figure \(target/)
      assert.doesNotMatch(pages.join(' '), /: 0 \(target|\b0 of /, 'never a zero for a missing figure')
      const pdf = await openPdf(en.bytes)
      assert.equal((await pdf.getMarkInfo())?.Marked, true, 'a tagged PDF')
      type Entry = { title: string; items: Entry[] }
      const titles = (entries: Entry[]): string[] => entries.flatMap((o) => [plain(o.title), ...titles(o.items)])
      const outline = titles(((await pdf.getOutline()) ?? []) as Entry[])
      for (const heading of ['Summary', 'The action matrix by pillar', 'How this report is made'])
        assert.ok(outline.includes(heading), `the outline has “${heading}”: ${outline.join(' | ')}`)

      clock.advance(86_400_000)
      await recordMeasurement(deps, analystActor, 'target:t-m1-awareness', {
        value: 85,
        measuredOn: '2026-06-01',
        source: 'A late survey about the period',
      })
      const again = (await publishedReport(deps.db, '2026-H1'))!
      assert.equal(again.htmlEn, stored.htmlEn)
      assert.ok((await readFile(deps.db, again.pdfUr))!.bytes.equals(ur.bytes), 'the stored PDF is the same bytes')
      const page = await t.app.inject({ url: '/ur/progress/reports/2026-H1' })
      assert.equal(page.statusCode, 200)
      assert.ok(page.body.includes(stored.htmlUr), 'the page serves the stored Urdu text')
      assert.equal((await t.app.inject({ url: `/files/${stored.pdfEn}` })).statusCode, 200, 'the PDFs are public')
      const tomorrow = await sessionCookie(t, analystActor.id, clock.now())
      const twice = await submitForm(t.app, {
        cookie: tomorrow,
        formPage: '/contact',
        url: '/progress/reports/2026-H1/publish',
        fields: {},
      })
      assert.equal(twice.statusCode, 409)
    },
  )
})

describe('without Chromium', () => {
  let bare: TestApp
  before(async () => (bare = await testApp({ clock, env: { MIZAN_CHROMIUM: '/nonexistent/chromium' } })))
  after(() => bare.close())

  test('publishing refuses with a clear message and keeps nothing; the preview still works', async () => {
    const analyst = await sessionCookie(bare, (await testActor(bare, ['pic_analyst'])).id, clock.now())
    assert.equal((await bare.app.inject({ url: '/progress/reports/2025-H2', headers: { cookie: analyst } })).statusCode, 200)
    const refused = await submitForm(bare.app, {
      cookie: analyst,
      formPage: '/progress/reports/2025-H2',
      url: '/progress/reports/2025-H2/publish',
      fields: {},
    })
    assert.equal(refused.statusCode, 409)
    assert.match(refused.body, /PDFs cannot be made on this server/)
    assert.equal(await publishedReport(bare.database.engine.db, '2025-H2'), undefined)
  })
})
