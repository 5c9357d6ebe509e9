import assert from 'node:assert/strict'
import { desc, eq } from 'drizzle-orm'
import { after, before, beforeEach, describe, test } from 'node:test'
import { createAuditLog } from '../../platform/audit-log.ts'
import { outboxMessages } from '../../platform/platform.tables.ts'
import { sessions, userRoles, users } from './accounts.tables.ts'
import { TEST_PASSWORD, sessionCookie, testOrganisation, testUser } from '../../test-support/accounts.ts'
import { manualClock, openForm, testApp, type TestApp } from '../../test-support/app.ts'
import { invite } from './account-links.service.ts'
import { accountsDeps } from './accounts.service.ts'
import type { UserActor } from '../../platform/rbac.ts'

let t: TestApp
const clock = manualClock('2026-04-10T06:00:00Z')
before(async () => (t = await testApp({ clock })))
after(() => t.close())
beforeEach(() => clock.advance(60 * 60 * 1000))

const deps = () =>
  accountsDeps(t.database.engine.db, t.config.secrets, clock, createAuditLog({ clock, auditKey: t.config.secrets.auditKey }))
const lastEmailTo = async (to: string) =>
  (
    await t.database.engine.db
      .select()
      .from(outboxMessages)
      .where(eq(outboxMessages.toAddress, to))
      .orderBy(desc(outboxMessages.createdAt))
  )[0]
const linkIn = (body: string, path: string) =>
  new URL(new RegExp(`(http://localhost:3000${path}\\?token=[\\w-]+)`).exec(body)![1]!)

async function submit(url: string, fields: Record<string, string>) {
  const { cookie, csrf } = await openForm(t.app, url)
  return t.app.inject({
    method: 'POST',
    url: new URL(url, 'http://x').pathname,
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: csrf, ...fields }).toString(),
  })
}

async function organisationAdmin(slug: string) {
  const org = await testOrganisation(t, slug)
  const admin = await testUser(t, { roles: ['org_admin'], organisationId: org.id })
  const actor: UserActor = { kind: 'user', id: admin.id, organisationId: org.id, roles: ['org_admin'] }
  return { org, admin, actor }
}

describe('invitations', () => {
  test('an invited officer follows the e-mailed link, sets a password and must then enrol an authenticator', async () => {
    const { org, actor } = await organisationAdmin('invite-org')
    await invite(
      deps(),
      actor,
      { email: 'New.Officer@Example.gov.pk', name: 'Nadia Shah', organisationId: org.id, roles: ['org_member'] },
      { publicUrl: t.config.publicUrl, locale: 'ur' },
    )
    const email = await lastEmailTo('new.officer@example.gov.pk')
    assert.ok(email, 'the invitation is in the outbox')
    assert.match(email.subject, /Your invitation to Mizan · میزان میں شمولیت کی دعوت/)
    const link = linkIn(email.bodyText, '/ur/invitation')

    const form = await t.app.inject(link.pathname + link.search)
    assert.equal(form.statusCode, 200)
    assert.equal(form.headers['cache-control'], 'no-store')
    assert.match(form.body, /value="Nadia Shah"/)

    const token = link.searchParams.get('token')!
    const weak = await submit(link.pathname + link.search, {
      token,
      name: 'Nadia Shah',
      password: 'password1234',
      confirm: 'password1234',
    })
    assert.equal(weak.statusCode, 400)
    assert.match(weak.body, /یہ پاس ورڈ آسانی سے بوجھا جا سکتا ہے/)
    const mismatch = await submit(link.pathname + link.search, {
      token,
      name: 'Nadia Shah',
      password: TEST_PASSWORD,
      confirm: `${TEST_PASSWORD}x`,
    })
    assert.match(mismatch.body, /دونوں پاس ورڈ ایک جیسے نہیں/)

    const done = await submit(link.pathname + link.search, {
      token,
      name: 'Nadia Shah',
      password: TEST_PASSWORD,
      confirm: TEST_PASSWORD,
    })
    assert.equal(done.statusCode, 303)
    assert.equal(done.headers.location, '/ur/account/mfa/enrol')
    const [user] = await t.database.engine.db.select().from(users).where(eq(users.email, 'new.officer@example.gov.pk'))
    assert.equal(user?.organisationId, org.id)
    assert.deepEqual(
      (await t.database.engine.db.select().from(userRoles).where(eq(userRoles.userId, user!.id))).map((r) => r.role),
      ['org_member'],
    )
    assert.deepEqual(
      (await t.database.engine.db.select().from(sessions).where(eq(sessions.userId, user!.id))).map((s) => s.stage),
      ['enrol'],
    )

    const reuse = await t.app.inject(link.pathname + link.search)
    assert.equal(reuse.statusCode, 410)
  })

  test('an invitation expires after seven days', async () => {
    const { org, actor } = await organisationAdmin('expiry-org')
    await invite(
      deps(),
      actor,
      { email: 'late@example.gov.pk', name: 'Late Comer', organisationId: org.id, roles: ['org_member'] },
      { publicUrl: t.config.publicUrl, locale: 'en' },
    )
    const link = linkIn((await lastEmailTo('late@example.gov.pk'))!.bodyText, '/invitation')
    clock.advance(7 * 24 * 60 * 60 * 1000 + 1)
    const res = await t.app.inject(link.pathname + link.search)
    assert.equal(res.statusCode, 410)
    assert.match(res.body, /expired or has already been used/)
  })

  test('an organisation administrator cannot invite into another organisation, nor grant staff roles', async () => {
    const { actor } = await organisationAdmin('home-org')
    const other = await testOrganisation(t, 'other-org')
    const home = actor.organisationId!
    const links = { publicUrl: t.config.publicUrl, locale: 'en' as const }
    await assert.rejects(
      invite(deps(), actor, { email: 'x@example.gov.pk', name: 'X', organisationId: other.id, roles: ['org_member'] }, links),
      /403/,
    )
    await assert.rejects(
      invite(deps(), actor, { email: 'y@example.gov.pk', name: 'Y', organisationId: home, roles: ['reviewer'] }, links),
      /403/,
    )
  })

  test('inviting an address that has an account reveals nothing to the inviter; its owner is told to sign in', async () => {
    const { org, actor } = await organisationAdmin('existing-org')
    const someone = await testUser(t, { roles: ['auditor'] })
    await invite(
      deps(),
      actor,
      { email: someone.email, name: 'Someone', organisationId: org.id, roles: ['org_member'] },
      { publicUrl: t.config.publicUrl, locale: 'en' },
    )
    const email = await lastEmailTo(someone.email)
    assert.match(email!.subject, /You already have a Mizan account/)
    assert.doesNotMatch(email!.bodyText, /token=/)
  })
})

