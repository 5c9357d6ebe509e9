import { z } from 'zod'

/**
 * An impact-assessment questionnaire as data: sections, questions, options with risk or mitigation points,
 * conditions, help text in English and Urdu, and the scoring parameters. A new version is a new file, checked
 * by this schema; assessments keep the version they answered, so old ones stay readable.
 */
const Text = z.object({ en: z.string().min(1), ur: z.string().min(1) })
const Id = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,59}$/, 'ids are 1 to 60 lower-case letters, digits and underscores, starting with a letter')

export const impactLevels = ['I', 'II', 'III', 'IV'] as const
export type ImpactLevel = (typeof impactLevels)[number]

const Option = z.object({
  id: Id,
  label: Text,
  points: z.number().int().min(0).max(100),
  /** Choosing it means the system may not be registered at all, whatever the score. */
  prohibited: z.boolean().optional(),
})

const Condition = z.object({ question: Id, anyOf: z.array(Id).min(1) })

const Question = z.object({
  id: Id,
  /** Risk answers raise the score; mitigation answers can earn the deduction. */
  kind: z.enum(['risk', 'mitigation']),
  type: z.enum(['single', 'multiple']),
  text: Text,
  help: Text.optional(),
  options: z.array(Option).min(2),
  /** Asked only when an earlier answer chose one of these options. */
  showIf: Condition.optional(),
})

const Section = z.object({ id: Id, title: Text, questions: z.array(Question).min(1) })

const Scoring = z.object({
  /** The share of the mitigation points an assessment must reach to earn the deduction (0 to 1). */
  mitigationThreshold: z.number().min(0).max(1),
  /** The share of the raw risk score taken off when it does (0 to 1). */
  deduction: z.number().min(0).max(1),
  /** Each level applies up to and including this share of the maximum risk score; the last must be 1. */
  levels: z
    .array(z.object({ level: z.enum(impactLevels), upTo: z.number().min(0).max(1) }))
    .length(4)
    .refine((ls) => ls.every((l, i) => l.level === impactLevels[i]), 'levels must be I, II, III and IV in that order')
    .refine((ls) => ls.every((l, i) => i === 0 || l.upTo > ls[i - 1]!.upTo), 'each level must reach higher than the one before')
    .refine((ls) => ls.at(-1)!.upTo === 1, 'level IV must reach 1'),
})

export const QuestionnaireDefinition = z
  .object({
    key: Id,
    version: z.number().int().min(1),
    title: Text,
    description: Text,
    scoring: Scoring,
    sections: z.array(Section).min(1),
  })
  .superRefine((def, ctx) => {
    const seen = new Map<string, z.infer<typeof Question>>()
    for (const [s, section] of def.sections.entries()) {
      for (const [q, question] of section.questions.entries()) {
        const path = ['sections', s, 'questions', q]
        if (seen.has(question.id))
          ctx.addIssue({ code: 'custom', path: [...path, 'id'], message: `question id "${question.id}" is used twice` })
        const optionIds = question.options.map((o) => o.id)
        if (new Set(optionIds).size !== optionIds.length)
          ctx.addIssue({ code: 'custom', path: [...path, 'options'], message: `question "${question.id}" repeats an option id` })
        if (question.showIf) {
          // Conditions may only look back, so a form can be answered from top to bottom.
          const earlier = seen.get(question.showIf.question)
          if (!earlier)
            ctx.addIssue({
              code: 'custom',
              path: [...path, 'showIf'],
              message: `question "${question.id}" depends on "${question.showIf.question}", which is not an earlier question`,
            })
          else
            for (const o of question.showIf.anyOf)
              if (!earlier.options.some((x) => x.id === o))
                ctx.addIssue({
                  code: 'custom',
                  path: [...path, 'showIf'],
                  message: `"${question.showIf.question}" has no option "${o}"`,
                })
        }
        seen.set(question.id, question)
      }
    }
  })

export type Questionnaire = z.infer<typeof QuestionnaireDefinition>
export type Question = Questionnaire['sections'][number]['questions'][number]

/** Question id → the chosen option ids (one for a single-choice question). */
export type Answers = Record<string, string[]>

/** The questions an assessment must answer, given its answers so far: those whose condition holds. */
export function visibleQuestions(def: Questionnaire, answers: Answers): Question[] {
  const shown: Question[] = []
  for (const section of def.sections) {
    for (const q of section.questions) {
      if (!q.showIf || (answers[q.showIf.question] ?? []).some((o) => q.showIf!.anyOf.includes(o))) shown.push(q)
    }
  }
  return shown
}

const pointsOf = (q: Question, chosen: readonly string[]) =>
  q.options.filter((o) => chosen.includes(o.id)).reduce((sum, o) => sum + o.points, 0)
const maxOf = (q: Question) =>
  q.type === 'single' ? Math.max(...q.options.map((o) => o.points)) : q.options.reduce((sum, o) => sum + o.points, 0)

export type Score = {
  raw: number
  maxRisk: number
  mitigation: number
  maxMitigation: number
  deducted: boolean
  score: number
  /** score / maxRisk, from 0 to 1. */
  share: number
  level: ImpactLevel
  /** Options chosen that block registration. */
  prohibited: { question: string; option: string }[]
  unanswered: string[]
}

/**
 * The documented rule (README, "Impact assessments"): raw risk is the sum over the visible risk questions of the
 * chosen option's points (single choice) or of every chosen option (multiple choice); the maximum is the sum of each
 * visible risk question's largest option (single) or of all its options (multiple). When the mitigation points reach
 * `mitigationThreshold` of their maximum, `deduction` of the raw score is taken off. The level is the first whose
 * `upTo` is at least score / maximum. Answers to hidden questions count for nothing.
 */
export function score(def: Questionnaire, answers: Answers): Score {
  const visible = visibleQuestions(def, answers)
  const sum = (kind: Question['kind'], f: (q: Question) => number) =>
    visible.filter((q) => q.kind === kind).reduce((n, q) => n + f(q), 0)
  const raw = sum('risk', (q) => pointsOf(q, answers[q.id] ?? []))
  const maxRisk = sum('risk', maxOf)
  const mitigation = sum('mitigation', (q) => pointsOf(q, answers[q.id] ?? []))
  const maxMitigation = sum('mitigation', maxOf)
  const deducted = maxMitigation > 0 && mitigation >= def.scoring.mitigationThreshold * maxMitigation
  const final = deducted ? raw * (1 - def.scoring.deduction) : raw
  const share = maxRisk === 0 ? 0 : final / maxRisk
  const level = def.scoring.levels.find((l) => share <= l.upTo + 1e-9)!.level
  const prohibited = visible.flatMap((q) =>
    q.options.filter((o) => o.prohibited && (answers[q.id] ?? []).includes(o.id)).map((o) => ({ question: q.id, option: o.id })),
  )
  const unanswered = visible.filter((q) => !answers[q.id]?.length).map((q) => q.id)
  return { raw, maxRisk, mitigation, maxMitigation, deducted, score: final, share, level, prohibited, unanswered }
}
