import { readFileSync } from 'node:fs'
import { parse } from 'yaml'
import { z } from 'zod'

const id = z.string().regex(/^[a-z0-9.-]+$/)
const pillar = z.number().int().min(1).max(6)
const year = z.number().int().min(2025).max(2035)

const Kpi = z.object({
  id,
  pillar,
  en: z.string().min(1),
  ur: z.string().min(1),
  unit: z.enum(['count', 'percent', 'pkr', 'milestone']),
  quote: z.string().optional(),
  indicator: z.string().optional(),
})

const Target = z.object({
  id,
  clause: z.string().min(1),
  value: z.number().positive(),
  unit: z.string().min(1),
  /** `year`: the figure is due every year; `ongoing`: a share to hold; otherwise once, by `by`. */
  per: z.enum(['year', 'ongoing']).optional(),
  by: year.optional(),
  en: z.string().min(1),
  ur: z.string().min(1),
  quote: z.string().min(1),
  /** The platform's own figure that measures it, where Mizan computes one (README, "Indicators"). */
  indicator: z.string().optional(),
})

const Figure = z.object({
  id,
  clause: z.string().min(1),
  indicator: z.string().min(1),
  en: z.string().min(1),
  ur: z.string().min(1),
})

const Conflict = z.object({ id, en: z.string().min(1), ur: z.string().min(1), targets: z.array(id).min(2) })

const Stakeholder = z.object({
  id,
  en: z.string().min(1),
  ur: z.string().min(1),
  /** Other ways the policy writes the same body's name. */
  written: z.array(z.string().min(1)).default([]),
  organisation: z.string().nullable(),
})

const MatrixRow = z.object({
  number: z.number().int().min(1),
  area: z.string().min(1),
  pillars: z.array(pillar).min(1),
  objective: z.string().min(1),
  target: z.string().min(1),
  titleUr: z.string().min(1),
  description: z.string().min(1),
  currentState: z.string().min(1),
  desiredState: z.string().min(1),
  timeline: z.string().regex(/^By \d{4}$/),
  lead: z.array(z.string().min(1)).min(1),
  term: z.enum(['Short-Term', 'Medium-Term', 'Long-Term']),
  targets: z.array(id).default([]),
})

const PolicyFile = z
  .object({
    version: z.number().int().min(1),
    policy: z.string(),
    stakeholders: z.array(Stakeholder),
    kpis: z.array(Kpi),
    figures: z.array(Figure),
    targets: z.array(Target),
    conflicts: z.array(Conflict),
    actionMatrix: z.array(MatrixRow),
  })
  .superRefine((f, ctx) => {
    const targetIds = new Set(f.targets.map((t) => t.id))
    const unique = (ids: string[], what: string) =>
      ids.forEach((x, i) => ids.indexOf(x) !== i && ctx.addIssue({ code: 'custom', message: `${what} ${x} appears twice` }))
    unique(
      f.kpis.map((k) => k.id),
      'KPI',
    )
    unique(
      f.stakeholders.flatMap((s) => [s.id, s.en, ...s.written]),
      'stakeholder',
    )
    unique(
      f.targets.map((t) => t.id),
      'target',
    )
    const known = (x: string, where: string) =>
      !targetIds.has(x) && ctx.addIssue({ code: 'custom', message: `${where} names unknown target ${x}` })
    f.conflicts.forEach((c) => c.targets.forEach((x) => known(x, `conflict ${c.id}`)))
    f.actionMatrix.forEach((r, i) => {
      if (r.number !== i + 1) ctx.addIssue({ code: 'custom', message: `action-matrix row ${i + 1} is numbered ${r.number}` })
      r.targets.forEach((x) => known(x, `action-matrix row ${r.number}`))
      r.lead.forEach(
        (l) =>
          !f.stakeholders.some((s) => s.en === l || s.written.includes(l)) &&
          ctx.addIssue({ code: 'custom', message: `row ${r.number}: stakeholder "${l}" is not listed` }),
      )
    })
  })
export type PolicyData = z.output<typeof PolicyFile>
export type ActionRow = PolicyData['actionMatrix'][number]
export type Stakeholder = PolicyData['stakeholders'][number]

/** The stakeholder a name in the matrix means, or a filter's value names: by id or by any way the policy writes it. */
export const stakeholderNamed = (data: Pick<PolicyData, 'stakeholders'>, name: string) =>
  data.stakeholders.find((s) => s.id === name || s.en === name || s.written.includes(name))

/** A row's lead stakeholders, each once (the policy may write one body two ways). */
export const leadsOf = (data: Pick<PolicyData, 'stakeholders'>, row: ActionRow): Stakeholder[] => [
  ...new Set(row.lead.map((name) => stakeholderNamed(data, name)!)),
]

/** "By 2026" means the end of 2026 in Pakistan: the deadline is that calendar date. */
export const deadlineOf = (timeline: string | number) => `${typeof timeline === 'number' ? timeline : timeline.slice(-4)}-12-31`

/** The policy as data, checked: every reference resolves and the matrix rows run 1, 2, 3… */
export function loadPolicyData(): PolicyData {
  return PolicyFile.parse(parse(readFileSync(new URL('./data/policy-2025.yaml', import.meta.url), 'utf8')))
}
