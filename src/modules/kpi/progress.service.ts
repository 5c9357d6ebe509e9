import { randomUUID } from 'node:crypto'
import { actorRef } from '../../platform/audit-log.ts'
import { z } from 'zod'
import { publishedText, requiredPublishedText } from '../../platform/personal-data.ts'
import type { Db } from '../../db/engine.ts'
import type { Clock } from '../../platform/clock.ts'
import type { Deps } from '../../platform/deps.ts'
import { HttpError } from '../../platform/errors.ts'
import { storeFile } from '../../platform/files.ts'
import { blankToUndefined, type FieldErrors } from '../../platform/forms.tsx'
import { scopeOf, type UserActor } from '../../platform/rbac.ts'
import { pakistanDateOf, pakistanToday } from '../../platform/work-queue.ts'
import { organisationIdsBySlug } from '../accounts/admin.service.ts'
import { indicatorHistory, type Indicator } from '../../platform/indicators.ts'
import * as repo from './kpi.repository.ts'
import { FIGURE_PROVINCES, type FigureProvince, type Part } from './kpi.vocabulary.ts'
import type { ItemRow, MeasurementRow } from './kpi.repository.ts'
import { byProvince, deadlineOf, leadsOf, loadPolicyData, measureKeyOf, type ActionRow, type PolicyData } from './policy-data.ts'
import { forecastOf, type Forecast } from './progress-forecast.ts'
import { statuses, statusOf, unmeasured, worstOf, type Measurement, type PathPoint, type Status } from './progress-status.ts'

type Kpi = PolicyData['kpis'][number]
type Figure = PolicyData['figures'][number]
type Target = PolicyData['targets'][number]
export type { ItemRow, MeasurementRow }

let cached: PolicyData | undefined
/** The data file, read once: it changes only with a new release of Mizan. */
export const policyData = () => (cached ??= loadPolicyData())

/** Loads every KPI, target and action-matrix row into the tracker; running it again changes nothing but the definitions. */
export async function seedPolicyItems(db: Db): Promise<number> {
  const data = policyData()
  const slugs = data.stakeholders.flatMap((s) => (s.organisation ? [s.organisation] : []))
  const ids = await organisationIdsBySlug(db, slugs)
  const orgsOf = (rows: readonly ActionRow[]) => [
    ...new Set(
      rows
        .flatMap((r) => leadsOf(data, r))
        .flatMap((s) => (s.organisation && ids.get(s.organisation) ? [ids.get(s.organisation)!] : [])),
    ),
  ]
  const rowsFor = (targetId: string) => data.actionMatrix.filter((r) => r.targets.includes(targetId))
  const rows: Parameters<typeof repo.upsertItems>[1] = [
    ...data.kpis.map((k) => ({
      key: `kpi:${k.id}`,
      kind: 'kpi' as const,
      pillars: [k.pillar],
      definition: k,
      stakeholders: [],
      deadline: null,
      dataVersion: data.version,
    })),
    ...data.targets.map((t) => ({
      key: `target:${t.id}`,
      kind: 'target' as const,
      pillars: [...new Set(rowsFor(t.id).flatMap((r) => r.pillars))],
      definition: t,
      stakeholders: orgsOf(rowsFor(t.id)),
      deadline: t.by ? deadlineOf(t.by) : null,
      dataVersion: data.version,
    })),
    ...data.figures.map((f) => ({
      key: `figure:${f.id}`,
      kind: 'figure' as const,
      pillars: [3],
      definition: f,
      stakeholders: [],
      deadline: null,
      dataVersion: data.version,
    })),
    ...data.actionMatrix.map((r) => ({
      key: `action:${r.number}`,
      kind: 'action' as const,
      pillars: r.pillars,
      definition: r,
      stakeholders: orgsOf([r]),
      deadline: deadlineOf(r.timeline),
      dataVersion: data.version,
    })),
  ]
  await repo.upsertItems(db, rows)
  return rows.length
}

/**
 * The platform's own figures as measurements of the items that name them: each day's snapshot, and today's value
 * computed now, so a new figure shows at once. Indicators not yet built (the sandbox's, the fund's) give nothing.
 */
