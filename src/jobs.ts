import { lt } from 'drizzle-orm'
import type { Db } from './db/engine.ts'
import type { Secrets } from './config.ts'
import { accountsDeps } from './modules/accounts/accounts.service.ts'
import { openDueAccessReviews } from './modules/accounts/admin.service.ts'
import { pruneSessions } from './modules/accounts/sessions.ts'
import { runObligationsDaily } from './modules/assessments/obligations.service.ts'
import { applyRetention } from './modules/incidents/retention.service.ts'
import type { AuditLog } from './platform/audit-log.ts'
import type { Clock } from './platform/clock.ts'
import { createJobRunner, type Job } from './platform/jobs.ts'
import { indicators } from './indicators.ts'
import { snapshotIndicators } from './platform/indicators.ts'
import { announceUnsent, sendDue, type Mailer } from './platform/outbox.ts'
import { rateLimitHits } from './platform/platform.tables.ts'

type Log = { info(obj: object, msg: string): void; error(obj: object, msg: string): void }

type JobDeps = {
  clock: Clock
  audit: AuditLog
  log: Log
  secrets: Secrets
  mailer?: Mailer | undefined
  mailFrom: string
  publicUrl: URL
}

/** Every scheduled job of Mizan; features add theirs here. */
export function scheduledJobs(deps: JobDeps): Job[] {
  return [
    {
      name: 'outbox.send',
      schedule: { everyMinutes: 1 },
      async run(db) {
        if (!deps.mailer) {
          await announceUnsent(db, deps.clock, (message) =>
            deps.log.info({ outbox: message }, 'e-mail waiting in the outbox: no mail server is configured'),
          )
          return
        }
        const { sent, failed } = await sendDue(db, deps.clock, deps.mailer, deps.mailFrom)
        if (sent || failed) deps.log.info({ sent, failed }, 'outbox sent')
      },
    },
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
      name: 'accounts.access-reviews-due',
      schedule: { dailyAt: '06:00' },
      run: (db) => openDueAccessReviews(accountsDeps(db, deps.secrets, deps.clock, deps.audit)).then(() => undefined),
    },
    {
      name: 'obligations.daily',
      schedule: { dailyAt: '06:30' },
      async run(db) {
        const round = await runObligationsDaily(db, deps.clock, deps.audit, deps.publicUrl)
        deps.log.info({ obligations: round }, 'obligations: daily round')
      },
    },
    {
      name: 'incidents.retention',
      schedule: { dailyAt: '03:30' },
      async run(db) {
        const done = await applyRetention(db, deps.clock, deps.audit)
        if (done.erased) deps.log.info({ retention: done }, 'incidents: retention applied')
      },
    },
    {
      name: 'indicators.snapshot',
      schedule: { dailyAt: '01:00' },
      run: (db) => snapshotIndicators(db, deps.clock, indicators).then(() => undefined),
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

export function createScheduler(deps: JobDeps & { db: Db }) {
  return createJobRunner({
    db: deps.db,
    clock: deps.clock,
    jobs: scheduledJobs(deps),
    onError: (job, err) => deps.log.error({ err, job }, 'scheduled job failed'),
  })
}
