import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { after, before, describe, test } from 'node:test'
import { count, isNotNull } from 'drizzle-orm'
import { parse } from 'csv-parse/sync'
import { stringify } from 'csv-stringify/sync'
import { sessionCookie, testUser } from '../../test-support/accounts.ts'
import { submitUpload, testApp, type TestApp } from '../../test-support/app.ts'
import { aiSystems, registerEntries } from './register.tables.ts'

/**
 * Another country's register, imported as its records are, without inventing an answer they never gave: the UK's
 * 136 ATRS records (data/world/README.md names the source). Mapped honestly, a record gives its body, its name, its
 * one-sentence description and its page on GOV.UK, and nothing else.
 */
type AtrsRecord = { publishing_body: string | null; tool_name: string; url: string; description: string }
const atrs = (
  JSON.parse(readFileSync(new URL('./data/world/uk-atrs-records.json', import.meta.url), 'utf8')) as { records: AtrsRecord[] }
).records

const slugOf = (body: string) =>
  body
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60)
const honestRow = (r: AtrsRecord) => ({
  organisation: r.publishing_body ? slugOf(r.publishing_body) : '',
  nameEn: r.tool_name,
  summaryEn: r.description,
  reference: r.url,
})
const MAPPED = new Set(['nameEn', 'summaryEn'])

let t: TestApp
let admin: string
let reviewer: string
before(async () => {
  t = await testApp()
  admin = await sessionCookie(t, (await testUser(t, { roles: ['sysadmin'] })).id)
  reviewer = await sessionCookie(t, (await testUser(t, { roles: ['reviewer'] })).id)
})
after(() => t.close())

const bodiesFrom = (bytes: string) =>
  submitUpload(t.app, {
    cookie: admin,
    formPage: '/admin/organisations',
    action: '/admin/organisations/import',
    file: { field: 'file', name: 'atrs-bodies.csv', bytes },
  })
// Asked to bring incomplete records in as drafts: the honest way to bring in a register that asked other questions.
const recordsFrom = (bytes: string) =>
  submitUpload(t.app, {
    cookie: reviewer,
    formPage: '/register/import',
    action: '/register/import',
    fields: { incomplete: 'drafts' },
    file: { field: 'file', name: 'atrs.csv', bytes },
  })

describe("another country's register, imported honestly", () => {
  test('136 UK records: the 6 that name no body are the only ones refused, and the rest come in as drafts that claim nothing', async () => {
    assert.equal(atrs.length, 136)
    // The bodies, as the records name them. They have no Urdu names: each is written as the body writes it.
    const bodies = [...new Set(atrs.flatMap((r) => (r.publishing_body ? [r.publishing_body] : [])))]
    const bodiesCsv = stringify(
      bodies.map((name) => ({ slug: slugOf(name), nameEn: name, nameUr: name, type: 'public_body', province: 'federal' })),
      { header: true },
    )
    const added = await bodiesFrom(bodiesCsv)
    assert.equal(added.statusCode, 303, added.body.slice(0, 500))

    const refused = await recordsFrom(stringify(atrs.map(honestRow), { header: true }))
    assert.equal(refused.statusCode, 400)
    const checkPath = /href="(\/register\/import\/checks\/[0-9a-f-]{36})\/problems\.csv"/.exec(refused.body)![1]!
    const csv = await t.app.inject({ url: `${checkPath}/problems.csv`, headers: { cookie: reviewer } })
    const problems = (parse(csv.body, { bom: true, columns: true }) as Record<string, string>[]).map((p) => [
      Number(p.Line),
      p.Column,
      p.Problem,
    ])
    const bodiless = atrs.flatMap((r, i) => (r.publishing_body ? [] : [i + 2]))
    assert.equal(bodiless.length, 6)
    assert.deepEqual(
      problems,
      bodiless.map((line) => [line, 'organisation', "Give the organisation's short name"]),
    )

    const named = atrs.filter((r) => r.publishing_body)
    const res = await recordsFrom(stringify(named.map(honestRow), { header: true }))
    assert.equal(res.statusCode, 303, res.body.slice(0, 500))
    const landing = await t.app.inject({ url: res.headers.location!, headers: { cookie: reviewer } })
    assert.match(landing.body, /130 records the file leaves incomplete, brought in as drafts/)

    const drafts = await t.database.engine.db.select().from(aiSystems).where(isNotNull(aiSystems.reference))
    assert.equal(drafts.length, 130)
    for (const d of drafts) {
      assert.equal(d.draftState, 'draft')
      const invented = Object.keys(d.draft ?? {}).filter((key) => !MAPPED.has(key))
      assert.deepEqual(invented, [], `${d.reference} holds answers its record never gave`)
    }
    assert.deepEqual(new Set(drafts.map((d) => d.reference)), new Set(named.map((r) => r.url)))
    const published = await t.database.engine.db.select({ n: count() }).from(registerEntries)
    assert.equal(Number(published[0]!.n), 0, 'nothing is published that its body has not completed')
  })
})