async function computedFigures(
  { db, clock, indicators }: Tracker,
  items: readonly ItemRow[],
  asOf: string,
): Promise<MeasurementRow[]> {
  const today = pakistanToday(clock)
  const named = (i: ItemRow) => (i.definition as { indicator?: string }).indicator
  const rows: MeasurementRow[] = []
  for (const indicator of indicators.filter((x) => items.some((i) => named(i) === x.key))) {
    const history = (await indicatorHistory(db, indicator.key)).filter((h) => h.onDate !== today && h.onDate <= asOf)
    const live = asOf >= today ? [{ value: await indicator.compute(db, clock.now()), onDate: today, at: new Date(0) }] : []
    const values = [...history.map((h) => ({ value: h.value, onDate: h.onDate, at: h.computedAt })), ...live]
    for (const item of items.filter((i) => named(i) === indicator.key)) {
      rows.push(
        ...values.map((v) => ({
          id: `${item.key}:${v.onDate}`,
          itemKey: item.key,
          value: v.value,
          measuredOn: v.onDate,
          source: 'Mizan',
          evidenceUrl: null,
          evidenceFile: null,
          note: null,
          corrects: null,
          recordedAt: v.at,
          recordedBy: '',
        })),
      )
    }
  }
  return rows
}

/**
 * The items whose recorded figures count for this one: every target of a target's measure (a figure is recorded once,
 * against whichever of them, and counts for all), or the item alone.
 */
export function figureKeysOf(key: string): string[] {
  const { targets } = policyData()
  const target = key.startsWith('target:') ? targets.find((t) => `target:${t.id}` === key) : undefined
  if (!target?.measure) return [key]
  return targets.filter((t) => measureKeyOf(t) === measureKeyOf(target)).map((t) => `target:${t.id}`)
}

/**
 * An item's figures: those recorded against it or against another target of its measure, and those Mizan computed for
 * it (each target of a measure has the same computed series, so only its own are taken).
 */
const figuresFor = (figures: readonly MeasurementRow[], key: string) => {
  const keys = figureKeysOf(key)
  return figures.filter((m) => m.itemKey === key || (keys.includes(m.itemKey) && !isComputed(m)))
}
/** A figure Mizan computed (README, "Indicators"), not one a person recorded. */
const isComputed = (m: MeasurementRow) => m.recordedBy === ''

/** Items in the policy's order: matrix rows 1, 2 … 10, not 1, 10, 11 … 2. */
const naturalOrder = (a: ItemRow, b: ItemRow) => a.key.localeCompare(b.key, 'en', { numeric: true })

/** The figures that count: each measurement minus those a later correction replaced. */
function current(measurements: readonly MeasurementRow[]): MeasurementRow[] {
  const corrected = new Set(measurements.map((m) => m.corrects).filter(Boolean))
  return measurements.filter((m) => !corrected.has(m.id))
}

/** A target's path as the Cell set it: its baseline and interim milestones. */
export type Path = { baseline: PathPoint & { source: string }; milestones: PathPoint[]; setAt: Date }

const goalOf = (t: Target, path: Path | undefined) => ({
  value: t.value,
  per: t.per,
  deadline: t.by ? deadlineOf(t.by) : null,
  baseline: path?.baseline,
  milestones: path?.milestones,
})

export type Override = { status: Status; reason: string; at: Date }
export type TrackedItem = {
  item: ItemRow
  status: Status
  computed: Status
  override: Override | undefined
  latest: Measurement | undefined
  targets: { id: string; status: Status }[]
  /** A target's path, where the Cell has set one. */
  path: Path | undefined
  /** When a one-off target would be met at the trend of its figures (three or more), unless already met. */
  forecast: Forecast | undefined
}

/**
 * Every item with its status today: computed from its figures (targets), from its targets (action rows), or an
 * analyst's judgement made since the item's newest figure.
 */
export async function trackedItems(tracker: Tracker, asOf?: string): Promise<TrackedItem[]> {
  return (await track(tracker, asOf)).items
}

/** What the tracker reads: the database, the clock, and the figures the features compute about themselves. */
export type Tracker = { db: Db; clock: Clock; indicators: readonly Indicator[] }

