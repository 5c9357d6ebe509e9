import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { UserActor } from '../../platform/rbac.ts'
import { testOrganisation, testUser } from '../../test-support/accounts.ts'
import { testApp, testDeps, type TestApp } from '../../test-support/app.ts'
import { completeRecord, publishedTestSystem } from '../../test-support/register.ts'
import { approve, saveSection, submitForReview } from './register.service.ts'

// A page's work must not grow with what it shows: every list on it comes from one query, never one query a row.
let t: TestApp
let member: UserActor
let reviewer: UserActor
let statements: string[] | undefined

before(async () => {
  t = await testApp({ onQuery: (statement) => statements?.push(statement) })
  const org = await testOrganisation(t, 'punjab-land')
  member = {
    kind: 'user',
    id: (await testUser(t, { roles: ['org_member'], organisationId: org.id })).id,
    organisationId: org.id,
    roles: ['org_member'],
  }
  reviewer = { kind: 'user', id: (await testUser(t, { roles: ['reviewer'] })).id, organisationId: null, roles: ['reviewer'] }
})
after(() => t.close())

/** The statements the app runs to answer one request, in a sorted list (panels load in parallel, in any order). */
async function statementsOf(url: string): Promise<string[]> {
  statements = []
  const res = await t.app.inject(url)
  const ran = statements
  statements = undefined
  assert.equal(res.statusCode, 200, url)
  return ran.sort()
}

describe('the queries a public page makes', () => {
  test('a system page runs the same statements for a record of one version as for one of five', async () => {
    const deps = testDeps(t)
    const young = await publishedTestSystem(deps, member, reviewer, { nameEn: 'Orchard survey' })
    const old = await publishedTestSystem(deps, member, reviewer, { nameEn: 'Canal inspection' })
    for (const version of [2, 3, 4, 5]) {
      const record = completeRecord({ nameEn: 'Canal inspection', summaryEn: `Version ${version} of the inspection model.` })
      await saveSection(deps, member, old.id, 'identity', record)
      await submitForReview(deps, member, old.id, `Summary for version ${version}`)
      await approve(deps, reviewer, old.id, undefined)
    }
    const once = await statementsOf(`/register/${young.number}`)
    assert.ok(once.length > 0)
    assert.deepEqual(await statementsOf(`/register/${old.number}`), once)
  })

  test('a page of search results runs the same statements for one match as for a full page of them', async () => {
    const deps = testDeps(t)
    await publishedTestSystem(deps, member, reviewer, { nameEn: 'Vineyard irrigation' })
    for (let i = 0; i < 24; i++) await publishedTestSystem(deps, member, reviewer, { nameEn: `Wheat yield model ${i}` })
    // What every search page shares (the register's size and bodies) is loaded once per publication, and whether the
    // database has a RUM index once per process, by either.
    await statementsOf('/register?q=warm')
    const one = await statementsOf('/register?q=vineyard')
    assert.deepEqual(await statementsOf('/register?q=wheat'), one)
    // A later page asks from an offset: another statement, as many of them.
    assert.equal((await statementsOf('/ur/register?q=wheat&page=2')).length, one.length)
  })
})
