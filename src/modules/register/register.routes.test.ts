import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { count, eq } from 'drizzle-orm'
import { parse } from 'csv-parse/sync'
import { stringify } from 'csv-stringify/sync'
import type { UserActor } from '../../platform/rbac.ts'
import { sessionCookie, testOrganisation, testUser } from '../../test-support/accounts.ts'
import { submitForm, submitUpload, testApp, testDeps, type TestApp } from '../../test-support/app.ts'
import { acceptedAssessment, completeRecord } from '../../test-support/register.ts'
import type { SystemRecord } from './register.record.ts'
import { approve, createDraft, saveSection, submitForReview } from './register.service.ts'
import { aiSystems } from './register.tables.ts'

let t: TestApp
let memberCookie: string
let outsiderCookie: string
let reviewerCookie: string
let adminCookie: string
let member: UserActor
let reviewer: UserActor

before(async () => {
  t = await testApp()
  const org = await testOrganisation(t, 'punjab-land')
  const other = await testOrganisation(t, 'other-body')
  const m = await testUser(t, { roles: ['org_member'], organisationId: org.id })
  member = { kind: 'user', id: m.id, organisationId: org.id, roles: ['org_member'] }
  const rv = await testUser(t, { roles: ['reviewer'] })
  reviewer = { kind: 'user', id: rv.id, organisationId: null, roles: ['reviewer'] }
  memberCookie = await sessionCookie(t, m.id)
  reviewerCookie = await sessionCookie(t, rv.id)
  outsiderCookie = await sessionCookie(t, (await testUser(t, { roles: ['org_member'], organisationId: other.id })).id)
  adminCookie = await sessionCookie(t, (await testUser(t, { roles: ['org_admin'], organisationId: org.id })).id)
})
after(() => t.close())

const formFields = (r: SystemRecord) =>
  Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Array.isArray(v) ? v : String(v)]))

async function published(overrides: SystemRecord = {}) {
  const deps = testDeps(t)
  const { id, number } = await createDraft(deps, member, completeRecord(overrides))
  await submitForReview(deps, member, id, undefined)
  await acceptedAssessment(deps, member, reviewer, id)
  await approve(deps, reviewer, id, undefined)
  return { id, number }
}

