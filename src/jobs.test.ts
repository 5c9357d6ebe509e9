import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { createScheduler } from './jobs.ts'
import { createAuditLog } from './platform/audit-log.ts'
import { auditCheckpoints } from './platform/audit.tables.ts'
import { rateLimitHits } from './platform/platform.tables.ts'
import { manualClock, testConfig } from './test-support/app.ts'
import { freshDatabase, type TestDatabase } from './test-support/database.ts'

let d: TestDatabase
before(async () => (d = await freshDatabase()))
after(() => d?.dispose())

test('the scheduled jobs run: audit checkpoints, pruning, indicators, access reviews, obligations, data calls, incident retention, refused imports forgotten', async () => {
  const clock = manualClock('2026-02-01T00:00:00Z')
  const audit = createAuditLog({ clock, auditKey: 'k'.repeat(32) })
  const logged: object[] = []
  const scheduler = createScheduler({
    db: d.engine.db,
    engine: d.engine.kind,
    clock,
    audit,
    log: { info: (o) => logged.push(o), error: () => {} },
    secrets: testConfig().secrets,
    mailFrom: 'Mizan <test@localhost>',
    publicUrl: new URL('http://localhost:3000'),
  })
  await scheduler.register()
  await audit.record(d.engine.db, { kind: 'public' }, { action: 'test.happened', subject: { type: 'test' } })
  await d.engine.db.insert(rateLimitHits).values([
    { key: 'expired', hits: 3, resetsAt: new Date('2026-02-01T00:10:00Z') },
    { key: 'current', hits: 1, resetsAt: new Date('2026-02-09T02:00:00Z') },
  ])
  // A day later every job has fallen due, the daily ones included.
  clock.advance(24 * 60 * 60_000)
  const outcomes = await scheduler.runDue()
  assert.deepEqual(outcomes.map((o) => `${o.name}:${o.outcome}`).sort(), [
    'accounts.access-reviews-due:ok',
    'audit.checkpoint:ok',
    'database.maintain:ok',
    'incidents.retention:ok',
    'indicators.snapshot:ok',
    'obligations.daily:ok',
    'outbox.send:ok',
    'programmes.report_reminders:ok',
    'progress.data-calls:ok',
    'rate-limits.prune:ok',
    'register.forget-import-checks:ok',
    'sessions.prune:ok',
  ])
  assert.deepEqual(
    (await d.engine.db.select().from(rateLimitHits)).map((r) => r.key),
    ['current'],
  )
  assert.equal((await d.engine.db.select().from(auditCheckpoints)).length, 1)
  assert.equal(logged.length, 3, 'the audit checkpoint, the obligations round and the data-call round are logged')
  assert.equal((await audit.verify(d.engine.db)).ok, true)
})
