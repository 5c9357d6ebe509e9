import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { paisaOf } from '../../platform/numbers.ts'
import type { Quota } from './call-definition.ts'
import {
  milestonesOverAward,
  refuseAward,
  refusePayment,
  reportSchedule,
  sharePercent,
  standing,
  type Award,
  type CallLimits,
} from './decision-rules.ts'

const rs = (typed: string) => paisaOf(typed)!
const womenLed: Quota = {
  id: 'women_led',
  label: { en: 'Women-led' },
  minShare: 0.3,
  rule: { question: 'women_led', anyOf: ['yes'] },
}
const fund = (over: Partial<CallLimits> = {}): CallLimits => ({
  budgetPaisa: rs('10,000,000'),
  capPaisa: rs('1,000,000'),
  places: null,
  quotas: [],
  ...over,
})
const award = (amount: string, quotaIds: string[] = []): Award => ({ amountPaisa: rs(amount), quotaIds })
const ask = (amount: string | null, requested = '1,000,000', quotaIds: string[] = []) => ({
  amountPaisa: amount === null ? null : rs(amount),
  requestedPaisa: rs(requested),
  quotaIds,
})

describe('money in paisa', () => {
  test('sums are exact where floating point drifts: ten lines of Rs 0.10, and 400 awards of Rs 999,999.99', () => {
    assert.notEqual(
      Array.from({ length: 10 }, () => 0.1).reduce((a, b) => a + b, 0),
      1,
    ) // why paisa
    assert.equal(
      standing(
        fund(),
        Array.from({ length: 10 }, () => award('0.10')),
      ).spent,
      100n,
    )
    const many = standing(
      fund({ budgetPaisa: rs('40,00,00,000') }),
      Array.from({ length: 400 }, () => award('999,999.99')),
    )
    assert.equal(many.spent, 39_999_999_600n)
    assert.equal(many.budgetLeft, 400n)
  })

  test('an award must be within what was asked, the call’s cap and the money left', () => {
    assert.deepEqual(refuseAward(fund(), [], ask(null)), { error: 'amountMissing' })
    assert.deepEqual(refuseAward(fund(), [], ask('0')), { error: 'amountMissing' })
    assert.deepEqual(refuseAward(fund(), [], ask('500,000.01', '500,000')), { error: 'overRequested' })
    assert.deepEqual(refuseAward(fund(), [], ask('1,000,000.01', '2,000,000')), { error: 'overCap' })
    assert.equal(refuseAward(fund(), [], ask('1,000,000')), null)
    const nineAndAHalf = Array.from({ length: 19 }, () => award('500,000'))
    assert.equal(refuseAward(fund(), nineAndAHalf, ask('500,000')), null)
    assert.deepEqual(refuseAward(fund(), nineAndAHalf, ask('500,000.01')), { error: 'overBudget' })
  })

  test('a cohort takes no more than its places', () => {
    const cohort: CallLimits = { budgetPaisa: null, capPaisa: null, places: 2, quotas: [] }
    const admitted: Award = { amountPaisa: null, quotaIds: [] }
    assert.equal(refuseAward(cohort, [admitted], { amountPaisa: null, requestedPaisa: null, quotaIds: [] }), null)
    assert.deepEqual(refuseAward(cohort, [admitted, admitted], { amountPaisa: null, requestedPaisa: null, quotaIds: [] }), {
      error: 'noPlaces',
    })
  })
})

