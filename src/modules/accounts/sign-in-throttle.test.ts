import assert from 'node:assert/strict'
import { eq } from 'drizzle-orm'
import type { LightMyRequestResponse } from 'fastify'
import { after, before, beforeEach, describe, test } from 'node:test'
import { outboxMessages } from '../../platform/platform.tables.ts'
import { TEST_PASSWORD, testUser, totpAt } from '../../test-support/accounts.ts'
import { cookieHeader, manualClock, openForm, testApp, type TestApp } from '../../test-support/app.ts'
import { FLOOD_ALERT } from './accounts.service.ts'
import { signInThrottle } from './accounts.tables.ts'

let t: TestApp
const clock = manualClock('2026-06-01T09:00:00Z')
const SECURITY = 'security@example.gov.pk'
before(async () => (t = await testApp({ clock, env: { MIZAN_SECURITY_CONTACT: SECURITY } })))
after(() => t.close())
beforeEach(() => clock.advance(24 * 60 * 60 * 1000))

const attacker = (n: number) => `203.0.113.${n}`
const OFFICE = '198.51.100.7'

/** Sends the password step from an address, with whatever cookies the "browser" holds. */
async function signIn(from: string, email: string, password: string, cookie = '') {
  const form = await openForm(t.app, '/sign-in')
  return t.app.inject({
    method: 'POST',
    url: '/sign-in',
    remoteAddress: from,
    headers: { cookie: [form.cookie, cookie].filter(Boolean).join('; '), 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: form.csrf, email, password }).toString(),
  })
}

/** Both steps, from an address; returns the cookies the browser then holds (its session and device cookies). */
async function signInFully(from: string, email: string, device = '') {
  const first = await signIn(from, email, TEST_PASSWORD, device)
  assert.equal(first.statusCode, 303, first.body)
  const session = cookieHeader(first)
  const page = await t.app.inject({ url: '/sign-in/verify', headers: { cookie: session }, remoteAddress: from })
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!
  const jar = [session, cookieHeader(page)].filter(Boolean).join('; ')
  const second = await t.app.inject({
    method: 'POST',
    url: '/sign-in/verify',
    remoteAddress: from,
    headers: { cookie: jar, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: csrf, code: await totpAt(clock.now()) }).toString(),
  })
  assert.equal(second.statusCode, 303, second.body)
  return second
}

const deviceCookie = (res: LightMyRequestResponse) =>
  res.cookies
    .filter((c) => c.name === 'mizan-device')
    .map((c) => `${c.name}=${c.value}`)
    .join('; ')
const statuses = (rs: LightMyRequestResponse[]) =>
  rs
    .map((r) => r.statusCode)
    .sort()
    .join(',')

describe('sign-in throttles', () => {
  test('twenty wrong passwords sent at once from one network are each counted: three are checked, the rest wait', async () => {
    const user = await testUser(t, { roles: ['reviewer'] })
    const flood = await Promise.all(Array.from({ length: 20 }, () => signIn(attacker(1), user.email, 'a wrong guess')))
    assert.equal(statuses(flood), [...Array(3).fill(400), ...Array(17).fill(429)].join(','))
    const rows = await t.database.engine.db.select().from(signInThrottle)
    assert.ok(
      rows.some((r) => r.failures === 3),
      'the key counted exactly the three attempts it allowed',
    )
  })

  test('during a flood from many networks, the owner signs in at once from their known browser, and from a network the flood never used', async () => {
    const user = await testUser(t, { roles: ['sysadmin'] })
    const known = deviceCookie(await signInFully(OFFICE, user.email))
    assert.ok(known, 'a full sign-in issues the device cookie')
    clock.advance(60_000)
    // The flood comes from the office network too, as from a shared office connection.
    for (const from of [OFFICE, attacker(2), attacker(3)])
      await Promise.all(Array.from({ length: 8 }, () => signIn(from, user.email, 'a wrong guess')))
    assert.equal(
      (await signIn(OFFICE, user.email, TEST_PASSWORD)).statusCode,
      429,
      'an unknown browser on the flooded network waits',
    )
    assert.equal((await signIn(OFFICE, user.email, TEST_PASSWORD, known)).statusCode, 303, 'the known browser does not wait')
    assert.equal(
      (await signIn(attacker(9), user.email, TEST_PASSWORD)).statusCode,
      303,
      'nor does a network the flood never used',
    )
  })

  test('a device cookie of another account, or one made up, gives no way around the throttle', async () => {
    const owner = await testUser(t, { roles: ['reviewer'] })
    const victim = await testUser(t, { roles: ['reviewer'] })
    const ownersDevice = deviceCookie(await signInFully(attacker(4), owner.email))
    for (const cookie of [ownersDevice, 'mizan-device=made-up-token']) {
      clock.advance(24 * 60 * 60 * 1000)
      const tries = await Promise.all(Array.from({ length: 6 }, () => signIn(attacker(4), victim.email, 'a wrong guess', cookie)))
      assert.equal(statuses(tries), '400,400,400,429,429,429', cookie)
    }
  })

  test(`${FLOOD_ALERT.failures} failures on one account within the hour, from many networks, alert the security contact once, and lock nobody out`, async () => {
    const user = await testUser(t, { roles: ['reviewer'] })
    const alerts = () =>
      t.database.engine.db.select().from(outboxMessages).where(eq(outboxMessages.kind, 'accounts.sign_in_flood'))
    const before = (await alerts()).length
    await Promise.all(
      Array.from({ length: FLOOD_ALERT.failures + 4 }, (_, i) => signIn(attacker(10 + i), user.email, 'a wrong guess')),
    )
    const sent = (await alerts()).slice(before)
    assert.equal(sent.length, 1)
    assert.equal(sent[0]!.toAddress, SECURITY)
    assert.match(sent[0]!.subject, new RegExp(`Many failed sign-ins on ${user.email.replace('.', '\\.')}`))
    assert.match(sent[0]!.bodyText, /is not locked/)
    assert.equal((await signIn(attacker(99), user.email, TEST_PASSWORD)).statusCode, 303)
  })
})
