import assert from 'node:assert/strict'
import { eq } from 'drizzle-orm'
import { after, before, describe, test } from 'node:test'
import { auditEntries } from '../../platform/audit.tables.ts'
import { sessionCookie, testOrganisation, testUser } from '../../test-support/accounts.ts'
import { testApp, type TestApp } from '../../test-support/app.ts'
import { accessReviewDecisions, accessReviews, sessions, userRoles, users } from './accounts.tables.ts'

let t: TestApp
before(async () => (t = await testApp()))
after(() => t.close())

const db = () => t.database.engine.db

/** Posts a form as a signed-in person, with a CSRF token from a page they can open. */
async function act(cookie: string, url: string, fields: Record<string, string | string[]>, formPage = '/account') {
  const page = await t.app.inject({ url: formPage, headers: { cookie } })
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1]
  const csrfCookie = page.cookies.map((c) => `${c.name}=${c.value}`).join('; ')
  const body = new URLSearchParams({ _csrf: csrf ?? '' })
  for (const [k, v] of Object.entries(fields)) for (const x of [v].flat()) body.append(k, x)
  return t.app.inject({
    method: 'POST',
    url,
    headers: { cookie: `${cookie}; ${csrfCookie}`, 'content-type': 'application/x-www-form-urlencoded' },
    payload: body.toString(),
  })
}

async function setting() {
  const ours = await testOrganisation(t, `ours-${Math.random().toString(36).slice(2, 7)}`)
  const theirs = await testOrganisation(t, `theirs-${Math.random().toString(36).slice(2, 7)}`)
  const admin = await testUser(t, { roles: ['org_admin'], organisationId: ours.id })
  const colleague = await testUser(t, { roles: ['org_member'], organisationId: ours.id })
  const stranger = await testUser(t, { roles: ['org_member'], organisationId: theirs.id })
  return { ours, theirs, admin, colleague, stranger, cookie: await sessionCookie(t, admin.id) }
}

describe('organisation administrators manage their own organisation only', () => {
  test('the accounts list shows their organisation and nobody else', async () => {
    const s = await setting()
    const page = await t.app.inject({ url: '/admin/users', headers: { cookie: s.cookie } })
    assert.equal(page.statusCode, 200)
    assert.match(page.body, new RegExp(s.colleague.email.replace('.', '\\.')))
    assert.doesNotMatch(page.body, new RegExp(s.stranger.email.replace('.', '\\.')))
  })

  test("deactivating a colleague ends their sessions; another organisation's member is out of reach", async () => {
    const s = await setting()
    const theirSession = await sessionCookie(t, s.colleague.id)
    const foreign = await act(s.cookie, '/admin/users/deactivate', { userId: s.stranger.id }, '/admin/users')
    assert.equal(foreign.statusCode, 404)
    assert.equal((await db().select().from(users).where(eq(users.id, s.stranger.id)))[0]!.status, 'active')

    const own = await act(s.cookie, '/admin/users/deactivate', { userId: s.colleague.id }, '/admin/users')
    assert.equal(own.statusCode, 303)
    assert.equal((await db().select().from(users).where(eq(users.id, s.colleague.id)))[0]!.status, 'deactivated')
    assert.equal((await t.app.inject({ url: '/account', headers: { cookie: theirSession } })).statusCode, 303)
    const [entry] = await db().select().from(auditEntries).where(eq(auditEntries.action, 'accounts.deactivated'))
    assert.equal(entry?.actorId, s.admin.id)
  })

  test('they may not reset authenticators, nor grant staff roles', async () => {
    const s = await setting()
    assert.equal((await act(s.cookie, '/admin/users/reset-mfa', { userId: s.colleague.id }, '/admin/users')).statusCode, 403)
    const invite = await act(
      s.cookie,
      '/admin/users/invite',
      { name: 'Would Be', email: 'wouldbe@example.gov.pk', organisationId: s.ours.id, roles: ['reviewer'] },
      '/admin/users/invite',
    )
    assert.equal(invite.statusCode, 403)
  })

  test('the invitation form says what is missing, in Urdu', async () => {
    const s = await setting()
    const res = await act(
      s.cookie,
      '/ur/admin/users/invite',
      { name: '', email: 'x', organisationId: s.ours.id },
      '/ur/admin/users/invite',
    )
    assert.equal(res.statusCode, 400)
    assert.match(res.body, /اپنا پورا نام درج کریں/)
    assert.match(res.body, /کم از کم ایک کردار منتخب کریں/)
  })
})