/** Where everything stood at the end of `asOf` (a Pakistan date; today unless given), from what was known then or since. */
async function track(
  tracker: Tracker,
  asOf = pakistanToday(tracker.clock),
): Promise<{ items: TrackedItem[]; figures: MeasurementRow[] }> {
  const { db } = tracker
  const items = (await repo.allItems(db)).sort(naturalOrder)
  const recorded = await repo.measurements(db, asOf)
  const figures = [...recorded, ...(await computedFigures(tracker, items, asOf))]
  const measurements = current(figures)
  const overrides = (await repo.statusOverrides(db)).filter((o) => pakistanDateOf(o.at) <= asOf)
  const paths = new Map(
    (await repo.paths(db))
      .filter((p) => pakistanDateOf(p.setAt) <= asOf)
      .map((p): [string, Path] => [
        p.itemKey,
        {
          baseline: { on: p.baselineOn, value: p.baselineValue, source: p.baselineSource },
          milestones: p.milestones,
          setAt: p.setAt,
        },
      ]),
  )
  const of = (key: string) => figuresFor(measurements, key)
  const latestOf = (key: string) =>
    of(key)
      .sort((a, b) => a.measuredOn.localeCompare(b.measuredOn))
      .at(-1)
  const newestFigure = (keys: readonly string[]) =>
    Math.max(0, ...recorded.filter((m) => keys.flatMap(figureKeysOf).includes(m.itemKey)).map((m) => m.recordedAt.getTime()))
  const targetStatus = new Map(
    policyData().targets.map((t) => [t.id, statusOf(goalOf(t, paths.get(`target:${t.id}`)), of(`target:${t.id}`), asOf)]),
  )
  const tracked = items.map((item): TrackedItem => {
    const latest = latestOf(item.key)
    const targets =
      item.kind === 'action'
        ? (item.definition as ActionRow).targets.map((id) => ({ id, status: targetStatus.get(id) ?? 'no_data' }))
        : []
    const computed: Status =
      item.kind === 'target'
        ? (targetStatus.get((item.definition as Target).id) ?? 'no_data')
        : item.kind === 'action'
          ? targets.length
            ? worstOf(targets.map((t) => t.status))
            : unmeasured(item.deadline, asOf)
          : 'no_target'
    const judged = overrides.filter((o) => o.itemKey === item.key).at(-1)
    const stands = judged && judged.at.getTime() > newestFigure([item.key, ...targets.map((t) => `target:${t.id}`)])
    const override = stands ? { status: judged.status as Status, reason: judged.reason, at: judged.at } : undefined
    const target = item.kind === 'target' ? (item.definition as Target) : undefined
    const forecast = target && !target.per && computed !== 'done' ? forecastOf(target.value, of(item.key)) : undefined
    return {
      item,
      status: override?.status ?? computed,
      computed,
      override,
      latest,
      targets,
      path: paths.get(item.key),
      forecast,
    }
  })
  return { items: tracked, figures }
}

export const OverrideForm = z.object({
  status: z.enum(statuses.filter((x) => x !== 'no_target') as [Status, ...Status[]], { error: 'progress.errors.status' }),
  reason: z.preprocess(
    blankToUndefined,
    z.string({ error: 'progress.errors.reason' }).max(2000, { error: 'register.errors.tooLong' }),
  ),
})

/** An analyst sets an item's status by judgement, with the reason the public reads; the computed status stays shown beside it. */
export async function overrideStatus(
  deps: Deps,
  actor: UserActor,
  key: string,
  input: z.output<typeof OverrideForm>,
): Promise<void> {
  if (scopeOf(actor, 'progress.override') !== 'all') throw new HttpError(403, '403')
  await deps.db.transaction(async (tx) => {
    if (!(await repo.findItem(tx, key))) throw new HttpError(404, '404')
    await repo.insertStatusOverride(tx, {
      itemKey: key,
      status: input.status,
      reason: input.reason,
      at: deps.clock.now(),
      by: actor.id,
    })
    await deps.audit.record(tx, actorRef(actor), {
      action: 'progress.status_set',
      subject: { type: 'policy_item', id: key },
      changes: { status: input.status, reason: input.reason },
    })
  })
}

/** One item with its measurements (corrections shown beside what they correct) and whether the actor may add one. */
export async function trackedItem(tracker: Tracker, key: string) {
  const { items: all, figures } = await track(tracker)
  const tracked = all.find((t) => t.item.key === key)
  if (!tracked) throw new HttpError(404, '404')
  const measurements = figuresFor(figures, key).sort(
    (a, b) => a.measuredOn.localeCompare(b.measuredOn) || a.recordedAt.getTime() - b.recordedAt.getTime(),
  )
  const targets =
    tracked.item.kind === 'action'
      ? all.filter(
          (t) =>
            t.item.kind === 'target' && (tracked.item.definition as ActionRow).targets.includes((t.item.definition as Target).id),
        )
      : []
  // Mizan's own figures are counted, not recorded: they have no parts (nor a stored id).
  const parts = await repo.partsOfMeasurements(
    tracker.db,
    measurements.filter((m) => !isComputed(m)).map((m) => m.id),
  )
  const partsOfFigure = (id: string) =>
    partsOf(Object.fromEntries(parts.filter((p) => p.measurementId === id).map((p) => [`part_${p.province}`, p.value])))
  const target = tracked.item.kind === 'target' ? (tracked.item.definition as Target) : undefined
  return {
    ...tracked,
    measurements: measurements.map((m) => ({ ...m, parts: partsOfFigure(m.id) })),
    targetItems: targets,
    byProvince: target !== undefined && byProvince(policyData(), target),
  }
}

