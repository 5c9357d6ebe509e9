import type { Db } from '../../db/engine.ts'
import { actorRef } from '../../platform/audit-log.ts'
import type { Clock } from '../../platform/clock.ts'
import type { Deps } from '../../platform/deps.ts'
import { HttpError } from '../../platform/errors.ts'
import { filesOf, storeFile } from '../../platform/files.ts'
import { notify } from '../../platform/outbox.ts'
import { isRequired, visibleQuestions, type Answers } from '../../platform/questions.ts'
import { mayActOnOrganisation, type UserActor } from '../../platform/rbac.ts'
import { closeWorkItem, openWorkItem } from '../../platform/work-queue.ts'
import { actorByEmail, organisationOf } from '../accounts/accounts.service.ts'
import { callOf, isManager, windowOf } from './calls.service.ts'
import { programmeConfigs, schemeConfig } from './programmes.config.ts'
import * as repo from './programmes.repository.ts'
import type { Programme } from './programmes.vocabulary.ts'

export type { ApplicationRow, BudgetLine } from './programmes.repository.ts'
export const ENDORSE_KIND = 'programmes.endorse'
export const ATTACHMENT_OWNER = 'programme_application'
export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
export const ASSIGN_KIND = 'programmes.assign_reviewers'
export const applicationSubject = (id: string) => ({ type: 'programme_application', id })
const link = (id: string) => `/programmes/applications/${id}`

const sum = (xs: readonly bigint[]) => xs.reduce((a, b) => a + b, 0n)

/** An organisation of a type the scheme takes starts an application to an open call: a draft with its title. */
export async function startApplication(
  deps: Deps,
  actor: UserActor,
  programme: Programme,
  callId: string,
  title: string,
): Promise<string> {
  const call = await callOf(deps.db, actor, programme, callId)
  const organisation = actor.organisationId ? await organisationOf(deps.db, actor.organisationId) : undefined
  if (!organisation || !mayActOnOrganisation(actor, 'programmes.apply', organisation.id)) throw new HttpError(403, '403')
  if (!schemeConfig(programme, call.scheme)!.applicants.includes(organisation.type))
    throw new HttpError(409, 'programmes.notEligibleBody')
  if (windowOf(call, deps.clock.now()) !== 'open') throw new HttpError(409, 'programmes.notOpen')
  return deps.db.transaction(async (tx) => {
    const now = deps.clock.now()
    const id = await repo.insertApplication(tx, {
      callId,
      organisationId: organisation.id,
      createdBy: actor.id,
      titleEn: title,
      summaryEn: '',
      province: organisation.province,
      answers: {},
      state: 'draft',
      createdAt: now,
      updatedAt: now,
    })
    await deps.audit.record(tx, actorRef(actor), {
      action: 'programmes.application_started',
      subject: applicationSubject(id),
      changes: { callId },
    })
    return id
  })
}

export type ApplicationView = 'applicant' | 'supervisor' | 'staff'

/** An application as a person may see it: its organisation, its thesis supervisor, or the programme's staff. */
export async function applicationFor(db: Db, actor: UserActor, id: string) {
  const application = await repo.findApplication(db, id)
  const call = application && (await repo.findCall(db, application.callId))
  if (!application || !call) throw new HttpError(404, '404')
  // The supervisor is usually of the student's university too: they read and endorse, never edit.
  const view: ApplicationView | null = isManager(actor, call.programme)
    ? 'staff'
    : application.supervisorId === actor.id
      ? 'supervisor'
      : mayActOnOrganisation(actor, 'programmes.apply', application.organisationId)
        ? 'applicant'
        : null
  if (!view) throw new HttpError(404, '404')
  const decision = await repo.decisionOf(db, id)
  const [lines, consensus, redress, organisation, supervisor] = await Promise.all([
    repo.budgetLinesOf(db, id),
    // The applicant receives the consensus report with the outcome, never before.
    view === 'staff' || decision ? repo.consensusOf(db, id) : undefined,
    repo.redressOf(db, id),
    organisationOf(db, application.organisationId),
    application.supervisorId ? repo.userName(db, application.supervisorId) : undefined,
  ])
  return { application, call, view, lines, decision, consensus, redress, organisation: organisation!, supervisor }
}

export type DraftInput = {
  titleEn: string
  titleUr?: string | undefined
  summaryEn?: string | undefined
  summaryUr?: string | undefined
  sectors: string[]
  province: string
  answers: Answers
  lines: repo.BudgetLine[]
  supervisorEmail?: string | undefined
}

async function ownDraft(tx: Db, actor: UserActor, id: string) {
  const application = await repo.lockApplication(tx, id)
  if (!application || !mayActOnOrganisation(actor, 'programmes.apply', application.organisationId))
    throw new HttpError(404, '404')
  if (application.supervisorId === actor.id) throw new HttpError(403, '403')
  if (application.state !== 'draft') throw new HttpError(409, 'programmes.submitted')
  return application
}

