import type { Db } from '../../db/engine.ts'
import { actorRef } from '../../platform/audit-log.ts'
import type { Clock } from '../../platform/clock.ts'
import type { Deps } from '../../platform/deps.ts'
import { HttpError } from '../../platform/errors.ts'
import { notify } from '../../platform/outbox.ts'
import { mayActOnOrganisation, scopeOf, type UserActor } from '../../platform/rbac.ts'
import { closeWorkItem, openWorkItem, pakistanToday } from '../../platform/work-queue.ts'
import { applicationSubject } from './applications.service.ts'
import { requireManager } from './calls.service.ts'
import { milestonesOverAward, refusePayment, reportSchedule } from './decision-rules.ts'
import { programmeConfigs } from './programmes.config.ts'
import * as repo from './programmes.repository.ts'
import type { exitOutcomes, outputKinds, Programme } from './programmes.vocabulary.ts'

export const FINANCE_KIND = 'programmes.finance'
export const REPORT_KIND = 'programmes.report_due'
/** How many days before a report falls due its participant is reminded, in their work queue. */
export const REMIND_DAYS = 14
const link = (id: string) => `/programmes/applications/${id}`
const paymentSubject = (id: string) => ({ type: 'fund_payment', id })

/** An awarded application of the programme, locked, or a refusal: everything after the decision needs an award. */
async function awarded(tx: Db, programme: Programme, applicationId: string) {
  const application = await repo.lockApplication(tx, applicationId)
  const call = application && (await repo.findCall(tx, application.callId))
  const decision = application && (await repo.decisionOf(tx, applicationId))
  if (!application || !call || call.programme !== programme) throw new HttpError(404, '404')
  if (decision?.outcome !== 'award') throw new HttpError(409, 'programmes.notAwarded')
  return { application, call, decision }
}

/** The participant's own awarded application: someone of its organisation, not its supervisor. */
async function ownAward(tx: Db, actor: UserActor, applicationId: string) {
  const application = await repo.findApplication(tx, applicationId)
  const call = application && (await repo.findCall(tx, application.callId))
  if (!application || !call || !mayActOnOrganisation(actor, 'programmes.apply', application.organisationId))
    throw new HttpError(404, '404')
  return awarded(tx, call.programme, applicationId)
}

/** Everything after the decision, for the participant's page and the staff's. */
export async function participationOf(db: Db, applicationId: string) {
  const [plan, reports, exit, milestones, outputs] = await Promise.all([
    repo.planOf(db, applicationId),
    repo.reportsOf(db, applicationId),
    repo.exitOf(db, applicationId),
    repo.milestonesOf(db, applicationId),
    repo.outputsOf(db, applicationId),
  ])
  const payments = await repo.paymentsOfMilestones(
    db,
    milestones.map((m) => m.id),
  )
  return {
    plan,
    reports,
    exit: exit ? { ...exit, published: Boolean(exit.participantConsentAt && exit.directorateConsentAt) } : undefined,
    milestones: milestones.map((m) => ({ ...m, payments: payments.filter((p) => p.milestoneId === m.id) })),
    outputs,
  }
}
export type Participation = Awaited<ReturnType<typeof participationOf>>

// The sandbox

export type PlanInput = { conditions: string; parameters: string; startsOn: string; endsOn: string; contacts: string }

/** The Directorate proposes the plan (or a change to it); it binds when the participant accepts it. */
export async function proposePlan(deps: Deps, actor: UserActor, applicationId: string, input: PlanInput) {
  requireManager(actor, 'sandbox')
  if (input.endsOn <= input.startsOn) throw new HttpError(400, 'programmes.planDates')
  await deps.db.transaction(async (tx) => {
    const { application } = await awarded(tx, 'sandbox', applicationId)
    await repo.savePlan(tx, {
      applicationId,
      ...input,
      state: 'proposed',
      proposedAt: deps.clock.now(),
      proposedBy: actor.id,
      participantAcceptedAt: null,
      participantAcceptedBy: null,
      suspensionReason: null,
    })
    await notify(tx, deps.clock, application.createdBy, {
      kind: 'programme_plan',
      vars: { name: application.titleEn },
      link: link(applicationId),
    })
    await deps.audit.record(tx, actorRef(actor), {
      action: 'programmes.plan_proposed',
      subject: applicationSubject(applicationId),
      changes: { ...input },
    })
  })
}

