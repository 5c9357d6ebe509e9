import type { Db } from '../../db/engine.ts'
import * as repo from './kpi.repository.ts'
import { periodOn, previousPeriod } from './reporting-periods.ts'

/**
 * The periods whose data calls still gather answers, oldest first: of the current half-year or the one before, with a
 * call and no published report. A call for the half-year just ended is answered in the first weeks of the next.
 */
export async function openCallPeriods(db: Db, today: string): Promise<string[]> {
  const current = periodOn(today)
  const recent = [previousPeriod(current), current]
  const called = new Set((await repo.callsList(db)).map((c) => c.period))
  const out: string[] = []
  for (const p of recent) if (called.has(p) && !(await repo.reportOfPeriod(db, p))) out.push(p)
  return out
}

/** The period a rating given today is for: the oldest open call's, or else the current half-year. */
export const ratingPeriod = async (db: Db, today: string) => (await openCallPeriods(db, today))[0] ?? periodOn(today)
