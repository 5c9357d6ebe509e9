import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { eq } from 'drizzle-orm'
import { testActor, testOrganisation } from '../../test-support/accounts.ts'
import { testApp, testDeps, type TestApp } from '../../test-support/app.ts'
import { publishedTestSystem } from '../../test-support/register.ts'
import { registerFeature } from './register.feature.ts'
import { registerEntries } from './register.tables.ts'

let t: TestApp
before(async () => (t = await testApp()))
after(() => t.close())

const indicator = (key: string) => registerFeature.indicators!.find((i) => i.key === key)!

test('bodies applying the national framework are counted once each, and only for systems whose assessment was accepted', async () => {
  const deps = testDeps(t)
  const reviewer = await testActor(t, ['reviewer'])
  const bodies = indicator('register.bodies_assessed')
  const count = () => bodies.compute(deps.db, deps.clock.now())
  assert.equal(await count(), 0)
  const first = await testOrganisation(t, 'first-body')
  const firstMember = await testActor(t, ['org_member'], first.id)
  await publishedTestSystem(deps, firstMember, reviewer, { nameEn: 'Land record search' })
  await publishedTestSystem(deps, firstMember, reviewer, { nameEn: 'Mutation queue' })
  assert.equal(await count(), 1, 'two systems of one body count as one body')
  const second = await testOrganisation(t, 'second-body')
  await publishedTestSystem(deps, await testActor(t, ['org_member'], second.id), reviewer, { nameEn: 'Permit triage' })
  assert.equal(await count(), 2)
  // A record published without an accepted assessment (as an import publishes one) does not count its body.
  await t.database.owner
    .update(registerEntries)
    .set({ impactLevel: 'not_assessed' })
    .where(eq(registerEntries.organisationId, second.id))
  assert.equal(await count(), 1)
  assert.equal(await indicator('register.systems_published').compute(deps.db, deps.clock.now()), 3)
})
