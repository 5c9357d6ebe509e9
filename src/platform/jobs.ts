import { and, eq, isNull, lte, lt, or, sql } from 'drizzle-orm'
import type { Secrets } from '../config.ts'
import type { Db, EngineKind } from '../db/engine.ts'
import type { AuditLog } from './audit-log.ts'
import { PAKISTAN_OFFSET_MS, type Clock } from './clock.ts'
import type { Mailer } from './outbox.ts'
import { jobSchedule } from './platform.tables.ts'

export type JobLog = { info(obj: object, msg: string): void; error(obj: object, msg: string): void }

/** What scheduled jobs are given: the scheduler runs outside any request. */
export type JobDeps = {
  /** The engine's kind: some upkeep is the embedded engine's alone. */
  engine: EngineKind
  clock: Clock
  audit: AuditLog
  log: JobLog
  secrets: Secrets
  mailer?: Mailer | undefined
  mailFrom: string
  publicUrl: URL
}

export type Schedule = { everyMinutes: number } | { dailyAt: `${number}:${number}` }

export type Job = {
  /** `<feature>.<what>`, stable: it keys the schedule row. */
  name: string
  schedule: Schedule
  run(db: Db, now: Date): Promise<void>
}

/** The first time strictly after `after` that the schedule falls due. */
export function nextDue(schedule: Schedule, after: Date): Date {
  if ('everyMinutes' in schedule) return new Date(after.getTime() + schedule.everyMinutes * 60_000)
  const [h, m] = schedule.dailyAt.split(':').map(Number) as [number, number]
  const local = new Date(after.getTime() + PAKISTAN_OFFSET_MS)
  const candidate = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate(), h, m) - PAKISTAN_OFFSET_MS
  return new Date(candidate > after.getTime() ? candidate : candidate + 24 * 60 * 60 * 1000)
}

/** How long a runner may hold a job before another may assume it crashed and take over. */
const LEASE_MS = 10 * 60 * 1000

export type JobOutcome = { name: string; outcome: 'ok' | 'failed'; error?: string }

/**
 * Runs scheduled work. Each due job is claimed by one atomic UPDATE, so however many app processes
 * or `mizan jobs run-due` commands call runDue at once, a job runs once per due time; a runner that
 * dies mid-job loses its lease and the job runs again after LEASE_MS.
 */
export function createJobRunner(deps: { db: Db; clock: Clock; jobs: Job[]; onError?: (job: string, err: unknown) => void }) {
  async function register() {
    const now = deps.clock.now()
    for (const job of deps.jobs) {
      await deps.db
        .insert(jobSchedule)
        .values({ name: job.name, nextRunAt: nextDue(job.schedule, now) })
        .onConflictDoNothing()
    }
  }

  async function claim(job: Job, now: Date): Promise<boolean> {
    const claimed = await deps.db
      .update(jobSchedule)
      .set({ nextRunAt: nextDue(job.schedule, now), leaseUntil: new Date(now.getTime() + LEASE_MS), lastStartedAt: now })
      .where(
        and(
          eq(jobSchedule.name, job.name),
          lte(jobSchedule.nextRunAt, now),
          or(isNull(jobSchedule.leaseUntil), lt(jobSchedule.leaseUntil, now)),
        ),
      )
      .returning({ name: jobSchedule.name })
    return claimed.length === 1
  }

  async function runDue(): Promise<JobOutcome[]> {
    const outcomes: JobOutcome[] = []
    for (const job of deps.jobs) {
      const now = deps.clock.now()
      if (!(await claim(job, now))) continue
      let outcome: JobOutcome = { name: job.name, outcome: 'ok' }
      try {
        await job.run(deps.db, now)
      } catch (err) {
        deps.onError?.(job.name, err)
        outcome = { name: job.name, outcome: 'failed', error: err instanceof Error ? err.message : String(err) }
      }
      await deps.db
        .update(jobSchedule)
        .set({
          leaseUntil: null,
          lastFinishedAt: deps.clock.now(),
          lastOutcome: outcome.outcome,
          lastError: outcome.error ?? null,
          runs: sql`${jobSchedule.runs} + 1`,
        })
        .where(eq(jobSchedule.name, job.name))
      outcomes.push(outcome)
    }
    return outcomes
  }

  return { register, runDue }
}

export type JobRunner = ReturnType<typeof createJobRunner>
