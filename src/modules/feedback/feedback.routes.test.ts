import assert from 'node:assert/strict'
import { eq } from 'drizzle-orm'
import { after, before, beforeEach, describe, test } from 'node:test'
import { auditEntries } from '../../platform/audit.tables.ts'
import { decrypt } from '../../platform/crypto.ts'
import { manualClock, openForm, testApp, type TestApp } from '../../test-support/app.ts'
import { feedbackMessages } from './feedback.tables.ts'

let t: TestApp
const clock = manualClock()
before(async () => (t = await testApp({ clock })))
after(() => t.close())
// Each test starts a fresh rate-limit window, so tests do not count against each other.
beforeEach(() => clock.advance(2 * 60 * 60 * 1000))

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString()

async function post(url: string, fields: Record<string, string>, session?: { cookie: string; csrf: string }) {
  const s = session ?? (await openForm(t.app, url))
  return t.app.inject({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: s.cookie },
    payload: form({ _csrf: s.csrf, ...fields }),
  })
}

const stored = () => t.database.engine.db.select().from(feedbackMessages)

describe('contact and feedback', () => {
  test('a message is stored and the sender is sent to a thank-you page in their language', async () => {
    const res = await post('/ur/contact', { topic: 'question', message: 'رجسٹر کب کھلے گا؟', pageUrl: '/ur/' })
    assert.equal(res.statusCode, 303)
    assert.equal(res.headers.location, '/ur/contact/thanks')
    const thanks = await t.app.inject('/ur/contact/thanks')
    assert.match(thanks.body, /شکریہ، آپ کا پیغام بھیج دیا گیا ہے/)
    const [row] = (await stored()).filter((r) => r.message === 'رجسٹر کب کھلے گا؟')
    assert.equal(row?.locale, 'ur')
    assert.equal(row?.topic, 'question')
    assert.equal(row?.pageUrl, '/ur/')
    assert.equal(row?.contactSealed, null)
    assert.equal(row?.receivedAt.toISOString(), clock.now().toISOString())
  })

  test('name and e-mail are stored only encrypted, under the current key', async () => {
    await post('/contact', { topic: 'feedback', message: 'Please add Sindhi.', name: 'Ayesha Khan', email: 'ayesha@example.pk' })
    const [row] = await t.database.engine.db
      .select()
      .from(feedbackMessages)
      .where(eq(feedbackMessages.message, 'Please add Sindhi.'))
    assert.ok(row?.contactSealed)
    assert.doesNotMatch(row.contactSealed, /ayesha|Ayesha/)
    assert.match(row.contactSealed, /^v1\.test1\./)
    assert.deepEqual(JSON.parse(decrypt(t.config.secrets.encryptionKeys, row.contactSealed)), {
      name: 'Ayesha Khan',
      email: 'ayesha@example.pk',
    })
  })

  test("each message is recorded in the audit log, without the sender's name or e-mail", async () => {
    await post('/contact', { topic: 'accessibility', message: 'Audit me', name: 'Bilal', email: 'bilal@example.pk' })
    const [row] = await t.database.engine.db.select().from(feedbackMessages).where(eq(feedbackMessages.message, 'Audit me'))
    const [entry] = await t.database.engine.db.select().from(auditEntries).where(eq(auditEntries.subjectId, row!.id))
    assert.equal(entry?.action, 'feedback.received')
    assert.equal(entry?.actorKind, 'public')
    assert.equal(entry?.payload?.topic, 'accessibility')
    assert.doesNotMatch(JSON.stringify(entry), /Bilal|bilal@example/)
  })

  test('a form with mistakes keeps what was typed and says in Urdu what to fix, beside each field', async () => {
    const before = (await stored()).length
    const res = await post('/ur/contact', { message: '   ', name: 'بلال', email: 'not-an-address' })
    assert.equal(res.statusCode, 400)
    assert.match(res.body, /<div class="error-summary" role="alert"/)
    assert.match(res.body, /<p class="field-error" id="f-topic-error">منتخب کریں کہ آپ کا پیغام کس بارے میں ہے<\/p>/)
    assert.match(res.body, /<p class="field-error" id="f-message-error">اپنا پیغام لکھیں<\/p>/)
    assert.match(res.body, /id="f-email-error">name@example.com جیسا ای میل ایڈریس لکھیں/)
    assert.match(res.body, /name="name" type="text" value="بلال"/)
    assert.match(res.body, /value="not-an-address"[^>]*aria-invalid="true" aria-describedby="f-email-hint f-email-error"/)
    assert.equal((await stored()).length, before)
  })

  test('a message over 4,000 characters is refused with the limit named', async () => {
    const res = await post('/contact', { topic: 'feedback', message: 'x'.repeat(4001) })
    assert.equal(res.statusCode, 400)
    assert.match(res.body, /must be 4,000 characters or fewer/)
  })

  test("a form without its CSRF token, or with another browser's, is refused and stores nothing", async () => {
    const before = (await stored()).length
    const missing = await t.app.inject({
      method: 'POST',
      url: '/contact',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: form({ topic: 'question', message: 'forged' }),
    })
    assert.equal(missing.statusCode, 403)
    assert.match(missing.body, /This form has expired/)
    const mine = await openForm(t.app, '/contact')
    const theirs = await openForm(t.app, '/contact')
    const crossed = await post('/contact', { topic: 'question', message: 'forged' }, { cookie: mine.cookie, csrf: theirs.csrf })
    assert.equal(crossed.statusCode, 403)
    assert.equal((await stored()).length, before)
  })

  test('the CSRF cookie is HttpOnly and SameSite=Lax', async () => {
    const res = await t.app.inject('/contact')
    const c = res.cookies.find((x) => x.name === 'mizan-csrf')
    assert.ok(c)
    assert.equal(c.httpOnly, true)
    assert.equal(c.sameSite, 'Lax')
  })

  test('the hidden honeypot field silently drops robot submissions', async () => {
    const before = (await stored()).length
    const res = await post('/contact', { topic: 'question', message: 'cheap pills', website: 'http://spam.example' })
    assert.equal(res.statusCode, 303)
    assert.equal((await stored()).length, before)
  })

  test('too many messages from one address get a localised 429 until the window passes', async () => {
    const session = await openForm(t.app, '/ur/contact')
    for (let i = 0; i < 20; i++)
      assert.equal((await post('/ur/contact', { topic: 'question', message: `m${i}` }, session)).statusCode, 303)
    const limited = await post('/ur/contact', { topic: 'question', message: 'one too many' }, session)
    assert.equal(limited.statusCode, 429)
    assert.match(limited.body, /بہت زیادہ درخواستیں/)
    assert.ok(Number(limited.headers['retry-after']) > 0)
    clock.advance(61 * 60 * 1000)
    assert.equal((await post('/ur/contact', { topic: 'question', message: 'later' }, session)).statusCode, 303)
  })

  test('the page a message is about can be passed in the link', async () => {
    const res = await t.app.inject('/contact?page=%2Fprivacy')
    assert.match(res.body, /name="pageUrl" type="text" value="\/privacy"/)
  })
})
