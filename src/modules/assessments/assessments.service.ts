import { readdirSync, readFileSync } from 'node:fs'
import { z } from 'zod'
import { actorRef, type AuditLog } from '../../platform/audit-log.ts'
import type { Clock } from '../../platform/clock.ts'
import type { Db } from '../../db/engine.ts'
import type { Deps } from '../../platform/deps.ts'
import type { TextIn } from '../../platform/content-language.ts'
import { HttpError } from '../../platform/errors.ts'
import type { FieldErrors } from '../../platform/forms.tsx'
import { notify } from '../../platform/outbox.ts'
import { mayActOnOrganisation, scopeOf, type Permission, type UserActor } from '../../platform/rbac.ts'
import { closeWorkItem, openWorkItem } from '../../platform/work-queue.ts'
import { organisationOf } from '../accounts/accounts.service.ts'
import { applyAssessment, registeredSystemId, systemSummary } from '../register/register.service.ts'
import * as repo from './assessments.repository.ts'
import { reconcileObligations } from './obligations.service.ts'
import { appliesToSystem, QuestionnaireDefinition, score, type Questionnaire, type Score } from './questionnaire.ts'
import { answersNoLongerApplying, readAnswers, type Answers } from '../../platform/questions.ts'

/** The questionnaire every public body answers; other schemes can be issued beside it under their own key. */
export const NATIONAL_KEY = 'pk_national_aia'
export const REVIEW_KIND = 'assessments.review'
export const RETURNED_KIND = 'assessments.returned'

const subject = (id: string) => ({ type: 'impact_assessment', id })
const dataDir = new URL('./data/', import.meta.url)

/** The questionnaires shipped with Mizan (data/*.json), loaded by the seed; an issued version is never replaced. */
export async function seedQuestionnaires(db: Db): Promise<number> {
  const files = readdirSync(dataDir).filter((f) => f.endsWith('.json'))
  for (const file of files) {
    const definition = QuestionnaireDefinition.parse(JSON.parse(readFileSync(new URL(file, dataDir), 'utf8')))
    await repo.insertQuestionnaire(db, {
      key: definition.key,
      version: definition.version,
      definition,
      issuedAt: new Date('2026-01-01T00:00:00Z'),
    })
  }
  return files.length
}

/** A new version must follow the newest one issued under its key, retired or not. */
export async function mustFollowNewest(db: Db, definition: Questionnaire) {
  const latest = await repo.latestQuestionnaire(db, definition.key)
  if (latest && definition.version <= latest.version) throw new HttpError(409, 'questionnaireVersion', { latest: latest.version })
}

/** Issues a new version (from a draft, through `issueDraft`); it must follow the newest one of its key. */
export async function issueQuestionnaire(
  deps: Deps,
  actor: UserActor,
  definition: Questionnaire,
): Promise<repo.QuestionnaireRow> {
  if (scopeOf(actor, 'assessments.questionnaires') !== 'all') throw new HttpError(403, '403')
  return deps.db.transaction(async (tx) => {
    await mustFollowNewest(tx, definition)
    const saved = await repo.insertQuestionnaire(tx, {
      key: definition.key,
      version: definition.version,
      definition,
      issuedAt: deps.clock.now(),
      issuedBy: actor.id,
    })
    if (!saved) throw new HttpError(409, 'questionnaireVersion', { latest: definition.version })
    await deps.audit.record(tx, actorRef(actor), {
      action: 'assessments.questionnaire_issued',
      subject: { type: 'questionnaire', id: saved.id },
      changes: { key: definition.key, version: definition.version },
    })
    return saved
  })
}

/** An assessment with its questionnaire and system, if the actor may see it under the permission; else 404. */
export async function assessmentFor(db: Db, actor: UserActor, permission: Permission, id: string) {
  const assessment = await repo.findAssessment(db, id)
  const system = assessment && (await systemSummary(db, assessment.systemId))
  if (!assessment || !system || !mayActOnOrganisation(actor, permission, system.organisationId)) throw new HttpError(404, '404')
  const questionnaire = (await repo.questionnaireById(db, assessment.questionnaireId))!
  return {
    assessment,
    system,
    questionnaire: questionnaire.definition,
    score: score(questionnaire.definition, assessment.answers),
  }
}

