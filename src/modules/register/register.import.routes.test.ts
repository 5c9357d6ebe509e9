import assert from 'node:assert/strict'
import { mkdtempSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { count } from 'drizzle-orm'
import { parse } from 'csv-parse/sync'
import { stringify } from 'csv-stringify/sync'
import iconv from 'iconv-lite'
import { sessionCookie, testOrganisation, testUser } from '../../test-support/accounts.ts'
import { submitForm, submitUpload, testApp, testDeps, type TestApp } from '../../test-support/app.ts'
import { completeRecord } from '../../test-support/register.ts'
import { MAX_IMPORT_BYTES, ROWS_PER_PAGE, WORKER_FROM_BYTES } from './register.import-file.ts'
import type { UserActor } from '../../platform/rbac.ts'
import { forgetImportChecks } from './register-import.service.ts'
import { missingFields, sections, type SystemRecord } from './register.record.ts'
import { workingCopies } from './register.repository.ts'
import { saveSection, submitForReview } from './register.service.ts'
import { aiSystems } from './register.tables.ts'

let t: TestApp
let adminCookie: string
let reviewerCookie: string
let member: UserActor

before(async () => {
  t = await testApp()
  const org = await testOrganisation(t, 'sindh-revenue')
  adminCookie = await sessionCookie(t, (await testUser(t, { roles: ['org_admin'], organisationId: org.id })).id)
  const m = await testUser(t, { roles: ['org_member'], organisationId: org.id })
  member = { kind: 'user', id: m.id, organisationId: org.id, roles: ['org_member'] }
  reviewerCookie = await sessionCookie(t, (await testUser(t, { roles: ['reviewer'] })).id)
})
after(() => t.close())

const upload = (filename: string, bytes: Buffer | string, cookie = adminCookie) =>
  submitUpload(t.app, {
    cookie,
    formPage: '/register/import',
    action: '/register/import',
    file: { field: 'file', name: filename, bytes },
  })
const systemsCount = async () => Number((await t.database.engine.db.select({ n: count() }).from(aiSystems))[0]!.n)

/** Rows as a spreadsheet saves them: one column per field, lists joined with "; ". */
const row = (record: SystemRecord, organisation = 'sindh-revenue') =>
  Object.fromEntries([
    ['organisation', organisation],
    ...Object.entries(record).map(([k, v]) => [k, Array.isArray(v) ? v.join('; ') : String(v)]),
  ])
const csvOf = (rows: Record<string, string>[], delimiter = ',') => stringify(rows, { header: true, delimiter })
/** The text of the page without markup, so that a message reads as a person reads it. */
const textOf = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/[\u2066-\u2069]/g, '')
    .replace(/\s+/g, ' ')

describe('importing a large file, a page at a time', () => {
  /** Uploads with the server's temporary files in a folder of their own, and what that folder holds afterwards. */
  async function uploadWatchingSpool(filename: string, bytes: string) {
    const spool = mkdtempSync(join(tmpdir(), 'mizan-test-spool-'))
    const previous = process.env.TMPDIR
    process.env.TMPDIR = spool
    try {
      return { res: await upload(filename, bytes), left: readdirSync(spool).filter((f) => f.startsWith('mizan-')) }
    } finally {
      if (previous === undefined) delete process.env.TMPDIR
      else process.env.TMPDIR = previous
    }
  }
  const pagedRows = () =>
    Array.from({ length: 3 * ROWS_PER_PAGE }, (_, i) => ({
      ...row(completeRecord({ nameEn: `Paged system ${i}` })),
      descriptionEn: `Paged system ${i} reads applications and ranks them for an officer to decide. `.repeat(16),
      reference: `PAGED-${i}`,
    }))

  test('a problem on the last page of a file read in a worker stores nothing of its first pages, and the upload leaves no file behind', async () => {
    const before = await systemsCount()
    const rows = pagedRows()
    // Line 2,502 names again the record of line 9, two pages earlier; line 3,001 has a summary too long.
    rows[2500]!.reference = 'PAGED-7'
    rows[2999]!.summaryEn = 'x'.repeat(301)
    const file = csvOf(rows)
    assert.ok(Buffer.byteLength(file) >= WORKER_FROM_BYTES, 'large enough to be read in a worker thread')
    const refused = await uploadWatchingSpool('paged.csv', file)
    assert.equal(refused.res.statusCode, 400)
    const text = textOf(refused.res.body)
    assert.match(text, /2502 reference PAGED-7 The file holds this record twice: it first appears on line 9/)
    assert.match(text, /3001 summaryEn x+… This is 301 characters long/)
    assert.match(text, /Read as comma-separated CSV: 3,000 records/)
    assert.equal(await systemsCount(), before)
    assert.deepEqual(refused.left, [])

    const taken = await uploadWatchingSpool('paged.csv', csvOf(pagedRows()))
    assert.equal(taken.res.statusCode, 303)
    assert.equal(await systemsCount(), before + 3 * ROWS_PER_PAGE)
    assert.deepEqual(taken.left, [])
  })
})

