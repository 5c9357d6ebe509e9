import { plainNumber } from '../../platform/numbers.ts'
import { Decimal } from 'decimal.js'
import { z } from 'zod'
import { contentLanguage, type TextIn } from '../../platform/content-language.ts'
import { findPersonalData } from '../../platform/personal-data.ts'
import { organisationTypes } from '../accounts/accounts.vocabulary.ts'
import { sectors } from '../register/register.record.ts'

/**
 * An impact-assessment questionnaire as data: sections, questions, options with risk or mitigation points,
 * conditions, help text in English and Urdu, and the scoring parameters. A new version is a new file, checked
 * by this schema; assessments keep the version they answered, so old ones stay readable.
 */
/**
 * A text in any languages, keyed by ISO 639 code (any of a language's codes, kept in its shortest form), in the order
 * its author wrote them: pages show the reader's language where the text has it, and otherwise the first.
 */
const Text = z
  .record(z.string(), z.string().min(1))
  .superRefine((text, ctx) => {
    const seen = new Map<string, string>()
    for (const key of Object.keys(text)) {
      const code = contentLanguage(key)
      if (!code) ctx.addIssue({ code: 'custom', path: [key], message: `"${key}" is not an ISO 639 language code` })
      else if (seen.has(code))
        ctx.addIssue({ code: 'custom', path: [key], message: `"${seen.get(code)}" and "${key}" name the same language` })
      else seen.set(code, key)
    }
    if (Object.keys(text).length === 0) ctx.addIssue({ code: 'custom', message: 'a text needs at least one language' })
  })
  .transform((text): TextIn => Object.fromEntries(Object.entries(text).map(([key, value]) => [contentLanguage(key)!, value])))
/** The ids a definition gives its framework, sections, questions and options. */
export const Id = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,59}$/, 'ids are 1 to 60 lower-case letters, digits and underscores, starting with a letter')

export const impactLevels = ['I', 'II', 'III', 'IV'] as const
export type ImpactLevel = (typeof impactLevels)[number]

const Option = z.object({
  id: Id,
  label: Text,
  /** What choosing it adds to its question's score; an unscored question's options have none. */
  points: z.number().int().min(0).max(100).default(0),
  /** Choosing it means the system may not be registered at all, whatever the score. */
  prohibited: z.boolean().optional(),
  /** "None of these": in a multiple-choice question, chosen only alone, so that an empty answer is never a guess. */
  exclusive: z.boolean().optional(),
})

/**
 * When a question or a section is asked: a test of an earlier answer ("is one of", "is", "includes" for multiple
 * choice, "is answered"), or `all`, `any` and `not` over such tests, nested as deep as a framework needs.
 */
const Test = z.union([
  z.object({ question: Id, anyOf: z.array(Id).min(1) }).strict(),
  z.object({ question: Id, is: Id }).strict(),
  z.object({ question: Id, includes: Id }).strict(),
  z.object({ question: Id, answered: z.literal(true) }).strict(),
])
type Test = z.infer<typeof Test>
export type Condition = Test | { all: Condition[] } | { any: Condition[] } | { not: Condition }
const Condition: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    Test,
    z.object({ all: z.array(Condition).min(1) }).strict(),
    z.object({ any: z.array(Condition).min(1) }).strict(),
    z.object({ not: Condition }).strict(),
  ]),
)

/** The tests a condition makes, however nested. */
const testsOf = (c: Condition): Test[] =>
  'all' in c ? c.all.flatMap(testsOf) : 'any' in c ? c.any.flatMap(testsOf) : 'not' in c ? testsOf(c.not) : [c]

