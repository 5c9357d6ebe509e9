import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { expectedOn, statusOf, worstOf } from './progress-status.ts'

const by2026 = { value: 100, deadline: '2026-12-31' }

describe('progress status', () => {
  test('no measurement is no data until the deadline, overdue from the day after; no target is no target', () => {
    assert.equal(statusOf(by2026, [], '2026-01-01'), 'no_data')
    assert.equal(statusOf(by2026, [], '2026-12-31'), 'no_data', 'the deadline is the last day it can be met')
    assert.equal(statusOf(by2026, [], '2027-01-01'), 'overdue')
    assert.equal(statusOf({ value: 400, per: 'year', deadline: null }, [], '2030-01-01'), 'no_data', 'no deadline, never overdue')
    assert.equal(statusOf(null, [{ value: 5, measuredOn: '2026-01-01' }], '2026-01-01'), 'no_target')
  })

  test('on the straight line from the first measurement: 90% of the expected progress is on track, 70% at risk, less off track', () => {
    // From 0 on 2026-01-01 to 100 on 2026-12-31: 364 days; by 2026-07-02 (182 days) 50 are expected.
    const from = { value: 0, measuredOn: '2026-01-01' }
    const at = (value: number) => statusOf(by2026, [from, { value, measuredOn: '2026-07-02' }], '2026-07-02')
    assert.equal(at(45), 'on_track', '45 of 50 expected is exactly 90%')
    assert.equal(at(44.9), 'at_risk')
    assert.equal(at(35), 'at_risk', '35 of 50 is exactly 70%')
    assert.equal(at(34.9), 'off_track')
  })

  test('reaching the target is done, on any day; missing the deadline is off track, from the day after', () => {
    assert.equal(statusOf(by2026, [{ value: 100, measuredOn: '2026-03-01' }], '2026-03-01'), 'done')
    const short = [
      { value: 0, measuredOn: '2026-01-01' },
      { value: 99, measuredOn: '2026-12-31' },
    ]
    assert.equal(statusOf(by2026, short, '2026-12-31'), 'on_track', '99 of 100 on the last day is still within 90%')
    assert.equal(statusOf(by2026, short, '2027-01-01'), 'off_track')
  })

  test('a single measurement is judged from zero at the start of 2025; a yearly target against its figure each year', () => {
    // 2025-01-01 → 2026-12-31 is 729 days; on 2025-12-31 (364 days) 49.9 are expected.
    assert.equal(statusOf(by2026, [{ value: 45, measuredOn: '2025-12-31' }], '2026-01-05'), 'on_track')
    assert.equal(statusOf(by2026, [{ value: 30, measuredOn: '2025-12-31' }], '2026-01-05'), 'off_track')
    const yearly = { value: 400, per: 'year' as const, deadline: null }
    assert.equal(statusOf(yearly, [{ value: 400, measuredOn: '2025-12-31' }], '2026-01-05'), 'on_track')
    assert.equal(statusOf(yearly, [{ value: 300, measuredOn: '2025-12-31' }], '2026-01-05'), 'at_risk')
    assert.equal(statusOf(yearly, [{ value: 279, measuredOn: '2025-12-31' }], '2026-01-05'), 'off_track')
  })

  test('an item stands as its worst target', () => {
    assert.equal(worstOf(['done', 'at_risk', 'on_track']), 'at_risk')
    assert.equal(worstOf(['no_data', 'done']), 'no_data', 'one target without data keeps the item from being done')
    assert.equal(worstOf(['no_data', 'off_track']), 'off_track')
    assert.equal(worstOf(['no_data']), 'no_data')
    assert.equal(worstOf(['off_track', 'overdue', 'done']), 'overdue', 'a figure owed and missing is the worst')
    assert.equal(worstOf([]), 'no_target')
  })
})

describe('a target’s path: its baseline and interim milestones', () => {
  const target = { value: 100, deadline: '2026-12-31', baseline: { on: '2026-01-01', value: 20 } }
  const on = (value: number, measuredOn: string, goal: Parameters<typeof statusOf>[0] = target) =>
    statusOf(goal, [{ value, measuredOn }], measuredOn)

  test('progress is judged from the baseline, not from zero: 90% of the expected progress on track, 70% at risk', () => {
    // From 20 on 2026-01-01 to 100 on 2026-12-31 (364 days): by 2026-07-02 (182 days) 60 are expected, 40 above the baseline.
    assert.equal(on(56, '2026-07-02'), 'on_track', '36 of 40 is exactly 90%')
    assert.equal(on(55.9, '2026-07-02'), 'at_risk')
    assert.equal(on(48, '2026-07-02'), 'at_risk', '28 of 40 is exactly 70%')
    assert.equal(on(47.9, '2026-07-02'), 'off_track')
    // From zero at the start of 2025, 75 would be expected by then: the same 56 is at risk.
    assert.equal(on(56, '2026-07-02', { value: 100, deadline: '2026-12-31' }), 'at_risk')
  })

  test('an interim milestone bends the path: 80 by April is expected at April, whatever the line to December says', () => {
    const withMilestone = { ...target, milestones: [{ on: '2026-04-01', value: 80 }] }
    assert.equal(on(74, '2026-04-01', withMilestone), 'on_track', '54 of the 60 expected above the baseline is 90%')
    assert.equal(on(73.9, '2026-04-01', withMilestone), 'at_risk')
    assert.equal(on(50, '2026-04-01', withMilestone), 'off_track')
    assert.equal(on(50, '2026-04-01'), 'on_track', 'without the milestone, 50 in April is ahead of the straight line')
    // Milestones outside the path (before the baseline, on or after the deadline) are not part of it.
    const outside = {
      ...target,
      milestones: [
        { on: '2025-06-01', value: 90 },
        { on: '2027-03-01', value: 10 },
      ],
    }
    assert.equal(on(56, '2026-07-02', outside), 'on_track')
  })

  test('the expected value runs straight between points and holds at either end', () => {
    const path = [
      { on: '2026-01-01', value: 0 },
      { on: '2026-01-11', value: 10 },
      { on: '2026-01-21', value: 30 },
    ]
    assert.equal(expectedOn(path, '2025-12-01'), 0)
    assert.equal(expectedOn(path, '2026-01-06'), 5)
    assert.equal(expectedOn(path, '2026-01-11'), 10)
    assert.equal(expectedOn(path, '2026-01-16'), 20)
    assert.equal(expectedOn(path, '2026-02-01'), 30)
  })
})
