import type { Db } from '../../db/engine.ts'
import { actorRef } from '../../platform/audit-log.ts'
import type { Deps } from '../../platform/deps.ts'
import { HttpError } from '../../platform/errors.ts'
import { bilingualEmail, notify, queueEmail } from '../../platform/outbox.ts'
import { translator } from '../../platform/i18n.ts'
import { mayActOnOrganisation, type UserActor } from '../../platform/rbac.ts'
import { closeWorkItem, openWorkItem } from '../../platform/work-queue.ts'
import { accountOf } from '../accounts/accounts.service.ts'
import { applicationSubject } from './applications.service.ts'
import { decisionDue, requireManager, windowOf } from './calls.service.ts'
import type { Quota } from './call-definition.ts'
import { refuseAward, standing, type Award, type AwardRefusal } from './decision-rules.ts'
import { programmeConfigs } from './programmes.config.ts'
import * as repo from './programmes.repository.ts'
import type { CriterionScore } from './programmes.tables.ts'
import type { Outcome, Programme } from './programmes.vocabulary.ts'
import { rank, thresholds, type Scores } from './review-scoring.ts'

export const REDRESS_KIND = 'programmes.redress'
const link = (id: string) => `/programmes/applications/${id}`
const tenthsOf = (scores: Record<string, CriterionScore>): Scores =>
  Object.fromEntries(Object.entries(scores).map(([k, v]) => [k, v.tenths]))

/** Whether an application matches a quota's rule: an answer on its form, or its province. */
export const matchesQuota = (q: Quota, application: Pick<repo.ApplicationRow, 'answers' | 'province'>) =>
  'province' in q.rule
    ? (q.rule.province as readonly string[]).includes(application.province)
    : (application.answers[q.rule.question] ?? []).some((o) => (q.rule as { anyOf: string[] }).anyOf.includes(o))

async function managedApplication(db: Db, actor: UserActor, programme: Programme, applicationId: string) {
  requireManager(actor, programme)
  const application = await repo.findApplication(db, applicationId)
  const call = application && (await repo.findCall(db, application.callId))
  if (!application || !call || call.programme !== programme || application.state !== 'submitted') throw new HttpError(404, '404')
  return { application, call }
}

/**
 * The rapporteur's consensus: agreed scores and comments per criterion, and the report the applicant will receive.
 * Written once the call's number of reviewers have submitted; it may be revised until the decision.
 */
export async function writeConsensus(
  deps: Deps,
  actor: UserActor,
  programme: Programme,
  applicationId: string,
  input: { scores: Record<string, CriterionScore>; reportEn: string; reportUr?: string | undefined },
) {
  const { application, call } = await managedApplication(deps.db, actor, programme, applicationId)
  const submitted = (await repo.reviewsOfApplication(deps.db, applicationId)).filter((r) => r.review.state === 'submitted')
  if (submitted.length < call.definition.reviewersPerApplication) throw new HttpError(409, 'programmes.reviewsMissing')
  if (await repo.decisionOf(deps.db, applicationId)) throw new HttpError(409, 'programmes.decided')
  await deps.db.transaction(async (tx) => {
    await repo.saveConsensus(tx, {
      applicationId,
      rapporteurId: actor.id,
      scores: input.scores,
      reportEn: input.reportEn,
      reportUr: input.reportUr ?? null,
      writtenAt: deps.clock.now(),
    })
    await deps.audit.record(tx, actorRef(actor), {
      action: 'programmes.consensus_written',
      subject: applicationSubject(application.id),
      changes: { scores: tenthsOf(input.scores) },
    })
  })
}

/**
 * A call's panel view: every submitted application with its reviews counted, its consensus total and threshold
 * result, the ranking, what is left (places, money, quotas), and the time from closing to decision against the target.
 */
