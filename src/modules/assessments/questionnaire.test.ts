import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, test } from 'node:test'
import { QuestionnaireDefinition, score, visibleQuestions, type Answers, type Questionnaire } from './questionnaire.ts'

const text = (s: string) => ({ en: s, ur: `${s} (اردو)` })
const option = (id: string, points: number, prohibited?: true) => ({
  id,
  label: text(id),
  points,
  ...(prohibited ? { prohibited } : {}),
})

/** Risk maximum 8 (a single question up to 4, a multiple question of 1 + 1 + 2); mitigation maximum 4. */
const definition = (changes: Partial<Questionnaire['scoring']> = {}): unknown => ({
  key: 'test_aia',
  version: 1,
  title: text('Test'),
  description: text('Test'),
  scoring: {
    mitigationThreshold: 0.75,
    deduction: 0.15,
    levels: [
      { level: 'I', upTo: 0.25 },
      { level: 'II', upTo: 0.5 },
      { level: 'III', upTo: 0.75 },
      { level: 'IV', upTo: 1 },
    ],
    ...changes,
  },
  sections: [
    {
      id: 'risk',
      title: text('Risk'),
      questions: [
        {
          id: 'stakes',
          kind: 'risk',
          type: 'single',
          text: text('Stakes'),
          options: [0, 1, 2, 3, 4].map((n) => option(`p${n}`, n)),
        },
        {
          id: 'groups',
          kind: 'risk',
          type: 'multiple',
          text: text('Groups'),
          options: [option('a', 1), option('b', 1), option('c', 2), option('banned', 0, true)],
        },
        {
          id: 'children',
          kind: 'risk',
          type: 'single',
          text: text('Children'),
          options: [option('no', 0), option('yes', 2)],
          showIf: { question: 'stakes', anyOf: ['p4'] },
        },
      ],
    },
    {
      id: 'mitigation',
      title: text('Mitigation'),
      questions: [
        {
          id: 'review',
          kind: 'mitigation',
          type: 'single',
          text: text('Review'),
          options: [option('none', 0), option('some', 1), option('all', 2)],
        },
        { id: 'appeal', kind: 'mitigation', type: 'single', text: text('Appeal'), options: [option('no', 0), option('yes', 2)] },
      ],
    },
  ],
})

const def = QuestionnaireDefinition.parse(definition())
const answers = (stakes: number, groups: string[], review = 'none', appeal = 'no', extra: Answers = {}): Answers => ({
  stakes: [`p${stakes}`],
  groups,
  review: [review],
  appeal: [appeal],
  ...extra,
})

describe('impact scoring', () => {
  const cases: [string, Answers, { raw: number; score: number; level: string; deducted: boolean }][] = [
    ['nothing at stake', answers(0, []), { raw: 0, score: 0, level: 'I', deducted: false }],
    ['exactly a quarter is still level I', answers(2, []), { raw: 2, score: 2, level: 'I', deducted: false }],
    ['just over a quarter is level II', answers(2, ['a']), { raw: 3, score: 3, level: 'II', deducted: false }],
    ['exactly a half is still level II', answers(3, ['a']), { raw: 4, score: 4, level: 'II', deducted: false }],
    ['just over a half is level III', answers(3, ['a', 'b']), { raw: 5, score: 5, level: 'III', deducted: false }],
    [
      'exactly three quarters is still level III',
      answers(2, ['a', 'b', 'c']),
      { raw: 6, score: 6, level: 'III', deducted: false },
    ],
    ['just over three quarters is level IV', answers(3, ['a', 'b', 'c']), { raw: 7, score: 7, level: 'IV', deducted: false }],
    [
      'mitigation just under the threshold earns nothing',
      answers(3, ['a', 'b', 'c'], 'all', 'no'),
      { raw: 7, score: 7, level: 'IV', deducted: false },
    ],
    [
      'mitigation exactly at the threshold takes 15% off',
      answers(3, ['a', 'b', 'c'], 'some', 'yes'),
      { raw: 7, score: 5.95, level: 'III', deducted: true },
    ],
    [
      'the deduction can move a score across a boundary',
      answers(2, ['a'], 'all', 'yes'),
      { raw: 3, score: 2.55, level: 'II', deducted: true },
    ],
  ]
  for (const [name, given, expected] of cases) {
    test(name, () => {
      const s = score(def, given)
      assert.deepEqual({ raw: s.raw, score: Number(s.score.toFixed(4)), level: s.level, deducted: s.deducted }, expected)
      assert.deepEqual(score(def, structuredClone(given)), s, 'the same answers always give the same result')
    })
  }

  test('a question shown only under a condition counts, and its maximum counts, only when the condition holds', () => {
    assert.equal(
      visibleQuestions(def, answers(3, [])).some((q) => q.id === 'children'),
      false,
    )
    const hidden = score(def, answers(3, [], 'none', 'no', { children: ['yes'] }))
    assert.deepEqual([hidden.raw, hidden.maxRisk], [3, 8])
    const shown = score(def, answers(4, [], 'none', 'no', { children: ['yes'] }))
    assert.deepEqual([shown.raw, shown.maxRisk, shown.level], [6, 10, 'III'])
  })

  test('a prohibited practice is reported whatever the score, and unanswered questions are listed', () => {
    const s = score(def, { groups: ['banned'] })
    assert.equal(s.level, 'I')
    assert.deepEqual(s.prohibited, [{ question: 'groups', option: 'banned' }])
    assert.deepEqual(s.unanswered, ['stakes', 'review', 'appeal'])
  })

  test('the thresholds are parameters of the definition, not of the code', () => {
    const strict = QuestionnaireDefinition.parse(
      definition({
        levels: [
          { level: 'I', upTo: 0.1 },
          { level: 'II', upTo: 0.2 },
          { level: 'III', upTo: 0.3 },
          { level: 'IV', upTo: 1 },
        ],
        deduction: 0,
      }),
    )
    assert.equal(score(strict, answers(2, [], 'all', 'yes')).level, 'III')
  })
})

