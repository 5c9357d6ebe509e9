import { z } from 'zod'
import { actorRef } from '../../platform/audit-log.ts'
import type { Db } from '../../db/engine.ts'
import type { Deps } from '../../platform/deps.ts'
import { HttpError } from '../../platform/errors.ts'
import { blankToUndefined } from '../../platform/forms.tsx'
import { notify } from '../../platform/outbox.ts'
import { mayActOnOrganisation, scopeOf, type UserActor } from '../../platform/rbac.ts'
import { closeWorkItem, openWorkItem } from '../../platform/work-queue.ts'
import { systemSummary } from '../register/register.service.ts'
import { recommendations } from './assessments.vocabulary.ts'
import * as repo from './evaluations.repository.ts'
import type { EvaluationRow } from './evaluations.repository.ts'
import { meetOpenDuty } from './obligations.service.ts'

export const REVIEW_KIND = 'evaluations.review'
export const QUERIED_KIND = 'evaluations.queried'
/** Rows for per-group results on the form: enough for the groups most evaluations compare, without JavaScript. */
export const FAIRNESS_ROWS = 4

const text = (max: number) => z.preprocess(blankToUndefined, z.string().max(max, { error: 'register.errors.tooLong' }).optional())
const date = z.preprocess(blankToUndefined, z.iso.date({ error: 'register.errors.date' }).optional())

/** The evaluation form; everything may wait for a draft, and submission checks what a reviewer needs. */
export const EvaluationForm = z
  .object({
    periodFrom: date,
    periodTo: date,
    performance: text(8000),
    incidents: text(8000),
    changes: text(8000),
    recommendation: z.preprocess(
      blankToUndefined,
      z.enum(recommendations, { error: 'evaluations.errors.recommendation' }).optional(),
    ),
    ...Object.fromEntries(
      Array.from({ length: FAIRNESS_ROWS }, (_, i) => [
        [`group${i + 1}`, text(200)],
        [`result${i + 1}`, text(1000)],
      ]).flat(),
    ),
    intent: z.enum(['save', 'submit']).default('save'),
  })
  .superRefine((v, ctx) => {
    if (v.periodFrom && v.periodTo && String(v.periodTo) < String(v.periodFrom))
      ctx.addIssue({ code: 'custom', path: ['periodTo'], message: 'evaluations.errors.period' })
  }) as unknown as z.ZodType<EvaluationInput>

export type EvaluationInput = {
  periodFrom?: string | undefined
  periodTo?: string | undefined
  performance?: string | undefined
  incidents?: string | undefined
  changes?: string | undefined
  recommendation?: (typeof recommendations)[number] | undefined
  intent: 'save' | 'submit'
} & { [row: `group${number}` | `result${number}`]: string | undefined }

const fairnessOf = (v: EvaluationInput) =>
  Array.from({ length: FAIRNESS_ROWS }, (_, i) => ({
    group: (v as Record<string, string | undefined>)[`group${i + 1}`],
    result: (v as Record<string, string | undefined>)[`result${i + 1}`],
  })).filter((r): r is { group: string; result: string } => Boolean(r.group && r.result))

/** What a submitted evaluation must say: the period, performance, fairness for at least one group, and a recommendation. */
export function missingForSubmission(v: EvaluationInput): string[] {
  const missing: string[] = []
  if (!v.periodFrom) missing.push('periodFrom')
  if (!v.periodTo) missing.push('periodTo')
  if (!v.performance) missing.push('performance')
  if (fairnessOf(v).length === 0) missing.push('group1')
  if (!v.changes) missing.push('changes')
  if (!v.recommendation) missing.push('recommendation')
  return missing
}

const subject = (id: string) => ({ type: 'lifecycle_evaluation', id })
export type { EvaluationRow }

async function systemFor(db: Db, actor: UserActor, systemId: string, permission: 'assessments.fill' | 'assessments.review') {
  const system = await systemSummary(db, systemId)
  if (!system || !mayActOnOrganisation(actor, permission, system.organisationId)) throw new HttpError(404, '404')
  return system
}

/** An evaluation the actor may see: the system's organisation, or the Directorate. */
export async function evaluationFor(db: Db, actor: UserActor, id: string) {
  const row = await repo.findEvaluation(db, id)
  const system = row && (await systemSummary(db, row.systemId))
  const ours = system && mayActOnOrganisation(actor, 'assessments.fill', system.organisationId)
  const reviewing = system && mayActOnOrganisation(actor, 'assessments.review', system.organisationId)
  if (!row || !system || (!ours && !reviewing)) throw new HttpError(404, '404')
  return { evaluation: row, system, ours: Boolean(ours) }
}

