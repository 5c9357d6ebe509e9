import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import fundProject from './data/fund-project-call.json' with { type: 'json' }
import { CallDefinition } from './call-definition.ts'
import { pointsText, rank, scoreOf, spreads, thresholds, weightedTotal } from './review-scoring.ts'

const call = CallDefinition.parse(fundProject)
const withWeights = (weights: number[]) =>
  CallDefinition.parse({ ...fundProject, criteria: fundProject.criteria.map((c, i) => ({ ...c, weight: weights[i] })) })
const s = (excellence: number, impact: number, implementation: number) => ({
  excellence: excellence * 10,
  impact: impact * 10,
  implementation: implementation * 10,
})

describe('review scores', () => {
  test('a score is a whole or half point from 0 to 5, typed in any of Pakistan’s digits, kept in tenths', () => {
    assert.equal(scoreOf('3.5'), 35)
    assert.equal(scoreOf('۴'), 40)
    assert.equal(scoreOf('٢٫٥'), 25)
    assert.equal(scoreOf(' 0 '), 0)
    assert.equal(scoreOf('5.0'), 50)
    for (const wrong of ['3.3', '5.5', '6', '-1', '3,5', 'four', '', '1e0', '2.25'])
      assert.equal(scoreOf(wrong), undefined, wrong)
    assert.equal(pointsText(35), '3.5')
    assert.equal(pointsText(40), '4')
  })

  test('Horizon Europe’s default thresholds: 3 on every criterion and 10 in total, both needed', () => {
    assert.deepEqual(thresholds(call, s(3, 3, 4)), { failing: [], total: 100, totalPasses: true, passes: true })
    // 3 + 3 + 3.5 = 9.5: every criterion passes, the total does not.
    assert.equal(thresholds(call, s(3, 3, 3.5)).passes, false)
    assert.equal(thresholds(call, s(3, 3, 3.5)).totalPasses, false)
    // 5 + 5 + 2.5 = 12.5: the total passes, one criterion does not.
    assert.deepEqual(thresholds(call, s(5, 5, 2.5)).failing, ['implementation'])
    assert.equal(thresholds(call, s(5, 5, 2.5)).passes, false)
  })

  test('weights change the ranking total, never the thresholds', () => {
    const weighted = withWeights([1, 2, 1])
    assert.equal(weightedTotal(weighted, s(4, 3.5, 3)), 40 + 70 + 30)
    assert.equal(thresholds(weighted, s(4, 3.5, 3)).total, 105)
    assert.equal(thresholds(weighted, s(5, 2.5, 5)).passes, false)
  })

  test('a wide spread between reviewers is flagged, criterion by criterion, from two points apart', () => {
    assert.equal(spreads(call, [s(3, 3, 3), s(3, 3, 5)])[2]!.wide, true)
    assert.equal(spreads(call, [s(3, 3, 3)])[0]!.wide, false)
    // The call's default: two points apart or more is wide.
    const out = spreads(call, [s(4, 2, 3), s(2, 2.5, 3), s(4.5, 3.5, 3)])
    assert.deepEqual(
      out.map((x) => [x.criterion, x.spread, x.wide]),
      [
        ['excellence', 25, true],
        ['impact', 15, false],
        ['implementation', 0, false],
      ],
    )
  })

  test('ranking: weighted total, then the first criterion, the second, then priority-sector coverage', () => {
    const { ranked, below } = rank(call, [
      { id: 'a', scores: s(4, 4, 4), prioritySectorsCovered: 0 },
      { id: 'b', scores: s(3.5, 4.5, 4), prioritySectorsCovered: 0 },
      { id: 'c', scores: s(4, 3.5, 4.5), prioritySectorsCovered: 2 },
      { id: 'd', scores: s(4, 3.5, 4.5), prioritySectorsCovered: 1 },
      { id: 'e', scores: s(5, 5, 2.5), prioritySectorsCovered: 3 },
      { id: 'f', scores: s(4.5, 4.5, 4.5), prioritySectorsCovered: 0 },
    ])
    // All but e total 12 (f 13.5); a and c/d win on excellence over b; a wins on impact over c and d; c on sectors.
    assert.deepEqual(
      ranked.map((r) => [r.id, r.rank]),
      [
        ['f', 1],
        ['a', 2],
        ['c', 3],
        ['d', 4],
        ['b', 5],
      ],
    )
    assert.deepEqual(below, ['e'])
  })

  test('candidates equal on every key share a rank and are marked tied; the call may name its own tie-breaks', () => {
    const tied = rank(call, [
      { id: 'x', scores: s(4, 4, 4), prioritySectorsCovered: 1 },
      { id: 'y', scores: s(4, 4, 4), prioritySectorsCovered: 1 },
      { id: 'z', scores: s(3, 4, 4), prioritySectorsCovered: 1 },
    ]).ranked
    assert.deepEqual(
      tied.map((r) => [r.id, r.rank, r.tied]),
      [
        ['x', 1, true],
        ['y', 1, true],
        ['z', 3, false],
      ],
    )
    const implementationFirst = CallDefinition.parse({ ...fundProject, tieBreaks: [{ criterion: 'implementation' }] })
    const order = rank(implementationFirst, [
      { id: 'p', scores: s(4, 4, 3), prioritySectorsCovered: 0 },
      { id: 'q', scores: s(3, 4, 4), prioritySectorsCovered: 0 },
    ]).ranked
    assert.deepEqual(
      order.map((r) => r.id),
      ['q', 'p'],
    )
  })
})