/** A milestone as an analyst writes it, one a line: a date and the figure expected by then ("2026-06-30 4,000"). */
const MILESTONE_LINE = /^(\d{4}-\d{2}-\d{2})\s+([0-9][0-9,]*(?:\.[0-9]+)?)$/

const figureField = (error: string) =>
  z.preprocess(blankToUndefined, z.coerce.number({ error }).finite({ error }).min(0, { error }).max(1e15, { error }))

export const PathForm = z.object({
  baselineValue: figureField('progress.errors.value'),
  baselineOn: z.preprocess(blankToUndefined, z.iso.date({ error: 'progress.errors.date' })),
  baselineSource: requiredPublishedText(300, 'progress.errors.source'),
  milestones: z.preprocess(
    blankToUndefined,
    z
      .string()
      .max(2000, { error: 'register.errors.tooLong' })
      .optional()
      .transform((text, ctx): PathPoint[] => {
        const lines = (text ?? '')
          .split(/\r?\n/)
          .map((l) => l.trim())
          .filter(Boolean)
        const points = lines.map((l) => MILESTONE_LINE.exec(l))
        if (points.some((m) => !m || Number.isNaN(Date.parse(m[1]!)))) {
          ctx.addIssue({ code: 'custom', message: 'progress.errors.milestones' })
          return z.NEVER
        }
        return points
          .map((m) => ({ on: m![1]!, value: Number(m![2]!.replaceAll(',', '')) }))
          .sort((a, b) => a.on.localeCompare(b.on))
      }),
  ),
})
export type PathInput = z.output<typeof PathForm>

/**
 * What a path may not say, field by field: a baseline after today, or a milestone outside the baseline and the
 * target's deadline. A target measured every year has no path: its figure is judged against the target each year.
 */
export function pathProblems(item: ItemRow, input: PathInput, today: string): FieldErrors {
  const target = item.kind === 'target' ? (item.definition as Target) : undefined
  if (!target || target.per) return { _form: 'progress.errors.noPath' }
  const errors: FieldErrors = {}
  if (input.baselineOn > today) errors.baselineOn = 'progress.errors.baselineFuture'
  const deadline = target.by ? deadlineOf(target.by) : undefined
  if (input.milestones.some((m) => m.on <= input.baselineOn || (deadline !== undefined && m.on >= deadline)))
    errors.milestones = 'progress.errors.milestonesOutside'
  return errors
}

/** The Cell sets a target's baseline and milestones; the path it replaces stays on record. */
export async function setPath(deps: Deps, actor: UserActor, key: string, input: PathInput): Promise<void> {
  if (scopeOf(actor, 'progress.override') !== 'all') throw new HttpError(403, '403')
  await deps.db.transaction(async (tx) => {
    const item = await repo.findItem(tx, key)
    if (!item) throw new HttpError(404, '404')
    if (Object.keys(pathProblems(item, input, pakistanToday(deps.clock))).length) throw new HttpError(400, '400')
    await repo.insertPath(tx, {
      itemKey: key,
      baselineValue: input.baselineValue,
      baselineOn: input.baselineOn,
      baselineSource: input.baselineSource,
      milestones: input.milestones,
      setAt: deps.clock.now(),
      setBy: actor.id,
    })
    await deps.audit.record(tx, actorRef(actor), {
      action: 'progress.path_set',
      subject: { type: 'policy_item', id: key },
      changes: { baseline: { on: input.baselineOn, value: input.baselineValue }, milestones: input.milestones },
    })
  })
}

/** Where a figure comes from: the document, named, and a link to it where it is online. */
export const SourceFields = {
  source: requiredPublishedText(300, 'progress.errors.source'),
  evidenceUrl: z.preprocess(
    blankToUndefined,
    z
      .url({ protocol: /^https?$/, error: 'progress.errors.url' })
      .max(2000)
      .optional(),
  ),
}

/** A figure's parts by province, typed one a field (`part_punjab`…); each is optional, and blank means not known. */
const partField = z.preprocess(
  blankToUndefined,
  z.coerce
    .number({ error: 'progress.errors.part' })
    .finite({ error: 'progress.errors.part' })
    .min(0, { error: 'progress.errors.part' })
    .max(1e15, { error: 'progress.errors.part' })
    .optional(),
)
const partFields = Object.fromEntries(FIGURE_PROVINCES.map((p) => [`part_${p}`, partField])) as Record<
  `part_${FigureProvince}`,
  typeof partField
