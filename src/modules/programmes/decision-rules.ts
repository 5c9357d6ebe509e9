import type { Quota } from './call-definition.ts'

/** What a call may give: money in paisa (a fund call) and places (a sandbox cohort, or a fund call that caps them). */
export type CallLimits = {
  budgetPaisa: bigint | null
  capPaisa: bigint | null
  places: number | null
  quotas: readonly Quota[]
}
/** An award already made: its amount (none for a sandbox admission) and the quotas its application matches. */
export type Award = { amountPaisa: bigint | null; quotaIds: readonly string[] }

const sum = (xs: readonly bigint[]) => xs.reduce((a, b) => a + b, 0n)
/** A share as basis points, so that a reserve in paisa is computed in whole numbers: 0.3 → 3000. */
const basisPoints = (share: number) => BigInt(Math.round(share * 10_000))
const ceilDiv = (a: bigint, b: bigint) => (a + b - 1n) / b

/**
 * Where a call stands: places and money left, and for each quota what it reserves (in places when the call has
 * places, otherwise in paisa), what awards matching it have taken, and what is still unmet.
 */
export function standing(limits: CallLimits, awards: readonly Award[]) {
  const spent = sum(awards.map((a) => a.amountPaisa ?? 0n))
  const placesLeft = limits.places === null ? null : limits.places - awards.length
  const budgetLeft = limits.budgetPaisa === null ? null : limits.budgetPaisa - spent
  const inPlaces = limits.places !== null
  const quotas = limits.quotas.map((q) => {
    const matching = awards.filter((a) => a.quotaIds.includes(q.id))
    const reserved = inPlaces
      ? ceilDiv(BigInt(limits.places!) * basisPoints(q.minShare), 10_000n)
      : ceilDiv((limits.budgetPaisa ?? 0n) * basisPoints(q.minShare), 10_000n)
    const filled = inPlaces ? BigInt(matching.length) : sum(matching.map((a) => a.amountPaisa ?? 0n))
    return {
      id: q.id,
      unit: inPlaces ? ('places' as const) : ('paisa' as const),
      reserved,
      filled,
      unmet: reserved > filled ? reserved - filled : 0n,
    }
  })
  return { awarded: awards.length, spent, placesLeft, budgetLeft, quotas }
}
export type Standing = ReturnType<typeof standing>

export type AwardRefusal =
  | { error: 'amountMissing' | 'overRequested' | 'overCap' | 'overBudget' | 'noPlaces' }
  | { error: 'quotaReserved'; quota: string; unmet: bigint; leftAfter: bigint; unit: 'places' | 'paisa' }

/**
 * Whether the committee may award this application now, or why not: an amount within what was asked, the call's cap
 * and the money left; a place left; and no quota left unreachable by what the award would leave. Each quota is
 * checked on its own: after the award, the places (or money) left must still cover what the quota has not yet had.
 */
export function refuseAward(
  limits: CallLimits,
  awards: readonly Award[],
  candidate: { amountPaisa: bigint | null; requestedPaisa: bigint | null; quotaIds: readonly string[] },
): AwardRefusal | null {
  const now = standing(limits, awards)
  const amount = candidate.amountPaisa ?? 0n
  if (limits.budgetPaisa !== null) {
    if (candidate.amountPaisa === null || amount <= 0n) return { error: 'amountMissing' }
    if (candidate.requestedPaisa !== null && amount > candidate.requestedPaisa) return { error: 'overRequested' }
    if (limits.capPaisa !== null && amount > limits.capPaisa) return { error: 'overCap' }
    if (amount > now.budgetLeft!) return { error: 'overBudget' }
  }
  if (now.placesLeft !== null && now.placesLeft < 1) return { error: 'noPlaces' }
  for (const q of now.quotas) {
    const matches = candidate.quotaIds.includes(q.id)
    const taken = q.unit === 'places' ? 1n : amount
    const unmetAfter = matches ? (q.unmet > taken ? q.unmet - taken : 0n) : q.unmet
    const leftAfter = q.unit === 'places' ? BigInt(now.placesLeft! - 1) : now.budgetLeft! - amount
    if (unmetAfter > leftAfter) return { error: 'quotaReserved', quota: q.id, unmet: unmetAfter, leftAfter, unit: q.unit }
  }
  return null
}

/** Payment requests that count against a milestone: every one not sent back or declined. */
export const countsAgainstMilestone = (state: string) => !['changes_requested', 'declined'].includes(state)

/**
 * Whether a payment of this amount may be requested against a milestone, or why not: it must be positive, and what is
 * requested, approved or paid against the milestone may never exceed the milestone's amount (the milestones together
 * never exceed the award, which `milestonesOverAward` checks when they are set).
 */
export function refusePayment(
  milestonePaisa: bigint,
  payments: readonly { amountPaisa: bigint; state: string }[],
  amountPaisa: bigint,
): 'amountMissing' | 'overMilestone' | null {
  if (amountPaisa <= 0n) return 'amountMissing'
  const taken = payments.filter((p) => countsAgainstMilestone(p.state)).reduce((a, p) => a + p.amountPaisa, 0n)
  return taken + amountPaisa > milestonePaisa ? 'overMilestone' : null
}

/** Whether milestones add up to more than the award. */
export const milestonesOverAward = (awardPaisa: bigint, milestones: readonly { amountPaisa: bigint }[]) =>
  milestones.reduce((a, m) => a + m.amountPaisa, 0n) > awardPaisa

/**
 * The reports a participation owes: one every `everyMonths` from the start, and the final one at the end (a report
 * due on the end date is the final one). Dates are calendar dates in Pakistan (YYYY-MM-DD).
 */
export function reportSchedule(startsOn: string, endsOn: string, everyMonths = 3): { dueOn: string; final: boolean }[] {
  const out: { dueOn: string; final: boolean }[] = []
  const start = new Date(`${startsOn}T00:00:00Z`)
  for (let i = 1; ; i++) {
    const due = new Date(start)
    due.setUTCMonth(due.getUTCMonth() + i * everyMonths)
    const day = due.toISOString().slice(0, 10)
    if (day >= endsOn) break
    out.push({ dueOn: day, final: false })
  }
  out.push({ dueOn: endsOn, final: true })
  return out
}

/** A share in percent to one decimal, from whole paisa: exact to the tenth, rounded half up. */
export const sharePercent = (part: bigint, whole: bigint) => Number((part * 2000n + whole) / (2n * whole)) / 10