/** What a supervisor endorses: everything the application says, compared as one string. */
type Content = Pick<
  repo.ApplicationRow,
  'titleEn' | 'titleUr' | 'summaryEn' | 'summaryUr' | 'sectors' | 'province' | 'answers' | 'supervisorId'
> & {
  lines: readonly repo.BudgetLine[]
}
const contentKey = (a: Content) =>
  JSON.stringify([
    a.titleEn,
    a.titleUr,
    a.summaryEn,
    a.summaryUr,
    [...a.sectors].sort(),
    a.province,
    Object.entries(a.answers).sort(([x], [y]) => x.localeCompare(y)),
    a.lines.map((l) => [l.item, String(l.amountPaisa)]),
    a.supervisorId,
  ])

/**
 * Saves a draft as it is, complete or not. A thesis names its supervisor by e-mail: someone active at the same
 * university, not the student. Any change to what it says clears an endorsement: the supervisor endorses what is submitted.
 * Returns field problems instead of saving when the supervisor is not such a person.
 */
export async function saveDraft(deps: Deps, actor: UserActor, id: string, input: DraftInput): Promise<Record<string, string>> {
  return deps.db.transaction(async (tx): Promise<Record<string, string>> => {
    const application = await ownDraft(tx, actor, id)
    let supervisorId: string | null = null
    if (input.supervisorEmail) {
      const supervisor = await actorByEmail(tx, input.supervisorEmail)
      if (!supervisor || supervisor.organisationId !== application.organisationId || supervisor.id === actor.id)
        return { supervisorEmail: 'programmes.errors.supervisor' }
      supervisorId = supervisor.id
    }
    const content = {
      titleEn: input.titleEn,
      titleUr: input.titleUr ?? null,
      summaryEn: input.summaryEn ?? '',
      summaryUr: input.summaryUr ?? null,
      sectors: input.sectors,
      province: input.province,
      answers: input.answers,
      supervisorId,
    }
    const before = { ...application, lines: await repo.budgetLinesOf(tx, id) }
    const changed = contentKey({ ...content, lines: input.lines }) !== contentKey(before)
    await repo.updateApplication(tx, id, {
      ...content,
      endorsedAt: changed ? null : application.endorsedAt,
      updatedAt: deps.clock.now(),
    })
    await repo.replaceBudgetLines(tx, id, input.lines)
    if (changed) await closeWorkItem(tx, deps.clock, ENDORSE_KIND, applicationSubject(id))
    await deps.audit.record(tx, actorRef(actor), { action: 'programmes.application_saved', subject: applicationSubject(id) })
    return {}
  })
}

/** What still stops a draft from being submitted, by field, as catalogue keys. */
export function submissionProblems(
  call: repo.CallRow,
  application: repo.ApplicationRow,
  lines: readonly repo.BudgetLine[],
  now: Date,
): Record<string, string> {
  const problems: Record<string, string> = {}
  const window = windowOf(call, now)
  if (window === 'closed') problems._form = 'programmes.errors.closed'
  if (window === 'upcoming') problems._form = 'programmes.errors.notOpen'
  if (!application.summaryEn.trim()) problems.summaryEn = 'programmes.errors.summary'
  if (!application.sectors.length) problems.sectors = 'programmes.errors.sectors'
  for (const q of visibleQuestions(call.definition.form, application.answers))
    if (isRequired(q) && !application.answers[q.id]?.length) problems[q.id] = 'programmes.errors.unanswered'
  if (programmeConfigs[call.programme].money) {
    const total = sum(lines.map((l) => l.amountPaisa))
    if (!lines.length) problems.item_0 = 'programmes.errors.noBudget'
    else if (call.capPaisa !== null && total > call.capPaisa) problems.item_0 = 'programmes.errors.overCap'
  }
  if (schemeConfig(call.programme, call.scheme)!.endorsement) {
    if (!application.supervisorId) problems.supervisorEmail = 'programmes.errors.supervisorMissing'
    else if (!application.endorsedAt) problems.supervisorEmail = 'programmes.errors.notEndorsed'
  }
  return problems
}

/** Asks the named supervisor to endorse a thesis application; they see it in their work queue. */
export async function askEndorsement(deps: Deps, actor: UserActor, id: string) {
  await deps.db.transaction(async (tx) => {
    const application = await ownDraft(tx, actor, id)
    if (!application.supervisorId) throw new HttpError(409, 'programmes.supervisorMissing')
    await openWorkItem(tx, deps.clock, {
      kind: ENDORSE_KIND,
      subject: applicationSubject(id),
      title: { key: 'work.items.programmeEndorse', vars: { name: application.titleEn } },
      link: link(id),
      assignee: { userId: application.supervisorId },
      urgency: 2,
    })
    await notify(tx, deps.clock, application.supervisorId, {
      kind: 'programme_endorse',
      vars: { name: application.titleEn },
      link: link(id),
    })
    await deps.audit.record(tx, actorRef(actor), { action: 'programmes.endorsement_asked', subject: applicationSubject(id) })
  })
}

