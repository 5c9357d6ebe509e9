import type { Db } from '../../db/engine.ts'
import { actorRef } from '../../platform/audit-log.ts'
import type { Deps } from '../../platform/deps.ts'
import { HttpError } from '../../platform/errors.ts'
import { notify } from '../../platform/outbox.ts'
import { scopeOf, type UserActor } from '../../platform/rbac.ts'
import { closeWorkItem, openWorkItem } from '../../platform/work-queue.ts'
import { applicationSubject, ASSIGN_KIND, askToAssignReviewers, attachmentsOf } from './applications.service.ts'
import { requireManager } from './calls.service.ts'
import * as repo from './programmes.repository.ts'
import type { CriterionScore } from './programmes.tables.ts'
import type { ConflictKind, Programme, recommendations } from './programmes.vocabulary.ts'
import { spreads } from './review-scoring.ts'

export const REVIEW_KIND = 'programmes.review'
const reviewSubject = (id: string) => ({ type: 'programme_review', id })
const reviewLink = (id: string) => `/programmes/reviews/${id}`

/**
 * Why a person can never review an application, whatever they would declare: they belong to the applicant's
 * organisation, they wrote it, or they are the student's supervisor.
 */
export function barredFrom(
  reviewer: { id: string; organisationId: string | null },
  application: Pick<repo.ApplicationRow, 'organisationId' | 'createdBy' | 'supervisorId'>,
): 'own_organisation' | 'applicant' | 'supervisor' | null {
  if (reviewer.id === application.createdBy) return 'applicant'
  if (reviewer.id === application.supervisorId) return 'supervisor'
  if (reviewer.organisationId !== null && reviewer.organisationId === application.organisationId) return 'own_organisation'
  return null
}

async function submittedApplicationOf(db: Db, programme: Programme, applicationId: string) {
  const application = await repo.findApplication(db, applicationId)
  const call = application && (await repo.findCall(db, application.callId))
  if (!application || !call || call.programme !== programme) throw new HttpError(404, '404')
  if (application.state !== 'submitted') throw new HttpError(409, 'programmes.notSubmitted')
  return { application, call }
}

/** Staff assign a programme reviewer; the reviewer first sees only the applicant's name and the title. */
export async function assignReviewer(
  deps: Deps,
  actor: UserActor,
  programme: Programme,
  applicationId: string,
  reviewerId: string,
) {
  requireManager(actor, programme)
  const { application } = await submittedApplicationOf(deps.db, programme, applicationId)
  const reviewer = (await repo.programmeReviewers(deps.db)).find((r) => r.id === reviewerId)
  if (!reviewer) throw new HttpError(400, 'programmes.reviewer')
  const barred = barredFrom(reviewer, application)
  if (barred) throw new HttpError(409, `programmes.barred.${barred}`)
  await deps.db.transaction(async (tx) => {
    const id = await repo.insertReview(tx, {
      applicationId,
      reviewerId,
      state: 'assigned',
      scores: {},
      assignedAt: deps.clock.now(),
      assignedBy: actor.id,
    })
    if (!id) throw new HttpError(409, 'programmes.alreadyAssigned')
    await openWorkItem(tx, deps.clock, {
      kind: REVIEW_KIND,
      subject: reviewSubject(id),
      title: { key: 'work.items.programmeReview', vars: { name: application.titleEn } },
      link: reviewLink(id),
      assignee: { userId: reviewerId },
      urgency: 2,
    })
    await notify(tx, deps.clock, reviewerId, {
      kind: 'programme_review',
      vars: { name: application.titleEn },
      link: reviewLink(id),
    })
    if (await everyApplicationStaffed(tx, application.callId))
      await closeWorkItem(tx, deps.clock, ASSIGN_KIND, { type: 'programme_call', id: application.callId })
    await deps.audit.record(tx, actorRef(actor), {
      action: 'programmes.reviewer_assigned',
      subject: applicationSubject(applicationId),
      changes: { reviewId: id, reviewerId },
    })
  })
}

/** Whether every submitted application of a call has the reviewers the call asks for, not counting conflicted ones. */
async function everyApplicationStaffed(db: Db, callId: string) {
  const call = (await repo.findCall(db, callId))!
  const applications = await repo.submittedApplications(db, callId)
  const reviews = await repo.reviewsOfApplications(
    db,
    applications.map((a) => a.id),
  )
  return applications.every(
    (a) =>
      reviews.filter((r) => r.applicationId === a.id && r.state !== 'conflicted').length >=
      call.definition.reviewersPerApplication,
  )
}

async function ownReview(tx: Db, actor: UserActor, id: string) {
  const review = await repo.lockReview(tx, id)
  if (!review || review.reviewerId !== actor.id || !scopeOf(actor, 'programmes.review')) throw new HttpError(404, '404')
  return review
}

/**
 * The reviewer declares, before seeing anything else, whether they have a conflict of interest. A conflict removes
 * them from the application; the declaration is kept either way, and staff are asked to assign someone else.
 */
