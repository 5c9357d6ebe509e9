import { z } from 'zod'
import { FormSections, Id, isChoice, Text, type FormDefinition } from '../../platform/questions.ts'
import { provinces } from '../accounts/accounts.vocabulary.ts'

/** A score from 0 to 5 in whole and half points, as reviewers give it (Horizon Europe's scale). */
const Points = z.number().min(0).max(5).multipleOf(0.5)

/**
 * What a call publishes and runs on, as data: its eligibility criteria with the indicators the FCA publishes for its
 * sandbox, the scoring rubric with thresholds and weights, tie-breaks, reviewers per application, quotas and the
 * application form (the same form engine as the impact assessment). Staff start a call from a shipped template and
 * may change any of it before the call opens; the call keeps the definition it opened with.
 */
export const CallDefinition = z
  .object({
    eligibility: z
      .array(
        z
          .object({
            id: Id,
            title: Text,
            /** What shows the criterion is met, and what shows it is not. */
            positive: z.array(Text).default([]),
            negative: z.array(Text).default([]),
          })
          .strict(),
      )
      .min(1),
    criteria: z
      .array(
        z
          .object({
            id: Id,
            title: Text,
            guidance: Text,
            /** The lowest score that passes this criterion (3 by default). */
            threshold: Points.default(3),
            /** For ranking only: thresholds are always on the plain scores. Whole numbers keep the totals exact. */
            weight: z.number().int().min(1).max(10).default(1),
          })
          .strict(),
      )
      .min(1)
      .max(10),
    /** The lowest plain total that passes (10 of 15 by default for three criteria). */
    totalThreshold: z.number().min(0).multipleOf(0.5).default(10),
    /** After the weighted total: criteria by id, then how many of the call's priority sectors the application covers. */
    tieBreaks: z.array(z.union([z.object({ criterion: Id }).strict(), z.literal('priority_sectors')])).optional(),
    reviewersPerApplication: z.number().int().min(1).max(9).default(3),
    /** Reviewers' scores on a criterion this far apart (max − min) are flagged for the consensus. */
    wideSpread: Points.default(2),
    /** The target from closing to decision, in months (the EU AI Act's three for sandboxes). */
    decisionWithinMonths: z.number().int().min(1).max(24).default(3),
    /**
     * Places or money kept for some applicants, if the committee sets any: a share of the call's places (or, with
     * none, of its budget) that only applications matching the rule may take until it is filled.
     */
    quotas: z
      .array(
        z
          .object({
            id: Id,
            label: Text,
            minShare: z.number().gt(0).max(1),
            rule: z.union([
              z.object({ question: Id, anyOf: z.array(Id).min(1) }).strict(),
              z.object({ province: z.array(z.enum(provinces)).min(1) }).strict(),
            ]),
          })
          .strict(),
      )
      .default([]),
    form: z.object({ sections: FormSections }).strict(),
  })
  .strict()
  .superRefine((def, ctx) => {
    const criteria = new Set(def.criteria.map((c) => c.id))
    if (criteria.size !== def.criteria.length)
      ctx.addIssue({ code: 'custom', path: ['criteria'], message: 'criterion ids repeat' })
    if (def.totalThreshold > def.criteria.length * 5)
      ctx.addIssue({ code: 'custom', path: ['totalThreshold'], message: 'the total threshold is above the highest total' })
    for (const [i, t] of (def.tieBreaks ?? []).entries())
      if (t !== 'priority_sectors' && !criteria.has(t.criterion))
        ctx.addIssue({ code: 'custom', path: ['tieBreaks', i], message: `there is no criterion "${t.criterion}"` })
    const questions = new Map(def.form.sections.flatMap((s) => s.questions).map((q) => [q.id, q]))
    for (const [i, q] of def.quotas.entries()) {
      if (!('question' in q.rule)) continue
      const question = questions.get(q.rule.question)
      if (!question || !isChoice(question))
        ctx.addIssue({ code: 'custom', path: ['quotas', i, 'rule'], message: `"${q.rule.question}" is not a choice on the form` })
      else
        for (const o of q.rule.anyOf)
          if (!question.options.some((x) => x.id === o))
            ctx.addIssue({ code: 'custom', path: ['quotas', i, 'rule'], message: `"${q.rule.question}" has no option "${o}"` })
    }
  })
export type CallDefinition = z.output<typeof CallDefinition>
export type Criterion = CallDefinition['criteria'][number]
export type Quota = CallDefinition['quotas'][number]
export type TieBreak = 'priority_sectors' | { criterion: string }

/** The tie-breaks a call uses: its own, or by default the first criterion, the second, then priority-sector coverage. */
export const tieBreaksOf = (def: CallDefinition): TieBreak[] =>
  def.tieBreaks ?? [...def.criteria.slice(0, 2).map((c) => ({ criterion: c.id })), 'priority_sectors']

export const formOf = (def: CallDefinition): FormDefinition => def.form