/** Opens the system's assessment: the one in progress if there is one, else a new one on the newest questionnaire. */
/**
 * The frameworks a body may answer for a system, each at its newest version not retired, the national one first:
 * several are active side by side, and one that states where it applies (sectors, types of body) is offered only
 * there. A framework whose every version is retired is offered nowhere.
 */
export async function assessmentFrameworks(db: Db, systemId: string) {
  const where = await whereSystemIs(db, systemId)
  const newest = new Map<string, { key: string; title: TextIn; applies: boolean }>()
  for (const q of await repo.allQuestionnaires(db))
    if (!q.retiredAt && !newest.has(q.key))
      newest.set(q.key, { key: q.key, title: q.title, applies: !!where && appliesToSystem(q.appliesTo ?? undefined, where) })
  return [...newest.values()]
    .filter((f) => f.applies)
    .map(({ key, title }) => ({ key, title }))
    .sort((a, b) => Number(b.key === NATIONAL_KEY) - Number(a.key === NATIONAL_KEY))
}

/** A system's sector and the type of its body, as a framework's `appliesTo` reads them. */
async function whereSystemIs(db: Db, systemId: string) {
  const system = await systemSummary(db, systemId)
  if (!system) return undefined
  const body = await organisationOf(db, system.organisationId)
  return { sector: system.sector, organisationType: body?.type }
}

/** Starts an assessment of a system under a framework (the national one unless the body chose another). */
export async function startAssessment(deps: Deps, actor: UserActor, systemId: string, key = NATIONAL_KEY): Promise<string> {
  const system = await systemSummary(deps.db, systemId)
  if (!system || !mayActOnOrganisation(actor, 'assessments.fill', system.organisationId)) throw new HttpError(404, '404')
  return deps.db.transaction(async (tx) => {
    const open = await repo.openAssessmentOf(tx, systemId)
    if (open) return open.id
    const questionnaire = await repo.currentQuestionnaire(tx, key)
    // A framework that does not apply to this system is not one the body may choose.
    const where = await whereSystemIs(tx, systemId)
    if (!questionnaire || !where || !appliesToSystem(questionnaire.definition.appliesTo, where)) throw new HttpError(404, '404')
    const now = deps.clock.now()
    const created = await repo.insertAssessment(tx, {
      systemId,
      questionnaireId: questionnaire.id,
      state: 'draft',
      answers: {},
      createdAt: now,
      createdBy: actor.id,
      updatedAt: now,
      updatedBy: actor.id,
    })
    await deps.audit.record(tx, actorRef(actor), {
      action: 'assessments.started',
      subject: subject(created.id),
      changes: { systemId, questionnaire: `${questionnaire.key} v${questionnaire.version}` },
    })
    return created.id
  })
}

async function editable(tx: Db, actor: UserActor, id: string) {
  const assessment = await repo.lockAssessment(tx, id)
  const system = assessment && (await systemSummary(tx, assessment.systemId))
  if (!assessment || !system || !mayActOnOrganisation(actor, 'assessments.fill', system.organisationId))
    throw new HttpError(404, '404')
  if (assessment.state !== 'draft' && assessment.state !== 'returned') throw new HttpError(409, 'assessmentLocked')
  return { assessment, system, questionnaire: (await repo.questionnaireById(tx, assessment.questionnaireId))!.definition }
}

/**
 * Saves the answers to one section, replacing that section's earlier ones. Only options the questionnaire offers are
 * kept, and one for a single-choice question; answers to questions hidden by a condition are kept but count for
 * nothing. A typed answer that is not what its question takes (too long, not a date, out of range) saves nothing of
 * the section, and is reported beside its question.
 */
export async function saveSection(
  deps: Deps,
  actor: UserActor,
  id: string,
  sectionId: string,
  given: Answers,
): Promise<{ ok: true; score: Score } | { ok: false; errors: FieldErrors }> {
  return deps.db.transaction(async (tx) => {
    const { assessment, questionnaire } = await editable(tx, actor, id)
    const section = questionnaire.sections.find((s) => s.id === sectionId)
    if (!section) throw new HttpError(404, '404')
    const read = readAnswers(section.questions, given)
    if (Object.keys(read.errors).length) return { ok: false as const, errors: read.errors }
    const answers: Answers = { ...assessment.answers }
    for (const q of section.questions) {
      if (read.answers[q.id]) answers[q.id] = read.answers[q.id]!
      else delete answers[q.id]
    }
    await repo.updateAssessment(tx, id, { answers, updatedAt: deps.clock.now(), updatedBy: actor.id })
    await deps.audit.record(tx, actorRef(actor), {
      action: 'assessments.answered',
      subject: subject(id),
      changes: { section: sectionId, answers: Object.fromEntries(section.questions.map((q) => [q.id, answers[q.id] ?? null])) },
    })
    return { ok: true as const, score: score(questionnaire, answers) }
  })
}

