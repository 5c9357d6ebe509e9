import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { seed } from '../../db/seed.ts'
import { createAuditLog } from '../../platform/audit-log.ts'
import { systemClock } from '../../platform/clock.ts'
import { testConfig } from '../../test-support/app.ts'
import { freshDatabase, type TestDatabase } from '../../test-support/database.ts'
import { searchIncidents } from '../incidents/incident-database.service.ts'
import * as repo from './register.repository.ts'

let d: TestDatabase
before(async () => (d = await freshDatabase()))
after(() => d?.dispose())

test('a demonstration copy shows published, assessed systems with history, found by Urdu words, and incidents in each state; seeding again adds nothing', async () => {
  const config = testConfig()
  const demo = {
    db: d.engine.db,
    engine: d.engine.kind,
    clock: systemClock,
    config,
    audit: createAuditLog({ clock: systemClock, auditKey: config.secrets.auditKey }),
  }
  const first = await seed(d.engine.db, demo)
  await seed(d.engine.db, demo)
  assert.equal(await repo.registerSize(d.engine.db), first.demoSystems)
  const found = await repo.searchRegister(d.engine.db, { q: 'امداد' }, 'relevance', 1, 20)
  assert.equal(found.hits[0]?.nameEn, 'Family support eligibility screening')
  const shown = await repo.publishedByNumber(d.engine.db, found.hits[0]!.number)
  assert.deepEqual(
    [shown?.entry.version, shown?.entry.impactLevel],
    [3, 'III'],
    'two published versions, then the accepted assessment',
  )
  assert.equal(shown?.version.record.provinces?.includes('gilgit_baltistan'), true)
  const incidents = await searchIncidents(d.engine.db, {})
  assert.deepEqual(incidents.rows.map((i) => i.state).sort(), ['open', 'redress_provided', 'referred'])
})