describe('registering a system through the pages', () => {
  test('a member drafts in parts and submits; the public never sees the draft; a reviewer publishes it', async () => {
    const record = completeRecord({
      nameEn: 'Fard verification OCR',
      nameUr: 'فرد کی تصدیق',
      summaryEn: 'Reads scanned land ownership records.',
    })
    const created = await submitForm(t.app, {
      cookie: memberCookie,
      formPage: '/register/manage/new',
      url: '/register/manage/new',
      fields: formFields(record),
    })
    assert.equal(created.statusCode, 303)
    const id = /\/register\/manage\/([0-9a-f-]{36})\/purpose/.exec(created.headers.location as string)?.[1]
    assert.ok(id)
    for (const section of ['purpose', 'decision', 'people', 'data', 'technology', 'lifecycle', 'risk']) {
      const saved = await submitForm(t.app, {
        cookie: memberCookie,
        formPage: `/register/manage/${id}/${section}`,
        url: `/register/manage/${id}/${section}`,
        fields: formFields(record),
      })
      assert.equal(saved.statusCode, 303, section)
    }
    const search = await t.app.inject({ url: '/register?q=fard' })
    assert.match(search.body, /0 systems found/)
    assert.equal((await t.app.inject({ url: `/register/manage/${id}`, headers: { cookie: outsiderCookie } })).statusCode, 404)
    assert.equal((await t.app.inject({ url: `/register/manage/${id}` })).statusCode, 303, 'the public is sent to sign in')
    const submitted = await submitForm(t.app, {
      cookie: memberCookie,
      formPage: `/register/manage/${id}`,
      url: `/register/manage/${id}/submit`,
      fields: {},
    })
    assert.equal(submitted.statusCode, 303)
    assert.match(
      (await t.app.inject({ url: '/register/review', headers: { cookie: reviewerCookie } })).body,
      /Fard verification OCR/,
    )
    assert.equal((await t.app.inject({ url: `/register/review/${id}`, headers: { cookie: memberCookie } })).statusCode, 403)
    await acceptedAssessment(testDeps(t), member, reviewer, id)
    const approved = await submitForm(t.app, {
      cookie: reviewerCookie,
      formPage: `/register/review/${id}`,
      url: `/register/review/${id}/approve`,
      fields: { note: 'Complete' },
    })
    assert.equal(approved.statusCode, 303)
    const page = await t.app.inject({ url: approved.headers.location as string })
    assert.equal(page.statusCode, 200)
    assert.match(page.body, /Reads scanned land ownership records/)
    assert.match((await t.app.inject({ url: '/ur/register?q=فرد' })).body, /فرد کی تصدیق/)
  })

  test('a form with a bad value keeps what was typed and says what to fix, in Urdu on the Urdu page', async () => {
    const { id } = await createDraft(testDeps(t), member, { nameEn: 'Half-finished' })
    const res = await submitForm(t.app, {
      cookie: memberCookie,
      formPage: `/ur/register/manage/${id}/identity`,
      url: `/ur/register/manage/${id}/identity`,
      fields: { nameEn: 'Half-finished', contactEmail: 'not an address', website: 'javascript:alert(1)' },
    })
    assert.equal(res.statusCode, 400)
    assert.match(res.body, /ای میل پتہ اس طرح درج کریں/)
    assert.match(res.body, /ویب پتہ درج کریں/)
    assert.match(res.body, /value="not an address"/)
  })

  test('submitting an incomplete record lists each missing field with a link to its part', async () => {
    const { id } = await createDraft(testDeps(t), member, { nameEn: 'Only a name' })
    const res = await submitForm(t.app, {
      cookie: memberCookie,
      formPage: `/register/manage/${id}`,
      url: `/register/manage/${id}/submit`,
      fields: {},
    })
    assert.equal(res.statusCode, 400)
    assert.match(res.body, /Fill in “One-sentence summary”/)
    assert.match(res.body, new RegExp(`href="/register/manage/${id}/people#f-provinces"`))
  })

  test('a record whose description holds a citizen’s phone number is sent back naming the field, in both languages; so is a change note that holds one', async () => {
    const { id } = await createDraft(
      testDeps(t),
      member,
      completeRecord({ descriptionEn: 'Complaints from Mr Ali, 0301-7654321, started it.' }),
    )
    for (const [prefix, text] of [
      ['', /Remove the CNIC, phone number, e-mail address or other identifier from “Detailed description” \(English\)/],
      ['/ur', /“تفصیلی وضاحت” \(انگریزی\) سے شناختی کارڈ/],
    ] as const) {
      const res = await submitForm(t.app, {
        cookie: memberCookie,
        formPage: `${prefix}/register/manage/${id}`,
        url: `${prefix}/register/manage/${id}/submit`,
        fields: {},
      })
      assert.equal(res.statusCode, 400)
      assert.match(res.body, text)
      assert.match(res.body, new RegExp(`href="${prefix}/register/manage/${id}/identity#f-descriptionEn"`))
    }
    const { id: live } = await published()
    await saveSection(
      testDeps(t),
      member,
      live,
      'identity',
      completeRecord({ summaryEn: 'Ranks applications for family support payments for home visits.' }),
    )
    const note = await submitForm(t.app, {
      cookie: memberCookie,
      formPage: `/register/manage/${live}`,
      url: `/register/manage/${live}/submit`,
      fields: { changeNote: 'As asked by ali.raza@example.pk' },
    })
    assert.equal(note.statusCode, 400)
    assert.match(note.body, /This is published, and it looks as if it holds someone’s CNIC/)
    assert.match(note.body, /As asked by ali\.raza@example\.pk/, 'what was typed is kept')
  })

  test('a returned record shows the reviewer comments beside the fields to fix', async () => {
    const { id } = await createDraft(testDeps(t), member, completeRecord({ nameEn: 'Crime hot-spot prediction' }))
    await submitForReview(testDeps(t), member, id, undefined)
    const empty = await submitForm(t.app, {
      cookie: reviewerCookie,
      formPage: `/register/review/${id}`,
      url: `/register/review/${id}/return`,
      fields: {},
    })
    assert.equal(empty.statusCode, 400)
    assert.match(empty.body, /Write a comment for the organisation/)
    const returned = await submitForm(t.app, {
      cookie: reviewerCookie,
      formPage: `/register/review/${id}`,
      url: `/register/review/${id}/return`,
      fields: {
        general: 'Explain the oversight better',
        field1: 'oversightEn',
        comment1: 'Who reviews a flagged area before patrols are sent?',
      },
    })
    assert.equal(returned.statusCode, 303)
    const overview = await t.app.inject({ url: `/register/manage/${id}`, headers: { cookie: memberCookie } })
    assert.match(overview.body, /Explain the oversight better/)
    const section = await t.app.inject({ url: `/register/manage/${id}/decision`, headers: { cookie: memberCookie } })
    assert.match(section.body, /Who reviews a flagged area before patrols are sent\?/)
  })
})

