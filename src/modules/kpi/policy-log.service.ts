import { z } from 'zod'
import { actorRef } from '../../platform/audit-log.ts'
import type { Db } from '../../db/engine.ts'
import type { Deps } from '../../platform/deps.ts'
import { HttpError } from '../../platform/errors.ts'
import { blankToUndefined } from '../../platform/forms.tsx'
import { requiredPublishedText } from '../../platform/personal-data.ts'
import { scopeOf, type UserActor } from '../../platform/rbac.ts'
import { pakistanToday } from '../../platform/work-queue.ts'
import * as repo from './kpi.repository.ts'
import type { LogRow } from './kpi.repository.ts'
import { logKinds, severities } from './kpi.vocabulary.ts'
import { contradictionsOf, type PolicyData } from './policy-data.ts'

const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blankToUndefined, schema.optional())

/**
 * An entry as the Cell writes it. An issue or a risk has a severity and an owner; a decision has its date and the
 * reference of the meeting or letter that made it, and may settle an open entry and name the operative target of a
 * contradiction. What belongs to one kind is refused on another, so the log never says more than was decided.
 */
export const LogForm = z
  .object({
    kind: z.enum(logKinds, { error: 'progress.errors.logKind' }),
    item: optional(z.string().max(100)),
    title: requiredPublishedText(200, 'progress.errors.logTitle'),
    detail: requiredPublishedText(4000, 'progress.errors.logDetail'),
    severity: optional(z.enum(severities, { error: 'progress.errors.severity' })),
    owner: optional(z.string().max(100)),
    escalated: z.preprocess((v) => v === 'yes', z.boolean()),
    resolves: optional(z.uuid({ error: 'progress.errors.resolves' })),
    operativeTarget: optional(z.string().max(100)),
    decidedOn: optional(z.iso.date({ error: 'progress.errors.date' })),
    reference: optional(z.string().max(300, { error: 'register.errors.tooLong' })),
  })
  .superRefine((e, ctx) => {
    const need = (field: string, message: string) => ctx.addIssue({ code: 'custom', path: [field], message })
    if (e.kind === 'decision') {
      if (!e.decidedOn) need('decidedOn', 'progress.errors.decidedOn')
      if (!e.reference) need('reference', 'progress.errors.reference')
    } else {
      if (!e.severity) need('severity', 'progress.errors.severity')
      if (!e.owner) need('owner', 'progress.errors.owner')
      if (e.resolves) need('resolves', 'progress.errors.onlyDecisions')
      if (e.operativeTarget) need('operativeTarget', 'progress.errors.onlyDecisions')
    }
  })
export type LogInput = z.output<typeof LogForm>

/** What an entry may not name: an unknown item, owner or target, a later date, or an entry that is not open. */
export async function logProblems(db: Db, data: PolicyData, input: LogInput, today: string) {
  const errors: Record<string, string> = {}
  if (input.item && !(await repo.findItem(db, input.item))) errors.item = 'progress.errors.logItem'
  if (input.owner && !data.stakeholders.some((s) => s.id === input.owner)) errors.owner = 'progress.errors.owner'
  if (input.decidedOn && input.decidedOn > today) errors.decidedOn = 'progress.errors.decidedFuture'
  if (input.operativeTarget && !contradictionsOf(data).some((c) => c.targets.some((t) => t.id === input.operativeTarget)))
    errors.operativeTarget = 'progress.errors.operativeTarget'
  if (input.resolves) {
    const open = (await openEntries(db)).some((e) => e.id === input.resolves)
    if (!open) errors.resolves = 'progress.errors.resolves'
  }
  return errors
}

/** The Policy Implementation Cell records an issue, a risk or a decision. */
export async function addLogEntry(deps: Deps, actor: UserActor, data: PolicyData, input: LogInput) {
  if (scopeOf(actor, 'progress.override') !== 'all') throw new HttpError(403, '403')
  return deps.db.transaction(async (tx) => {
    if (Object.keys(await logProblems(tx, data, input, pakistanToday(deps.clock))).length) throw new HttpError(400, '400')
    const [saved] = await repo.insertLogEntry(tx, {
      kind: input.kind,
      itemKey: input.item ?? null,
      title: input.title,
      detail: input.detail,
      severity: input.severity ?? null,
      owner: input.owner ?? null,
      escalated: input.escalated,
      resolves: input.resolves ?? null,
      operativeTarget: input.operativeTarget ?? null,
      decidedOn: input.decidedOn ?? null,
      reference: input.reference ?? null,
      raisedAt: deps.clock.now(),
      raisedBy: actor.id,
    })
    await deps.audit.record(tx, actorRef(actor), {
      action: 'progress.logged',
      subject: { type: 'policy_log', id: saved!.id },
      changes: { kind: input.kind, title: input.title },
    })
    return saved!.id
  })
}

/** The log: issues and risks no decision has settled, then every decision, each newest first. */
export async function policyLogOf(db: Db) {
  const entries = await repo.logEntries(db)
  const settled = new Set(entries.map((e) => e.resolves).filter(Boolean))
  return {
    open: entries.filter((e) => e.kind !== 'decision' && !settled.has(e.id)),
    decisions: entries.filter((e) => e.kind === 'decision'),
    all: entries,
  }
}
export type PolicyLog = Awaited<ReturnType<typeof policyLogOf>>
export type { LogRow }

const openEntries = async (db: Db) => (await policyLogOf(db)).open
