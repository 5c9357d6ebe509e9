import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { sql } from 'drizzle-orm'
import { PRIVATE_TABLES, queryRows } from '../db/engine.ts'
import { sessionCookie, testOrganisation, testUser } from '../test-support/accounts.ts'
import { manualClock, testApp, testDeps, type TestApp } from '../test-support/app.ts'
import { publishedTestSystem } from '../test-support/register.ts'
import type { UserActor } from './rbac.ts'

// Public pages kept per generation: served from memory to visitors while nothing public has changed, and never after.
const clock = manualClock('2026-03-10T12:00:00.000Z')
let t: TestApp
let member: UserActor
let reviewer: UserActor
let statements: string[] | undefined
let number = 0

before(async () => {
  t = await testApp({
    clock,
    onQuery: (statement) => statements?.push(statement),
    // A page that gives each visitor a cookie of their own (as a form's CSRF secret is) is theirs, never kept.
    setup: (app) =>
      app.get('/test/own-cookie', { config: { access: 'public', keptPage: true } }, async (_req, reply) =>
        reply.setCookie('own', String(Math.random())).type('text/html').send(`<p>${Math.random()}</p>`),
      ),
  })
  const org = await testOrganisation(t, 'kept-pages-body')
  const memberId = (await testUser(t, { roles: ['org_member'], organisationId: org.id })).id
  member = { kind: 'user', id: memberId, organisationId: org.id, roles: ['org_member'] }
  reviewer = { kind: 'user', id: (await testUser(t, { roles: ['reviewer'] })).id, organisationId: null, roles: ['reviewer'] }
  number = (await publishedTestSystem(testDeps(t), member, reviewer, { nameEn: 'Canal water allocation' })).number
})
after(() => t.close())

/** A request and the statements the app ran to answer it. */
async function visit(url: string, headers: Record<string, string> = {}) {
  statements = []
  const res = await t.app.inject({ url, headers })
  const ran = statements
  statements = undefined
  return { res, ran }
}

describe('pages kept per public generation', () => {
  test('a second visitor to a system page is answered from memory with one small query, the same page and ETag', async () => {
    const first = await visit(`/register/${number}`)
    assert.equal(first.res.statusCode, 200)
    assert.ok(first.ran.length > 3, `the first visit renders the page (${first.ran.length} statements)`)
    const second = await visit(`/register/${number}`)
    assert.equal(second.ran.length, 1)
    assert.match(second.ran[0]!, /public_generation/)
    assert.equal(second.res.body, first.res.body)
    assert.equal(second.res.headers.etag, first.res.headers.etag)
    assert.ok(first.res.headers['last-modified'])
    assert.equal(second.res.headers['cache-control'], 'public, no-cache')
    // Each language is a page of its own.
    const urdu = await visit(`/ur/register/${number}`)
    assert.ok(urdu.ran.length > 1)
    assert.notEqual(urdu.res.headers.etag, first.res.headers.etag)
  })

  test('a revisit with the ETag costs a 304 and no page', async () => {
    const { res } = await visit('/')
    const again = await visit('/', { 'if-none-match': String(res.headers.etag) })
    assert.equal(again.res.statusCode, 304)
    assert.equal(again.res.body, '')
    assert.equal(again.ran.length, 1)
  })

  test('a publication, and a change to anything public by any path, shows at once', async () => {
    const before = await visit('/register/bodies/kept-pages-body')
    await publishedTestSystem(testDeps(t), member, reviewer, { nameEn: 'Tubewell metering' })
    const published = await visit('/register/bodies/kept-pages-body')
    assert.match(published.res.body, /Tubewell metering/)
    assert.notEqual(published.res.headers.etag, before.res.headers.etag)

    // Not through a service at all: the trigger sees it whatever wrote it.
    await visit(`/register/${number}`)
    await t.database.engine.db.execute(
      sql`update organisations set name_en = 'Irrigation Authority' where slug = 'kept-pages-body'`,
    )
    const renamed = await visit(`/register/${number}`)
    assert.match(renamed.res.body, /Irrigation Authority/)
  })

  test('a page is kept for one Pakistan day: after midnight in Pakistan, it is rendered again', async () => {
    await visit('/progress')
    assert.equal((await visit('/progress')).ran.length, 1)
    clock.advance(12 * 3600_000) // 17:00 → 05:00 the next day in Pakistan
    assert.ok((await visit('/progress')).ran.length > 1)
  })

  test('a signed-in person is never given a kept page, nor is their page kept for visitors', async () => {
    const cookie = await sessionCookie(t, member.id, clock.now())
    await visit('/')
    const signedIn = await visit('/', { cookie })
    assert.ok(signedIn.ran.length > 1)
    assert.match(signedIn.res.body, /Your account/)
    assert.equal(signedIn.res.headers['cache-control'], 'private, no-store')
    const visitor = await visit('/')
    assert.doesNotMatch(visitor.res.body, /Your account/)
  })

  test('a page that sets a cookie is never kept', async () => {
    const first = await visit('/test/own-cookie')
    const second = await visit('/test/own-cookie')
    assert.notEqual(second.res.body, first.res.body)
    assert.equal(second.res.headers['cache-control'], 'private, no-store')
  })

  test('every table but the listed private ones counts a change to it', async () => {
    const unwatched = await queryRows<{ table: string }>(
      t.database.engine.db,
      sql`select c.relname as table from pg_class c join pg_namespace n on n.oid = c.relnamespace
          where n.nspname = 'public' and c.relkind = 'r'
            and not exists (select 1 from pg_trigger g where g.tgrelid = c.oid and g.tgname = 'public_changed')
          order by 1`,
    )
    assert.deepEqual(
      unwatched.map((r) => r.table),
      [...PRIVATE_TABLES].sort(),
    )
  })
})