describe('password reset', () => {
  test('the same answer for any address; the link works once, within an hour, and ends every session', async () => {
    const user = await testUser(t, { roles: ['reviewer'] })
    const oldSession = await sessionCookie(t, user.id, clock.now())
    const known = await submit('/password/forgot', { email: user.email })
    const unknown = await submit('/password/forgot', { email: 'nobody.here@example.gov.pk' })
    assert.equal(known.statusCode, 200)
    const strip = (s: string) => s.replace(/value="[^"]*"/g, '')
    assert.equal(strip(known.body), strip(unknown.body))
    assert.equal(await lastEmailTo('nobody.here@example.gov.pk'), undefined)

    const link = linkIn((await lastEmailTo(user.email))!.bodyText, '/password/reset')
    const token = link.searchParams.get('token')!
    const done = await submit(link.pathname + link.search, {
      token,
      password: 'a brand new passphrase here',
      confirm: 'a brand new passphrase here',
    })
    assert.equal(done.statusCode, 200)
    assert.match(done.body, /Your password has been changed/)
    assert.equal((await t.app.inject({ url: '/account', headers: { cookie: oldSession } })).statusCode, 303, 'old sessions ended')
    assert.equal((await t.app.inject(link.pathname + link.search)).statusCode, 410, 'used once')

    await submit('/password/forgot', { email: user.email })
    const late = linkIn((await lastEmailTo(user.email))!.bodyText, '/password/reset')
    clock.advance(60 * 60 * 1000 + 1)
    assert.equal((await t.app.inject(late.pathname + late.search)).statusCode, 410, 'expired after an hour')
  })
})

describe('the inbox', () => {
  test('the inviter is told, in their own language, when the invitation is accepted; opening the inbox reads it', async () => {
    const { org, actor, admin } = await organisationAdmin('inbox-org')
    await invite(
      deps(),
      actor,
      { email: 'joins@example.gov.pk', name: 'Zara Ali', organisationId: org.id, roles: ['org_member'] },
      { publicUrl: t.config.publicUrl, locale: 'en' },
    )
    const link = linkIn((await lastEmailTo('joins@example.gov.pk'))!.bodyText, '/invitation')
    await submit(link.pathname + link.search, {
      token: link.searchParams.get('token')!,
      name: 'Zara Ali',
      password: TEST_PASSWORD,
      confirm: TEST_PASSWORD,
    })
    const cookie = await sessionCookie(t, admin.id, clock.now())
    const first = await t.app.inject({ url: '/ur/account/inbox', headers: { cookie } })
    // The English name is isolated inside the Urdu sentence, so it keeps its own direction.
    assert.match(first.body, /<span class="tag">نیا<\/span> \u2068Zara Ali\u2069 میزان میں شامل ہو گئے ہیں/)
    const second = await t.app.inject({ url: '/account/inbox', headers: { cookie } })
    assert.match(second.body, /Zara Ali has joined Mizan/)
    assert.doesNotMatch(second.body, /class="tag">New/)
  })
})