describe('questionnaire definitions', () => {
  const problems = (d: unknown) => {
    const r = QuestionnaireDefinition.safeParse(d)
    return r.success ? [] : r.error.issues.map((i) => i.message)
  }

  test('a condition must look back at an earlier question and one of its options', () => {
    const d = definition() as { sections: { questions: { showIf?: unknown }[] }[] }
    d.sections[0]!.questions[2]!.showIf = { question: 'review', anyOf: ['all'] }
    assert.match(problems(d).join(), /not an earlier question/)
    d.sections[0]!.questions[2]!.showIf = { question: 'stakes', anyOf: ['p9'] }
    assert.match(problems(d).join(), /has no option "p9"/)
  })

  test('levels must rise, end at 1, and ids must be unique', () => {
    assert.match(
      problems(
        definition({
          levels: [
            { level: 'I', upTo: 0.5 },
            { level: 'II', upTo: 0.4 },
            { level: 'III', upTo: 0.75 },
            { level: 'IV', upTo: 1 },
          ],
        }),
      ).join(),
      /higher than the one before/,
    )
    assert.match(
      problems(
        definition({
          levels: [
            { level: 'I', upTo: 0.25 },
            { level: 'II', upTo: 0.5 },
            { level: 'III', upTo: 0.75 },
            { level: 'IV', upTo: 0.9 },
          ],
        }),
      ).join(),
      /must reach 1/,
    )
    const d = definition() as { sections: { questions: { id: string }[] }[] }
    d.sections[1]!.questions[1]!.id = 'review'
    assert.match(problems(d).join(), /"review" is used twice/)
  })

  test('the national questionnaire, version 1, is a valid definition covering what the policy asks', () => {
    const national = QuestionnaireDefinition.parse(
      JSON.parse(readFileSync(new URL('./data/pk-national-aia-v1.json', import.meta.url), 'utf8')),
    )
    const ids = national.sections.flatMap((s) => s.questions.map((q) => q.id))
    for (const id of [
      'decision_area',
      'reversibility',
      'vulnerable_groups',
      'people_per_year',
      'autonomy',
      'personal_data',
      'explainability',
      'representative',
      'bias_testing',
      'security_review',
      'consultation',
      'human_review',
      'appeal',
      'prohibited_practices',
    ]) {
      assert.ok(ids.includes(id), id)
    }
    const worst = Object.fromEntries(
      national.sections
        .flatMap((s) => s.questions)
        .map((q) => [
          q.id,
          q.type === 'single' ? [q.options.at(-1)!.id] : q.options.filter((o) => !o.prohibited).map((o) => o.id),
        ]),
    )
    assert.equal(score(national, { ...worst, personal_data: ['sensitive'] }).level, 'IV')
  })
})