/** Whether a condition holds for these answers (answers to questions not shown must already be left out). */
function holds(c: Condition, answers: Answers): boolean {
  if ('all' in c) return c.all.every((x) => holds(x, answers))
  if ('any' in c) return c.any.some((x) => holds(x, answers))
  if ('not' in c) return !holds(c.not, answers)
  const chosen = answers[c.question] ?? []
  if ('anyOf' in c) return chosen.some((o) => c.anyOf.includes(o))
  if ('is' in c) return chosen.length === 1 && chosen[0] === c.is
  if ('includes' in c) return chosen.includes(c.includes)
  return chosen.length > 0
}

/** What every question has: its id, its text and help, and when it is asked (given the answers to earlier ones). */
const Asked = { id: Id, text: Text, help: Text.optional(), showIf: Condition.optional() }
/** A question whose answer is typed, not chosen: optional unless `required`, and never part of the score. */
const Entry = { ...Asked, required: z.boolean().optional() }

/** The longest answer each kind of text question takes, unless its definition sets a shorter one. */
export const TEXT_LIMITS = { text: 300, long_text: 4000 } as const

const ChoiceQuestion = z.object({
  ...Asked,
  /** Risk answers raise the score; mitigation answers can earn the deduction; unscored answers only inform. */
  kind: z.enum(['risk', 'mitigation', 'unscored']),
  type: z.enum(['single', 'multiple']),
  options: z.array(Option).min(2),
})
const TextQuestion = z.object({
  ...Entry,
  type: z.enum(['text', 'long_text']),
  maxLength: z.number().int().min(1).max(TEXT_LIMITS.long_text).optional(),
  /** Shown on the public page of an accepted assessment; otherwise the answer is for the Directorate only. */
  public: z.boolean().optional(),
})
const DateQuestion = z.object({ ...Entry, type: z.literal('date') })
const NumberQuestion = z.object({
  ...Entry,
  type: z.literal('number'),
  min: z.number().optional(),
  max: z.number().optional(),
  integer: z.boolean().optional(),
})
/** Explanatory text between questions: nothing to answer. */
const Note = z.object({ id: Id, type: z.literal('note'), text: Text, help: Text.optional(), showIf: Condition.optional() })

const Question = z.discriminatedUnion('type', [ChoiceQuestion, TextQuestion, DateQuestion, NumberQuestion, Note])

const Section = z.object({
  id: Id,
  title: Text,
  /** The whole section is asked only when this holds for the answers to questions of earlier sections. */
  showIf: Condition.optional(),
  questions: z.array(Question).min(1),
})

const Share = z.number().min(0).max(1)
const levelsInOrder = (ls: { level: ImpactLevel }[]) => ls.every((l, i) => l.level === impactLevels[i])

/** Scheme 1, as the first national questionnaire was written: every share is of what the questions shown can score. */
const SchemeOne = z.object({
  /** Optional: a definition that names no scheme was written for scheme 1, and is scored by it for ever. */
  scheme: z.literal(1).optional(),
  /** The share of the mitigation points an assessment must reach to earn the deduction (0 to 1). */
  mitigationThreshold: Share,
  /** The share of the raw risk score taken off when it does (0 to 1). */
  deduction: Share,
  /** Each level applies up to and including this share of the maximum risk score; the last must be 1. */
  levels: z
    .array(z.object({ level: z.enum(impactLevels), upTo: Share }))
    .length(4)
    .refine(levelsInOrder, 'levels must be I, II, III and IV in that order')
    .refine((ls) => ls.every((l, i) => i === 0 || l.upTo > ls[i - 1]!.upTo), 'each level must reach higher than the one before')
    .refine((ls) => ls.at(-1)!.upTo === 1, 'level IV must reach 1'),
})

/**
 * Scheme 2, complete enough for published frameworks (Canada's Algorithmic Impact Assessment among them): where the
 * maximum comes from, the mitigation threshold as a share of a chosen maximum or in points, the rounding of the
 * deducted score, and level bounds as shares or points, each "up to and including" or "below".
 */
