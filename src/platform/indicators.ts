import { count, desc, eq, sql, type SQL } from 'drizzle-orm'
import type { PgTable } from 'drizzle-orm/pg-core'
import type { Db } from '../db/engine.ts'
import type { Clock } from './clock.ts'
import { indicatorValues } from './platform.tables.ts'
import { pakistanToday } from './work-queue.ts'

/** A figure a feature computes from its own records, e.g. AI systems published in the register. */
export type Indicator = {
  /** `<feature>.<figure>`, stable: the policy tracker links KPIs to it. */
  key: string
  unit: 'count' | 'percent' | 'pkr'
  /** Policy clause the figure serves, e.g. "3.5". */
  source: string
  compute(db: Db, now: Date): Promise<number>
}

export const countOf = async (db: Db, table: PgTable, where?: SQL) =>
  Number((await db.select({ n: count() }).from(table).where(where))[0]!.n)

/** A figure that is a count of rows, as most of Mizan's are. */
export const counting = (key: string, source: string, table: PgTable, where?: SQL): Indicator => ({
  key,
  unit: 'count',
  source,
  compute: (db) => countOf(db, table, where),
})

/** Computes every indicator and keeps today's value (Pakistan date); running again the same day replaces it. */
export async function snapshotIndicators(
  db: Db,
  clock: Clock,
  indicators: readonly Indicator[],
): Promise<Record<string, number>> {
  const now = clock.now()
  const onDate = pakistanToday(clock)
  const values: Record<string, number> = {}
  for (const indicator of indicators) {
    const value = await indicator.compute(db, now)
    values[indicator.key] = value
    await db
      .insert(indicatorValues)
      .values({ key: indicator.key, onDate, value, computedAt: now })
      .onConflictDoUpdate({ target: [indicatorValues.key, indicatorValues.onDate], set: { value, computedAt: now } })
  }
  return values
}

/** An indicator's values over time, newest first. */
export const indicatorHistory = (db: Db, key: string, limit = 400) =>
  db.select().from(indicatorValues).where(eq(indicatorValues.key, key)).orderBy(desc(indicatorValues.onDate)).limit(limit)

/** The newest value of every indicator. */
export async function latestIndicators(db: Db): Promise<Record<string, { value: number; onDate: string }>> {
  const rows = await db
    .selectDistinctOn([indicatorValues.key])
    .from(indicatorValues)
    .orderBy(indicatorValues.key, sql`${indicatorValues.onDate} desc`)
  return Object.fromEntries(rows.map((r) => [r.key, { value: r.value, onDate: r.onDate }]))
}
