import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, test } from 'node:test'
import { render } from 'preact-render-to-string'
import { translator } from '../../platform/i18n.ts'
import { QuestionnaireDefinition, score, type Questionnaire } from './questionnaire.ts'
import { answersNoLongerApplying, isChoice, readAnswers, visibleQuestions, type Answers } from '../../platform/questions.ts'
import { AnswersList, LevelExplained, SectionBody } from './views/assessment.tsx'

const text = (s: string) => ({ en: s, ur: `${s} (اردو)` })
/** What a view needs of a page, in one language. */
const pageIn = (locale: 'en' | 'ur') => ({
  locale,
  t: translator(locale),
  path: '/',
  assets: {} as never,
  href: (p: string) => p,
  signedIn: true,
  can: () => false,
})
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
        .filter(isChoice)
        .map((q) => [
          q.id,
          q.type === 'single' ? [q.options.at(-1)!.id] : q.options.filter((o) => !o.prohibited).map((o) => o.id),
        ]),
    )
    assert.equal(score(national, { ...worst, personal_data: ['sensitive'] }).level, 'IV')
  })
})

describe('scoring scheme 2: the parameters published frameworks use', () => {
  const canada = QuestionnaireDefinition.parse(
    JSON.parse(readFileSync(new URL('./fixtures/canada-aia-scheme.json', import.meta.url), 'utf8')),
  )
  /** The fixture's scheme with some parameters changed. */
  const withScoring = (changes: Record<string, unknown>) =>
    QuestionnaireDefinition.parse({ ...canada, scoring: { ...canada.scoring, ...changes } })
  const atBoundary: Answers = { stakes: ['p25'], reach: ['r0'], recourse: ['m20'] }

  // Worked by hand: risk maximum 84 over every risk question (54 when "sensitive" is hidden); mitigation maximum 40,
  // so the threshold is 80% of 20 = 16 points; a deducted score is 0.85 × raw, rounded half up; levels at 21, 42, 63.
  const sets: [string, Answers, { raw: number; score: number; level: string; deducted: boolean }][] = [
    [
      'no mitigation, just inside level I',
      { stakes: ['p20'], reach: ['r0'] },
      { raw: 20, score: 20, level: 'I', deducted: false },
    ],
    ['one point over level I', { stakes: ['p20'], reach: ['r4'] }, { raw: 24, score: 24, level: 'II', deducted: false }],
    ['25 × 0.85 = 21.25, rounded to 21: level I exactly at 25%', atBoundary, { raw: 25, score: 21, level: 'I', deducted: true }],
    [
      'mitigation of 14 is under the 16-point threshold',
      { stakes: ['p25'], reach: ['r0'], checks: ['peer_review', 'human_review'] },
      { raw: 25, score: 25, level: 'II', deducted: false },
    ],
    [
      'mitigation of exactly 16 earns the deduction',
      { stakes: ['p25'], reach: ['r0'], checks: ['bias_testing', 'human_review'] },
      { raw: 25, score: 21, level: 'I', deducted: true },
    ],
    [
      'a conditional question adds to the score when shown',
      { stakes: ['p30'], reach: ['r14'], sensitive: ['s30'] },
      { raw: 74, score: 74, level: 'IV', deducted: false },
    ],
    [
      '84 × 0.85 = 71.4, rounded to 71: still level IV',
      { stakes: ['p40'], reach: ['r14'], sensitive: ['s30'], checks: ['bias_testing', 'human_review'] },
      { raw: 84, score: 71, level: 'IV', deducted: true },
    ],
    [
      '64 × 0.85 = 54.4, rounded to 54: level III',
      { stakes: ['p40'], reach: ['r14'], sensitive: ['s10'], recourse: ['m20'] },
      { raw: 64, score: 54, level: 'III', deducted: true },
    ],
  ]
  for (const [name, answers, expected] of sets)
    test(`Canada's scheme: ${name}`, () => {
      const s = score(canada, answers)
      assert.deepEqual({ raw: s.raw, score: s.score, level: s.level, deducted: s.deducted }, expected)
      assert.equal(s.maxRisk, 84)
      assert.equal(s.threshold, 16)
    })

  test('the maximum is over every risk question, over those shown, or fixed', () => {
    const answers = { stakes: ['p20'], reach: ['r0'] }
    assert.deepEqual(
      (['all', 'shown', { points: 100 }] as const).map((maximum) => {
        const s = score(withScoring({ maximum }), answers)
        return [s.maxRisk, s.maxOver, s.level]
      }),
      [
        [84, 'all', 'I'],
        [54, 'shown', 'II'],
        [100, 'fixed', 'I'],
      ],
    )
  })

  test('the threshold is a share of the shown, the whole or half the whole mitigation maximum, or points', () => {
    const answers = { stakes: ['p25'], reach: ['r0'], checks: ['bias_testing', 'human_review'] } // mitigation 16
    const cases: [unknown, number, boolean][] = [
      [{ share: 0.8, of: 'half_all' }, 16, true],
      [{ share: 0.8, of: 'all' }, 32, false],
      [{ share: 0.4, of: 'shown' }, 16, true],
      [{ points: 16 }, 16, true],
      [{ points: 17 }, 17, false],
    ]
    for (const [threshold, points, deducted] of cases) {
      const s = score(withScoring({ threshold }), answers)
      assert.deepEqual([s.threshold, s.deducted], [points, deducted], JSON.stringify(threshold))
    }
  })

  test('each rounding at a half: none, half up, half to even, down', () => {
    // raw 10 (stakes p10) and 30 (p30), both deducted: 8.5 and 25.5.
    const deducted = (stakes: string) => ({ stakes: [stakes], reach: ['r0'], recourse: ['m20'] })
    const rounded = (rounding: string) =>
      ['p10', 'p30'].map((p) => score(withScoring({ rounding, maximum: { points: 200 } }), deducted(p)).score)
    assert.deepEqual(rounded('none'), [8.5, 25.5])
    assert.deepEqual(rounded('half_up'), [9, 26])
    assert.deepEqual(rounded('half_even'), [8, 26])
    assert.deepEqual(rounded('floor'), [8, 25])
    // Without rounding, 21.25 of 84 is over a quarter: rounding is what keeps the boundary set in level I.
    assert.equal(score(withScoring({ rounding: 'none' }), atBoundary).level, 'II')
  })

  test('bounds are shares or points, each "up to and including" or "below"', () => {
    const level = (levelsIn: string, bound: Record<string, number>) =>
      score(
        withScoring({
          levelsIn,
          levels: [{ level: 'I', ...bound }, { level: 'II', upTo: 42 }, { level: 'III', upTo: 63 }, { level: 'IV' }],
        }),
        atBoundary,
      ).level
    // The boundary set scores 21 points, exactly a quarter of 84.
    assert.equal(level('points', { upTo: 21 }), 'I')
    assert.equal(level('points', { below: 21 }), 'II')
    assert.equal(level('points', { below: 22 }), 'I')
    const shares = (bound: Record<string, number>) =>
      score(
        withScoring({
          levels: [{ level: 'I', ...bound }, { level: 'II', upTo: 0.5 }, { level: 'III', upTo: 0.75 }, { level: 'IV' }],
        }),
        atBoundary,
      ).level
    assert.equal(shares({ upTo: 0.25 }), 'I')
    assert.equal(shares({ below: 0.25 }), 'II')
  })

  test('a scheme is checked whole: unknown parameters, a bound on level IV, or two bounds on one level are refused', () => {
    const refused = (changes: Record<string, unknown>) =>
      QuestionnaireDefinition.safeParse({ ...canada, scoring: { ...canada.scoring, ...changes } }).success === false
    assert.ok(refused({ mitigationThreshold: 0.8 }), 'a scheme-1 parameter in scheme 2')
    assert.ok(refused({ rounding: 'ceiling' }))
    assert.ok(
      refused({
        levels: [
          { level: 'I', upTo: 0.25 },
          { level: 'II', upTo: 0.5 },
          { level: 'III', upTo: 0.75 },
          { level: 'IV', upTo: 1 },
        ],
      }),
    )
    assert.ok(
      refused({
        levels: [
          { level: 'I', upTo: 0.25, below: 0.3 },
          { level: 'II', upTo: 0.5 },
          { level: 'III', upTo: 0.75 },
          { level: 'IV' },
        ],
      }),
    )
    assert.ok(
      refused({
        levels: [{ level: 'I', upTo: 0.5 }, { level: 'II', upTo: 0.25 }, { level: 'III', upTo: 0.75 }, { level: 'IV' }],
      }),
    )
    assert.ok(refused({ scheme: 3 }))
    // A definition that names no scheme is scheme 1, and keeps its meaning.
    assert.equal(QuestionnaireDefinition.parse(definition()).scoring.scheme, 1)
  })

  test('the page explains the maximum, the threshold, the rounding and the bounds, in both languages', () => {
    for (const locale of ['en', 'ur'] as const) {
      const ctx = pageIn(locale)
      const html = render(LevelExplained({ ctx, questionnaire: canada, answers: atBoundary, score: score(canada, atBoundary) }))
      const text = html.replace(/<[^>]+>/g, ' ').replace(/[\u2066-\u2069]/g, '')
      if (locale === 'en') {
        assert.match(
          text,
          /The maximum, 84, is the sum of the highest answers to every risk question in the questionnaire, shown or not\./,
        )
        assert.match(
          text,
          /Mitigation earns the deduction at 16 points: 80% of half the most every mitigation question can score\./,
        )
        assert.match(text, /25 becomes 21 \(rounded to the nearest whole point, halves up\)/)
        assert.match(text, /Level I up to and including 25% of the maximum, level II up to and including 50% of the maximum/)
      } else {
        assert.match(text, /زیادہ سے زیادہ اسکور، 84، سوالنامے کے ہر خطرے کے سوال/)
        assert.doesNotMatch(text, /assessments\.level/, 'every text is in the catalogue')
      }
    }
  })
})