const SchemeTwo = z.object({
  scheme: z.literal(2),
  /** Over the risk questions shown, over every risk question (as most published schemes count), or a fixed number. */
  maximum: z.union([z.enum(['shown', 'all']), z.object({ points: z.number().positive() })]),
  threshold: z.union([
    z.object({ share: Share, of: z.enum(['shown', 'all', 'half_all']) }),
    z.object({ points: z.number().min(0) }),
  ]),
  deduction: Share,
  rounding: z.enum(['none', 'half_up', 'half_even', 'floor']),
  levelsIn: z.enum(['share', 'points']),
  /** The upper bound of levels I to III; level IV is everything above the last. */
  levels: z
    .array(
      z.object({ level: z.enum(impactLevels), upTo: z.number().min(0).optional(), below: z.number().min(0).optional() }).strict(),
    )
    .length(4)
    .refine(levelsInOrder, 'levels must be I, II, III and IV in that order')
    .refine(
      (ls) => ls.slice(0, 3).every((l) => (l.upTo === undefined) !== (l.below === undefined)),
      'levels I to III each take either "upTo" or "below"',
    )
    .refine(
      (ls) => ls[3]!.upTo === undefined && ls[3]!.below === undefined,
      'level IV is everything above level III: it takes no bound',
    )
    .refine(
      (ls) => ls.slice(1, 3).every((l, i) => boundOf(l) > boundOf(ls[i]!)),
      'each level must reach higher than the one before',
    ),
})
const boundOf = (l: { upTo?: number | undefined; below?: number | undefined }) => (l.upTo ?? l.below)!

const Scoring = z.discriminatedUnion('scheme', [
  SchemeOne.strict().transform((s) => ({ ...s, scheme: 1 as const })),
  SchemeTwo.strict(),
])
export type Scoring = z.output<typeof Scoring>

export const QuestionnaireDefinition = z
  .object({
    key: Id,
    version: z.number().int().min(1),
    title: Text,
    description: Text,
    scoring: Scoring,
    /**
     * Where the framework applies: to systems of these sectors, run by bodies of these types (both, when both are
     * given). A framework that says nothing applies everywhere, as the national one does.
     */
    appliesTo: z
      .object({
        sectors: z.array(z.enum(sectors)).min(1).optional(),
        organisationTypes: z.array(z.enum(organisationTypes)).min(1).optional(),
      })
      .strict()
      .optional(),
    sections: z.array(Section).min(1),
  })
  .superRefine((def, ctx) => {
    const seen = new Map<string, z.infer<typeof Question>>()
    // Conditions may only look back, so a form can be answered from top to bottom and no condition can be circular.
    const checkCondition = (c: Condition, path: (string | number)[], owner: string) => {
      for (const test of testsOf(c)) {
        const earlier = seen.get(test.question)
        const issue = (message: string) => ctx.addIssue({ code: 'custom', path, message })
        if (!earlier) {
          issue(`${owner} depends on "${test.question}", which is not an earlier question`)
          continue
        }
        const options = 'anyOf' in test ? test.anyOf : 'is' in test ? [test.is] : 'includes' in test ? [test.includes] : []
        if (earlier.type === 'note') issue(`${owner} depends on "${test.question}", a note, which has no answer`)
        else if (!isChoice(earlier)) {
          if (options.length) issue(`"${test.question}" is answered in words, not chosen: test it with "answered"`)
        } else {
          for (const o of options) if (!earlier.options.some((x) => x.id === o)) issue(`"${test.question}" has no option "${o}"`)
          if ('includes' in test && earlier.type !== 'multiple')
            issue(`"${test.question}" is a single choice: test it with "is" or "anyOf", not "includes"`)
        }
      }
    }
    const checkChoice = (question: ChoiceQuestion, path: (string | number)[]) => {
      const issue = (message: string, at: string) => ctx.addIssue({ code: 'custom', path: [...path, at], message })
      const optionIds = question.options.map((o) => o.id)
      if (new Set(optionIds).size !== optionIds.length) issue(`question "${question.id}" repeats an option id`, 'options')
      if (question.kind === 'unscored' && question.options.some((o) => o.points > 0))
        issue(`question "${question.id}" is unscored: its options take no points`, 'options')
      for (const o of question.options.filter((o) => o.exclusive)) {
        if (question.type !== 'multiple') issue(`"${o.id}" is exclusive, which only a multiple choice needs`, 'options')
        if (o.points > 0) issue(`"${o.id}" is "none of these": it takes no points`, 'options')
      }
    }
    for (const [s, section] of def.sections.entries()) {
      if (section.showIf) checkCondition(section.showIf, ['sections', s, 'showIf'], `section "${section.id}"`)
      for (const [q, question] of section.questions.entries()) {
        const path = ['sections', s, 'questions', q]
        if (seen.has(question.id))
          ctx.addIssue({ code: 'custom', path: [...path, 'id'], message: `question id "${question.id}" is used twice` })
        if (isChoice(question)) checkChoice(question, path)
        if (question.type === 'number' && question.min !== undefined && question.max !== undefined && question.min > question.max)
          ctx.addIssue({ code: 'custom', path: [...path, 'max'], message: `question "${question.id}" has a max below its min` })
        if (question.showIf) checkCondition(question.showIf, [...path, 'showIf'], `question "${question.id}"`)
        seen.set(question.id, question)
      }
    }
  })