/** The participant accepts the plan as proposed: it is agreed, and its reports are scheduled every three months. */
export async function acceptPlan(deps: Deps, actor: UserActor, applicationId: string) {
  await deps.db.transaction(async (tx) => {
    await ownAward(tx, actor, applicationId)
    const plan = await repo.lockPlan(tx, applicationId)
    if (!plan || plan.state !== 'proposed') throw new HttpError(409, 'programmes.planNotProposed')
    await repo.updatePlan(tx, applicationId, {
      state: 'agreed',
      participantAcceptedAt: deps.clock.now(),
      participantAcceptedBy: actor.id,
    })
    await repo.scheduleReports(tx, applicationId, reportSchedule(plan.startsOn, plan.endsOn))
    await deps.audit.record(tx, actorRef(actor), { action: 'programmes.plan_agreed', subject: applicationSubject(applicationId) })
  })
}

/** The Directorate suspends testing, with a reason the participant reads, or lets it resume. */
export async function suspend(deps: Deps, actor: UserActor, applicationId: string, reason: string | null) {
  requireManager(actor, 'sandbox')
  await deps.db.transaction(async (tx) => {
    const { application } = await awarded(tx, 'sandbox', applicationId)
    const plan = await repo.lockPlan(tx, applicationId)
    if (!plan || plan.state === 'proposed') throw new HttpError(409, 'programmes.planNotAgreed')
    await repo.updatePlan(tx, applicationId, { state: reason ? 'suspended' : 'agreed', suspensionReason: reason })
    await notify(tx, deps.clock, application.createdBy, {
      kind: reason ? 'programme_suspended' : 'programme_resumed',
      vars: { name: application.titleEn },
      link: link(applicationId),
    })
    await deps.audit.record(tx, actorRef(actor), {
      action: reason ? 'programmes.testing_suspended' : 'programmes.testing_resumed',
      subject: applicationSubject(applicationId),
      changes: { reason },
    })
  })
}

export type ExitInput = { outcome: (typeof exitOutcomes)[number]; activities: string; results: string; lessons: string }

/** The Directorate writes the exit report; rewriting it withdraws both consents to publish it. */
export async function writeExit(deps: Deps, actor: UserActor, applicationId: string, input: ExitInput) {
  requireManager(actor, 'sandbox')
  await deps.db.transaction(async (tx) => {
    await awarded(tx, 'sandbox', applicationId)
    const plan = await repo.planOf(tx, applicationId)
    if (!plan || plan.state === 'proposed') throw new HttpError(409, 'programmes.planNotAgreed')
    await repo.saveExit(tx, {
      applicationId,
      ...input,
      writtenAt: deps.clock.now(),
      writtenBy: actor.id,
      participantConsentAt: null,
      directorateConsentAt: null,
    })
    await deps.audit.record(tx, actorRef(actor), {
      action: 'programmes.exit_written',
      subject: applicationSubject(applicationId),
      changes: { outcome: input.outcome },
    })
  })
}

/**
 * One side consents to publishing the exit report: the participant, or the Directorate. It is published only with
 * both; otherwise the public reads the one-line summary alone.
 */
export async function consentToExit(deps: Deps, actor: UserActor, applicationId: string, side: 'participant' | 'directorate') {
  await deps.db.transaction(async (tx) => {
    if (side === 'directorate') {
      requireManager(actor, 'sandbox')
      await awarded(tx, 'sandbox', applicationId)
    } else await ownAward(tx, actor, applicationId)
    if (!(await repo.exitOf(tx, applicationId))) throw new HttpError(409, 'programmes.noExit')
    await repo.updateExit(
      tx,
      applicationId,
      side === 'directorate' ? { directorateConsentAt: deps.clock.now() } : { participantConsentAt: deps.clock.now() },
    )
    await deps.audit.record(tx, actorRef(actor), {
      action: 'programmes.exit_consented',
      subject: applicationSubject(applicationId),
      changes: { side },
    })
  })
}

// Reports, both programmes

/** The participant saves a scheduled report as a draft, or submits it; a submitted report does not change. */
export async function saveReport(deps: Deps, actor: UserActor, reportId: string, body: string, submit: boolean) {
  return deps.db.transaction(async (tx) => {
    const report = await repo.lockReport(tx, reportId)
    if (!report) throw new HttpError(404, '404')
    await ownAward(tx, actor, report.applicationId)
    if (report.submittedAt) throw new HttpError(409, 'programmes.reportSubmitted')
    await repo.updateReport(tx, reportId, submit ? { body, submittedAt: deps.clock.now(), submittedBy: actor.id } : { body })
    if (submit) await closeWorkItem(tx, deps.clock, REPORT_KIND, { type: 'programme_report', id: reportId })
    if (submit)
      await deps.audit.record(tx, actorRef(actor), {
        action: 'programmes.report_submitted',
        subject: applicationSubject(report.applicationId),
        changes: { reportId, dueOn: report.dueOn },
      })
    return report.applicationId
  })
}

// The fund

export type MilestoneInput = { title: string; amountPaisa: bigint; dueOn: string }

