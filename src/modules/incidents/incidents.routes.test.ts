import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { auditEntries } from '../../platform/audit.tables.ts'
import { decrypt } from '../../platform/crypto.ts'
import { sessionCookie, testActor, testOrganisation } from '../../test-support/accounts.ts'
import { submitForm, testApp, testDeps, type TestApp } from '../../test-support/app.ts'
import { acceptedAssessment, completeRecord } from '../../test-support/register.ts'
import { approve, createDraft, submitForReview } from '../register/register.service.ts'
import { incidentReports } from './incidents.tables.ts'

let t: TestApp
before(async () => (t = await testApp()))
after(() => t.close())

const report = {
  narrative: 'The eligibility check refused my mother; 0300 1234567 is her number.',
  harmKinds: ['wrongful_denial'],
  severity: 'serious',
  affected: ['family', 'women'],
  province: 'sindh',
  district: 'Thatta',
}
const codeOn = (html: string) => /<p class="tracking-code"[^>]*>([\d ]{19})<\/p>/.exec(html)?.[1]
const toUrdu = (s: string) => s.replace(/\d/g, (d) => String.fromCharCode(0x06f0 + Number(d)))

describe('reporting a problem', () => {
  test('a report about a registered system gets a receipt with a code (never in a URL); contact details are sealed and the audit log keeps none', async () => {
    const deps = testDeps(t)
    const member = await testActor(t, ['org_member'], (await testOrganisation(t, 'reported-body')).id)
    const reviewer = await testActor(t, ['reviewer'])
    const { id, number } = await createDraft(deps, member, completeRecord({ nameEn: 'Reported system' }))
    await submitForReview(deps, member, id, undefined)
    await acceptedAssessment(deps, member, reviewer, id)
    await approve(deps, reviewer, id, undefined)

    const form = await t.app.inject({ url: `/report?system=${number}` })
    assert.match(form.body, /You are reporting about “Reported system”/)
    const res = await submitForm(t.app, {
      formPage: `/report?system=${number}`,
      url: '/report',
      fields: { ...report, system: String(number), name: 'Amina Bibi', phone: '0300 1234567', consent: 'yes' },
    })
    assert.equal(res.statusCode, 200, 'the receipt is the answer itself, not a redirect')
    assert.equal(res.headers['cache-control'], 'no-store')
    const code = codeOn(res.body)
    assert.ok(code, 'the receipt shows the code in four groups')
    const [row] = await t.database.engine.db.select().from(incidentReports)
    assert.equal(row!.systemId, id)
    assert.equal(row!.consentToContact, true)
    assert.doesNotMatch(row!.codeHash, new RegExp(code!.replaceAll(' ', '')), 'the code is kept only as a keyed hash')
    assert.deepEqual(JSON.parse(decrypt(t.config.secrets.encryptionKeys, row!.contactSealed!)), {
      name: 'Amina Bibi',
      phone: '0300 1234567',
    })
    const audit = JSON.stringify(await t.database.engine.db.select().from(auditEntries))
    assert.doesNotMatch(audit, /Amina|0300 1234567|eligibility check refused/)

    // The reviewer's queue says which system the report is about, and when it came; never what it says.
    const queue = await t.app.inject({ url: '/work', headers: { cookie: await sessionCookie(t, reviewer.id) } })
    assert.match(queue.body, /Read a new report of harm about “Reported system”/)
    assert.match(queue.body, /<th scope="col">Arrived<\/th>/)
    assert.doesNotMatch(queue.body, /Amina|eligibility check refused/)

    const tracked = await submitForm(t.app, { formPage: '/ur/track', url: '/ur/track', fields: { code: toUrdu(code!) } })
    assert.equal(tracked.statusCode, 200)
    assert.match(tracked.body, /آپ کی رپورٹ پہنچ گئی ہے/)
    assert.doesNotMatch(
      tracked.body,
      /eligibility check refused|Amina/,
      'the tracking page never shows the report or its contact details',
    )
  })

  test('a mistyped code and an unknown code are told apart; lookups are rate-limited', async () => {
    const mistyped = await submitForm(t.app, { formPage: '/track', url: '/track', fields: { code: '1234 5678 9012 3456' } })
    assert.equal(mistyped.statusCode, 404)
    assert.match(mistyped.body, /This code has a mistake in it|No report has this code/)
    assert.match(
      (await submitForm(t.app, { formPage: '/track', url: '/track', fields: { code: '1234' } })).body,
      /A tracking code has 16 digits/,
    )
    let last = 0
    for (let i = 0; i < 12; i++)
      last = (await submitForm(t.app, { formPage: '/track', url: '/track', fields: { code: '0000 0000 0000 0000' } })).statusCode
    assert.equal(last, 429)
  })

  test('a form with a mistake keeps what was typed and says what to fix in Urdu; the hidden field drops robots silently', async () => {
    const res = await submitForm(t.app, {
      formPage: '/ur/report',
      url: '/ur/report',
      fields: { narrative: 'کچھ ہوا', severity: 'serious', email: 'not-an-address' },
    })
    assert.equal(res.statusCode, 400)
    assert.match(res.body, /کم از کم ایک قسم کا نقصان منتخب کریں/)
    assert.match(res.body, /کچھ ہوا/)
    const before = (await t.database.engine.db.select().from(incidentReports)).length
    const robot = await submitForm(t.app, {
      formPage: '/report',
      url: '/report',
      fields: { ...report, website: 'http://spam.example' },
    })
    assert.equal(robot.statusCode, 200)
    assert.equal(codeOn(robot.body), undefined)
    assert.equal((await t.database.engine.db.select().from(incidentReports)).length, before)
  })

  test('the same account of events is accepted three times a day, from any address; a fourth is refused while other reports still go through', async () => {
    const same = { ...report, narrative: 'The  camera fined me for a car that is not mine!' }
    for (const narrative of [
      same.narrative,
      'the camera fined me for a car that is NOT mine',
      'The camera fined me, for a car that is not mine.',
    ]) {
      assert.equal(
        (await submitForm(t.app, { formPage: '/report', url: '/report', fields: { ...same, narrative } })).statusCode,
        200,
      )
    }
    const flood = await submitForm(t.app, { formPage: '/report', url: '/report', fields: same })
    assert.equal(flood.statusCode, 429)
    assert.match(flood.body, /Too many requests/)
    assert.equal(
      (
        await submitForm(t.app, {
          formPage: '/report',
          url: '/report',
          fields: { ...report, narrative: 'A different problem entirely' },
        })
      ).statusCode,
      200,
    )
  })
})