export type Questionnaire = z.infer<typeof QuestionnaireDefinition>
export type Question = Questionnaire['sections'][number]['questions'][number]
export type ChoiceQuestion = z.infer<typeof ChoiceQuestion>
export const isChoice = (q: Question | z.infer<typeof Question>): q is ChoiceQuestion =>
  q.type === 'single' || q.type === 'multiple'
/** Whether a question must be answered before the assessment is submitted: every choice, and entries marked so. */
const isRequired = (q: Question) => isChoice(q) || (q.type !== 'note' && q.required === true)

/**
 * Question id → the answer: the chosen option ids (one for a single choice), or the one text, date (YYYY-MM-DD) or
 * number a typed answer holds.
 */
export type Answers = Record<string, string[]>

/**
 * The questions an assessment must answer, given its answers so far: those of sections whose condition holds, whose
 * own condition holds. A condition reads only the answers to questions that are themselves shown, so that hiding a
 * question hides whatever depends on it, and so on down the chain. Conditions look only back, so one pass from the
 * top reaches that fixed point.
 */
export function visibleQuestions(def: Questionnaire, answers: Answers): Question[] {
  const shown: Question[] = []
  const applying: Answers = {}
  for (const section of def.sections) {
    if (section.showIf && !holds(section.showIf, applying)) continue
    for (const q of section.questions) {
      if (q.showIf && !holds(q.showIf, applying)) continue
      shown.push(q)
      if (answers[q.id]) applying[q.id] = answers[q.id]!
    }
  }
  return shown
}

/** Answers kept in a draft for questions no longer shown: they count for nothing, and are not submitted. */
export function answersNoLongerApplying(def: Questionnaire, answers: Answers): Question[] {
  const shown = new Set(visibleQuestions(def, answers).map((q) => q.id))
  return def.sections.flatMap((s) => s.questions).filter((q) => !shown.has(q.id) && (answers[q.id]?.length ?? 0) > 0)
}

const isCalendarDate = (v: string) => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v)
  if (!m) return false
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])))
  return d.toISOString().slice(0, 10) === v
}

