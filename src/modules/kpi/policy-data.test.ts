import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, test } from 'node:test'
import { deadlineOf, loadPolicyData } from './policy-data.ts'

// Whitespace aside, and words the PDF hyphenated across lines joined again ("national-\nscale" is "national-scale").
const words = (s: string) =>
  s
    .replace(/\s+/g, ' ')
    .replace(/(\w)- (\w)/g, '$1-$2')
    .trim()
const policyText = words(readFileSync(new URL('../../../docs/policy/national-ai-policy-2025.txt', import.meta.url), 'utf8'))
const policyTokens = policyText.split(' ')

/**
 * Whether a cell of the action matrix is in the text: its words in order, each within a few words of the last, since
 * the PDF's text interleaves a cell split by a page break with its neighbours.
 */
function inMatrixText(cell: string): boolean {
  const tokens = words(cell).split(' ')
  return policyTokens.some((first, start) => {
    if (first !== tokens[0]) return false
    let at = start
    return tokens.slice(1).every((token) => {
      const next = policyTokens.slice(at + 1, at + 30).indexOf(token)
      at += next + 1
      return next >= 0
    })
  })
}
const data = loadPolicyData()
const target = (id: string) => data.targets.find((t) => t.id === id)!

describe('the policy as data', () => {
  test('six pillars carry the policy’s 26 KPIs, and the action matrix has its 26 rows, each with an owner and a deadline', () => {
    assert.deepEqual(
      [1, 2, 3, 4, 5, 6].map((p) => data.kpis.filter((k) => k.pillar === p).length),
      [4, 4, 5, 4, 5, 4],
    )
    assert.equal(data.actionMatrix.length, 26)
    for (const row of data.actionMatrix) {
      assert.ok(row.lead.length > 0, `row ${row.number} has a lead stakeholder`)
      assert.match(deadlineOf(row.timeline), /^20(25|26|27)-12-31$/)
    }
    assert.equal(deadlineOf(data.actionMatrix[0]!.timeline), '2026-12-31', '"By 2026" means 31 December 2026')
    assert.deepEqual(data.actionMatrix[1]!.lead, ['CoE-AI', 'Virtual University'])
  })

  test('every quote, KPI and matrix cell is the policy’s own words', () => {
    const quotes = [...data.targets.map((t) => [t.id, t.quote]), ...data.kpis.map((k) => [k.id, k.quote ?? k.en])]
    assert.deepEqual(
      quotes.filter(([, quote]) => !policyText.includes(words(quote!))),
      [],
    )
    const cells = data.actionMatrix.flatMap((r) =>
      [r.description, r.currentState, r.desiredState, r.target, r.objective, ...r.lead].map((cell) => [r.number, cell]),
    )
    assert.deepEqual(
      cells.filter(([, cell]) => !inMatrixText(String(cell))),
      [],
    )
    assert.equal(inMatrixText('Register 2,000 patents in AI.'), false, 'a figure the policy does not give is not found')
  })

  test('targets keep their clause: spot checks against the text', () => {
    assert.deepEqual([target('t-1.1b-naif-share').clause, target('t-1.1b-naif-share').value], ['1.1(b)', 30])
    assert.deepEqual([target('t-2.1a-trained').value, target('t-2.1a-trained').per], [200000, 'year'])
    assert.deepEqual([target('t-2.1c-trainers').value, target('t-2.1c-trainers').by], [10000, 2027])
    assert.deepEqual([target('t-2.2b-public-servants').value, target('t-2.2b-public-servants').by], [100, 2027])
    assert.deepEqual([target('t-4-maturity').value, target('t-4-maturity').by], [50, 2026])
    assert.equal(target('t-5.4-models').value, 50)
  })

  test('where the policy contradicts itself, both figures are kept with their sources and flagged', () => {
    const figures = (id: string) =>
      data.conflicts.find((c) => c.id === id)!.targets.map((t) => [target(t).clause, target(t).value])
    assert.deepEqual(figures('c-sandbox'), [
      ['3.8', 20],
      ['5.5', 50],
      ['Action Matrix 23', 50],
    ])
    assert.deepEqual(figures('c-patents').slice(0, 2), [
      ['Action Matrix 8 (description)', 2000],
      ['Action Matrix 8 (desired state)', 1000],
    ])
    assert.deepEqual(
      figures('c-compute-access').map(([, v]) => v),
      [100, 100, 150, 150],
    )
  })
})