describe('importing a file: nothing half-imported', () => {
  test('a file one byte over the limit is refused whole with a page naming the limit, whether its last cell is quoted or not', async () => {
    const before = await systemsCount()
    for (const quoted of [false, true]) {
      const header = 'organisation,nameEn,descriptionEn\n'
      const line = (i: number) => `sindh-revenue,System ${i},${quoted ? '"' : ''}${'x'.repeat(4000)}${quoted ? '"' : ''}\n`
      let body = header
      for (let i = 0; body.length <= MAX_IMPORT_BYTES; i++) body += line(i)
      const file = body.slice(0, MAX_IMPORT_BYTES + 1)
      assert.equal(Buffer.byteLength(file), MAX_IMPORT_BYTES + 1)
      const res = await upload('big.csv', file)
      assert.equal(res.statusCode, 413)
      assert.match(textOf(res.body), /The file is larger than 50 MB/)
      assert.match(res.body, /<form[^>]+enctype="multipart\/form-data"/, 'the form comes back to try again')
    }
    assert.equal(await systemsCount(), before)
  })
})

describe('importing a file: every problem at once', () => {
  test('format, required fields, organisation and limits are reported together, each with its lines and the value refused', async () => {
    const before = await systemsCount()
    const long = 'A summary that goes on. '.repeat(20) // 479 characters once the cell is trimmed
    const rows = [
      row({ ...completeRecord({ nameEn: 'Land record OCR' }), summaryEn: long, contactPhone: 'call the office' }),
      row({ nameEn: 'Flood early warning', descriptionEn: 'Line one\nline two\nline three' }, 'no-such-body'),
    ]
    const res = await upload('systems.csv', csvOf(rows))
    assert.equal(res.statusCode, 400)
    assert.match(res.body, /<title>Error: Import systems from a file/, 'the page says in its title that something is wrong')
    const text = textOf(res.body)
    assert.match(text, /summaryEn .{0,120}This is 479 characters long; at most 300 are accepted/)
    assert.match(text, /contactPhone call the office Enter a telephone number/)
    // The second record spans lines 3 to 5: its unknown body and its missing fields are listed beside the first's.
    assert.match(text, /3–5 organisation no-such-body No organisation on Mizan has this short name/)
    assert.match(text, /3–5 sector This must be filled in/)
    assert.doesNotMatch(text, /2 summaryEn This must be filled in/, 'a refused value is not also reported as missing')
    assert.equal(await systemsCount(), before)
  })

  test('more problems than a page holds are paged and downloadable, for their sender only, and forgotten after a week', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => row({ nameEn: `Unfinished record ${i + 1}` }))
    const res = await upload('unfinished.csv', csvOf(rows))
    assert.equal(res.statusCode, 400)
    const total = 40 * missingFields({ nameEn: 'x' }).length
    assert.match(textOf(res.body), new RegExp(`Problems in unfinished\\.csv \\(${total.toLocaleString('en')}\\)`))
    assert.match(textOf(res.body), new RegExp(`Problems 1 to 100 of ${total.toLocaleString('en')}\\.`))
    const checkPath = /href="(\/register\/import\/checks\/[0-9a-f-]{36})\?page=2"/.exec(res.body)?.[1]
    assert.ok(checkPath, 'a link to the next page of problems')
    const second = await t.app.inject({ url: `${checkPath}?page=2`, headers: { cookie: adminCookie } })
    assert.equal(second.statusCode, 200)
    assert.match(textOf(second.body), new RegExp(`Problems 101 to 200 of ${total.toLocaleString('en')}\\.`))
    assert.equal((await t.app.inject({ url: `${checkPath}?page=99`, headers: { cookie: adminCookie } })).statusCode, 404)
    const csv = await t.app.inject({ url: `${checkPath}/problems.csv`, headers: { cookie: adminCookie } })
    assert.equal(csv.statusCode, 200)
    const listed = parse(csv.body, { bom: true, columns: true }) as Record<string, string>[]
    assert.equal(listed.length, total)
    assert.deepEqual(listed[0], {
      Line: '2',
      'Last line': '',
      Column: 'summaryEn',
      'Value refused': '',
      Problem: 'This must be filled in before the record can be submitted',
    })
    const urdu = await t.app.inject({ url: `/ur${checkPath}/problems.csv`, headers: { cookie: adminCookie } })
    assert.match(urdu.body, /^\uFEFFسطر,آخری سطر/)
    // Nobody else sees another's file, and a week later nobody does.
    assert.equal((await t.app.inject({ url: checkPath, headers: { cookie: reviewerCookie } })).statusCode, 404)
    await forgetImportChecks(t.database.engine.db, new Date(testDeps(t).clock.now().getTime() + 8 * 86_400_000))
    assert.equal((await t.app.inject({ url: checkPath, headers: { cookie: adminCookie } })).statusCode, 404)
  })

  test('the limits of the fields are stated before anyone uploads', async () => {
    const page = await t.app.inject({ url: '/register/import', headers: { cookie: adminCookie } })
    assert.match(textOf(page.body), /up to 50 MB, saved in UTF-8\. Cells may be separated by commas, semicolons or tabs/)
  })
})