export async function callPanel(db: Db, call: repo.CallRow, now: Date) {
  const applications = await repo.submittedApplications(db, call.id)
  const ids = applications.map((a) => a.id)
  const [reviews, consensus, decisions, requested] = await Promise.all([
    repo.reviewsOfApplications(db, ids),
    repo.consensusOfApplications(db, ids),
    repo.decisionsOfCall(db, call.id),
    repo.requestedTotals(db, ids),
  ])
  const consensusOf = new Map(consensus.map((c) => [c.applicationId, tenthsOf(c.scores)]))
  const decisionOf = new Map(decisions.map((d) => [d.applicationId, d]))
  const priority = new Set(call.prioritySectors)
  const ranking = rank(
    call.definition,
    applications
      .filter((a) => consensusOf.has(a.id))
      .map((a) => ({
        id: a.id,
        scores: consensusOf.get(a.id)!,
        prioritySectorsCovered: a.sectors.filter((s) => priority.has(s)).length,
      })),
  )
  const rankOf = new Map(ranking.ranked.map((r) => [r.id, r]))
  const rows = applications.map((a) => {
    const own = reviews.filter((r) => r.applicationId === a.id)
    const scores = consensusOf.get(a.id)
    return {
      ...a,
      requestedPaisa: requested.get(a.id) ?? null,
      reviewers: {
        assigned: own.filter((r) => r.state !== 'conflicted').length,
        submitted: own.filter((r) => r.state === 'submitted').length,
      },
      consensus: scores ? thresholds(call.definition, scores) : null,
      rank: rankOf.get(a.id) ?? null,
      decision: decisionOf.get(a.id) ?? null,
      quotas: call.definition.quotas.filter((q) => matchesQuota(q, a)).map((q) => q.id),
    }
  })
  rows.sort((x, y) => (x.rank?.rank ?? Infinity) - (y.rank?.rank ?? Infinity))
  const awards: Award[] = rows
    .filter((r) => r.decision?.outcome === 'award')
    .map((r) => ({ amountPaisa: r.decision!.amountPaisa, quotaIds: r.quotas }))
  const decidedAt = decisions.length ? new Date(Math.max(...decisions.map((d) => d.decidedAt.getTime()))) : null
  return {
    rows,
    standing: standing(limitsOf(call), awards),
    awards,
    timing: {
      closed: windowOf(call, now) === 'closed',
      due: decisionDue(call),
      lastDecisionAt: decidedAt,
      undecided: rows.filter((r) => !r.decision).length,
    },
  }
}

const limitsOf = (call: repo.CallRow) => ({
  budgetPaisa: call.budgetPaisa,
  capPaisa: call.capPaisa,
  places: call.places,
  quotas: call.definition.quotas,
})

export type DecisionInput = {
  outcome: Outcome
  amountPaisa?: bigint | undefined
  reasonEn: string
  reasonUr?: string | undefined
}
export type DecisionResult =
  { ok: true } | { ok: false; refusal: AwardRefusal | { error: 'belowThreshold' | 'noConsensus' | 'notClosed' | 'decided' } }

/**
 * The committee decides, with reasons, after the call has closed and the consensus is written: an award or admission
 * only within the places, money and quotas left, and never below the thresholds; a reserve may later become an award.
 * The applicant is told, and reads the outcome and the consensus report in their language.
 */
export async function decide(
  deps: Deps,
  actor: UserActor,
  programme: Programme,
  applicationId: string,
  input: DecisionInput,
): Promise<DecisionResult> {
  await managedApplication(deps.db, actor, programme, applicationId)
  return deps.db.transaction(async (tx): Promise<DecisionResult> => {
    const application = (await repo.lockApplication(tx, applicationId))!
    // One decision at a time per call: the money and places left are read and spent under the call's lock.
    const call = (await repo.lockCall(tx, application.callId))!
    if (windowOf(call, deps.clock.now()) !== 'closed') return { ok: false, refusal: { error: 'notClosed' } }
    const consensus = await repo.consensusOf(tx, applicationId)
    if (!consensus) return { ok: false, refusal: { error: 'noConsensus' } }
    const earlier = await repo.decisionOf(tx, applicationId)
    if (earlier && earlier.outcome !== 'reserve') return { ok: false, refusal: { error: 'decided' } }
    if (input.outcome !== 'reject' && !thresholds(call.definition, tenthsOf(consensus.scores)).passes)
      return { ok: false, refusal: { error: 'belowThreshold' } }
    const money = programmeConfigs[programme].money
    if (input.outcome === 'award') {
      const panel = await callPanel(tx, call, deps.clock.now())
      const lines = await repo.budgetLinesOf(tx, applicationId)
      const refusal = refuseAward(limitsOf(call), panel.awards, {
        amountPaisa: money ? (input.amountPaisa ?? null) : null,
        requestedPaisa: money ? lines.reduce((a, l) => a + l.amountPaisa, 0n) : null,
        quotaIds: call.definition.quotas.filter((q) => matchesQuota(q, application)).map((q) => q.id),
      })
      if (refusal) return { ok: false, refusal }
    }
    await repo.saveDecision(tx, {
      applicationId,
      callId: call.id,
      outcome: input.outcome,
      amountPaisa: input.outcome === 'award' && money ? input.amountPaisa! : null,
      reasonEn: input.reasonEn,
      reasonUr: input.reasonUr ?? null,
      decidedAt: deps.clock.now(),
      decidedBy: actor.id,
    })
    await notify(tx, deps.clock, application.createdBy, {
      kind: `programme_${input.outcome}`,
      vars: { name: application.titleEn },
      link: link(applicationId),
    })
    // The outcome by e-mail too, in both languages: the address does not say which one its reader reads.
    const applicant = await accountOf(tx, application.createdBy)
    if (applicant?.user.status === 'active')
      await queueEmail(tx, deps.clock, {
        kind: 'programme_decision',
        to: applicant.user.email,
        ...bilingualEmail('emails.programmeDecision', {
          name: application.titleEn,
          outcomeEn: translator('en')(`programmes.outcomes.${input.outcome}`),
          outcomeUr: translator('ur')(`programmes.outcomes.${input.outcome}`),
          url: new URL(link(applicationId), deps.config.publicUrl).href,
        }),
      })
    await deps.audit.record(tx, actorRef(actor), {
      action: 'programmes.decided',
      subject: applicationSubject(applicationId),
      changes: {
        outcome: input.outcome,
        earlier: earlier?.outcome ?? null,
        // In paisa, as text: JSON has no exact integer this large.
        amountPaisa: input.outcome === 'award' && money ? String(input.amountPaisa) : null,
      },
    })
    return { ok: true }
  })
}

