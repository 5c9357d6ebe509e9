import assert from 'node:assert/strict'
import { appendOnlyRefusal } from '../../test-support/database.ts'
import { after, before, describe, test } from 'node:test'
import { eq } from 'drizzle-orm'
import { organisations } from '../accounts/accounts.tables.ts'
import { sessionCookie, testActor } from '../../test-support/accounts.ts'
import { manualClock, submitForm, testApp, type TestApp } from '../../test-support/app.ts'
import { deliveryConfidence } from './kpi.tables.ts'

let t: TestApp
const clock = manualClock('2026-05-10T07:00:00.000Z')
before(async () => (t = await testApp({ clock })))
after(() => t.close())

// Row 23, the sandbox: led by the SECP and CoE-AI.
const row = '/progress/items/action%3A23'
const bodyId = async (slug: string) =>
  (await t.database.engine.db.select().from(organisations).where(eq(organisations.slug, slug)))[0]!.id
const cookieOf = async (roles: Parameters<typeof testActor>[1], slug?: string) =>
  sessionCookie(t, (await testActor(t, roles, slug ? await bodyId(slug) : null)).id, clock.now())
const rate = (cookie: string, fields: Record<string, string>, prefix = '') =>
  submitForm(t.app, { cookie, formPage: `${prefix}${row}`, url: `${prefix}${row}/confidence`, fields })
/** A post by someone shown no form, with a valid token from another page. */
const forged = (cookie: string, fields: Record<string, string>) =>
  submitForm(t.app, { cookie, formPage: '/contact', url: `${row}/confidence`, fields })

describe('delivery confidence', () => {
  test('a lead body’s accountable officer rates a row, with each problem shown beside its field, and the rating is public', async () => {
    const officer = await cookieOf(['org_admin'], 'secp')
    assert.match((await t.app.inject({ url: row, headers: { cookie: officer } })).body, /Rate your confidence for this period/)
    const blank = await rate(officer, { narrative: ' ' }, '/ur')
    assert.equal(blank.statusCode, 400)
    assert.match(blank.body, /منتخب کریں کہ آپ کو کتنا اعتماد ہے۔/)
    assert.match(blank.body, /وجہ لکھیں: کیا ہو چکا ہے اور کیا باقی ہے۔/)
    const personal = await rate(officer, { rating: 'probable', narrative: 'Call the desk officer on 0300-1234567.' })
    assert.equal(personal.statusCode, 400, 'a published narrative carries no one’s phone number')
    assert.match(personal.body, /0300-1234567/, 'what was typed is kept')

    const saved = await rate(officer, {
      rating: 'in_doubt',
      narrative: 'Eight enterprises admitted; the second cohort waits for its test plans.',
      helpNeeded: 'A decision on the operative target: 20 or 50.',
    })
    assert.equal(saved.statusCode, 303)
    const page = (await t.app.inject({ url: row })).body.replace(/[\u2068\u2069]/g, '')
    assert.match(
      page,
      /<strong>In doubt<\/strong> rated by Test Person \(Securities and Exchange Commission of Pakistan\) on 10 May 2026, for January–June 2026/,
    )
    assert.match(page, /Eight enterprises admitted/)
    assert.match(page, /A decision on the operative target: 20 or 50\./)
    const list = (await t.app.inject({ url: '/progress' })).body
    assert.match(list, /<td data-label="No\.">23<\/td>.*?<td data-label="Delivery confidence">In doubt<\/td>/s)
    assert.match(
      (await t.app.inject({ url: `/ur${row}` })).body,
      /<strong>مشکوک<\/strong>/,
      'the rating reads in Urdu on the Urdu page',
    )
  })

  test('only the officers of a row’s lead bodies rate it; the Cell challenges, and every rating stays on record', async () => {
    const otherBody = await cookieOf(['org_admin'], 'hec')
    assert.equal((await forged(otherBody, { rating: 'probable', narrative: 'Not ours.' })).statusCode, 403)
    const member = await cookieOf(['org_member'], 'secp')
    assert.equal((await forged(member, { rating: 'probable', narrative: 'Not the officer.' })).statusCode, 403)
    assert.doesNotMatch((await t.app.inject({ url: row, headers: { cookie: otherBody } })).body, /Rate your confidence/)

    const analyst = await cookieOf(['pic_analyst'])
    const ratingId = (await t.database.engine.db.select().from(deliveryConfidence))[0]!.id
    const challenged = await submitForm(t.app, {
      cookie: analyst,
      formPage: row,
      url: `${row}/confidence/${ratingId}/challenge`,
      fields: { comment: 'Which test plans are missing, and whose are they?' },
    })
    assert.equal(challenged.statusCode, 303)
    assert.match(
      (await t.app.inject({ url: row })).body,
      /The Policy Implementation Cell asked, on 10 May 2026:<\/strong> <span dir="auto">Which test plans/,
    )

    clock.advance(60 * 24 * 60 * 60 * 1000)
    const coe = await cookieOf(['org_admin'], 'coe-ai')
    assert.equal((await rate(coe, { rating: 'probable', narrative: 'Test plans agreed for the second cohort.' })).statusCode, 303)
    const page = (await t.app.inject({ url: row })).body.replace(/[\u2068\u2069]/g, '')
    assert.match(
      page,
      /<strong>Probable<\/strong> rated by Test Person \(Centre of Excellence in Artificial Intelligence\) on 9 July 2026, for July–December 2026/,
    )
    assert.match(page, /<caption>Earlier ratings<\/caption>.*January–June 2026.*In doubt/s)
    await assert.rejects(t.database.owner.delete(deliveryConfidence), appendOnlyRefusal)
  })
})