describe('importing a file: encodings and separators', () => {
  const record = completeRecord({ nameEn: 'Property tax valuation', summaryEn: 'Estimates rental values for tax – naïve model' })

  test('a Windows-1252 file is refused naming the line and byte, and how to save it as UTF-8', async () => {
    const before = await systemsCount()
    const bytes = iconv.encode(csvOf([row(record)]), 'win1252')
    const res = await upload('systems.csv', bytes)
    assert.equal(res.statusCode, 400)
    const text = textOf(res.body)
    assert.match(text, /byte \d+ , on line 2 , is not a UTF-8 character|byte \d+, on line 2, is not a UTF-8 character/)
    assert.match(text, /saved as Windows-1252/)
    assert.match(text, /CSV UTF-8/)
    assert.equal(await systemsCount(), before)
  })

  test('a UTF-16 file, as a spreadsheet saves "Unicode text", is refused as UTF-16', async () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(csvOf([row(record)], '\t'), 'utf16le')])
    assert.match(textOf((await upload('systems.csv', bytes)).body), /saved in UTF-16/)
  })

  test('cells the download escaped as formulas read back as they were written', async () => {
    const escaped = stringify([row({ ...record, nameEn: 'Tax helpline triage', contactPhone: '+92 21 99206666' })], {
      header: true,
      escape_formulas: true,
    })
    assert.match(escaped, /'\+92 21 99206666/)
    const res = await upload('systems.csv', escaped)
    assert.equal(res.statusCode, 303, textOf(res.body).slice(0, 600))
  })

  test("a record's text language is any ISO 639 language, by any of its codes; a code that names none is refused", async () => {
    const refused = await upload(
      'systems.csv',
      csvOf([
        row({ ...record, nameEn: 'Jamabandi reader', textLanguage: 'xx', appealLanguage: '' }),
        row({ ...record, nameEn: 'Urdu only', textLanguage: 'ur', appealLanguage: '' }),
        row({ ...record, nameEn: 'Urdu appeal', textLanguage: '', appealLanguage: 'urd' }),
      ]),
    )
    assert.equal(refused.statusCode, 400)
    const problems = textOf(refused.body)
    assert.match(problems, /2 textLanguage xx Give the language of the record’s text as an ISO 639 code/)
    assert.match(problems, /3 textLanguage ur Give the language/)
    assert.match(problems, /4 appealLanguage urd Give the language of this text as an ISO 639 code/)
    // A long text may be in a language of its own; one that is the record's is not stored twice.
    const res = await upload(
      'systems.csv',
      csvOf([row({ ...record, nameEn: 'ڄامابندي پڙهندڙ', textLanguage: 'SND', appealLanguage: 'eng', risksLanguage: 'sd' })]),
    )
    assert.equal(res.statusCode, 303, textOf(res.body).slice(0, 600))
    const imported = (await t.database.engine.db.select({ draft: aiSystems.draft }).from(aiSystems)).find(
      (s) => s.draft?.nameEn === 'ڄامابندي پڙهندڙ',
    )
    assert.equal(imported?.draft?.textLanguage, 'sd')
    assert.equal(imported?.draft?.appealLanguage, 'en')
    assert.equal('risksLanguage' in imported!.draft!, false)
  })

  test('a semicolon-separated file is read as one, says so, and lands on a page its importer may open', async () => {
    for (const [cookie, name] of [
      [adminCookie, 'Property tax valuation'],
      [reviewerCookie, 'Stamp duty checks'],
    ] as const) {
      const res = await upload('systems.csv', csvOf([row({ ...record, nameEn: name })], ';'), cookie)
      assert.equal(res.statusCode, 303, textOf(res.body).slice(0, 400))
      const landing = await t.app.inject({ url: res.headers.location!, headers: { cookie } })
      assert.equal(landing.statusCode, 200)
      assert.match(textOf(landing.body), /Read as semicolon-separated CSV: 1 record\./)
      assert.match(textOf(landing.body), /1 record was imported and is waiting for review/)
      assert.match(landing.body, new RegExp(name))
    }
  })
})