describe('conditions as expressions', () => {
  const question = (id: string, showIf?: unknown, type: 'single' | 'multiple' = 'single') => ({
    id,
    kind: 'risk',
    type,
    text: text(id),
    options: [option('yes', 3), option('no', 0), option('maybe', 1)],
    ...(showIf ? { showIf } : {}),
  })
  const withSections = (sections: unknown[]) => QuestionnaireDefinition.safeParse({ ...(definition() as object), sections })
  const chain = QuestionnaireDefinition.parse({
    ...(definition() as object),
    sections: [
      {
        id: 'first',
        title: text('First'),
        questions: [
          question('f_multi_never', undefined, 'multiple'),
          question('a'),
          question('b', { question: 'a', is: 'yes' }),
          question('c', { question: 'b', answered: true }),
          question('d', { all: [{ question: 'a', anyOf: ['yes', 'maybe'] }, { not: { question: 'c', is: 'no' } }] }),
          question('e', {
            any: [
              { question: 'f_multi_never', anyOf: ['yes'] },
              { question: 'a', is: 'no' },
            ],
          }),
        ],
      },
      {
        id: 'second',
        title: text('Second'),
        showIf: { question: 'c', anyOf: ['yes'] },
        questions: [question('g', undefined, 'multiple'), question('h', { question: 'g', includes: 'maybe' })],
      },
    ],
  })
  const shown = (answers: Answers) => visibleQuestions(chain, answers).map((q) => q.id)

  test('is, is one of, includes, is answered, and all, any and not over them', () => {
    assert.deepEqual(shown({ a: ['yes'] }), ['f_multi_never', 'a', 'b', 'd'])
    assert.deepEqual(shown({ a: ['yes'], b: ['no'], c: ['no'] }), ['f_multi_never', 'a', 'b', 'c'])
    assert.deepEqual(shown({ a: ['no'] }), ['f_multi_never', 'a', 'e'])
    assert.deepEqual(shown({ a: ['yes'], b: ['no'], c: ['yes'], g: ['maybe'] }), ['f_multi_never', 'a', 'b', 'c', 'd', 'g', 'h'])
  })

  test('hiding a question hides everything that depends on it, down the chain, and their points count for nothing', () => {
    const before: Answers = { a: ['yes'], b: ['yes'], c: ['yes'], g: ['yes'], h: ['yes'] }
    assert.deepEqual(shown(before), ['f_multi_never', 'a', 'b', 'c', 'd', 'g'])
    assert.equal(score(chain, before).raw, 12)
    // "a" changes: "b" goes, so "c" goes (its condition reads only answers still asked), and the whole second section.
    const after: Answers = { ...before, a: ['no'] }
    assert.deepEqual(shown(after), ['f_multi_never', 'a', 'e'])
    assert.equal(score(chain, after).raw, 0)
    assert.deepEqual(
      answersNoLongerApplying(chain, after).map((q) => q.id),
      ['b', 'c', 'g', 'h'],
    )
  })

  test('a condition may look only back; a test must fit its question; a section looks only at earlier sections', () => {
    const messages = (sections: unknown[]) => {
      const r = withSections(sections)
      return r.success ? [] : r.error.issues.map((i) => i.message)
    }
    const section = (id: string, questions: unknown[], showIf?: unknown) => ({
      id,
      title: text(id),
      questions,
      ...(showIf ? { showIf } : {}),
    })
    assert.match(
      messages([section('s', [question('a', { question: 'b', is: 'yes' }), question('b')])]).join(),
      /not an earlier question/,
    )
    assert.match(
      messages([section('s', [question('a', { not: { question: 'a', is: 'yes' } })])]).join(),
      /not an earlier question/,
    )
    assert.match(
      messages([section('s', [question('a'), question('b', { question: 'a', includes: 'yes' })])]).join(),
      /single choice/,
    )
    assert.match(
      messages([section('s', [question('a'), question('b', { all: [{ any: [{ question: 'a', is: 'never' }] }] })])]).join(),
      /"a" has no option "never"/,
    )
    assert.match(messages([section('s', [question('a')], { question: 'a', is: 'yes' })]).join(), /section "s" depends on "a"/)
    assert.match(messages([section('s', [question('a', { all: [] })])]).join(), /too_small|at least|>=1|Too small/i)
  })

  test('the national questionnaire has no condition on a conditional question, so its levels are the same as before', () => {
    const national = QuestionnaireDefinition.parse(
      JSON.parse(readFileSync(new URL('./data/pk-national-aia-v1.json', import.meta.url), 'utf8')),
    )
    const conditional = new Set(national.sections.flatMap((s) => s.questions.filter((q) => q.showIf).map((q) => q.id)))
    for (const q of national.sections.flatMap((s) => s.questions))
      if (q.showIf && 'question' in q.showIf) assert.ok(!conditional.has(q.showIf.question), q.id)
    assert.ok(national.sections.every((s) => !s.showIf))
  })
})

