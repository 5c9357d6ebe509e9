import { z } from 'zod'
import { impactLevels, type ImpactLevel } from './questionnaire.ts'

/**
 * What each impact level obliges a public body to do, and by when (policy 3.2(a), (c), (d)). The rules are data a
 * system administrator can change; due dates are calendar dates in Pakistan time.
 */
export const obligationKinds = [
  'publication',
  'oversight_arrangement',
  'named_overseer',
  'lifecycle_evaluation',
  'audit_before_production',
  'directorate_approval',
  'annual_audit',
  'assessment',
] as const
export type ObligationKind = (typeof obligationKinds)[number]

const Rule = z.object({
  kind: z.enum(obligationKinds),
  /** First due this many days after the assessment is accepted. */
  dueInDays: z.number().int().min(0).max(3650),
  /** Recurs this many months after each due date; absent for a one-off duty. */
  everyMonths: z.number().int().min(1).max(60).optional(),
})
export type ObligationRule = z.infer<typeof Rule>

export const ObligationRules = z.object({
  /** Reminders go out this many days before a due date. */
  reminderDays: z.array(z.number().int().min(1).max(365)).max(5),
  levels: z.object(
    Object.fromEntries(impactLevels.map((l) => [l, z.array(Rule)])) as Record<ImpactLevel, z.ZodArray<typeof Rule>>,
  ),
  /** For systems published before assessments existed, or never assessed: the duty to be assessed. */
  unassessedDueInDays: z.number().int().min(1).max(3650),
})
export type ObligationRules = z.infer<typeof ObligationRules>

export const defaultObligationRules: ObligationRules = {
  reminderDays: [30, 7],
  unassessedDueInDays: 90,
  levels: {
    I: [{ kind: 'publication', dueInDays: 30 }],
    II: [
      { kind: 'publication', dueInDays: 30 },
      { kind: 'oversight_arrangement', dueInDays: 30 },
      { kind: 'lifecycle_evaluation', dueInDays: 365, everyMonths: 12 },
    ],
    III: [
      { kind: 'publication', dueInDays: 30 },
      { kind: 'oversight_arrangement', dueInDays: 30 },
      { kind: 'named_overseer', dueInDays: 30 },
      { kind: 'lifecycle_evaluation', dueInDays: 182, everyMonths: 6 },
      { kind: 'audit_before_production', dueInDays: 90 },
    ],
    IV: [
      { kind: 'publication', dueInDays: 30 },
      { kind: 'oversight_arrangement', dueInDays: 30 },
      { kind: 'named_overseer', dueInDays: 30 },
      { kind: 'directorate_approval', dueInDays: 30 },
      { kind: 'lifecycle_evaluation', dueInDays: 91, everyMonths: 3 },
      { kind: 'annual_audit', dueInDays: 365, everyMonths: 12 },
    ],
  },
}

/** A calendar date (YYYY-MM-DD) plus whole days; calendar dates carry no time zone, so UTC arithmetic is exact. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + days)
  return d.toISOString().slice(0, 10)
}

/**
 * A calendar date plus whole months. A day that the target month lacks becomes its last day (31 January plus one
 * month is 28 or 29 February), as a person counting months would say.
 */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  const index = y * 12 + (m - 1) + months
  const year = Math.floor(index / 12)
  const month = index % 12
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate()
  return `${String(year).padStart(4, '0')}-${String(month + 1).padStart(2, '0')}-${String(Math.min(d, lastDay)).padStart(2, '0')}`
}

/** The next due date of a recurring duty: its period after the one just met. */
export const nextDue = (rule: ObligationRule, dueOn: string) => (rule.everyMonths ? addMonths(dueOn, rule.everyMonths) : null)

/** What a level obliges, with each duty's first due date counted from the day its assessment was accepted. */
export function dutiesFor(
  rules: ObligationRules,
  level: ImpactLevel,
  acceptedOn: string,
): { kind: ObligationKind; dueOn: string; rule: ObligationRule }[] {
  return rules.levels[level].map((rule) => ({ kind: rule.kind, dueOn: addDays(acceptedOn, rule.dueInDays), rule }))
}
