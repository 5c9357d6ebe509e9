import { lt } from 'drizzle-orm'
import type { Db } from './db/engine.ts'
import { pruneSessions } from './modules/accounts/sessions.ts'
import type { AuditLog } from './platform/audit-log.ts'
import type { Clock } from './platform/clock.ts'
import { createJobRunner, type Job } from './platform/jobs.ts'
import { rateLimitHits } from './platform/platform.tables.ts'

type Log = { info(obj: object, msg: string): void; error(obj: object, msg: string): void }

/** Every scheduled job of Mizan; features add theirs here. */
export function scheduledJobs(deps: { audit: AuditLog; log: Log }): Job[] {
  return [
    {
      name: 'audit.checkpoint',
      schedule: { everyMinutes: 15 },
      async run(db) {
        const c = await deps.audit.checkpoint(db)
        // The log line is the anchor kept outside the database: compare it with `mizan audit verify`.
        if (c) deps.log.info({ auditCheckpoint: c }, 'audit checkpoint signed')
      },
    },
    {
      name: 'sessions.prune',
      schedule: { everyMinutes: 60 },
      run: (db, now) => pruneSessions(db, now),
    },
    {
      name: 'rate-limits.prune',
      schedule: { everyMinutes: 60 },
      async run(db, now) {
        await db.delete(rateLimitHits).where(lt(rateLimitHits.resetsAt, now))
      },
    },
  ]
}

export function createScheduler(deps: { db: Db; clock: Clock; audit: AuditLog; log: Log }) {
  return createJobRunner({
    db: deps.db,
    clock: deps.clock,
    jobs: scheduledJobs(deps),
    onError: (job, err) => deps.log.error({ err, job }, 'scheduled job failed'),
  })
}