describe('question kinds', () => {
  /** The test definition with a section of every kind: an unscored choice, "none of these", texts, a date, a number. */
  const withKinds = (questions: unknown[] = []) => {
    const d = definition() as { sections: { id: string; title: unknown; questions: unknown[] }[] }
    d.sections.push({
      id: 'context',
      title: text('Context'),
      questions: [
        { id: 'intro', type: 'note', text: text('These questions describe the system; they do not change its level.') },
        {
          id: 'hosting',
          kind: 'unscored',
          type: 'single',
          text: text('Hosting'),
          options: [option('cloud', 0), option('onsite', 0)],
        },
        {
          id: 'data_kinds',
          kind: 'risk',
          type: 'multiple',
          text: text('Data'),
          options: [option('health', 3), option('location', 1), { ...option('none_of_these', 0), exclusive: true }],
        },
        { id: 'purpose', type: 'long_text', text: text('Purpose'), required: true, public: true },
        { id: 'vendor', type: 'text', text: text('Vendor'), maxLength: 20, showIf: { question: 'hosting', is: 'cloud' } },
        { id: 'vendor_note', type: 'text', text: text('About the vendor'), showIf: { question: 'vendor', answered: true } },
        { id: 'since', type: 'date', text: text('In use since') },
        { id: 'per_year', type: 'number', text: text('Decisions a year'), integer: true, min: 0, max: 10_000_000 },
        ...questions,
      ],
    })
    return d
  }
  const kinds = QuestionnaireDefinition.parse(withKinds())
  const context = kinds.sections.find((s) => s.id === 'context')!.questions
  const read = (given: Answers) => readAnswers(context, given)
  const problems = (d: unknown) => {
    const r = QuestionnaireDefinition.safeParse(d)
    return r.success ? [] : r.error.issues.map((i) => i.message)
  }

  test('typed answers are read for their kind: a text within its limit, a real date, a number as people write it', () => {
    const cases: [Answers, Answers | string][] = [
      [{ vendor: ['  Acme Analytics  '] }, { vendor: ['Acme Analytics'] }],
      [{ vendor: ['x'.repeat(21)] }, 'questions.errors.tooLong'],
      [{ vendor: ['ی'.repeat(20)] }, { vendor: ['ی'.repeat(20)] }],
      [{ purpose: ['Line one\r\nline two'] }, { purpose: ['Line one\nline two'] }],
      [{ since: ['2024-02-29'] }, { since: ['2024-02-29'] }],
      [{ since: ['2025-02-29'] }, 'questions.errors.date'],
      [{ since: ['01/07/2025'] }, 'questions.errors.date'],
      [{ per_year: ['12,500'] }, { per_year: ['12500'] }],
      [{ per_year: ['1,25,000'] }, { per_year: ['125000'] }],
      [{ per_year: ['1,250,000'] }, { per_year: ['1250000'] }],
      [{ per_year: ['12,5'] }, 'questions.errors.number'],
      [{ per_year: ['1,2,3'] }, 'questions.errors.number'],
      [{ per_year: ['۱۲۵۰۰'] }, { per_year: ['12500'] }],
      [{ per_year: ['٣٤٥'] }, { per_year: ['345'] }],
      [{ per_year: ['12.5'] }, 'questions.errors.integer'],
      [{ per_year: ['-3'] }, 'questions.errors.range'],
      [{ per_year: ['about a thousand'] }, 'questions.errors.number'],
      [{ per_year: ['   '] }, {}],
    ]
    for (const [given, expected] of cases) {
      const { answers, errors } = read(given)
      if (typeof expected === 'string') assert.deepEqual(Object.values(errors), [expected], JSON.stringify(given))
      else assert.deepEqual({ answers, errors }, { answers: expected, errors: {} }, JSON.stringify(given))
    }
  })

  test('"none of these" is chosen alone; a public text is refused if it holds personal data', () => {
    assert.deepEqual(read({ data_kinds: ['none_of_these'] }).answers, { data_kinds: ['none_of_these'] })
    assert.deepEqual(read({ data_kinds: ['health', 'none_of_these'] }).errors, { data_kinds: 'questions.errors.exclusive' })
    assert.deepEqual(read({ purpose: ['Ring 0300-1234567 to ask'] }).errors, { purpose: 'forms.personalData' })
    assert.deepEqual(read({ vendor_note: ['Ring 0300-1234567 to ask'] }).errors, {}, 'an answer the public never sees')
  })

  test('only risk and mitigation choices score; notes and typed answers never do, and only required ones must be answered', () => {
    const base = answers(2, ['a'], 'some', 'yes')
    const plain = score(kinds, base)
    const typed = score(kinds, {
      ...base,
      hosting: ['cloud'],
      data_kinds: ['none_of_these'],
      purpose: ['Ranks applications'],
      vendor: ['Acme'],
      since: ['2024-02-29'],
      per_year: ['12500'],
    })
    assert.deepEqual([typed.raw, typed.maxRisk, typed.level], [plain.raw, plain.maxRisk, plain.level])
    assert.deepEqual(plain.unanswered, ['hosting', 'data_kinds', 'purpose'])
    assert.deepEqual(typed.unanswered, [])
  })

  test('a condition on a typed answer tests that it was answered, and hiding it hides what depends on it', () => {
    const shown = (a: Answers) =>
      visibleQuestions(kinds, a)
        .map((q) => q.id)
        .filter((id) => id.startsWith('vendor'))
    assert.deepEqual(shown({ hosting: ['onsite'], vendor: ['Acme'] }), [])
    assert.deepEqual(shown({ hosting: ['cloud'] }), ['vendor'])
    assert.deepEqual(shown({ hosting: ['cloud'], vendor: ['Acme'] }), ['vendor', 'vendor_note'])
  })

  test('the public reads the chosen answers and only the typed ones the definition publishes; reviewers read all', () => {
    const given = { hosting: ['cloud'], purpose: ['Ranks applications'], vendor: ['Acme'], since: ['2024-02-29'] }
    const page = (audience: 'public' | 'staff') =>
      render(
        AnswersList({
          ctx: pageIn('en'),
          questionnaire: kinds,
          answers: given,
          audience,
        }),
      )
    const seen = page('public')
    assert.match(seen, /Ranks applications/)
    assert.match(seen, /<dd>cloud<\/dd>/)
    assert.doesNotMatch(seen, /Acme|2024-02-29/)
    assert.doesNotMatch(seen, /These questions describe the system/, 'a note is not an answer')
    assert.match(page('staff'), /Acme[\s\S]*2024-02-29/)
  })

  test('a definition is refused where a kind is misused: points on an unscored answer, a test of options on typed text', () => {
    const unscored = withKinds([
      { id: 'paid', kind: 'unscored', type: 'single', text: text('Paid'), options: [option('yes', 2), option('no', 0)] },
    ])
    assert.match(problems(unscored).join(), /"paid" is unscored: its options take no points/)
    const single = withKinds([
      {
        id: 'one',
        kind: 'risk',
        type: 'single',
        text: text('One'),
        options: [option('a', 1), { ...option('none', 0), exclusive: true }],
      },
    ])
    assert.match(problems(single).join(), /exclusive, which only a multiple choice needs/)
    const onText = withKinds([
      { id: 'later', type: 'text', text: text('Later'), showIf: { question: 'vendor', is: 'acme' } },
      { id: 'after_note', type: 'text', text: text('After'), showIf: { question: 'intro', answered: true } },
      { id: 'range', type: 'number', text: text('Range'), min: 10, max: 1 },
    ])
    const found = problems(onText).join()
    assert.match(found, /"vendor" is answered in words, not chosen: test it with "answered"/)
    assert.match(found, /depends on "intro", a note, which has no answer/)
    assert.match(found, /"range" has a max below its min/)
    assert.deepEqual(problems(withKinds()), [])
  })
})

