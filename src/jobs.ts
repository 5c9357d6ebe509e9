import { lt } from 'drizzle-orm'
import { maintainEmbedded, type Db } from './db/engine.ts'
import { features } from './features.ts'
import { indicatorsOf, jobsOf } from './platform/feature.ts'
import { snapshotIndicators } from './platform/indicators.ts'
import { createJobRunner, type Job, type JobDeps } from './platform/jobs.ts'
import { announceUnsent, sendDue } from './platform/outbox.ts'
import { rateLimitHits } from './platform/platform.tables.ts'

/** The platform's own jobs; features declare theirs in their manifests. */
function platformJobs(deps: JobDeps): Job[] {
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
        // The log line is one more anchor kept outside the database, beside the anchor file.
        if (c) deps.log.info({ auditCheckpoint: c }, 'audit checkpoint signed')
      },
    },
    {
      name: 'indicators.snapshot',
      schedule: { dailyAt: '01:00' },
      run: (db) => snapshotIndicators(db, deps.clock, indicatorsOf(features)).then(() => undefined),
    },
    {
      // Statistics for the planner and a checkpoint, which a PostgreSQL server keeps by itself.
      name: 'database.maintain',
      schedule: { everyMinutes: 60 },
      run: (db) => maintainEmbedded(db, deps.engine),
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

/** Every scheduled job: the platform's, then each feature's. */
export const scheduledJobs = (deps: JobDeps): Job[] => jobsOf(features, deps, platformJobs(deps))

export function createScheduler(deps: JobDeps & { db: Db }) {
  return createJobRunner({
    db: deps.db,
    clock: deps.clock,
    jobs: scheduledJobs(deps),
    onError: (job, err) => deps.log.error({ err, job }, 'scheduled job failed'),
  })
}
