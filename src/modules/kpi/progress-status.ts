/**
 * How a target stands, by a rule anyone can check (README, "Progress status"). Progress is expected to run in a
 * straight line from the starting point to the target on its deadline:
 * - no measurement yet: `no_data`, or `overdue` once its deadline has passed;
 * - reached (latest value at or above the target): `done`; for a yearly target, the latest year's figure at or above
 *   it is `on_track` instead, since it must be reached again next year;
 * - deadline passed without reaching it: `off_track`;
 * - otherwise the progress made is compared with the progress expected by the latest measurement's date: at least 90%
 *   of it is `on_track`, at least 70% `at_risk`, less `off_track`. A yearly target compares the latest figure with
 *   the target itself in the same way.
 * The starting point is the first measurement when there are two or more, otherwise zero at the start of 2025.
 */
export const statuses = ['done', 'on_track', 'at_risk', 'off_track', 'overdue', 'no_data', 'no_target'] as const
export type Status = (typeof statuses)[number]

export type Measurement = { value: number; measuredOn: string }
export type Goal = { value: number; per?: 'year' | 'ongoing' | undefined; deadline: string | null }

export const POLICY_START = '2025-01-01'
const ON_TRACK = 0.9
const AT_RISK = 0.7

const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000
const byRatio = (ratio: number): Status => (ratio >= ON_TRACK ? 'on_track' : ratio >= AT_RISK ? 'at_risk' : 'off_track')

/** Without a figure: overdue once the deadline has passed (a deadline is the last day it can be met), else no data. */
export const unmeasured = (deadline: string | null, today: string): Status =>
  deadline !== null && today > deadline ? 'overdue' : 'no_data'

/** `measurements` in any order; `today` is the Pakistan date the status is judged on. */
export function statusOf(goal: Goal | null, measurements: readonly Measurement[], today: string): Status {
  if (!goal) return 'no_target'
  if (measurements.length === 0) return unmeasured(goal.deadline, today)
  const sorted = [...measurements].sort((a, b) => a.measuredOn.localeCompare(b.measuredOn))
  const latest = sorted.at(-1)!
  if (goal.per === 'year' || goal.per === 'ongoing')
    return latest.value >= goal.value ? 'on_track' : byRatio(latest.value / goal.value)
  if (latest.value >= goal.value) return 'done'
  if (goal.deadline === null) return byRatio(latest.value / goal.value)
  if (today > goal.deadline) return 'off_track'
  const start = sorted.length > 1 ? sorted[0]! : { value: 0, measuredOn: POLICY_START }
  const span = day(goal.deadline) - day(start.measuredOn)
  const elapsed = Math.min(Math.max(day(latest.measuredOn) - day(start.measuredOn), 0), span)
  const expected = span > 0 ? ((goal.value - start.value) * elapsed) / span : goal.value - start.value
  return expected <= 0 ? 'on_track' : byRatio((latest.value - start.value) / expected)
}

/**
 * An item with several targets stands as its worst: one overdue, off track or at risk says so; otherwise a target
 * without data means the item cannot be called on track or done.
 */
export function worstOf(list: readonly Status[]): Status {
  const order: Status[] = ['overdue', 'off_track', 'at_risk', 'no_data', 'on_track', 'done']
  return order.find((s) => list.includes(s)) ?? 'no_target'
}
