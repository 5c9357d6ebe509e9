import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { freshDatabase, type TestDatabase } from '../test-support/database.ts'
import { policyPillars } from './schema.ts'
import { seed } from './seed.ts'

let d: TestDatabase
before(async () => (d = await freshDatabase()))
after(() => d?.dispose())

test('seeding twice leaves the same data as seeding once', async () => {
  assert.deepEqual(await seed(d.engine.db), { policyPillars: 6, organisations: 32, questionnaires: 3, policyItems: 99 })
  const once = await d.engine.db.select().from(policyPillars)
  await seed(d.engine.db)
  const twice = await d.engine.db.select().from(policyPillars)
  assert.equal(once.length, 6)
  assert.deepEqual(twice, once)
})

test('migrating again is harmless', async () => {
  await d.engine.migrate()
  assert.equal((await d.engine.db.select().from(policyPillars)).length, 6)
})