describe('changing roles', () => {
  test("an organisation administrator changes a colleague's organisation roles; taking one away ends their sessions", async () => {
    const s = await setting()
    const colleagueSession = await sessionCookie(t, s.colleague.id)
    assert.equal(
      (await act(s.cookie, '/admin/users/roles', { userId: s.colleague.id, roles: ['org_member', 'org_admin'] }, '/admin/users'))
        .statusCode,
      303,
    )
    const held = async () =>
      (await db().select().from(userRoles).where(eq(userRoles.userId, s.colleague.id))).map((r) => r.role).sort()
    assert.deepEqual(await held(), ['org_admin', 'org_member'])
    assert.equal(
      (await t.app.inject({ url: '/account', headers: { cookie: colleagueSession } })).statusCode,
      200,
      'adding a role keeps the session',
    )
    assert.equal(
      (await act(s.cookie, '/admin/users/roles', { userId: s.colleague.id, roles: ['org_member'] }, '/admin/users')).statusCode,
      303,
    )
    assert.deepEqual(await held(), ['org_member'])
    assert.equal(
      (await t.app.inject({ url: '/account', headers: { cookie: colleagueSession } })).statusCode,
      303,
      'removing one ends it',
    )
    assert.equal(
      (await act(s.cookie, '/admin/users/roles', { userId: s.colleague.id, roles: ['sysadmin'] }, '/admin/users')).statusCode,
      403,
    )
    assert.equal(
      (await act(s.cookie, '/admin/users/roles', { userId: s.stranger.id, roles: ['org_admin'] }, '/admin/users')).statusCode,
      404,
    )
  })

  test('a system administrator grants a staff role to an existing account', async () => {
    const sysadmin = await testUser(t, { roles: ['sysadmin'] })
    const person = await testUser(t, { roles: ['org_member'] })
    const res = await act(
      await sessionCookie(t, sysadmin.id),
      '/admin/users/roles',
      { userId: person.id, roles: ['org_member', 'reviewer'] },
      '/admin/users',
    )
    assert.equal(res.statusCode, 303)
    assert.deepEqual((await db().select().from(userRoles).where(eq(userRoles.userId, person.id))).map((r) => r.role).sort(), [
      'org_member',
      'reviewer',
    ])
  })
})

describe('system administrators', () => {
  test('reset a lost authenticator: the person enrols again at their next sign-in, and it is audited', async () => {
    const sysadmin = await testUser(t, { roles: ['sysadmin'] })
    const person = await testUser(t, { roles: ['auditor'] })
    const res = await act(await sessionCookie(t, sysadmin.id), '/admin/users/reset-mfa', { userId: person.id }, '/admin/users')
    assert.equal(res.statusCode, 303)
    const [row] = await db().select().from(users).where(eq(users.id, person.id))
    assert.equal(row!.mfaEnrolledAt, null)
    assert.equal(row!.mfaSecretSealed, null)
    const entries = await db().select().from(auditEntries).where(eq(auditEntries.action, 'accounts.authenticator_reset'))
    assert.ok(entries.some((e) => e.subjectId === person.id && e.actorId === sysadmin.id))
  })
})

describe('the access review', () => {
  test('each account is confirmed or revoked; revoking removes roles and ends sessions; the review completes only when all are decided', async () => {
    const s = await setting()
    const extra = await testUser(t, { roles: ['org_member'], organisationId: s.ours.id })
    const extraSession = await sessionCookie(t, extra.id)
    const page = await t.app.inject({ url: '/admin/access-review', headers: { cookie: s.cookie } })
    assert.equal(page.statusCode, 200)
    assert.doesNotMatch(page.body, new RegExp(s.stranger.id))

    assert.equal((await act(s.cookie, '/admin/access-review/complete', {}, '/admin/access-review')).statusCode, 400)
    assert.equal(
      (await act(s.cookie, '/admin/access-review/decide', { userId: s.stranger.id, decision: 'revoked' }, '/admin/access-review'))
        .statusCode,
      404,
    )
    assert.equal(
      (
        await act(
          s.cookie,
          '/admin/access-review/decide',
          { userId: s.colleague.id, decision: 'confirmed' },
          '/admin/access-review',
        )
      ).statusCode,
      303,
    )
    assert.equal(
      (await act(s.cookie, '/admin/access-review/decide', { userId: extra.id, decision: 'revoked' }, '/admin/access-review'))
        .statusCode,
      303,
    )
    assert.deepEqual(await db().select().from(userRoles).where(eq(userRoles.userId, extra.id)), [])
    assert.deepEqual(await db().select().from(sessions).where(eq(sessions.userId, extra.id)), [])
    assert.equal((await t.app.inject({ url: '/account', headers: { cookie: extraSession } })).statusCode, 303)

    assert.equal((await act(s.cookie, '/admin/access-review/complete', {}, '/admin/access-review')).statusCode, 303)
    const [review] = await db().select().from(accessReviews).where(eq(accessReviews.reviewerId, s.admin.id))
    assert.ok(review?.completedAt)
    assert.equal(review?.organisationId, s.ours.id)
    const decisions = await db().select().from(accessReviewDecisions).where(eq(accessReviewDecisions.reviewId, review!.id))
    assert.deepEqual(decisions.map((d) => d.decision).sort(), ['confirmed', 'revoked'])
  })
})