export type SubmitOutcome =
  { ok: true; score: Score } | { ok: false; score: Score; reason: 'unanswered' | 'prohibited' | 'summary' }

/** Sends the assessment to the AI Directorate: every shown question answered, no prohibited practice, a public summary. */
export async function submitAssessment(
  deps: Deps,
  actor: UserActor,
  id: string,
  summary: { en?: string | undefined; ur?: string | undefined },
): Promise<SubmitOutcome> {
  return deps.db.transaction(async (tx) => {
    const { assessment, system, questionnaire } = await editable(tx, actor, id)
    const result = score(questionnaire, assessment.answers)
    if (result.unanswered.length) return { ok: false, score: result, reason: 'unanswered' }
    if (result.prohibited.length) return { ok: false, score: result, reason: 'prohibited' }
    if (!summary.en) return { ok: false, score: result, reason: 'summary' }
    const now = deps.clock.now()
    // Answers to questions no longer asked were kept while the person might change their mind; they are not submitted.
    const dropped = answersNoLongerApplying(questionnaire, assessment.answers).map((q) => q.id)
    const answers = Object.fromEntries(Object.entries(assessment.answers).filter(([question]) => !dropped.includes(question)))
    await repo.updateAssessment(tx, id, {
      state: 'submitted',
      answers,
      result,
      summaryEn: summary.en,
      summaryUr: summary.ur ?? null,
      submittedAt: now,
      submittedBy: actor.id,
      updatedAt: now,
      updatedBy: actor.id,
    })
    await openWorkItem(tx, deps.clock, {
      kind: REVIEW_KIND,
      subject: subject(id),
      title: { key: 'work.items.assessmentReview', vars: { name: system.nameEn, level: result.level } },
      link: `/assessments/${id}/review`,
      assignee: { role: 'reviewer' },
      urgency: result.level === 'IV' || result.level === 'III' ? 3 : 2,
    })
    await closeWorkItem(tx, deps.clock, RETURNED_KIND, subject(id))
    await deps.audit.record(tx, actorRef(actor), {
      action: 'assessments.submitted',
      subject: subject(id),
      changes: { systemId: system.id, level: result.level, score: result.score, ...(dropped.length ? { dropped } : {}) },
    })
    return { ok: true, score: result }
  })
}

async function submitted(tx: Db, actor: UserActor, id: string) {
  if (scopeOf(actor, 'assessments.review') !== 'all') throw new HttpError(404, '404')
  const assessment = await repo.lockAssessment(tx, id)
  if (!assessment) throw new HttpError(404, '404')
  if (assessment.state !== 'submitted') throw new HttpError(409, 'assessmentNotSubmitted')
  return { assessment, system: (await systemSummary(tx, assessment.systemId))! }
}

/** A reviewer accepts: the level is recorded and the register shows it (a new version if the system is published). */
export async function acceptAssessment(deps: Deps, actor: UserActor, id: string, note: string | undefined): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const { assessment, system } = await submitted(tx, actor, id)
    const level = assessment.result!.level
    await repo.updateAssessment(tx, id, {
      state: 'accepted',
      reviewComment: note ?? null,
      decidedAt: deps.clock.now(),
      decidedBy: actor.id,
    })
    await applyAssessment(tx, deps, actor.id, system.id, {
      assessmentId: id,
      level,
    })
    await reconcileObligations(tx, deps.clock, system.id, level, actor.id)
    await closeWorkItem(tx, deps.clock, REVIEW_KIND, subject(id))
    if (assessment.submittedBy)
      await notify(tx, deps.clock, assessment.submittedBy, {
        kind: 'assessment_accepted',
        vars: { name: system.nameEn, level },
        link: `/assessments/${id}`,
      })
    await deps.audit.record(tx, actorRef(actor), {
      action: 'assessments.accepted',
      subject: subject(id),
      changes: { systemId: system.id, level, note: note ?? null },
    })
  })
}

