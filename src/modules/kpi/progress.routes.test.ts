import assert from 'node:assert/strict'
import { appendOnlyRefusal } from '../../test-support/database.ts'
import { after, before, describe, test } from 'node:test'
import { eq } from 'drizzle-orm'
import ExcelJS from 'exceljs'
import { organisations } from '../accounts/accounts.tables.ts'
import { measurementParts, progressPaths } from './kpi.tables.ts'
import { sessionCookie, testActor } from '../../test-support/accounts.ts'
import { manualClock, submitForm, submitUpload, testApp, type TestApp } from '../../test-support/app.ts'

let t: TestApp
const clock = manualClock('2026-07-02T07:00:00.000Z')
before(async () => (t = await testApp({ clock })))
after(() => t.close())

const item = '/progress/items/target%3At-3.8-sandbox'

describe('the progress pages', () => {
  test('the public page lists all 26 action-matrix rows with their leads and deadlines, and flags the policy’s contradictions', async () => {
    const res = await t.app.inject({ url: '/progress' })
    assert.equal(res.statusCode, 200)
    assert.match(res.body, /26 action-matrix items/)
    // A contradiction is found from the targets of one measure, each stated as the policy states it.
    assert.match(
      res.body,
      /Enterprises benefiting from the AI regulatory sandbox: <span><a href="[^"]+t-3\.8-sandbox"><bdi>3\.8<\/bdi><\/a>: at least 20 · by 2027<\/span><span>; <a href="[^"]+t-5\.5-sandbox"><bdi>5\.5<\/bdi><\/a>: at least 50 · by 2027/,
    )
    assert.match(res.body, /Public servants trained in AI: .*2\.2\(b\).*100% · by 2027.*Action Matrix 5.*at least 70% · by 2026/)
    const matrixRows = (html: string) =>
      [...html.matchAll(/<tr><td data-label="No\.">(\d+)<\/td><td data-label="Item"><a href="\/progress\/items\/action/g)].map(
        (m) => Number(m[1]),
      )
    const rows = matrixRows(res.body)
    assert.deepEqual(
      rows,
      Array.from({ length: 26 }, (_, i) => i + 1),
      'the matrix in its own order, 1, 2 … 10, not 1, 10, 11',
    )
    assert.match((await t.app.inject({ url: '/progress?pillar=3&status=no_data' })).body, /3 action-matrix items/)
    // Rows 10, 20 and 21 were due by the end of 2025 and have no figure: overdue, not "no data".
    const overdue = (await t.app.inject({ url: '/progress?status=overdue' })).body
    assert.deepEqual(matrixRows(overdue), [10, 20, 21])
    const ur = await t.app.inject({ url: '/ur/progress' })
    assert.match(ur.body, /قومی اے آئی پالیسی پر پیش رفت/)
    assert.equal((await t.app.inject({ url: '/progress?pillar=9' })).statusCode, 400)
  })

  test('lead stakeholders read in the page’s language, and one body written two ways in the policy is one filter', async () => {
    const ur = (await t.app.inject({ url: '/ur/progress' })).body
    assert.match(ur, /ورچوئل یونیورسٹی/)
    for (const english of ['Virtual University', 'Bait-ul-Maal', 'Ehsaas Program', 'Establishment Division'])
      assert.doesNotMatch(ur, new RegExp(english), `${english} appears in English on the Urdu page`)
    const count = async (lead: string) =>
      /(\d+) action-matrix items/.exec((await t.app.inject({ url: `/progress?lead=${encodeURIComponent(lead)}` })).body)?.[1]
    // Row 4 names "Higher Education Commission (HEC)", row 7 "CoE-AI, HEC".
    assert.equal(await count('hec'), '2')
    assert.equal(await count('HEC'), '2')
    assert.equal(await count('Higher Education Commission (HEC)'), '2')
    const options = (await t.app.inject({ url: '/progress' })).body.match(/<option value="hec"/g)
    assert.equal(options?.length, 1)
  })

  test('a matrix row reads in Urdu on the Urdu page, said to be a translation; the English page keeps the policy’s words', async () => {
    const ur = (await t.app.inject({ url: '/ur/progress/items/action%3A2' })).body
    assert.match(ur, /<dd>آگاہی کا فروغ<\/dd>/)
    assert.match(ur, /<dd>استعداد کار اور تربیت<\/dd>/)
    assert.match(ur, /<dd>طویل مدتی<\/dd>/)
    assert.match(ur, /ان خانوں کا اردو ترجمہ میزان نے کیا ہے/)
    for (const english of ['Awareness Proliferation', 'Less than 10% of the workforce', 'Capacity Building', 'Long-Term'])
      assert.doesNotMatch(ur, new RegExp(english), `${english} appears in English on the Urdu page`)
    const en = (await t.app.inject({ url: '/progress/items/action%3A2' })).body
    assert.match(en, /<dd>Less than 10% of the workforce is skilled in AI\.<\/dd>/)
    assert.match(en, /<dd>By 2027<\/dd>/)
  })

  test('an item page quotes its clause; an analyst records a figure through the form, and someone else’s body cannot', async () => {
    clock.advance(1000)
    const page = await t.app.inject({ url: item })
    assert.match(page.body, /Ensure that at least 20 enterprises benefit from the regulatory sandbox by 2027/)
    assert.match(page.body, /National AI Policy 2025, 3\.8/)
    assert.doesNotMatch(page.body, /Record a figure/, 'the public sees no form')

    const analyst = await sessionCookie(t, (await testActor(t, ['pic_analyst'])).id, clock.now())
    const bad = await submitForm(t.app, {
      cookie: analyst,
      formPage: `/ur${item}`,
      url: `/ur${item}`,
      fields: { value: 'many', measuredOn: '2026-06-30', source: '' },
    })
    assert.equal(bad.statusCode, 400)
    assert.match(bad.body, /صفر یا اس سے زیادہ کا عدد لکھیں/)
    const ok = await submitForm(t.app, {
      cookie: analyst,
      formPage: item,
      url: item,
      fields: {
        value: '12',
        measuredOn: '2026-06-30',
        source: 'SECP sandbox cohort list',
        evidenceUrl: 'https://secp.gov.pk/sandbox',
      },
    })
    assert.equal(ok.statusCode, 303)
    const after = await t.app.inject({ url: item })
    assert.match(after.body, /SECP sandbox cohort list/)
    assert.match(after.body, /On track/)
    assert.match(after.body, /<svg/, 'the figures are drawn as a chart beside their table')
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n')
    const upload = await submitUpload(t.app, {
      cookie: analyst,
      formPage: item,
      action: item,
      fields: { value: '14', measuredOn: '2026-07-01', source: 'SECP cohort 2' },
      file: { field: 'evidenceFile', name: 'cohort.pdf', bytes: pdf },
    })
    assert.equal(upload.statusCode, 303)
    const evidence = /href="(\/files\/[0-9a-f-]+)">evidence/.exec((await t.app.inject({ url: item })).body)?.[1]
    assert.ok(evidence, 'the evidence is linked beside its figure')
    assert.equal((await t.app.inject({ url: evidence })).statusCode, 200, 'and anyone may read it')
    const refusedFile = await submitUpload(t.app, {
      cookie: analyst,
      formPage: item,
      action: item,
      fields: { value: '15', measuredOn: '2026-07-01', source: 'x' },
      file: { field: 'evidenceFile', name: 'x.html', bytes: '<html></html>' },
    })
    assert.equal(refusedFile.statusCode, 400)
    assert.match(refusedFile.body, /Attach a PDF, PNG, JPEG, CSV or XLSX file/)

    const [hec] = await t.database.engine.db.select().from(organisations).where(eq(organisations.slug, 'hec'))
    const other = await sessionCookie(t, (await testActor(t, ['org_member'], hec!.id)).id, clock.now())
    // Their page shows no form; a forged post, with a valid token from another form, is refused.
    const refused = await submitForm(t.app, {
      cookie: other,
      formPage: '/contact',
      url: item,
      fields: { value: '99', measuredOn: '2026-06-30', source: 'HEC' },
    })
    assert.equal(refused.statusCode, 403, 'the sandbox is SECP’s and CoE-AI’s to report, not HEC’s')
  })

  test('one figure counts for every target of its measure: trainers recorded for 2.1(c) move matrix row 2', async () => {
    const trainers = '/progress/items/target%3At-2.1c-trainers'
    const analyst = await sessionCookie(t, (await testActor(t, ['pic_analyst'])).id, clock.now())
    const saved = await submitForm(t.app, {
      cookie: analyst,
      formPage: trainers,
      url: trainers,
      fields: { value: '2500', measuredOn: '2026-06-30', source: 'CoE-AI trainer register' },
    })
    assert.equal(saved.statusCode, 303)
    const rowTarget = (await t.app.inject({ url: '/progress/items/target%3At-m2-trainers' })).body
    assert.match(rowTarget, /CoE-AI trainer register \(recorded for 2\.1 CoE-AI \(c\)\)/)
    assert.match(
      rowTarget,
      /Its figures come from the CoE-AI register of trainers certified to teach AI\./,
      'a measure names its source',
    )
    assert.doesNotMatch(rowTarget, /badge progress-no_data/)
    const row = (await t.app.inject({ url: '/progress/items/action%3A2' })).body
    assert.match(row, /New trainers<\/a>: 10,000 · by 2027 <span class="badge progress-(on_track|at_risk|off_track)"/)
    assert.match(row, /Pillar<\/dt><dd>Awareness and Readiness<\/dd>/, 'the page names its pillar')
  })

  test('a count may be broken down by province: the parts are shown with what they leave unplaced, and never exceed the figure', async () => {
    const trained = '/progress/items/target%3At-2.1a-trained'
    const analyst = await sessionCookie(t, (await testActor(t, ['pic_analyst'])).id, clock.now())
    const record = (fields: Record<string, string>, page = trained) =>
      submitForm(t.app, { cookie: analyst, formPage: page, url: page, fields })
    const figure = { value: '150000', measuredOn: '2026-06-30', source: 'CoE-AI training returns' }
    const over = await record({ ...figure, part_punjab: '90000', part_sindh: '70000' }, `/ur${trained}`)
    assert.equal(over.statusCode, 400)
    assert.match(over.body, /صوبوں کا مجموعہ کل عدد سے زیادہ ہے۔/)
    assert.match(over.body, /name="part_sindh"[^>]*value="70000"/, 'what was typed is kept')
    const bad = await record({ ...figure, part_balochistan: 'many' })
    assert.equal(bad.statusCode, 400)
    assert.match(bad.body, /Write a number, zero or more, or leave it blank\./)

    assert.equal((await record({ ...figure, part_punjab: '90000', part_sindh: '40000', part_balochistan: '' })).statusCode, 303)
    const page = (await t.app.inject({ url: trained })).body.replace(/[\u2068\u2069]/g, '')
    assert.match(page, /150,000<br\/><span class="caption">Punjab 90,000, Sindh 40,000, not placed 20,000<\/span>/)

    // A share is not broken down: its form asks for no parts, and parts sent anyway are refused.
    const awareness = '/progress/items/target%3At-m1-awareness'
    assert.doesNotMatch((await t.app.inject({ url: awareness, headers: { cookie: analyst } })).body, /name="part_punjab"/)
    const share = await record({ value: '40', measuredOn: '2026-06-30', source: 'PTA survey', part_punjab: '20' }, awareness)
    assert.equal(share.statusCode, 400)
    assert.match(share.body, /This figure is not broken down by province/)
    const csv = (await t.app.inject({ url: '/progress/export.csv?table=figures' })).body
    assert.match(
      csv,
      /,recordedAt,part_punjab,part_sindh,part_khyber_pakhtunkhwa,part_balochistan,/,
      'open data has a column a province',
    )
    assert.match(csv, /target:t-2\.1a-trained,150000,[^\n]*,90000,40000,,,,,/)
    await assert.rejects(t.database.owner.delete(measurementParts), appendOnlyRefusal)
  })

  test('the Cell sets a baseline and milestones, checked beside each field; status follows the path and three figures give a forecast', async () => {
    const maturity = '/progress/items/target%3At-4-maturity'
    const path = `${maturity}/path`
    const analyst = await sessionCookie(t, (await testActor(t, ['pic_analyst'])).id, clock.now())
    const send = (fields: Record<string, string>, prefix = '') =>
      submitForm(t.app, { cookie: analyst, formPage: `${prefix}${maturity}`, url: `${prefix}${path}`, fields })
    const badLines = await send(
      { baselineValue: '5', baselineOn: '2026-01-01', baselineSource: 'Cell survey', milestones: 'June: 20' },
      '/ur',
    )
    assert.equal(badLines.statusCode, 400)
    assert.match(badLines.body, /ہر سنگ میل الگ سطر میں تاریخ اور عدد کے طور پر لکھیں/)
    assert.match(badLines.body, />June: 20<\/textarea>/, 'what was typed is kept')
    const outside = await send({
      baselineValue: '5',
      baselineOn: '2026-08-01',
      baselineSource: 'Cell survey',
      milestones: '2026-06-30 20',
    })
    assert.equal(outside.statusCode, 400)
    assert.match(outside.body, /The baseline&#39;s date cannot be after today\.|The baseline's date cannot be after today\./)
    assert.match(outside.body, /Each milestone must fall after the baseline and before the target/)
    const saved = await send({
      baselineValue: '5',
      baselineOn: '2026-01-01',
      baselineSource: 'Cell survey of institutions',
      milestones: '2026-06-30 30\n2026-03-31 15',
    })
    assert.equal(saved.statusCode, 303)
    const page = (await t.app.inject({ url: maturity })).body
    assert.match(page, /Baseline: 5 on 1 January 2026/)
    assert.match(page, /Milestone: 15 by 31 March 2026<\/li><li>Milestone: 30 by 30 June 2026/, 'milestones in date order')
    assert.match(page, /A forecast needs at least 3 figures\./)

    // 28 by the end of June: the milestone expects 30, 25 above the baseline of 5; 23 of 25 is 92%, on track. From the
    // first figure instead (12 in March), 16 of the 18 expected would be 89%, at risk.
    for (const [value, measuredOn] of [
      ['12', '2026-03-01'],
      ['20', '2026-05-01'],
      ['28', '2026-06-30'],
    ] as const) {
      const recorded = await submitForm(t.app, {
        cookie: analyst,
        formPage: maturity,
        url: maturity,
        fields: { value, measuredOn, source: 'Cell returns' },
      })
      assert.equal(recorded.statusCode, 303)
    }
    const after = (await t.app.inject({ url: maturity })).body
    assert.match(after, /<dt>Status<\/dt><dd><span class="badge progress-on_track">/)
    assert.match(after, /At the trend of its figures, the target would be met around [^<]+2026/)

    const [hec] = await t.database.engine.db.select().from(organisations).where(eq(organisations.slug, 'hec'))
    const member = await sessionCookie(t, (await testActor(t, ['org_member'], hec!.id)).id, clock.now())
    const refused = await submitForm(t.app, {
      cookie: member,
      formPage: '/contact',
      url: path,
      fields: { baselineValue: '1', baselineOn: '2026-01-01', baselineSource: 'x' },
    })
    assert.equal(refused.statusCode, 403, 'a path is the Cell’s to set')
    await assert.rejects(t.database.owner.delete(progressPaths), appendOnlyRefusal, 'the database keeps every path set')
  })

  test('items and figures download as CSV (BOM, formulas escaped), JSON and a workbook', async () => {
    const csv = await t.app.inject({ url: '/progress/export.csv' })
    assert.ok(csv.body.startsWith('\uFEFFkey,kind,pillars,titleEn'))
    assert.match(csv.body, /action:23,action,5,Sandbox Participation/)
    const figures = await t.app.inject({ url: '/progress/export.csv?table=figures' })
    assert.match(figures.body, /target:t-3\.8-sandbox,12,2026-06-30,SECP sandbox cohort list/)
    const json = JSON.parse((await t.app.inject({ url: '/progress/export.json' })).body) as {
      items: { key: string; status: string }[]
    }
    assert.equal(json.items.find((i) => i.key === 'target:t-3.8-sandbox')!.status, 'on_track')
    const xlsx = await t.app.inject({ url: '/progress/export.xlsx' })
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer)
    assert.deepEqual(
      book.worksheets.map((w) => w.name),
      ['Items', 'Figures'],
    )
    assert.equal(book.getWorksheet('Items')!.rowCount, 1 + json.items.length)
  })
})