describe('quotas', () => {
  test('in places: 30% of 10 places keeps 3 for women-led projects until they are taken', () => {
    const limits = fund({ places: 10, quotas: [womenLed] })
    const others = Array.from({ length: 7 }, () => award('100,000'))
    assert.deepEqual(standing(limits, others).quotas[0], { id: 'women_led', unit: 'places', reserved: 3n, filled: 0n, unmet: 3n })
    assert.deepEqual(refuseAward(limits, others, ask('100,000')), {
      error: 'quotaReserved',
      quota: 'women_led',
      unmet: 3n,
      leftAfter: 2n,
      unit: 'places',
    })
    assert.equal(refuseAward(limits, others, ask('100,000', '1,000,000', ['women_led'])), null)
    const oneFilled = [...others.slice(0, 6), award('100,000', ['women_led'])]
    assert.equal(refuseAward(limits, oneFilled, ask('100,000')), null)
  })

  test('in money when the call has no places: 30% of Rs 10 million keeps Rs 3 million', () => {
    const limits = fund({ quotas: [womenLed] })
    const spent = Array.from({ length: 7 }, () => award('1,000,000'))
    assert.equal(standing(limits, spent).quotas[0]!.reserved, rs('3,000,000'))
    assert.equal(refuseAward(limits, spent.slice(0, 6), ask('1,000,000')), null)
    assert.equal(refuseAward(limits, spent, ask('0.01'))?.error, 'quotaReserved')
    assert.equal(refuseAward(limits, spent, ask('1,000,000', '1,000,000', ['women_led'])), null)
    // A reserve of a share that does not divide the budget is rounded up to the paisa: it is never short.
    assert.equal(standing(fund({ budgetPaisa: 1001n, quotas: [womenLed] }), []).quotas[0]!.reserved, 301n)
  })
})

describe('payments and reports', () => {
  test('payments never exceed a milestone: what is pending, approved or paid counts; what was sent back or declined does not', () => {
    const milestone = rs('3,00,000')
    const paid = { amountPaisa: rs('200,000'), state: 'paid' }
    assert.equal(refusePayment(milestone, [paid], rs('100,000')), null)
    assert.equal(refusePayment(milestone, [paid], rs('100,000.01')), 'overMilestone')
    assert.equal(
      refusePayment(milestone, [paid, { amountPaisa: rs('50,000'), state: 'submitted' }], rs('50,000.01')),
      'overMilestone',
    )
    assert.equal(refusePayment(milestone, [paid, { amountPaisa: rs('100,000'), state: 'declined' }], rs('100,000')), null)
    assert.equal(
      refusePayment(milestone, [paid, { amountPaisa: rs('100,000'), state: 'changes_requested' }], rs('100,000')),
      null,
    )
    assert.equal(refusePayment(milestone, [], 0n), 'amountMissing')
  })

  test('milestones together never exceed the award', () => {
    assert.equal(milestonesOverAward(rs('180,000.50'), [{ amountPaisa: rs('90,000') }, { amountPaisa: rs('90,000.50') }]), false)
    assert.equal(milestonesOverAward(rs('180,000.50'), [{ amountPaisa: rs('90,000') }, { amountPaisa: rs('90,000.51') }]), true)
  })

  test('reports fall every three months from the start, the last one final on the end date', () => {
    assert.deepEqual(reportSchedule('2026-03-01', '2026-09-01'), [
      { dueOn: '2026-06-01', final: false },
      { dueOn: '2026-09-01', final: true },
    ])
    assert.deepEqual(reportSchedule('2026-03-01', '2026-10-15'), [
      { dueOn: '2026-06-01', final: false },
      { dueOn: '2026-09-01', final: false },
      { dueOn: '2026-10-15', final: true },
    ])
    assert.deepEqual(reportSchedule('2026-03-01', '2026-04-01'), [{ dueOn: '2026-04-01', final: true }])
  })
})

describe('the NAIF’s share of Ignite’s R&D fund', () => {
  test('in percent to one decimal, exact from paisa, half up', () => {
    assert.equal(sharePercent(rs('30,00,00,000'), rs('1,00,00,00,000')), 30)
    assert.equal(sharePercent(2999n, 10000n), 30) // 29.99 → 30.0
    assert.equal(sharePercent(2994n, 10000n), 29.9)
    assert.equal(sharePercent(2995n, 10000n), 30) // 29.95 → 30.0, half up
    assert.equal(sharePercent(1n, 3n), 33.3)
  })
})