/** A reviewer sends the assessment back with a comment; the organisation fixes it and submits again. */
export async function returnAssessment(deps: Deps, actor: UserActor, id: string, comment: string): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const { assessment, system } = await submitted(tx, actor, id)
    await repo.updateAssessment(tx, id, {
      state: 'returned',
      reviewComment: comment,
      decidedAt: deps.clock.now(),
      decidedBy: actor.id,
    })
    await closeWorkItem(tx, deps.clock, REVIEW_KIND, subject(id))
    await openWorkItem(tx, deps.clock, {
      kind: RETURNED_KIND,
      subject: subject(id),
      title: { key: 'work.items.assessmentReturned', vars: { name: system.nameEn } },
      link: `/assessments/${id}`,
      assignee: { role: 'org_member', organisationId: system.organisationId },
      urgency: 3,
    })
    if (assessment.submittedBy)
      await notify(tx, deps.clock, assessment.submittedBy, {
        kind: 'assessment_returned',
        vars: { name: system.nameEn },
        link: `/assessments/${id}`,
      })
    await deps.audit.record(tx, actorRef(actor), {
      action: 'assessments.returned',
      subject: subject(id),
      changes: { systemId: system.id, comment },
    })
  })
}

const DemoFile = z.object({
  presets: z.record(z.string(), z.record(z.string(), z.array(z.string()))),
  assessments: z.array(
    z.object({ organisation: z.string(), system: z.string(), preset: z.string(), summaryEn: z.string(), summaryUr: z.string() }),
  ),
})

/**
 * Accepted assessments for the demonstration register, so that its records carry levels and duties. Each is scored
 * by the national questionnaire like any other; a system that already has an assessment is left alone.
 */
export async function seedDemoAssessments(db: Db, clock: Clock, audit: AuditLog): Promise<number> {
  const demo = DemoFile.parse(JSON.parse(readFileSync(new URL('./demo/assessments.json', import.meta.url), 'utf8')))
  const questionnaire = (await repo.currentQuestionnaire(db, NATIONAL_KEY))!
  for (const d of demo.assessments) {
    const systemId = await registeredSystemId(db, d.organisation, d.system)
    if (!systemId || (await systemSummary(db, systemId))?.assessmentId) continue
    const answers = demo.presets[d.preset]!
    const result = score(questionnaire.definition, answers)
    await db.transaction(async (tx) => {
      const now = clock.now()
      const row = await repo.insertAssessment(tx, {
        systemId,
        questionnaireId: questionnaire.id,
        state: 'accepted',
        answers,
        result,
        summaryEn: d.summaryEn,
        summaryUr: d.summaryUr,
        createdAt: now,
        updatedAt: now,
        submittedAt: now,
        decidedAt: now,
      })
      await applyAssessment(tx, { clock }, null, systemId, {
        assessmentId: row.id,
        level: result.level,
      })
      await reconcileObligations(tx, clock, systemId, result.level, null)
      await audit.record(
        tx,
        { kind: 'system', name: 'seed' },
        { action: 'assessments.accepted', subject: subject(row.id), changes: { systemId, level: result.level, demo: true } },
      )
    })
  }
  return demo.assessments.length
}

/** The accepted assessment behind a published level, for the public record. */
export async function publishedAssessment(db: Db, id: string) {
  const assessment = await repo.findAssessment(db, id)
  if (!assessment || assessment.state !== 'accepted') return undefined
  const questionnaire = (await repo.questionnaireById(db, assessment.questionnaireId))!
  return { assessment, questionnaire: questionnaire.definition, version: questionnaire.version }
}

/** The assessment of a system being worked on or decided, if any, for the system's own pages. */
export async function openAssessment(db: Db, systemId: string) {
  const open = await repo.openAssessmentOf(db, systemId)
  return open ? { id: open.id, state: open.state } : null
}

/** Submitted assessments, oldest first, with their systems' names, for the reviewers' list. */
export async function awaitingReview(db: Db) {
  const rows = await repo.assessmentsInState(db, 'submitted')
  return Promise.all(
    rows.map(async (a) => ({
      id: a.id,
      submittedAt: a.submittedAt!,
      level: a.result!.level,
      system: (await systemSummary(db, a.systemId))!,
    })),
  )
}

/** Every questionnaire version, for the administrators' page. */
export const allQuestionnaires = (db: Db) => repo.allQuestionnaires(db)
