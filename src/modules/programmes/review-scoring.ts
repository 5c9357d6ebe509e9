import { plainNumber } from '../../platform/numbers.ts'
import { tieBreaksOf, type CallDefinition } from './call-definition.ts'

/**
 * Scores are kept in tenths of a point (3.5 is 35), so that totals, thresholds and weighted sums are whole numbers
 * and never drift as floating-point sums do.
 */
export type Tenths = number
export type Scores = Record<string, Tenths>

const tenths = (points: number): Tenths => Math.round(points * 10)

/** A score as a reviewer types it ("3.5", "۴", "3,5" is refused): whole or half points from 0 to 5, in tenths. */
export function scoreOf(typed: string): Tenths | undefined {
  const plain = plainNumber(typed.trim())
  if (plain === undefined || !/^\d(?:\.[05]0*)?$/.test(plain)) return undefined
  const t = tenths(Number(plain))
  return t <= 50 ? t : undefined
}

/** Tenths as points for people: 35 → "3.5", 40 → "4". */
export const pointsText = (t: Tenths) => (t % 10 === 0 ? String(t / 10) : (t / 10).toFixed(1))

/** Whether an application passes: every criterion at or above its threshold, and the plain total at or above the call's. */
export function thresholds(def: CallDefinition, scores: Scores) {
  const failing = def.criteria.filter((c) => (scores[c.id] ?? 0) < tenths(c.threshold)).map((c) => c.id)
  const total = def.criteria.reduce((sum, c) => sum + (scores[c.id] ?? 0), 0)
  const totalPasses = total >= tenths(def.totalThreshold)
  return { failing, total, totalPasses, passes: failing.length === 0 && totalPasses }
}

/** The total ranking uses: each criterion's score times its weight (all weights are 1 unless the call says). */
export const weightedTotal = (def: CallDefinition, scores: Scores): number =>
  def.criteria.reduce((sum, c) => sum + (scores[c.id] ?? 0) * c.weight, 0)

/** How far reviewers' scores on each criterion are apart, and whether that is wide enough to flag for the consensus. */
export function spreads(def: CallDefinition, reviews: readonly Scores[]) {
  return def.criteria.map((c) => {
    const given = reviews.map((r) => r[c.id]).filter((s): s is number => s !== undefined)
    const min = given.length ? Math.min(...given) : 0
    const max = given.length ? Math.max(...given) : 0
    return { criterion: c.id, min, max, spread: max - min, wide: given.length > 1 && max - min >= tenths(def.wideSpread) }
  })
}

export type Candidate = { id: string; scores: Scores; prioritySectorsCovered: number }

/** The keys a candidate is ordered by, best first: weighted total, then the call's tie-breaks in order. */
function keysOf(def: CallDefinition, c: Candidate): number[] {
  return [
    weightedTotal(def, c.scores),
    ...tieBreaksOf(def).map((t) => (t === 'priority_sectors' ? c.prioritySectorsCovered : (c.scores[t.criterion] ?? 0))),
  ]
}

/**
 * The panel's ranking of consensus scores: those that pass the thresholds, best first by weighted total and then by
 * the call's tie-breaks; a rank is shared when every key is equal (the committee then decides, with reasons). Those
 * below a threshold are not ranked.
 */
export function rank(def: CallDefinition, candidates: readonly Candidate[]) {
  const passing = candidates
    .filter((c) => thresholds(def, c.scores).passes)
    .map((c) => ({ ...c, keys: keysOf(def, c) }))
    .sort((a, b) => {
      for (let i = 0; i < a.keys.length; i++) if (a.keys[i] !== b.keys[i]) return b.keys[i]! - a.keys[i]!
      return 0
    })
  const ranked = passing.map((c, i) => ({ id: c.id, keys: c.keys, rank: i + 1, tied: false }))
  for (let i = 1; i < ranked.length; i++) {
    if (ranked[i]!.keys.every((k, j) => k === ranked[i - 1]!.keys[j])) {
      ranked[i]!.rank = ranked[i - 1]!.rank
      ranked[i]!.tied = ranked[i - 1]!.tied = true
    }
  }
  const below = candidates.filter((c) => !thresholds(def, c.scores).passes).map((c) => c.id)
  return { ranked, below }
}