/** The supervisor endorses the thesis application as it stands. */
export async function endorse(deps: Deps, actor: UserActor, id: string) {
  await deps.db.transaction(async (tx) => {
    const application = await repo.lockApplication(tx, id)
    if (!application || application.supervisorId !== actor.id) throw new HttpError(404, '404')
    if (application.state !== 'draft') throw new HttpError(409, 'programmes.submitted')
    await repo.updateApplication(tx, id, { endorsedAt: deps.clock.now() })
    await closeWorkItem(tx, deps.clock, ENDORSE_KIND, applicationSubject(id))
    await notify(tx, deps.clock, application.createdBy, {
      kind: 'programme_endorsed',
      vars: { name: application.titleEn },
      link: link(id),
    })
    await deps.audit.record(tx, actorRef(actor), { action: 'programmes.endorsed', subject: applicationSubject(id) })
  })
}

/**
 * Submits a complete draft while the call is open, to the second (the clock is read inside the transaction). What
 * stops it comes back by field, and the draft stays as it was: nothing typed is lost.
 */
export async function submitApplication(deps: Deps, actor: UserActor, id: string): Promise<Record<string, string>> {
  return deps.db.transaction(async (tx) => {
    const application = await ownDraft(tx, actor, id)
    const call = (await repo.findCall(tx, application.callId))!
    const problems = submissionProblems(call, application, await repo.budgetLinesOf(tx, id), deps.clock.now())
    if (Object.keys(problems).length) return problems
    await repo.updateApplication(tx, id, { state: 'submitted', submittedAt: deps.clock.now() })
    await askToAssignReviewers(tx, deps.clock, call)
    await deps.audit.record(tx, actorRef(actor), {
      action: 'programmes.application_submitted',
      subject: applicationSubject(id),
      changes: { callId: call.id },
    })
    return {}
  })
}

/** Puts the call in its staff's work queue: an application needs reviewers (kept open, not moved, if already there). */
export const askToAssignReviewers = (tx: Db, clock: Clock, call: repo.CallRow) =>
  openWorkItem(
    tx,
    clock,
    {
      kind: ASSIGN_KIND,
      subject: { type: 'programme_call', id: call.id },
      title: { key: 'work.items.programmeAssign', vars: { name: call.titleEn } },
      link: `${programmeConfigs[call.programme].path}/manage/calls/${call.id}`,
      assignee: { role: programmeConfigs[call.programme].staffRole },
      urgency: 2,
    },
    { keep: true },
  )

/** The applications of the person's organisation, and those they supervise. */
export async function applicationsFor(db: Db, actor: UserActor) {
  return actor.organisationId ? repo.applicationsOfOrganisation(db, actor.organisationId) : []
}

/** An applicant attaches a file to a draft (PDF, JPEG or PNG, through the files service): a letter, a CV, a plan. */
export async function attachFile(deps: Deps, actor: UserActor, id: string, file: { filename: string; bytes: Buffer }) {
  await deps.db.transaction(async (tx) => {
    await ownDraft(tx, actor, id)
    await storeFile(tx, deps, actorRef(actor), {
      ownerType: ATTACHMENT_OWNER,
      ownerId: id,
      filename: file.filename,
      bytes: file.bytes,
      allowed: ['pdf', 'jpeg', 'png'],
      maxBytes: ATTACHMENT_MAX_BYTES,
    })
  })
}

/**
 * Who may read an application's attachments: its organisation, its thesis supervisor, the programme's staff, and a
 * reviewer who has declared no conflict on it. Never the public.
 */
export async function mayReadAttachment(db: Db, actor: UserActor | null, applicationId: string): Promise<boolean> {
  if (!actor) return false
  const application = await repo.findApplication(db, applicationId)
  const call = application && (await repo.findCall(db, application.callId))
  if (!application || !call) return false
  if (isManager(actor, call.programme) || application.supervisorId === actor.id) return true
  if (mayActOnOrganisation(actor, 'programmes.apply', application.organisationId)) return true
  const reviews = await repo.reviewsOfApplication(db, applicationId)
  return reviews.some(
    (r) => r.review.reviewerId === actor.id && (r.review.state === 'accepted' || r.review.state === 'submitted'),
  )
}

/** An application's attachments, without their bytes. */
export const attachmentsOf = (db: Db, applicationId: string) => filesOf(db, ATTACHMENT_OWNER, applicationId)