/**
 * Staff set a funded project's milestones, together never more than the award, while no payment has been asked for;
 * a progress report falls due at each milestone and the final one at the last.
 */
export async function setMilestones(deps: Deps, actor: UserActor, applicationId: string, milestones: readonly MilestoneInput[]) {
  requireManager(actor, 'fund')
  await deps.db.transaction(async (tx) => {
    const { decision } = await awarded(tx, 'fund', applicationId)
    if (milestonesOverAward(decision.amountPaisa!, milestones)) throw new HttpError(409, 'programmes.milestonesOverAward')
    const existing = await repo.milestonesOf(tx, applicationId)
    if (
      (
        await repo.paymentsOfMilestones(
          tx,
          existing.map((m) => m.id),
        )
      ).length
    )
      throw new HttpError(409, 'programmes.paymentsMade')
    await repo.replaceMilestones(tx, applicationId, milestones)
    const dates = [...new Set(milestones.map((m) => m.dueOn))].sort()
    await repo.scheduleReports(
      tx,
      applicationId,
      dates.map((dueOn, i) => ({ dueOn, final: i === dates.length - 1 })),
    )
    await deps.audit.record(tx, actorRef(actor), {
      action: 'programmes.milestones_set',
      subject: applicationSubject(applicationId),
      // In paisa, as text: JSON has no exact integer this large.
      changes: { milestones: milestones.map((m) => ({ ...m, amountPaisa: String(m.amountPaisa) })) },
    })
  })
}

/** The recipient asks for a milestone's payment; what is asked against a milestone never exceeds its amount. */
export async function requestPayment(deps: Deps, actor: UserActor, milestoneId: string, amountPaisa: bigint, note: string) {
  return deps.db.transaction(async (tx) => {
    // The milestone's lock makes two requests at once wait for each other, so both cannot pass the check.
    const milestone = await repo.lockMilestone(tx, milestoneId)
    if (!milestone) throw new HttpError(404, '404')
    const { application } = await ownAward(tx, actor, milestone.applicationId)
    const refusal = refusePayment(milestone.amountPaisa, await repo.paymentsOfMilestones(tx, [milestoneId]), amountPaisa)
    if (refusal) return { refusal }
    const id = await repo.insertPayment(tx, {
      milestoneId,
      amountPaisa,
      note,
      state: 'submitted',
      requestedAt: deps.clock.now(),
      requestedBy: actor.id,
    })
    await openWorkItem(tx, deps.clock, {
      kind: FINANCE_KIND,
      subject: paymentSubject(id),
      title: { key: 'work.items.programmePayment', vars: { name: application.titleEn } },
      link: `${programmeConfigs.fund.path}/manage/applications/${application.id}`,
      assignee: { role: programmeConfigs.fund.staffRole },
      urgency: 2,
    })
    await deps.audit.record(tx, actorRef(actor), {
      action: 'programmes.payment_requested',
      subject: applicationSubject(application.id),
      changes: { paymentId: id, milestoneId, amountPaisa: String(amountPaisa) },
    })
    return { refusal: null }
  })
}

type Step = 'approve' | 'changes' | 'decline' | 'paid'
/** Who may take each step from each state: staff first, then finance, then finance records the payment. */
const STEPS: Record<Step, { from: string; to: repo.PaymentRow['state']; by: 'staff' | 'finance' }[]> = {
  approve: [
    { from: 'submitted', to: 'staff_approved', by: 'staff' },
    { from: 'staff_approved', to: 'finance_approved', by: 'finance' },
  ],
  changes: [
    { from: 'submitted', to: 'changes_requested', by: 'staff' },
    { from: 'staff_approved', to: 'changes_requested', by: 'finance' },
  ],
  decline: [
    { from: 'submitted', to: 'declined', by: 'staff' },
    { from: 'staff_approved', to: 'declined', by: 'finance' },
  ],
  paid: [{ from: 'finance_approved', to: 'paid', by: 'finance' }],
}

/**
 * A step on a payment request, audited: programme staff approve, send back or decline a request; finance then
 * approves (never the person who approved it for staff) and records it paid.
 */