/** One typed or chosen answer as it is kept, or the catalogue key of what is wrong with it. */
function answerOf(q: Question, given: readonly string[]): { value?: string[]; error?: string } {
  if (q.type === 'note') return {}
  if (isChoice(q)) {
    const chosen = [...new Set(given.filter((o) => q.options.some((x) => x.id === o)))]
    if (chosen.length === 0) return {}
    if (q.type === 'single') return { value: chosen.slice(0, 1) }
    const exclusive = q.options.filter((o) => o.exclusive && chosen.includes(o.id))
    return exclusive.length && chosen.length > 1 ? { error: 'assessments.errors.exclusive' } : { value: chosen }
  }
  const typed = (given[0] ?? '').replace(/\r\n?/g, '\n').trim()
  if (typed === '') return {}
  if (q.type === 'date') return isCalendarDate(typed) ? { value: [typed] } : { error: 'assessments.errors.date' }
  if (q.type === 'number') {
    const plain = plainNumber(typed)
    if (plain === undefined || !/^-?\d+(?:\.\d+)?$/.test(plain)) return { error: 'assessments.errors.number' }
    const n = Number(plain)
    if (q.integer && !Number.isInteger(n)) return { error: 'assessments.errors.integer' }
    if ((q.min !== undefined && n < q.min) || (q.max !== undefined && n > q.max)) return { error: 'assessments.errors.range' }
    return { value: [String(n)] }
  }
  if ([...typed].length > (q.maxLength ?? TEXT_LIMITS[q.type])) return { error: 'assessments.errors.tooLong' }
  // A public answer is published with the accepted assessment: it is checked as every published text is.
  if (q.public && findPersonalData(typed).length) return { error: 'forms.personalData' }
  return { value: [typed] }
}

/**
 * The answers a form gives to some questions, each read for its kind: chosen options the question offers (one for a
 * single choice, "none of these" alone), a text within its limit, a real date, a number within its range. What is
 * wrong is reported by question, so the form can come back with what was typed.
 */
export function readAnswers(questions: readonly Question[], given: Answers) {
  const answers: Answers = {}
  const errors: Record<string, string> = {}
  for (const q of questions) {
    const { value, error } = answerOf(q, given[q.id] ?? [])
    if (error) errors[q.id] = error
    else if (value) answers[q.id] = value
  }
  return { answers, errors }
}

const pointsOf = (q: ChoiceQuestion, chosen: readonly string[]) =>
  q.options.filter((o) => chosen.includes(o.id)).reduce((sum, o) => sum + o.points, 0)
const maxOf = (q: ChoiceQuestion) =>
  q.type === 'single' ? Math.max(...q.options.map((o) => o.points)) : q.options.reduce((sum, o) => sum + o.points, 0)

/** A level's upper bound, as the scheme states it: a share of the maximum or points, included or not. */
export type LevelBound = { level: ImpactLevel; value: number; rule: 'upTo' | 'below'; unit: 'share' | 'points' }

export type Score = {
  scheme: 1 | 2
  raw: number
  maxRisk: number
  /** Where the maximum came from: the questions shown, every risk question, or the number the scheme fixes. */
  maxOver: 'shown' | 'all' | 'fixed'
  mitigation: number
  maxMitigation: number
  /** The mitigation points that earn the deduction, and how the scheme sets them. */
  threshold: number
  thresholdOver: 'shown' | 'all' | 'half_all' | 'fixed'
  deducted: boolean
  rounding: 'none' | 'half_up' | 'half_even' | 'floor'
  score: number
  /** score / maxRisk, from 0 to 1. */
  share: number
  level: ImpactLevel
  bounds: LevelBound[]
  /** Options chosen that block registration. */
  prohibited: { question: string; option: string }[]
  unanswered: string[]
}

const allQuestions = (def: Questionnaire) => def.sections.flatMap((s) => s.questions)
/** A total over the scored questions of one kind: only choices score, and only risk and mitigation ones. */
const totalOf = (questions: readonly Question[], kind: 'risk' | 'mitigation', f: (q: ChoiceQuestion) => number) =>
  questions
    .filter(isChoice)
    .filter((q) => q.kind === kind)
    .reduce((n, q) => n + f(q), 0)