>

export const MeasurementForm = z
  .object({
    value: figureField('progress.errors.value'),
    measuredOn: z.preprocess(blankToUndefined, z.iso.date({ error: 'progress.errors.date' })),
    ...SourceFields,
    note: publishedText(2000),
    corrects: z.preprocess(blankToUndefined, z.uuid().optional()),
    ...partFields,
  })
  // The parts may leave some of the figure unplaced, never add up to more than it.
  .superRefine((m, ctx) => {
    const sum = partsOf(m).reduce((n, p) => n + p.value, 0)
    if (typeof m.value === 'number' && sum > m.value * (1 + 1e-12))
      ctx.addIssue({ code: 'custom', path: ['parts'], message: 'progress.errors.partsOverTotal' })
  })
export type MeasurementInput = z.output<typeof MeasurementForm>

/** The provinces given a part of a figure, in the order the form lists them. */
export function partsOf(input: Partial<Record<`part_${FigureProvince}`, number | undefined>>): Part[] {
  return FIGURE_PROVINCES.flatMap((province) => {
    const value = input[`part_${province}`]
    return value === undefined ? [] : [{ province, value }]
  })
}

/** Whether the actor may record progress on an item: analysts on all, a lead stakeholder's people on its own items. */
export function mayRecord(actor: UserActor | null, item: ItemRow): boolean {
  const scope = scopeOf(actor, 'progress.record')
  // Action rows are measured through their targets; Mizan's own figures count themselves.
  if (item.kind === 'action' || item.kind === 'figure') return false
  return (
    scope === 'all' ||
    (scope === 'own_org' && actor!.organisationId !== null && item.stakeholders.includes(actor!.organisationId))
  )
}

export const EVIDENCE_OWNER = 'progress_measurement'
export const EVIDENCE_MAX_BYTES = 10 * 1024 * 1024

/**
 * Records a figure for a target or KPI, with its evidence document if there is one (public, like the figure); a
 * correction names the entry it replaces, which stays on record.
 */
export async function recordMeasurement(
  deps: Deps,
  actor: UserActor,
  key: string,
  input: MeasurementInput,
  evidence?: { filename: string; bytes: Buffer },
): Promise<void> {
  const id = randomUUID()
  await deps.db.transaction(async (tx) => {
    const item = await repo.findItem(tx, key)
    if (!item) throw new HttpError(404, '404')
    if (!mayRecord(actor, item)) throw new HttpError(403, '403')
    if (input.measuredOn > pakistanToday(deps.clock)) throw new HttpError(400, 'progressFutureDate')
    const parts = partsOf(input)
    if (parts.length && !(item.kind === 'target' && byProvince(policyData(), item.definition as Target)))
      throw new HttpError(400, 'progressNotByProvince')
    if (input.corrects) {
      // A figure of the measure may be corrected from any of its targets' pages, where it is shown.
      const earlier = await repo.findMeasurement(tx, input.corrects)
      if (!earlier || !figureKeysOf(key).includes(earlier.itemKey)) throw new HttpError(404, '404')
    }
    const evidenceFile = evidence
      ? await storeFile(tx, deps, actorRef(actor), {
          ownerType: EVIDENCE_OWNER,
          ownerId: id,
          filename: evidence.filename,
          bytes: evidence.bytes,
          allowed: ['pdf', 'png', 'jpeg', 'csv', 'xlsx'],
          maxBytes: EVIDENCE_MAX_BYTES,
        })
      : null
    await repo.insertMeasurement(tx, {
      id,
      evidenceFile,
      itemKey: key,
      value: input.value,
      measuredOn: input.measuredOn,
      source: input.source,
      evidenceUrl: input.evidenceUrl ?? null,
      note: input.note ?? null,
      corrects: input.corrects ?? null,
      recordedAt: deps.clock.now(),
      recordedBy: actor.id,
    })
    if (parts.length)
      await repo.insertParts(
        tx,
        parts.map((p) => ({ measurementId: id, ...p })),
      )
    await deps.audit.record(tx, actorRef(actor), {
      action: 'progress.recorded',
      subject: { type: 'policy_item', id: key },
      changes: { measurementId: id, value: input.value, measuredOn: input.measuredOn, corrects: input.corrects ?? null },
    })
  })
}

export type { Figure, Kpi, Target }
