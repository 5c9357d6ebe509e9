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

/** How the policy states a target's figure: "at least 20", "about 50", "over 2,000", or the figure alone. */
export const comparators = ['at_least', 'about', 'over'] as const
export type Comparator = (typeof comparators)[number]

const Target = z.object({
  id,
  clause: z.string().min(1),
  value: z.number().positive(),
  comparator: z.enum(comparators).optional(),
  unit: z.string().min(1),
  /** What it measures, when another target measures the same; otherwise the target is its measure's only one. */
  measure: id.optional(),
  /** `year`: the figure is due every year; `ongoing`: a share to hold; otherwise once, by `by`. */
  per: z.enum(['year', 'ongoing']).optional(),
  by: year.optional(),
  en: z.string().min(1),
  ur: z.string().min(1),
  quote: z.string().min(1),
  /** The platform's own figure that measures it, where Mizan computes one (README, "Indicators"). */
  indicator: z.string().optional(),
  /** Whether its figures may be broken down by province (a count only: shares do not add up). */
  byProvince: z.boolean().optional(),
})

const Figure = z.object({
  id,
  clause: z.string().min(1),
  indicator: z.string().min(1),
  en: z.string().min(1),
  ur: z.string().min(1),
})

/** A thing the policy sets targets for, which a figure is recorded against once, for every one of its targets. */
const Measure = z.object({
  id,
  unit: z.string().min(1),
  en: z.string().min(1),
  ur: z.string().min(1),
  definition: z.object({ en: z.string().min(1), ur: z.string().min(1) }),
  /** Where its figures come from: the owner's record that counts it. */
  source: z.object({ en: z.string().min(1), ur: z.string().min(1) }),
  /** The stakeholder accountable for its figures. */
  owner: id,
  /** Whether its figures may be broken down by province (a count only: shares do not add up). */
  byProvince: z.boolean().optional(),
})

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
  /** The row's cells in Urdu: a translation, shown as one; the policy's own words are the English above. */
  ur: z.object({
    objective: z.string().min(1),
    description: z.string().min(1),
    currentState: z.string().min(1),
    desiredState: z.string().min(1),
  }),
})

const PolicyFile = z
  .object({
    version: z.number().int().min(1),
    policy: z.string(),
    stakeholders: z.array(Stakeholder),
    kpis: z.array(Kpi),
    figures: z.array(Figure),
    measures: z.array(Measure),
    targets: z.array(Target),
    /** The matrix's areas in Urdu, by the policy's English. */
    areas: z.record(z.string(), z.string().min(1)),
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
    for (const m of f.measures) {
      const of = f.targets.filter((t) => t.measure === m.id)
      if (of.length < 2)
        ctx.addIssue({ code: 'custom', message: `measure ${m.id} has ${of.length} targets: a measure is shared` })
      for (const t of of.filter((t) => t.unit !== m.unit))
        ctx.addIssue({ code: 'custom', message: `target ${t.id} is in ${t.unit}, its measure ${m.id} in ${m.unit}` })
      if (!f.stakeholders.some((s) => s.id === m.owner))
        ctx.addIssue({ code: 'custom', message: `measure ${m.id} is owned by unknown stakeholder ${m.owner}` })
    }
    for (const t of f.targets.filter((t) => t.measure && !f.measures.some((m) => m.id === t.measure)))
      ctx.addIssue({ code: 'custom', message: `target ${t.id} names unknown measure ${t.measure}` })
    f.actionMatrix.forEach((r, i) => {
      if (r.number !== i + 1) ctx.addIssue({ code: 'custom', message: `action-matrix row ${i + 1} is numbered ${r.number}` })
      r.targets.forEach((x) => known(x, `action-matrix row ${r.number}`))
      if (!f.areas[r.area]) ctx.addIssue({ code: 'custom', message: `row ${r.number}: area "${r.area}" has no Urdu` })
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
export type Target = PolicyData['targets'][number]
export type Measure = PolicyData['measures'][number]

/** The key a target's figures are kept under: its measure's, shared with the measure's other targets, or its own. */
export const measureKeyOf = (target: Pick<Target, 'id' | 'measure'>) => target.measure ?? `target:${target.id}`

/** The targets that measure what this one measures, itself included, in the file's order. */
export const targetsMeasuring = (data: Pick<PolicyData, 'targets'>, target: Target) =>
  data.targets.filter((t) => measureKeyOf(t) === measureKeyOf(target))

/** Two targets of one measure disagree when their figures differ, or both have deadlines and they differ. */
const disagree = (a: Target, b: Target) => a.value !== b.value || (a.by !== undefined && b.by !== undefined && a.by !== b.by)

/** Targets of one measure that the policy states differently: a contradiction for the Council to decide. */
export type Contradiction = { measure: Measure; targets: Target[] }

/**
 * Every contradiction, found from the data: the targets of each measure that recur alike (every year, or once) and
 * disagree with another of them. Yearly and one-off targets of one measure are not compared: a yearly flow and a
 * total by a date are different things.
 */
export function contradictionsOf(data: Pick<PolicyData, 'measures' | 'targets'>): Contradiction[] {
  return data.measures.flatMap((measure) => {
    const of = data.targets.filter((t) => t.measure === measure.id)
    const cadences = [...new Set(of.map((t) => t.per ?? 'once'))]
    return cadences.flatMap((cadence) => {
      const alike = of.filter((t) => (t.per ?? 'once') === cadence)
      const differing = alike.filter((t) => alike.some((u) => disagree(t, u)))
      return differing.length ? [{ measure, targets: differing }] : []
    })
  })
}

/** Whether a target's figures may be broken down by province: its shared measure says so, or else the target itself. */
export const byProvince = (data: Pick<PolicyData, 'measures'>, target: Target) =>
  Boolean(target.measure ? data.measures.find((m) => m.id === target.measure)?.byProvince : target.byProvince)

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