const ROUNDING = {
  none: undefined,
  half_up: Decimal.ROUND_HALF_UP,
  half_even: Decimal.ROUND_HALF_EVEN,
  floor: Decimal.ROUND_FLOOR,
}

/**
 * The documented rule (README, "Impact assessments"): raw risk is the sum over the visible risk questions of the
 * chosen option's points (single choice) or of every chosen option (multiple choice); a question's maximum is its
 * largest option (single) or all its options (multiple). Scheme 1 counts maxima over the questions shown: when the
 * mitigation points reach `mitigationThreshold` of their maximum, `deduction` of the raw score is taken off, and the
 * level is the first whose `upTo` is at least score / maximum. Scheme 2 takes each of those from the definition (see
 * `SchemeTwo`) and computes in decimals, so that 0.85 × 70 is 59.5 and rounds half up to 60. Answers to hidden
 * questions count for nothing.
 */
export function score(def: Questionnaire, answers: Answers): Score {
  const visible = visibleQuestions(def, answers)
  const chosenPoints = (q: ChoiceQuestion) => pointsOf(q, answers[q.id] ?? [])
  const raw = totalOf(visible, 'risk', chosenPoints)
  const mitigation = totalOf(visible, 'mitigation', chosenPoints)
  const maxMitigation = totalOf(visible, 'mitigation', maxOf)
  const prohibited = visible
    .filter(isChoice)
    .flatMap((q) =>
      q.options
        .filter((o) => o.prohibited && (answers[q.id] ?? []).includes(o.id))
        .map((o) => ({ question: q.id, option: o.id })),
    )
  const unanswered = visible.filter((q) => isRequired(q) && !answers[q.id]?.length).map((q) => q.id)
  const common = { raw, mitigation, maxMitigation, prohibited, unanswered }
  const s = def.scoring
  if (s.scheme === 1) {
    const maxRisk = totalOf(visible, 'risk', maxOf)
    const threshold = s.mitigationThreshold * maxMitigation
    const deducted = maxMitigation > 0 && mitigation >= threshold
    const final = deducted ? raw * (1 - s.deduction) : raw
    const share = maxRisk === 0 ? 0 : final / maxRisk
    const level = s.levels.find((l) => share <= l.upTo + 1e-9)!.level
    const bounds = s.levels
      .slice(0, 3)
      .map((l) => ({ level: l.level, value: l.upTo, rule: 'upTo' as const, unit: 'share' as const }))
    return {
      ...common,
      scheme: 1,
      maxRisk,
      maxOver: 'shown',
      threshold,
      thresholdOver: 'shown',
      deducted,
      rounding: 'none',
      score: final,
      share,
      level,
      bounds,
    }
  }
  const all = allQuestions(def)
  const maxRisk = typeof s.maximum === 'object' ? s.maximum.points : totalOf(s.maximum === 'all' ? all : visible, 'risk', maxOf)
  const threshold =
    'points' in s.threshold
      ? new Decimal(s.threshold.points)
      : new Decimal(s.threshold.share).times(
          s.threshold.of === 'shown'
            ? maxMitigation
            : new Decimal(totalOf(all, 'mitigation', maxOf)).div(s.threshold.of === 'half_all' ? 2 : 1),
        )
  // A threshold of nothing is not reached by having nothing to mitigate.
  const deducted = threshold.gt(0) && threshold.lte(mitigation)
  const unrounded = deducted ? new Decimal(raw).times(new Decimal(1).minus(s.deduction)) : new Decimal(raw)
  const mode = ROUNDING[s.rounding]
  const final = mode === undefined ? unrounded : unrounded.toDecimalPlaces(0, mode)
  const share = maxRisk === 0 ? new Decimal(0) : final.div(maxRisk)
  const measured = s.levelsIn === 'share' ? share : final
  const bounds = s.levels.slice(0, 3).map((l) => ({
    level: l.level,
    value: boundOf(l),
    rule: l.upTo !== undefined ? ('upTo' as const) : ('below' as const),
    unit: s.levelsIn,
  }))
  const within = (b: LevelBound) => (b.rule === 'upTo' ? measured.lte(b.value) : measured.lt(b.value))
  return {
    ...common,
    scheme: 2,
    maxRisk,
    maxOver: typeof s.maximum === 'object' ? 'fixed' : s.maximum,
    threshold: threshold.toNumber(),
    thresholdOver: 'points' in s.threshold ? 'fixed' : s.threshold.of,
    deducted,
    rounding: s.rounding,
    score: final.toNumber(),
    share: share.toNumber(),
    level: bounds.find(within)?.level ?? 'IV',
    bounds,
  }
}