describe('importing a file: each record once', () => {
  const reviewPublish = async (location: string) => {
    const id = /\/register\/import\/([0-9a-f-]{36})$/.exec(location)![1]!
    const batch = `/register/review/imports/${id}`
    const res = await submitForm(t.app, { cookie: reviewerCookie, formPage: batch, url: `${batch}/publish`, fields: {} })
    assert.equal(res.statusCode, 303)
  }

  test('a body’s own reference finds its record again: a second import proposes a version, never a second copy', async () => {
    const record = completeRecord({ nameEn: 'Mutation fee calculator' })
    const first = await upload('ours.csv', csvOf([{ ...row(record), reference: 'SRB/AI/0007' }]))
    assert.equal(first.statusCode, 303)
    await reviewPublish(first.headers.location!)
    const count = await systemsCount()
    const again = await upload(
      'ours.csv',
      csvOf([{ ...row({ ...record, statusSince: '2026-11-01' }), reference: 'SRB/AI/0007' }]),
    )
    assert.equal(again.statusCode, 303)
    const landing = textOf((await t.app.inject({ url: again.headers.location!, headers: { cookie: adminCookie } })).body)
    assert.match(landing, /1 system already registered, with changes proposed as its next version/)
    assert.match(landing, /Proposed version 2/)
    assert.equal(await systemsCount(), count)
  })

  test('the same reference twice in a file is refused, naming where it first appears', async () => {
    const twice = csvOf([
      { ...row(completeRecord({ nameEn: 'Stamp paper verification' })), reference: 'SRB/AI/0042' },
      { ...row(completeRecord({ nameEn: 'Stamp paper checks' })), reference: 'SRB/AI/0042' },
    ])
    const res = await upload('twice.csv', twice)
    assert.equal(res.statusCode, 400)
    assert.match(textOf(res.body), /3 reference SRB\/AI\/0042 The file holds this record twice: it first appears on line 2/)
  })

  test('a new record named like a registered one, but for case, accents and punctuation, is pointed out to the reviewer', async () => {
    const res = await upload('near.csv', csvOf([row(completeRecord({ nameEn: 'MUTATION-FEE  calculator' }))]))
    assert.equal(res.statusCode, 303)
    const landing = textOf((await t.app.inject({ url: res.headers.location!, headers: { cookie: adminCookie } })).body)
    assert.match(landing, /line 2: A system of the same body already has this name, .*“Mutation fee calculator”/)
  })
})

