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
 * The path runs in straight lines from the starting point through each interim milestone to the target on its
 * deadline. The starting point is the target's baseline where the Cell has set one, else the first measurement when
 * there are two or more, else zero at the start of 2025.
 */
export const statuses = ['done', 'on_track', 'at_risk', 'off_track', 'overdue', 'no_data', 'no_target'] as const
export type Status = (typeof statuses)[number]

export type Measurement = { value: number; measuredOn: string }
/** A point a target's path passes through: its baseline, or an interim milestone. */
export type PathPoint = { on: string; value: number }
export type Goal = {
  value: number
  per?: 'year' | 'ongoing' | undefined
  deadline: string | null
  baseline?: PathPoint | undefined
  milestones?: readonly PathPoint[] | undefined
}

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
  const first = sorted.length > 1 ? { on: sorted[0]!.measuredOn, value: sorted[0]!.value } : { on: POLICY_START, value: 0 }
  const start = goal.baseline ?? first
  const path = [
    start,
    ...(goal.milestones ?? []).filter((m) => m.on > start.on && m.on < goal.deadline!),
    { on: goal.deadline, value: goal.value },
  ].sort((a, b) => a.on.localeCompare(b.on))
  const expected = expectedOn(path, latest.measuredOn) - start.value
  return expected <= 0 ? 'on_track' : byRatio((latest.value - start.value) / expected)
}

/** The value the path expects on a date: on the straight line between the points either side, held at either end. */
export function expectedOn(path: readonly PathPoint[], date: string): number {
  if (date <= path[0]!.on) return path[0]!.value
  const after = path.findIndex((p) => p.on >= date)
  if (after === -1) return path.at(-1)!.value
  const [a, b] = [path[after - 1]!, path[after]!]
  return a.value + ((b.value - a.value) * (day(date) - day(a.on))) / (day(b.on) - day(a.on))
}

/**
 * An item with several targets stands as its worst: one overdue, off track or at risk says so; otherwise a target
 * without data means the item cannot be called on track or done.
 */
export function worstOf(list: readonly Status[]): Status {
  const order: Status[] = ['overdue', 'off_track', 'at_risk', 'no_data', 'on_track', 'done']
  return order.find((s) => list.includes(s)) ?? 'no_target'
}