describe('the public register', () => {
  test('the record page shows English text marked as English where Urdu is missing, and the history with a readable diff', async () => {
    const { id, number } = await published({
      nameEn: 'Telemedicine triage',
      nameUr: 'ٹیلی میڈیسن ترجیح',
      descriptionEn: 'Suggests how urgently a caller needs a doctor.',
    })
    const ur = await t.app.inject({ url: `/ur/register/${number}` })
    assert.match(ur.body, /<div class="markdown" lang="en" dir="ltr"><p>Suggests how urgently a caller needs a doctor.<\/p>/)
    assert.match(ur.body, /ابھی اردو میں ترجمہ نہیں ہوا/)
    const deps = testDeps(t)
    const { saveSection } = await import('./register.service.ts')
    await saveSection(
      deps,
      member,
      id,
      'identity',
      completeRecord({
        nameEn: 'Telemedicine triage',
        nameUr: 'ٹیلی میڈیسن ترجیح',
        descriptionEn: 'Suggests how urgently a caller needs a nurse or a doctor.',
      }),
    )
    await submitForReview(deps, member, id, 'Nurses now answer first')
    await approve(deps, reviewer, id, undefined)
    const page = await t.app.inject({ url: `/register/${number}` })
    assert.match(page.body, /Version 2, .*Nurses now answer first/)
    const diff = await t.app.inject({ url: `/register/${number}/versions/2` })
    assert.match(diff.body, /<ins><span class="visually-hidden">\[added\] <\/span>nurse or a <\/ins>/)
    assert.equal((await t.app.inject({ url: `/register/${number}/versions/3` })).statusCode, 404)
  })

  test('long texts read as Markdown on the page, never as HTML or script, and stay as written in the open data', async () => {
    const risksEn = 'Two risks:\n\n- **stale** records\n- [missed](javascript:alert(1)) appeals <script>alert(1)</script>'
    const { number } = await published({ nameEn: 'Markdown check', risksEn, risksUr: 'دو خطرات: *پرانے* ریکارڈ' })
    const en = (await t.app.inject({ url: `/register/${number}` })).body
    assert.match(en, /<li><strong>stale<\/strong> records<\/li>/)
    assert.doesNotMatch(en, /href="javascript:|<script>alert/)
    assert.match(en, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/)
    assert.match((await t.app.inject({ url: `/ur/register/${number}` })).body, /دو خطرات: <em>پرانے<\/em> ریکارڈ/)
    const api = (await t.app.inject({ url: `/api/v1/systems/${number}` })).json()
    assert.equal(api.record.risksEn, risksEn)
  })

  test('a record written in Sindhi is marked lang="sd" dir="rtl" wherever its text shows, never as English', async () => {
    const nameEn = 'زمين جي رڪارڊ جي تصديق'
    const descriptionEn = 'اسڪين ٿيل رڪارڊ پڙهي ٿو.'
    const record = {
      textLanguage: 'sd',
      nameEn,
      nameUr: undefined,
      descriptionEn,
      summaryEn: 'رڪارڊ جي جانچ',
      summaryUr: undefined,
    }
    const { id, number } = await published(record)
    const sindhi = (text: string) => new RegExp(`<span lang="sd" dir="rtl">${text}</span>`)
    const en = (await t.app.inject({ url: `/register/${number}` })).body
    assert.match(en, sindhi(nameEn))
    assert.match(en, new RegExp(`<div class="markdown" lang="sd" dir="rtl"><p>${descriptionEn}</p>`))
    assert.match(en, /not available in English/)
    assert.match(en, /<dt>Language of the record’s text<\/dt><dd>Sindhi<\/dd>/)
    const ur = (await t.app.inject({ url: `/ur/register/${number}` })).body
    assert.match(ur, sindhi(nameEn))
    assert.match(ur, /<dd>سندھی<\/dd>/)
    assert.doesNotMatch(ur + en, new RegExp(`lang="en"[^>]*>(<p>)?(${nameEn}|${descriptionEn})`))
    assert.match((await t.app.inject({ url: '/register?q=%D8%B1%DA%AA%D8%A7%D8%B1%DA%8A' })).body, sindhi(nameEn))
    const api = (await t.app.inject({ url: `/api/v1/systems/${number}` })).json()
    assert.equal(api.record.textLanguage, 'sd')
    // Its body edits it in boxes marked as Sindhi, and keeps the language it chose.
    const form = (await t.app.inject({ url: `/register/manage/${id}/identity`, headers: { cookie: memberCookie } })).body
    assert.match(form, /<label for="f-nameEn">In Sindhi<\/label>/)
    assert.match(form, /name="nameEn"[^>]* lang="sd" dir="rtl"/)
    assert.match(form, /<option value="sd" selected>Sindhi<\/option>/)
  })

  test('a long text in a language other than the record’s is marked with its own, in the form, the page, the changes and the open data', async () => {
    const appealEn = 'درخواست ڏيندڙ ٽيهن ڏينهن اندر نظرثاني لاءِ چئي سگهن ٿا.'
    const { id, number } = await published({ nameEn: 'Land record check', appealEn, appealLanguage: 'sd' })
    const sindhi = new RegExp(`<div class="markdown" lang="sd" dir="rtl"><p>${appealEn}</p>`)
    const page = (await t.app.inject({ url: `/register/${number}` })).body
    assert.match(page, sindhi)
    assert.match(page, /<h1>Land record check<\/h1>/)
    assert.match((await t.app.inject({ url: `/ur/register/${number}` })).body, sindhi)
    const api = (await t.app.inject({ url: `/api/v1/systems/${number}` })).json()
    assert.equal(api.record.appealLanguage, 'sd')
    assert.equal(api.record.textLanguage, undefined)
    const csv = parse((await t.app.inject({ url: '/register/export.csv' })).body, { bom: true, columns: true }) as Record<
      string,
      string
    >[]
    const row = csv.find((r) => r.number === String(number))!
    assert.deepEqual([row.appealLanguage, row.oversightLanguage], ['sd', ''])
    // Its body edits it in a box marked as Sindhi, with the language chosen and shown, and may set it back.
    const form = (await t.app.inject({ url: `/register/manage/${id}/decision`, headers: { cookie: memberCookie } })).body
    assert.match(form, /<label for="f-appealEn">In Sindhi<\/label>/)
    assert.match(form, /name="appealEn"[^>]* lang="sd" dir="rtl"/)
    assert.match(form, /<details class="own-language" open><summary>This text is in a language other than the record’s/)
    assert.match(form, /<option value="sd" selected>Sindhi<\/option>/)
    assert.match(form, /name="oversightEn"[^>]* lang="en" dir="ltr"/)
    const saveLanguages = (languages: Record<string, string>) =>
      submitForm(t.app, {
        cookie: memberCookie,
        formPage: `/register/manage/${id}/decision`,
        url: `/register/manage/${id}/decision`,
        fields: { ...formFields(completeRecord({ nameEn: 'Land record check', appealEn })), ...languages },
      })
    const saved = await saveLanguages({ appealLanguage: 'en', oversightLanguage: 'xx' })
    assert.equal(saved.statusCode, 400)
    assert.match(saved.body, /Give the language of this text as an ISO 639 code/)
    assert.equal((await saveLanguages({ appealLanguage: 'PNB', oversightLanguage: 'en' })).statusCode, 303)
    const [draft] = await testDeps(t).db.select({ draft: aiSystems.draft }).from(aiSystems).where(eq(aiSystems.id, id))
    // English is the record's language, so the oversight text names none.
    assert.equal((draft!.draft as SystemRecord).appealLanguage, 'pnb')
    assert.equal('oversightLanguage' in (draft!.draft as object), false)
    await submitForReview(testDeps(t), member, id, 'The appeal text is in Punjabi now')
    await approve(testDeps(t), reviewer, id, undefined)
    const changes = (await t.app.inject({ url: `/register/${number}/versions/2` })).body
    assert.match(
      changes,
      /<dt>How to appeal \(language\)<\/dt><dd><p><span class="visually-hidden">was: <\/span><del>Sindhi<\/del>/,
    )
  })

  test("a draft that removes the Urdu name is listed by the draft's names, not the published ones", async () => {
    const { id } = await published({ nameEn: 'Water meter reading', nameUr: 'پانی کے میٹر کی ریڈنگ' })
    await saveSection(testDeps(t), member, id, 'identity', completeRecord({ nameEn: 'Water meter reading', nameUr: undefined }))
    const list = (await t.app.inject({ url: '/ur/register/manage', headers: { cookie: memberCookie } })).body
    assert.match(list, /<span lang="en" dir="ltr">Water meter reading<\/span>/)
    assert.doesNotMatch(list, /پانی کے میٹر کی ریڈنگ/)
  })

  test('an unpublished number and a malformed number are not found, never an error', async () => {
    const { number } = await createDraft(testDeps(t), member, { nameEn: 'Secret draft' })
    assert.equal((await t.app.inject({ url: `/register/${number}` })).statusCode, 404)
    assert.equal((await t.app.inject({ url: `/api/v1/systems/${number}` })).statusCode, 404)
    assert.equal((await t.app.inject({ url: '/register/abc' })).statusCode, 400)
    assert.equal((await t.app.inject({ url: '/register?sector=nonsense' })).statusCode, 400)
  })

  test('the directory of bodies lists each with its short name, kind and systems, in both languages', async () => {
    const en = await t.app.inject({ url: '/register/bodies' })
    assert.equal(en.statusCode, 200)
    assert.match(en.body, /<code dir="ltr">punjab-land<\/code>/)
    assert.match(en.body, /Federal ministry or division/)
    assert.match((await t.app.inject({ url: '/register' })).body, /href="\/register\/bodies"/)
    assert.match((await t.app.inject({ url: '/ur/register/bodies' })).body, /میزان پر سرکاری ادارے/)
  })

  test("an organisation's page lists its published systems", async () => {
    await published({ nameEn: 'Mutation tracking' })
    const res = await t.app.inject({ url: '/register/bodies/punjab-land' })
    assert.match(res.body, /Mutation tracking/)
    assert.equal((await t.app.inject({ url: '/register/bodies/no-such-body' })).statusCode, 404)
  })
})

describe('open data', () => {
  test('the API filters, pages with a cursor until the end, and answers 304 to a client that has the page', async () => {
    for (let i = 0; i < 5; i++) await published({ nameEn: `Paged system ${i}`, sector: 'energy', provinces: ['balochistan'] })
    const seen: string[] = []
    let url: string | null = '/api/v1/systems?sector=energy&province=balochistan&limit=2'
    let pages = 0
    while (url) {
      const res: Awaited<ReturnType<typeof t.app.inject>> = await t.app.inject({ url: url.replace(/^https?:\/\/[^/]+/, '') })
      assert.equal(res.statusCode, 200)
      const body = res.json() as { data: { record: SystemRecord; number: number }[]; next: string | null }
      seen.push(...body.data.map((s) => s.record.nameEn!))
      url = body.next
      pages++
    }
    assert.deepEqual(
      seen,
      [0, 1, 2, 3, 4].map((i) => `Paged system ${i}`),
    )
    assert.equal(pages, 3)
    const first = await t.app.inject({ url: '/api/v1/systems?sector=energy' })
    assert.ok(first.headers.etag && first.headers['last-modified'])
    const again = await t.app.inject({
      url: '/api/v1/systems?sector=energy',
      headers: { 'if-none-match': first.headers.etag as string },
    })
    assert.equal(again.statusCode, 304)
    await published({ nameEn: 'Published after the page was read', sector: 'energy' })
    const fresh = await t.app.inject({ url: '/api/v1/systems?sector=energy' })
    assert.notEqual(fresh.headers.etag, first.headers.etag, 'a publication is seen at once, never a remembered page')
    assert.match(fresh.body, /Published after the page was read/)
    const bad = await t.app.inject({ url: '/api/v1/systems?status=gone' })
    assert.equal(bad.statusCode, 400)
    assert.equal(typeof bad.json().message, 'string')
  })

  test('an API search that matches nothing suggests the names that look like it, as the search page does', async () => {
    const { number } = await published({ nameEn: 'Stamp vendor licensing' })
    const res = (await t.app.inject({ url: '/api/v1/systems?q=stamp+vendr+licensin' })).json()
    assert.deepEqual(res.data, [])
    assert.ok(res.suggestions.some((s: { number: number }) => s.number === number))
    const found = (await t.app.inject({ url: '/api/v1/systems?q=stamp+vendor' })).json()
    assert.equal(found.suggestions, undefined)
  })

  test('the CSV has a byte-order mark, keeps Urdu, and neutralises cells that would run as formulas', async () => {
    await published({ nameEn: '=HYPERLINK("http://evil.example")', nameUr: 'زرعی پیداوار کا تخمینہ' })
    const res = await t.app.inject({ url: '/register/export.csv' })
    assert.equal(res.statusCode, 200)
    assert.match(res.headers['content-type'] as string, /text\/csv/)
    assert.equal(res.rawPayload.subarray(0, 3).toString('hex'), 'efbbbf')
    assert.match(res.body, /زرعی پیداوار کا تخمینہ/)
    assert.doesNotMatch(res.body, /,"?=HYPERLINK/)
    assert.match(res.body, /'=HYPERLINK/)
  })

  test('the OpenAPI document describes the register API, and the documentation page reads it', async () => {
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json() as { paths: Record<string, unknown> }
    assert.ok(doc.paths['/api/v1/systems'])
    assert.equal(
      Object.keys(doc.paths).some((p) => !p.startsWith('/api/v1/')),
      false,
    )
    const page = await t.app.inject({ url: '/ur/api/docs' })
    assert.equal(page.statusCode, 200)
    assert.match(page.body, /GET \/api\/v1\/systems/)
    assert.match(page.body, /record\.nameUr/)
  })
})

describe('import from a file', () => {
  const upload = (filename: string, content: string) =>
    submitUpload(t.app, {
      cookie: adminCookie,
      formPage: '/register/import',
      action: '/register/import',
      file: { field: 'file', name: filename, bytes: content },
    })
  const systemsCount = async () => Number((await t.database.engine.db.select({ n: count() }).from(aiSystems))[0]!.n)

  test('a file with one bad row is refused whole, naming each line and column', async () => {
    const before = await systemsCount()
    const csv = (await t.app.inject({ url: '/register/export.csv' })).body
    const records: Record<string, string>[] = parse(csv, { columns: true, bom: true })
    const bad = stringify([{ ...records[0]!, organisation: 'no-such-body', url: '' }, records[1]!], { header: true })
    const refused = await upload('register.csv', bad)
    assert.equal(refused.statusCode, 400)
    assert.match(refused.body, /No organisation on Mizan has this short name/)
    assert.match(refused.body, /<bdi>2(–\d+)?<\/bdi>/)
    assert.equal(await systemsCount(), before)
  })

  test('the export imported back copies nothing; a record changed in it becomes the next version of its system, once published', async () => {
    const before = await systemsCount()
    const csv = (await t.app.inject({ url: '/register/export.csv' })).body
    const records: Record<string, string>[] = parse(csv, { columns: true, bom: true })
    const same = await upload('register.csv', csv)
    assert.equal(same.statusCode, 400)
    assert.match(same.body, new RegExp(`All ${records.length} records in this file are already in the register as they stand`))
    const edited = records.map((r, i) => (i === 0 ? { ...r, summaryEn: `${r.summaryEn} Now reviewed monthly.` } : r))
    const accepted = await upload('register.csv', stringify(edited, { header: true }))
    assert.equal(accepted.statusCode, 303)
    const landing = (await t.app.inject({ url: accepted.headers.location!, headers: { cookie: adminCookie } })).body
    assert.match(landing, /1 system already registered, with changes proposed as its next version/)
    assert.match(landing, new RegExp(`${records.length - 1} records already in the register as they stand`))
    assert.equal(await systemsCount(), before, 'no system is copied')
    const queue = await t.app.inject({ url: '/register/review', headers: { cookie: reviewerCookie } })
    const batch = /href="(\/register\/review\/imports\/[0-9a-f-]{36})"/.exec(queue.body)?.[1]
    assert.ok(batch, 'the file waits for review')
    const review = await t.app.inject({ url: batch, headers: { cookie: reviewerCookie } })
    const version = Number(records[0]!.version) + 1
    assert.match(review.body, new RegExp(`Proposed version ${version}`))
    const published = await submitForm(t.app, {
      cookie: reviewerCookie,
      formPage: batch,
      url: `${batch}/publish`,
      fields: { note: 'Matches the ministry list' },
    })
    assert.equal(published.statusCode, 303)
    const system = (await t.app.inject({ url: `/api/v1/systems/${records[0]!.number}` })).json()
    assert.equal(system.version, version)
    assert.match(system.record.summaryEn, /Now reviewed monthly\.$/)
    assert.match((await t.app.inject({ url: batch, headers: { cookie: reviewerCookie } })).body, /have been published/)
  })
})