describe('importing a file: records the source did not complete', () => {
  // The shape of an older register's record: a name, a description and a contact, and none of Mizan's other questions.
  const legacy = {
    nameEn: 'Benefit fraud risk model',
    descriptionEn: 'Flags claims for a second look.',
    contactEmail: 'ai@example.gov.pk',
  }

  test('without being asked, an incomplete record is refused, each missing field named', async () => {
    const res = await upload('legacy.csv', csvOf([row(legacy)]))
    assert.equal(res.statusCode, 400)
    assert.match(textOf(res.body), /2 sector This must be filled in/)
  })

  test('asked to, it comes in as a draft of its body listing what is missing, and cannot be submitted until completed', async () => {
    const res = await submitUpload(t.app, {
      cookie: adminCookie,
      formPage: '/register/import',
      action: '/register/import',
      fields: { incomplete: 'drafts' },
      file: { field: 'file', name: 'legacy.csv', bytes: csvOf([row(completeRecord({ nameEn: 'Complete one' })), row(legacy)]) },
    })
    assert.equal(res.statusCode, 303, textOf(res.body).slice(0, 800))
    const landing = textOf((await t.app.inject({ url: res.headers.location!, headers: { cookie: adminCookie } })).body)
    assert.match(landing, /1 record the file leaves incomplete, brought in as a draft/)
    assert.match(landing, /Read as comma-separated CSV: 2 records\./)
    assert.match(
      landing,
      /Benefit fraud risk model .*Draft to complete: One-sentence summary, Responsible senior officer, Sector/,
    )
    const draft = (await workingCopies(t.database.engine.db, { states: ['draft'] })).find((c) => c.nameEn === legacy.nameEn)!
    assert.ok(draft, 'the draft is its body’s')
    const deps = testDeps(t)
    const refused = await submitForReview(deps, member, draft.id, undefined)
    assert.ok(!refused.ok && 'missing' in refused && refused.missing.includes('sector'))
    for (const section of sections) await saveSection(deps, member, draft.id, section, completeRecord({ ...legacy }))
    assert.deepEqual(await submitForReview(deps, member, draft.id, undefined), { ok: true })
    assert.equal(
      (await t.app.inject({ url: '/register?q=Benefit+fraud' })).body.includes(legacy.nameEn),
      false,
      'nothing published before review',
    )
  })

  test('a body may answer "not stated" where its old register is silent, published as such, and only on its own', async () => {
    const silent = completeRecord({
      nameEn: 'Excise permit triage',
      personalData: ['not_stated'],
      supplierOrigin: 'not_stated',
      provinces: ['not_stated'],
    })
    const mixed = { ...row(completeRecord({ nameEn: 'Excise permit checks' })), personalData: 'not_stated; identity' }
    const refused = await upload('silent.csv', csvOf([row(silent), mixed]))
    assert.equal(refused.statusCode, 400)
    const problems = textOf(refused.body)
    assert.match(problems, /3 personalData not_stated; identity “Not stated by the body” stands alone/)
    assert.doesNotMatch(problems, /\b2 personalData/)
    const accepted = await upload('silent.csv', csvOf([row(silent)]))
    assert.equal(accepted.statusCode, 303)
    const id = /\/register\/import\/([0-9a-f-]{36})$/.exec(accepted.headers.location!)![1]!
    const batch = `/register/review/imports/${id}`
    await submitForm(t.app, { cookie: reviewerCookie, formPage: batch, url: `${batch}/publish`, fields: {} })
    const system = (await t.app.inject({ url: '/api/v1/systems?q=Excise+permit+triage' })).json().data[0]
    assert.deepEqual(system.record.personalData, ['not_stated'])
    const page = textOf((await t.app.inject({ url: `/register/${system.number}` })).body)
    assert.match(page, /Personal data used Not stated by the body/)
    assert.match(page, /Who built it Not stated by the body/)
  })
})
