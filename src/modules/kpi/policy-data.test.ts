import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, test } from 'node:test'
import { byProvince, contradictionsOf, deadlineOf, loadPolicyData, type Measure, type Target } from './policy-data.ts'

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

  test('every lead body of the matrix is an organisation in Mizan, so that it can report its own figures', () => {
    const { organisations } = JSON.parse(
      readFileSync(new URL('../accounts/data/organisations.json', import.meta.url), 'utf8'),
    ) as { organisations: { slug: string }[] }
    const slugs = new Set(organisations.map((o) => o.slug))
    const leads = new Set(data.actionMatrix.flatMap((r) => r.lead))
    const unmapped = data.stakeholders
      .filter((s) => leads.has(s.en) || s.written.some((w) => leads.has(w)))
      .filter((s) => !s.organisation || !slugs.has(s.organisation))
      .map((s) => s.id)
    assert.deepEqual(unmapped, ['private-sector'], 'the private sector is many bodies, recorded by the Cell')
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

  test('a quote from a section never begins with its figure, cut from the words that say when or how much', () => {
    // A matrix cell is quoted whole, and may begin with a figure ("90% awareness …"); a section's sentence does not.
    const fromSections = data.targets.filter((t) => !t.clause.startsWith('Action Matrix'))
    assert.deepEqual(
      fromSections.filter((t) => /^[0-9]/.test(t.quote)).map((t) => t.id),
      [],
    )
  })

  test('a target states its figure as the policy does: "at least", "about", "over", or the figure alone', () => {
    let checked = 0
    for (const t of data.targets) {
      const figure = t.value.toLocaleString('en-US')
      const at = words(t.quote).search(new RegExp(`(^|[^0-9,.])${figure.replace(/[.,]/g, '\\$&')}(?![0-9,])`))
      if (at === -1) continue
      checked++
      const before = words(t.quote)
        .slice(0, at + 1)
        .trim()
        .toLowerCase()
      const stated = before.endsWith('at least')
        ? 'at_least'
        : before.endsWith('about')
          ? 'about'
          : before.endsWith('over')
            ? 'over'
            : undefined
      assert.equal(t.comparator, stated, `${t.id}: "${t.quote}"`)
    }
    assert.ok(checked >= 30, `${checked} targets whose figure the quote gives`)
  })

  test('only counts are broken down by province: a share or a growth rate does not add up across provinces', () => {
    const data = loadPolicyData()
    const split = data.targets.filter((t) => byProvince(data, t))
    assert.ok(split.length >= 10, `${split.length} targets may be broken down`)
    assert.deepEqual(
      split.filter((t) => ['percent', 'percent-growth', 'milestone'].includes(t.unit)).map((t) => t.id),
      [],
    )
    assert.ok(
      byProvince(
        data,
        data.targets.find((t) => t.id === 't-m2-trainers')!,
      ),
      'a shared measure decides for its targets',
    )
  })

  test('where the policy gives one measure different figures, the contradiction is found from the data', () => {
    const found = contradictionsOf(data).map((c) => [c.measure.id, c.targets.map((t) => [t.clause, t.value, t.by ?? null])])
    assert.deepEqual(found, [
      [
        'm-public-servants-trained',
        [
          ['2.2(b)', 100, 2027],
          ['Action Matrix 5', 70, 2026],
        ],
      ],
      [
        'm-patents-registered',
        [
          ['Action Matrix 8 (description)', 2000, 2026],
          ['Action Matrix 8 (desired state)', 1000, 2026],
        ],
      ],
      [
        'm-sandbox-enterprises',
        [
          ['3.8', 20, 2027],
          ['5.5', 50, 2027],
          ['Action Matrix 23', 50, 2027],
        ],
      ],
      [
        'm-compute-institutions',
        [
          ['5.1', 100, null],
          ['Action Matrix 20', 150, 2025],
          ['Action Matrix 25 (target)', 100, 2026],
          ['Action Matrix 25 (description)', 150, 2026],
        ],
      ],
    ])
  })

  test('targets of one measure contradict only where their figures or deadlines differ, and a yearly flow is never compared with a total', () => {
    const measure: Measure = {
      id: 'm',
      unit: 'people',
      en: 'M',
      ur: 'M',
      definition: { en: 'M', ur: 'M' },
      source: { en: 'M', ur: 'M' },
      owner: 'moitt',
    }
    const t = (id: string, value: number, more: Partial<Target> = {}): Target => ({
      id,
      clause: id,
      value,
      unit: 'people',
      measure: 'm',
      en: id,
      ur: id,
      quote: id,
      ...more,
    })
    const found = (targets: Target[]) => contradictionsOf({ measures: [measure], targets }).map((c) => c.targets.map((x) => x.id))
    assert.deepEqual(found([t('a', 10, { by: 2027 }), t('b', 10, { by: 2027 })]), [], 'the same figure by the same year agrees')
    assert.deepEqual(found([t('a', 10), t('b', 10, { by: 2027 })]), [], 'a figure without a deadline agrees with one that has it')
    assert.deepEqual(found([t('a', 10, { by: 2026 }), t('b', 10, { by: 2027 })]), [['a', 'b']], 'the same figure a year apart')
    assert.deepEqual(found([t('a', 10), t('b', 12), t('c', 10)]), [['a', 'b', 'c']])
    assert.deepEqual(found([t('a', 10, { per: 'year' }), t('b', 50)]), [], 'a yearly flow and a total')
    assert.deepEqual(found([t('a', 10, { measure: undefined }), t('b', 12, { measure: undefined })]), [], 'no shared measure')
  })
})