describe('definitions in any language', () => {
  const inLanguages = (title: Record<string, string>, sectionTitle: Record<string, string> = title) => {
    const d = definition() as { title: unknown; sections: { title: unknown }[] }
    d.title = title
    d.sections[0]!.title = sectionTitle
    return d
  }
  test('texts take any ISO 639 language, by any of its codes, kept in its shortest form and in the order written', () => {
    const parsed = QuestionnaireDefinition.parse(inLanguages({ snd: 'سنڌي عنوان', eng: 'English title' }))
    assert.deepEqual(parsed.title, { sd: 'سنڌي عنوان', en: 'English title' })
    assert.deepEqual(Object.keys(parsed.title), ['sd', 'en'])
    const problems = (d: unknown) => {
      const r = QuestionnaireDefinition.safeParse(d)
      return r.success ? [] : r.error.issues.map((i) => i.message)
    }
    assert.match(problems(inLanguages({ en: 'Title', qqq: 'Nothing' })).join(), /"qqq" is not an ISO 639 language code/)
    assert.match(problems(inLanguages({ en: 'Title', eng: 'Again' })).join(), /"en" and "eng" name the same language/)
    assert.match(problems(inLanguages({})).join(), /a text needs at least one language/)
  })

  test("a page uses the reader's language where the definition has it, else its first, marked with that language", () => {
    const d = QuestionnaireDefinition.parse(
      inLanguages({ en: 'English title', ur: 'اردو عنوان' }, { sd: 'سنڌي حصو', en: 'Risk part' }),
    )
    const explainedIn = (locale: 'en' | 'ur') =>
      render(AnswersList({ ctx: pageIn(locale), questionnaire: d, answers: {}, audience: 'staff' }))
    assert.match(explainedIn('en'), /<h3>Risk part<\/h3>/)
    // The Urdu page has no Urdu title for the part: it shows the first, Sindhi, marked as Sindhi, right to left.
    assert.match(explainedIn('ur'), /<h3><span lang="sd" dir="rtl">سنڌي حصو<\/span><\/h3>/)
  })

  test('help in another language than the page is marked with its language in the hint of a typed question too', () => {
    const d = definition() as { sections: unknown[] }
    d.sections.push({
      id: 'context',
      title: text('Context'),
      questions: [{ id: 'purpose', type: 'text', text: text('Purpose'), help: { sd: 'مقصد لکو' } }],
    })
    const html = render(
      SectionBody({
        ctx: pageIn('en'),
        questionnaire: QuestionnaireDefinition.parse(d),
        sectionId: 'context',
        answers: {},
        errors: {},
      }),
    )
    assert.match(
      html,
      /<p class="hint" id="f-purpose-hint"><span lang="sd" dir="rtl">مقصد لکو<\/span> Up to 300 characters\.<\/p>/,
    )
  })
})