/** Saves an evaluation (a new one when `id` is null), and with intent "submit" sends it to the Directorate. */
export async function saveEvaluation(
  deps: Deps,
  actor: UserActor,
  systemId: string,
  id: string | null,
  v: EvaluationInput,
): Promise<{ id: string; missing: string[] }> {
  const system = await systemFor(deps.db, actor, systemId, 'assessments.fill')
  const missing = v.intent === 'submit' ? missingForSubmission(v) : []
  return deps.db.transaction(async (tx) => {
    const now = deps.clock.now()
    const values = {
      periodFrom: v.periodFrom ?? null,
      periodTo: v.periodTo ?? null,
      performance: v.performance ?? null,
      fairness: fairnessOf(v),
      incidents: v.incidents ?? null,
      changes: v.changes ?? null,
      recommendation: v.recommendation ?? null,
      updatedAt: now,
    }
    let evaluationId = id
    if (evaluationId) {
      const row = await repo.lockEvaluation(tx, evaluationId, systemId)
      if (!row) throw new HttpError(404, '404')
      if (row.state !== 'draft' && row.state !== 'queried') throw new HttpError(409, 'evaluationLocked')
      await repo.updateEvaluation(tx, evaluationId, values)
    } else {
      evaluationId = await repo.insertEvaluation(tx, { systemId, state: 'draft', ...values, createdAt: now, createdBy: actor.id })
    }
    if (v.intent === 'submit' && missing.length === 0) {
      await repo.updateEvaluation(tx, evaluationId, { state: 'submitted', submittedAt: now, submittedBy: actor.id })
      await openWorkItem(tx, deps.clock, {
        kind: REVIEW_KIND,
        subject: subject(evaluationId),
        title: { key: 'work.items.evaluationReview', vars: { name: system.nameEn } },
        link: `/evaluations/${evaluationId}`,
        assignee: { role: 'reviewer' },
        urgency: 2,
      })
      await closeWorkItem(tx, deps.clock, QUERIED_KIND, subject(evaluationId))
    }
    const action = v.intent === 'submit' && missing.length === 0 ? 'evaluations.submitted' : 'evaluations.saved'
    await deps.audit.record(tx, actorRef(actor), {
      action,
      subject: subject(evaluationId),
      changes: { systemId, recommendation: v.recommendation ?? null },
    })
    return { id: evaluationId, missing }
  })
}

/** The reviewer's decision: accept (which meets the evaluation duty and opens the next one) or query with a question. */
export async function decideEvaluation(
  deps: Deps,
  actor: UserActor,
  id: string,
  decision: { accept: true; note?: string | undefined } | { accept: false; question: string },
) {
  if (scopeOf(actor, 'assessments.review') !== 'all') throw new HttpError(404, '404')
  await deps.db.transaction(async (tx) => {
    const row = await repo.lockEvaluation(tx, id)
    if (!row) throw new HttpError(404, '404')
    if (row.state !== 'submitted') throw new HttpError(409, 'evaluationNotSubmitted')
    const system = (await systemSummary(tx, row.systemId))!
    const now = deps.clock.now()
    await closeWorkItem(tx, deps.clock, REVIEW_KIND, subject(id))
    if (decision.accept) {
      await repo.updateEvaluation(tx, id, {
        state: 'accepted',
        reviewComment: decision.note ?? null,
        decidedAt: now,
        decidedBy: actor.id,
      })
      await meetOpenDuty(tx, deps.clock, deps.audit, actor, row.systemId, ['lifecycle_evaluation'], { evaluationId: id })
    } else {
      await repo.updateEvaluation(tx, id, {
        state: 'queried',
        reviewComment: decision.question,
        decidedAt: now,
        decidedBy: actor.id,
      })
      await openWorkItem(tx, deps.clock, {
        kind: QUERIED_KIND,
        subject: subject(id),
        title: { key: 'work.items.evaluationQueried', vars: { name: system.nameEn } },
        link: `/evaluations/${id}`,
        assignee: { role: 'org_member', organisationId: system.organisationId },
        urgency: 3,
      })
    }
    if (row.submittedBy)
      await notify(tx, deps.clock, row.submittedBy, {
        kind: decision.accept ? 'evaluation_accepted' : 'evaluation_queried',
        vars: { name: system.nameEn },
        link: `/evaluations/${id}`,
      })
    await deps.audit.record(tx, actorRef(actor), {
      action: decision.accept ? 'evaluations.accepted' : 'evaluations.queried',
      subject: subject(id),
      changes: { systemId: row.systemId, comment: decision.accept ? (decision.note ?? null) : decision.question },
    })
  })
}

export const evaluationsOf = repo.evaluationsOfSystem

export async function evaluationsAwaitingReview(db: Db) {
  const rows = await repo.submittedEvaluations(db, 500)
  return Promise.all(rows.map(async (r) => ({ ...r, system: (await systemSummary(db, r.systemId))! })))
}

/** The form's values for an evaluation already saved. */
export function formValuesOf(row: EvaluationRow): Record<string, unknown> {
  const values: Record<string, unknown> = {
    periodFrom: row.periodFrom,
    periodTo: row.periodTo,
    performance: row.performance,
    incidents: row.incidents,
    changes: row.changes,
    recommendation: row.recommendation,
  }
  row.fairness.forEach((f, i) => Object.assign(values, { [`group${i + 1}`]: f.group, [`result${i + 1}`]: f.result }))
  return values
}

/** When the system's latest accepted evaluation was decided: the next one reports the incidents since. */
export const lastEvaluatedAt = repo.lastAcceptedAt
