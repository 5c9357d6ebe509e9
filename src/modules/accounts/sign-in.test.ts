import assert from 'node:assert/strict'
import { eq } from 'drizzle-orm'
import type { LightMyRequestResponse } from 'fastify'
import { after, before, beforeEach, describe, test } from 'node:test'
import { generate } from 'otplib'
import { auditEntries } from '../../platform/audit.tables.ts'
import { TEST_PASSWORD, testUser, totpAt } from '../../test-support/accounts.ts'
import { manualClock, openForm, testApp, type TestApp } from '../../test-support/app.ts'
import { recoveryCodes, sessions, users } from './accounts.tables.ts'

let t: TestApp
const clock = manualClock('2026-03-02T09:00:00Z')
before(async () => (t = await testApp({ clock })))
after(() => t.close())
// Each test starts after the previous one's time steps, throttles and sessions have passed.
beforeEach(() => clock.advance(24 * 60 * 60 * 1000))

const SESSION = 'mizan-session'
const sessionOf = (res: LightMyRequestResponse) => res.cookies.find((c) => c.name === SESSION)?.value

/** A browser: keeps its cookies, sends forms with their CSRF token. */
function browser() {
  const jar = new Map<string, string>()
  const keep = (res: LightMyRequestResponse) => {
    for (const c of res.cookies) {
      if (c.value === '' || (c.expires && c.expires.getTime() < Date.now())) jar.delete(c.name)
      else jar.set(c.name, c.value)
    }
    return res
  }
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ')
  return {
    jar,
    get: async (url: string) => keep(await t.app.inject({ method: 'GET', url, headers: { cookie: cookie() } })),
    async post(formUrl: string, action: string, fields: Record<string, string>) {
      const page = keep(await t.app.inject({ method: 'GET', url: formUrl, headers: { cookie: cookie() } }))
      const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? ''
      return keep(
        await t.app.inject({
          method: 'POST',
          url: action,
          headers: { cookie: cookie(), 'content-type': 'application/x-www-form-urlencoded' },
          payload: new URLSearchParams({ _csrf: csrf, ...fields }).toString(),
        }),
      )
    },
  }
}

async function password(b: ReturnType<typeof browser>, email: string, pw = TEST_PASSWORD, next?: string) {
  return b.post('/sign-in', '/sign-in', { email, password: pw, ...(next ? { next } : {}) })
}