/** After a decision, the applicant may ask for the procedure (not the merits) to be reviewed. */
export async function requestRedress(deps: Deps, actor: UserActor, applicationId: string, ground: string) {
  await deps.db.transaction(async (tx) => {
    const application = await repo.lockApplication(tx, applicationId)
    if (!application || !mayActOnOrganisation(actor, 'programmes.apply', application.organisationId))
      throw new HttpError(404, '404')
    if (!(await repo.decisionOf(tx, applicationId))) throw new HttpError(409, 'programmes.notDecided')
    // One request at a time: a second waits for the first one's answer.
    if ((await repo.redressOf(tx, applicationId)).some((r) => !r.answeredAt))
      throw new HttpError(409, 'programmes.redressWaiting')
    const call = (await repo.findCall(tx, application.callId))!
    const id = await repo.insertRedress(tx, { applicationId, ground, requestedAt: deps.clock.now(), requestedBy: actor.id })
    await openWorkItem(tx, deps.clock, {
      kind: REDRESS_KIND,
      subject: { type: 'programme_redress', id },
      title: { key: 'work.items.programmeRedress', vars: { name: application.titleEn } },
      link: link(applicationId),
      assignee: { role: programmeConfigs[call.programme].staffRole },
      urgency: 3,
    })
    await deps.audit.record(tx, actorRef(actor), {
      action: 'programmes.redress_requested',
      subject: applicationSubject(applicationId),
      changes: { redressId: id },
    })
  })
}

/** Staff answer a redress request: upheld or not, with the answer the applicant reads. */
export async function answerRedress(
  deps: Deps,
  actor: UserActor,
  programme: Programme,
  redressId: string,
  input: { answer: string; upheld: boolean },
) {
  requireManager(actor, programme)
  await deps.db.transaction(async (tx) => {
    const redress = await repo.lockRedress(tx, redressId)
    const application = redress && (await repo.findApplication(tx, redress.applicationId))
    const call = application && (await repo.findCall(tx, application.callId))
    if (!redress || !application || call?.programme !== programme) throw new HttpError(404, '404')
    if (redress.answeredAt) throw new HttpError(409, 'programmes.answered')
    await repo.updateRedress(tx, redressId, {
      answer: input.answer,
      upheld: input.upheld ? 'yes' : 'no',
      answeredAt: deps.clock.now(),
      answeredBy: actor.id,
    })
    await closeWorkItem(tx, deps.clock, REDRESS_KIND, { type: 'programme_redress', id: redressId })
    await notify(tx, deps.clock, redress.requestedBy, {
      kind: 'programme_redress_answered',
      vars: { name: application.titleEn },
      link: link(application.id),
    })
    await deps.audit.record(tx, actorRef(actor), {
      action: 'programmes.redress_answered',
      subject: applicationSubject(application.id),
      changes: { redressId, upheld: input.upheld },
    })
  })
}

/** What a programme has awarded in all, in whole rupees (paisa summed exactly, then divided). */
export const awardedRupees = async (db: Db, programme: Programme) => Number((await repo.awardedPaisa(db, programme)) / 100n)

/** What the fund has paid out, in whole rupees. */
export const paidRupees = async (db: Db) => Number((await repo.paidPaisa(db)) / 100n)

/** Outputs funded projects have recorded, of one kind. */
export const outputsOfKind = (db: Db, kind: 'paper' | 'patent' | 'jobs') => repo.outputCount(db, kind)