/** One chosen option that added points: to the risk score, or to the mitigation that may earn the deduction. */
export type Contribution = { question: string; option: string; points: number }
/** A section's part of the score: its risk and mitigation points, each out of its maximum. */
export type SectionScore = { section: string; risk: number; maxRisk: number; mitigation: number; maxMitigation: number }

/**
 * Why an assessment scored what it did, part by part: each section's points out of its maximum (risk counted over
 * every question when the scheme's maximum is, else over those shown, as the score counts), and every chosen option that added risk or
 * mitigation, largest first. It is computed again from the definition and the answers, so that it holds for
 * assessments stored before it existed.
 */
export function explain(def: Questionnaire, answers: Answers) {
  const shown = new Set(visibleQuestions(def, answers).map((q) => q.id))
  const overAll = def.scoring.scheme === 2 && def.scoring.maximum === 'all'
  const chosen = (q: ChoiceQuestion) => (shown.has(q.id) ? pointsOf(q, answers[q.id] ?? []) : 0)
  const sections: SectionScore[] = def.sections.map((s) => ({
    section: s.id,
    risk: totalOf(s.questions, 'risk', chosen),
    maxRisk: totalOf(
      s.questions.filter((q) => overAll || shown.has(q.id)),
      'risk',
      maxOf,
    ),
    mitigation: totalOf(s.questions, 'mitigation', chosen),
    maxMitigation: totalOf(
      s.questions.filter((q) => shown.has(q.id)),
      'mitigation',
      maxOf,
    ),
  }))
  const contributions = (kind: 'risk' | 'mitigation'): Contribution[] =>
    visibleQuestions(def, answers)
      .filter(isChoice)
      .filter((q) => q.kind === kind)
      .flatMap((q) =>
        q.options
          .filter((o) => o.points > 0 && (answers[q.id] ?? []).includes(o.id))
          .map((o) => ({ question: q.id, option: o.id, points: o.points })),
      )
      .sort((a, b) => b.points - a.points)
  return { sections, risk: contributions('risk'), mitigation: contributions('mitigation') }
}
export type Explanation = ReturnType<typeof explain>

/**
 * The answered-or-asked questions a reader may see: every shown question for the Directorate and the body, and for
 * the public the choices and only the typed answers the definition publishes (a typed answer is otherwise the
 * Directorate's alone). Notes are never answers.
 */
export function questionsFor(def: Questionnaire, answers: Answers, audience: 'public' | 'staff'): Question[] {
  return visibleQuestions(def, answers).filter(
    (q) =>
      q.type !== 'note' &&
      (audience === 'staff' || isChoice(q) || ((q.type === 'text' || q.type === 'long_text') && q.public === true)),
  )
}

/** What a framework's `appliesTo` is compared with: the system's sector, and the type of the body that runs it. */
export type AppliesTo = Questionnaire['appliesTo']
export function appliesToSystem(
  where: AppliesTo,
  system: { sector: string | undefined; organisationType: string | undefined },
): boolean {
  if (!where) return true
  const listed = (list: readonly string[] | undefined, value: string | undefined) =>
    !list || (value !== undefined && list.includes(value))
  return listed(where.sectors, system.sector) && listed(where.organisationTypes, system.organisationType)
}