describe('signing in', () => {
  test('password, then authenticator code: the session id changes at each step and the half-way session grants nothing', async () => {
    const user = await testUser(t, { roles: ['reviewer'] })
    const b = browser()
    const first = await password(b, user.email.toUpperCase())
    assert.equal(first.statusCode, 303)
    assert.equal(first.headers.location, '/sign-in/verify?next=%2Fwork')
    const halfway = sessionOf(first)
    assert.ok(halfway)

    const blocked = await b.get('/account')
    assert.equal(blocked.statusCode, 303)
    assert.match(blocked.headers.location as string, /^\/sign-in\?next=/)

    const second = await b.post('/sign-in/verify', '/sign-in/verify', { code: await totpAt(clock.now()), next: '/account' })
    assert.equal(second.statusCode, 303)
    assert.equal(second.headers.location, '/account')
    const full = sessionOf(second)
    assert.ok(full && full !== halfway)

    const account = await b.get('/account')
    assert.equal(account.statusCode, 200)
    assert.match(account.body, /AI Directorate reviewer/)
    const rows = await t.database.engine.db.select().from(sessions).where(eq(sessions.userId, user.id))
    assert.deepEqual(
      rows.map((r) => r.stage),
      ['full'],
    )
    const actions = (await t.database.engine.db.select().from(auditEntries).where(eq(auditEntries.subjectId, user.id))).map(
      (e) => e.action,
    )
    assert.ok(actions.includes('accounts.signed_in'))
  })

  test('a code already used is refused, even within its time window', async () => {
    const user = await testUser(t, { roles: ['auditor'] })
    const code = await totpAt(clock.now())
    const a = browser()
    await password(a, user.email)
    assert.equal((await a.post('/sign-in/verify', '/sign-in/verify', { code })).statusCode, 303)
    clock.advance(5_000)
    const b = browser()
    await password(b, user.email)
    const replay = await b.post('/sign-in/verify', '/sign-in/verify', { code })
    assert.equal(replay.statusCode, 400)
    assert.match(replay.body, /already been used/)
  })

  test('the wrong code, or a code from another secret, is refused', async () => {
    const user = await testUser(t, { roles: ['auditor'] })
    const b = browser()
    await password(b, user.email)
    const other = await generate({ secret: 'KRUGS4ZANFZSAYJAORSXG5BAONSWG4TF', epoch: Math.floor(clock.now().getTime() / 1000) })
    assert.equal((await b.post('/sign-in/verify', '/sign-in/verify', { code: other })).statusCode, 400)
    assert.equal((await b.post('/sign-in/verify', '/sign-in/verify', { code: '12345' })).statusCode, 400)
  })

  test('first sign-in without an authenticator leads to enrolment; the recovery codes then work once each', async () => {
    const user = await testUser(t, { roles: ['org_member'], enrolled: false })
    const b = browser()
    const first = await password(b, user.email)
    assert.equal(first.headers.location, '/account/mfa/enrol?next=%2Fwork')
    assert.equal((await b.get('/account')).statusCode, 303, 'enrolment pending grants nothing')

    const page = await b.get('/account/mfa/enrol')
    assert.match(page.body, /<div class="qr" role="img" aria-label="[^"]+"><svg/)
    const secret = /<code class="secret" dir="ltr">([A-Z2-7 ]+)<\/code>/.exec(page.body)![1]!.replaceAll(' ', '')
    const wrong = await b.post('/account/mfa/enrol', '/account/mfa/enrol', { code: '000000' })
    assert.equal(wrong.statusCode, 400)
    const done = await b.post('/account/mfa/enrol', '/account/mfa/enrol', { code: await totpAt(clock.now(), secret) })
    assert.equal(done.statusCode, 200)
    assert.equal(done.headers['cache-control'], 'no-store')
    const codes = [...done.body.matchAll(/<code>([0-9A-Z]{5}-[0-9A-Z]{5})<\/code>/g)].map((m) => m[1]!)
    assert.equal(codes.length, 10)
    assert.equal((await b.get('/account')).statusCode, 200)

    const stored = await t.database.engine.db.select().from(recoveryCodes).where(eq(recoveryCodes.userId, user.id))
    assert.equal(stored.length, 10)
    assert.ok(
      stored.every((r) => !codes.includes(r.codeHash)),
      'codes are stored only hashed',
    )
    const [sealed] = await t.database.engine.db.select().from(users).where(eq(users.id, user.id))
    assert.ok(!sealed!.mfaSecretSealed!.includes(secret), 'the secret is stored encrypted')

    for (const attempt of [
      { code: codes[3]!.toLowerCase(), status: 303 },
      { code: codes[3]!, status: 400 },
    ]) {
      const c = browser()
      await password(c, user.email)
      assert.equal((await c.post('/sign-in/verify', '/sign-in/verify', { code: attempt.code })).statusCode, attempt.status)
    }
  })

  test('wrong password and unknown address get the same answer; failures slow down further tries without locking out', async () => {
    const user = await testUser(t, { roles: ['sysadmin'] })
    const strip = (body: string) => body.replace(/value="[^"]*"/g, '')
    const wrong = await password(browser(), user.email, 'not the password at all')
    const unknown = await password(browser(), 'nobody@example.gov.pk', 'not the password at all')
    assert.equal(wrong.statusCode, 400)
    assert.equal(unknown.statusCode, 400)
    assert.equal(strip(wrong.body), strip(unknown.body))
    assert.match(wrong.body, /The e-mail address or password is not right/)

    for (let i = 0; i < 2; i++) assert.equal((await password(browser(), user.email, 'wrong again')).statusCode, 400)
    const slowed = await password(browser(), user.email)
    assert.equal(slowed.statusCode, 429, 'after three failures even the right password must wait')
    assert.match(slowed.body, /Wait 1 seconds/)
    clock.advance(1000)
    assert.equal((await password(browser(), user.email)).statusCode, 303)
  })

  test('a session ends after 30 idle minutes, and after 12 hours however busy', async () => {
    const user = await testUser(t, { roles: ['pic_analyst'] })
    const sign = async () => {
      const b = browser()
      await password(b, user.email)
      await b.post('/sign-in/verify', '/sign-in/verify', { code: await totpAt(clock.now()) })
      return b
    }
    const idle = await sign()
    clock.advance(29 * 60_000)
    assert.equal((await idle.get('/account')).statusCode, 200)
    clock.advance(30 * 60_000 + 1)
    assert.equal((await idle.get('/account')).statusCode, 303)

    clock.advance(60_000)
    const busy = await sign()
    for (let h = 0; h < 12 * 3; h++) {
      clock.advance(20 * 60_000)
      const res = await busy.get('/account')
      if (h < 12 * 3 - 1) assert.equal(res.statusCode, 200, `at ${(h + 1) * 20} minutes`)
      else assert.equal(res.statusCode, 303)
    }
  })

  test('signing out ends the session on the server', async () => {
    const user = await testUser(t, { roles: ['fund_committee'] })
    const b = browser()
    await password(b, user.email)
    await b.post('/sign-in/verify', '/sign-in/verify', { code: await totpAt(clock.now()) })
    const stolen = b.jar.get(SESSION)!
    const out = await b.post('/account', '/sign-out', {})
    assert.equal(out.statusCode, 303)
    const replay = await t.app.inject({ url: '/account', headers: { cookie: `${SESSION}=${stolen}` } })
    assert.equal(replay.statusCode, 303)
  })

  test('changing the password asks for the current one, keeps this browser signed in and signs every other device out', async () => {
    const user = await testUser(t, { roles: ['org_member'] })
    const signedIn = async () => {
      const b = browser()
      await password(b, user.email)
      await b.post('/sign-in/verify', '/sign-in/verify', { code: await totpAt(clock.now()) })
      clock.advance(30_000)
      return b
    }
    const phone = await signedIn()
    const desk = await signedIn()
    const wrong = await desk.post('/account/password', '/account/password', {
      current: 'not my password',
      password: 'a fresh passphrase for mizan',
      confirm: 'a fresh passphrase for mizan',
    })
    assert.equal(wrong.statusCode, 400)
    assert.match(wrong.body, /Your current password is not right/)
    const done = await desk.post('/account/password', '/account/password', {
      current: TEST_PASSWORD,
      password: 'a fresh passphrase for mizan',
      confirm: 'a fresh passphrase for mizan',
    })
    assert.equal(done.statusCode, 200)
    assert.equal((await desk.get('/account')).statusCode, 200, 'this browser stays signed in')
    assert.equal((await phone.get('/account')).statusCode, 303, 'the other device is signed out')
    assert.equal((await password(browser(), user.email)).statusCode, 400, 'the old password no longer works')
    assert.equal((await password(browser(), user.email, 'a fresh passphrase for mizan')).statusCode, 303)
  })

  test('sign-in never redirects to another site', async () => {
    const user = await testUser(t, { roles: ['reviewer'] })
    for (const next of ['//evil.example/x', 'https://evil.example', '/\\evil.example']) {
      const b = browser()
      const res = await password(b, user.email, TEST_PASSWORD, next)
      assert.equal(res.headers.location, '/sign-in/verify?next=%2Fwork', next)
    }
  })

  test('sign-in pages work in Urdu', async () => {
    const page = await t.app.inject('/ur/sign-in')
    assert.match(page.body, /<h1>سائن اِن<\/h1>/)
    const { cookie, csrf } = await openForm(t.app, '/ur/sign-in')
    const res = await t.app.inject({
      method: 'POST',
      url: '/ur/sign-in',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: csrf, email: '', password: '' }).toString(),
    })
    assert.equal(res.statusCode, 400)
    assert.match(res.body, /اپنا ای میل ایڈریس درج کریں/)
  })
})
