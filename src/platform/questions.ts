import { z } from 'zod'
import { contentLanguage, type TextIn } from './content-language.ts'
import { plainNumber } from './numbers.ts'
import { findPersonalData } from './personal-data.ts'

/**
 * Forms as data: sections of questions (choices, texts, dates, numbers, notes), each asked when a condition on
 * earlier answers holds, with help in any languages. The impact assessment's questionnaires and a programme call's
 * application form are both written this way, so that a form's questions are data and not code.
 */

/**
 * A text in any languages, keyed by ISO 639 code (any of a language's codes, kept in its shortest form), in the order
 * its author wrote them: pages show the reader's language where the text has it, and otherwise the first.
 */
export const Text = z
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

/** A form's sections, checked as a whole: ids unique, options sound, and every condition looking only back. */
export const FormSections = z
  .array(Section)
  .min(1)
  .superRefine((sections, ctx) => {
    const seen = new Map<string, Question>()
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
    for (const [s, section] of sections.entries()) {
      if (section.showIf) checkCondition(section.showIf, [s, 'showIf'], `section "${section.id}"`)
      for (const [q, question] of section.questions.entries()) {
        const path = [s, 'questions', q]
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

export type Question = z.infer<typeof Question>
export type ChoiceQuestion = z.infer<typeof ChoiceQuestion>
/** What any form made of these sections is, whatever else its definition carries. */
export type FormDefinition = { sections: z.infer<typeof FormSections> }
export const isChoice = (q: Question): q is ChoiceQuestion => q.type === 'single' || q.type === 'multiple'
/** Whether a question must be answered before the form is submitted: every choice, and entries marked so. */
export const isRequired = (q: Question) => isChoice(q) || (q.type !== 'note' && q.required === true)

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
export function visibleQuestions(def: FormDefinition, answers: Answers): Question[] {
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
export function answersNoLongerApplying(def: FormDefinition, answers: Answers): Question[] {
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
    return exclusive.length && chosen.length > 1 ? { error: 'questions.errors.exclusive' } : { value: chosen }
  }
  const typed = (given[0] ?? '').replace(/\r\n?/g, '\n').trim()
  if (typed === '') return {}
  if (q.type === 'date') return isCalendarDate(typed) ? { value: [typed] } : { error: 'questions.errors.date' }
  if (q.type === 'number') {
    const plain = plainNumber(typed)
    if (plain === undefined || !/^-?\d+(?:\.\d+)?$/.test(plain)) return { error: 'questions.errors.number' }
    const n = Number(plain)
    if (q.integer && !Number.isInteger(n)) return { error: 'questions.errors.integer' }
    if ((q.min !== undefined && n < q.min) || (q.max !== undefined && n > q.max)) return { error: 'questions.errors.range' }
    return { value: [String(n)] }
  }
  if ([...typed].length > (q.maxLength ?? TEXT_LIMITS[q.type])) return { error: 'questions.errors.tooLong' }
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