export async function declare(
  deps: Deps,
  actor: UserActor,
  id: string,
  conflict: ConflictKind | 'none',
  note: string | undefined,
) {
  await deps.db.transaction(async (tx) => {
    const review = await ownReview(tx, actor, id)
    if (review.state !== 'assigned') throw new HttpError(409, 'programmes.declared')
    const conflicted = conflict !== 'none'
    await repo.updateReview(tx, id, {
      state: conflicted ? 'conflicted' : 'accepted',
      conflict: conflicted ? conflict : null,
      conflictNote: note ?? null,
      declaredAt: deps.clock.now(),
    })
    if (conflicted) {
      await closeWorkItem(tx, deps.clock, REVIEW_KIND, reviewSubject(id))
      const application = (await repo.findApplication(tx, review.applicationId))!
      await askToAssignReviewers(tx, deps.clock, (await repo.findCall(tx, application.callId))!)
    }
    await deps.audit.record(tx, actorRef(actor), {
      action: conflicted ? 'programmes.conflict_declared' : 'programmes.no_conflict_declared',
      subject: applicationSubject(review.applicationId),
      changes: { reviewId: id, conflict },
    })
  })
}

/**
 * A review as its reviewer sees it. Until they declare, nothing of the application but its title and applicant; after,
 * the application; and the other reviewers' scores only once their own review is submitted (blind until then).
 */
export async function reviewFor(db: Db, actor: UserActor, id: string) {
  const review = await repo.findReview(db, id)
  if (!review || review.reviewerId !== actor.id || !scopeOf(actor, 'programmes.review')) throw new HttpError(404, '404')
  const application = (await repo.findApplication(db, review.applicationId))!
  const call = (await repo.findCall(db, application.callId))!
  const mayRead = review.state === 'accepted' || review.state === 'submitted'
  const others =
    review.state === 'submitted'
      ? (await repo.reviewsOfApplication(db, application.id))
          .filter((r) => r.review.id !== id && r.review.state === 'submitted')
          .map((r) => r.review)
      : []
  return {
    review,
    call,
    title: { en: application.titleEn, ur: application.titleUr },
    applicant: await repo.organisationName(db, application.organisationId),
    application: mayRead ? application : null,
    lines: mayRead ? await repo.budgetLinesOf(db, application.id) : [],
    attachments: mayRead ? await attachmentsOf(db, application.id) : [],
    others,
  }
}

export type ReviewInput = {
  scores: Record<string, CriterionScore>
  recommendation?: (typeof recommendations)[number] | undefined
}

/** Saves the reviewer's scores and comments as they stand; submitting needs every criterion scored and commented. */
export async function saveReview(deps: Deps, actor: UserActor, id: string, input: ReviewInput, submit: boolean) {
  return deps.db.transaction(async (tx): Promise<Record<string, string>> => {
    const review = await ownReview(tx, actor, id)
    if (review.state === 'submitted') throw new HttpError(409, 'programmes.reviewSubmitted')
    if (review.state !== 'accepted') throw new HttpError(404, '404')
    const application = (await repo.findApplication(tx, review.applicationId))!
    const call = (await repo.findCall(tx, application.callId))!
    await repo.updateReview(tx, id, { scores: input.scores, recommendation: input.recommendation ?? null })
    if (!submit) return {}
    const problems: Record<string, string> = {}
    for (const c of call.definition.criteria) {
      if (input.scores[c.id]?.tenths === undefined) problems[`score_${c.id}`] = 'programmes.errors.score'
      else if (!input.scores[c.id]!.comment.trim()) problems[`comment_${c.id}`] = 'programmes.errors.comment'
    }
    if (!input.recommendation) problems.recommendation = 'programmes.errors.recommendation'
    if (Object.keys(problems).length) return problems
    await repo.updateReview(tx, id, { state: 'submitted', submittedAt: deps.clock.now() })
    await closeWorkItem(tx, deps.clock, REVIEW_KIND, reviewSubject(id))
    await deps.audit.record(tx, actorRef(actor), {
      action: 'programmes.review_submitted',
      subject: applicationSubject(review.applicationId),
      changes: { reviewId: id, recommendation: input.recommendation ?? null },
    })
    return {}
  })
}

/** A reviewer's assignments. */
export const reviewsOf = (db: Db, actor: UserActor) => repo.reviewsOfReviewer(db, actor.id)

/** People staff may assign to an application, with the reason any of them is barred. */
export async function reviewerChoices(db: Db, application: repo.ApplicationRow) {
  return (await repo.programmeReviewers(db)).map((r) => ({ ...r, barred: barredFrom(r, application) }))
}

/** Reviews of an application for staff: every declaration, scores, and the spread between submitted ones. */
export async function reviewsForStaff(db: Db, call: repo.CallRow, applicationId: string) {
  const reviews = await repo.reviewsOfApplication(db, applicationId)
  const submitted = reviews.filter((r) => r.review.state === 'submitted')
  const scores = submitted.map((r) => Object.fromEntries(Object.entries(r.review.scores).map(([k, v]) => [k, v.tenths])))
  return { reviews, submitted: submitted.length, spreads: spreads(call.definition, scores) }
}