export async function decidePayment(
  deps: Deps,
  actor: UserActor,
  paymentId: string,
  step: Step,
  reason: string | undefined,
  as: 'staff' | 'finance',
) {
  await deps.db.transaction(async (tx) => {
    const payment = await repo.lockPayment(tx, paymentId)
    if (!payment) throw new HttpError(404, '404')
    if (scopeOf(actor, as === 'finance' ? 'programmes.finance' : programmeConfigs.fund.manage) !== 'all')
      throw new HttpError(403, '403')
    const move = STEPS[step].find((s) => s.from === payment.state && s.by === as)
    if (!move) throw new HttpError(409, 'programmes.paymentStep')
    if (as === 'finance' && payment.staffBy === actor.id) throw new HttpError(409, 'programmes.sameApprover')
    const now = deps.clock.now()
    const who =
      as === 'staff'
        ? { staffAt: now, staffBy: actor.id }
        : move.to === 'paid'
          ? { paidAt: now, paidBy: actor.id }
          : { financeAt: now, financeBy: actor.id }
    await repo.updatePayment(tx, paymentId, { state: move.to, ...who, reason: reason ?? payment.reason })
    const milestone = (await repo.lockMilestone(tx, payment.milestoneId))!
    const application = (await repo.findApplication(tx, milestone.applicationId))!
    const done = ['paid', 'declined', 'changes_requested'].includes(move.to)
    if (done) await closeWorkItem(tx, deps.clock, FINANCE_KIND, paymentSubject(paymentId))
    else
      await openWorkItem(tx, deps.clock, {
        kind: FINANCE_KIND,
        subject: paymentSubject(paymentId),
        title: { key: 'work.items.programmePayment', vars: { name: application.titleEn } },
        link: '/fund/finance',
        assignee: { role: 'finance_officer' },
        urgency: 2,
      })
    if (done)
      await notify(tx, deps.clock, payment.requestedBy!, {
        kind: `programme_payment_${move.to}`,
        vars: { name: application.titleEn },
        link: link(application.id),
      })
    await deps.audit.record(tx, actorRef(actor), {
      action: `programmes.payment_${move.to}`,
      subject: applicationSubject(application.id),
      changes: { paymentId, from: payment.state, to: move.to, reason: reason ?? null },
    })
  })
}

/** Payment requests for finance to act on. */
export const financeQueue = (db: Db) => repo.paymentsAwaitingFinance(db)

export type OutputInput = { kind: (typeof outputKinds)[number]; title: string; url?: string | undefined; count: number }

/** The recipient records what the project produced. */
export async function recordOutput(deps: Deps, actor: UserActor, applicationId: string, input: OutputInput) {
  await deps.db.transaction(async (tx) => {
    await ownAward(tx, actor, applicationId)
    await repo.insertOutput(tx, {
      applicationId,
      ...input,
      url: input.url ?? null,
      recordedAt: deps.clock.now(),
      recordedBy: actor.id,
    })
    await deps.audit.record(tx, actorRef(actor), {
      action: 'programmes.output_recorded',
      subject: applicationSubject(applicationId),
      changes: { kind: input.kind },
    })
  })
}

/** The application a report or a milestone belongs to, for the page that shows it. */
export async function applicationOfReport(db: Db, reportId: string) {
  const reports = await repo.reportById(db, reportId)
  if (!reports) throw new HttpError(404, '404')
  return reports.applicationId
}
export async function applicationOfMilestone(db: Db, milestoneId: string) {
  const milestone = await repo.milestoneById(db, milestoneId)
  if (!milestone) throw new HttpError(404, '404')
  return milestone.applicationId
}

/**
 * The daily reminder: every report not yet submitted that falls due within two weeks (or is overdue) is in the work
 * queue of the person who applied, with its due date, until it is submitted. Opening an item already open changes
 * nothing, so the job may run any number of times.
 */
export async function remindReports(db: Db, clock: Clock) {
  const due = await repo.reportsDueBy(db, pakistanToday(clock, REMIND_DAYS))
  for (const r of due)
    await openWorkItem(
      db,
      clock,
      {
        kind: REPORT_KIND,
        subject: { type: 'programme_report', id: r.id },
        title: { key: 'work.items.programmeReport', vars: { name: r.titleEn } },
        link: link(r.applicationId),
        assignee: { userId: r.createdBy },
        dueOn: r.dueOn,
        urgency: 2,
      },
      { keep: true },
    )
  return due.length
}

/** The regulator's notes on an application: programme staff write and read them; nobody else sees them. */
export async function notesOf(db: Db, actor: UserActor, programme: Programme, applicationId: string) {
  requireManager(actor, programme)
  return repo.notesOf(db, applicationId)
}

export async function addNote(deps: Deps, actor: UserActor, programme: Programme, applicationId: string, body: string) {
  requireManager(actor, programme)
  await deps.db.transaction(async (tx) => {
    const application = await repo.findApplication(tx, applicationId)
    const call = application && (await repo.findCall(tx, application.callId))
    if (!application || call?.programme !== programme || application.state !== 'submitted') throw new HttpError(404, '404')
    await repo.insertNote(tx, { applicationId, body, createdAt: deps.clock.now(), createdBy: actor.id })
    await deps.audit.record(tx, actorRef(actor), {
      action: 'programmes.note_written',
      subject: applicationSubject(applicationId),
    })
  })
}
