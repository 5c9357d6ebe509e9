import { z } from 'zod'
import type { AssessmentRow } from './assessments.repository.ts'
import { explain, impactLevels, questionsFor, type Questionnaire } from './questionnaire.ts'

/** A text in any languages: ISO 639 code → the text. */
const Text = z.record(z.string(), z.string())

/**
 * An accepted impact assessment as open data: its framework, its level and the score behind it as stored when it was
 * answered (never scored again), the explanation part by part, and the answers the public may read.
 */
export const AssessmentOut = z.object({
  system: z.object({ number: z.number().int(), url: z.string() }),
  framework: z.object({ key: z.string(), version: z.number().int(), title: Text }),
  acceptedAt: z.string(),
  summary: z.object({ en: z.string(), ur: z.string().nullable() }),
  level: z.enum(impactLevels),
  // Parts marked optional were added to the stored score later: older assessments keep the score they were given.
  score: z.object({
    scheme: z.union([z.literal(1), z.literal(2)]),
    raw: z.number(),
    maxRisk: z.number(),
    maxOver: z.enum(['shown', 'all', 'fixed']).optional(),
    mitigation: z.number(),
    maxMitigation: z.number(),
    threshold: z.number().optional(),
    thresholdOver: z.enum(['shown', 'all', 'half_all', 'fixed']).optional(),
    deducted: z.boolean(),
    rounding: z.enum(['none', 'half_up', 'half_even', 'floor']).optional(),
    score: z.number(),
    share: z.number(),
    bounds: z
      .array(
        z.object({
          level: z.enum(impactLevels),
          value: z.number(),
          rule: z.enum(['upTo', 'below']),
          unit: z.enum(['share', 'points']),
        }),
      )
      .optional(),
  }),
  explanation: z.object({
    sections: z.array(
      z.object({
        section: z.string(),
        risk: z.number(),
        maxRisk: z.number(),
        mitigation: z.number(),
        maxMitigation: z.number(),
      }),
    ),
    risk: z.array(z.object({ question: z.string(), option: z.string(), points: z.number() })),
    mitigation: z.array(z.object({ question: z.string(), option: z.string(), points: z.number() })),
  }),
  /** Question id → the chosen option ids, or the one published text. */
  answers: z.record(z.string(), z.array(z.string())),
})

export function assessmentOut(
  number: number,
  shown: { assessment: AssessmentRow; questionnaire: Questionnaire; version: number },
  publicUrl: URL,
): z.infer<typeof AssessmentOut> {
  const { assessment, questionnaire, version } = shown
  const { answers } = assessment
  const result = assessment.result!
  return {
    system: { number, url: new URL(`/register/${number}`, publicUrl).href },
    framework: { key: questionnaire.key, version, title: questionnaire.title },
    acceptedAt: assessment.decidedAt!.toISOString(),
    summary: { en: assessment.summaryEn!, ur: assessment.summaryUr },
    level: result.level,
    score: { ...result, scheme: result.scheme ?? 1 },
    explanation: explain(questionnaire, answers),
    answers: Object.fromEntries(
      questionsFor(questionnaire, answers, 'public').flatMap((q) => (answers[q.id] ? [[q.id, answers[q.id]!]] : [])),
    ),
  }
}
