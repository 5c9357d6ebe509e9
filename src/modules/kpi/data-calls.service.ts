import { z } from 'zod'
import { actorRef, type AuditLog } from '../../platform/audit-log.ts'
import type { Db } from '../../db/engine.ts'
import type { Clock } from '../../platform/clock.ts'
import type { Deps } from '../../platform/deps.ts'
import { HttpError } from '../../platform/errors.ts'
import type { FieldErrors } from '../../platform/forms.tsx'
import { bilingualEmail, notify, queueEmail } from '../../platform/outbox.ts'
import { publishedText } from '../../platform/personal-data.ts'
import { scopeOf, type UserActor } from '../../platform/rbac.ts'
import { closeWorkItem, daysBetween, openWorkItem, pakistanDateOf, pakistanToday } from '../../platform/work-queue.ts'
import { activeMembers } from '../accounts/admin.service.ts'
import { openCallPeriods } from './open-calls.ts'
import { periodNames, periodOf, periodOn, previousPeriod } from './reporting-periods.ts'
import * as repo from './kpi.repository.ts'
import type { CallRow, ItemRow, NoticeRow } from './kpi.repository.ts'
import type { Target } from './policy-data.ts'
import { figureKeysOf, type Tracker } from './progress.service.ts'

export const CALL_KIND = 'progress.data_call'
export const CALL_OVERDUE_KIND = 'progress.data_call_overdue'
/** The daily round reminds a body that has not answered this many days before the due date, each once. */
export const REMINDER_DAYS = [7, 2] as const

export const CallForm = z.object({
  period: z.string().regex(/^20\d\d-H[12]$/, { error: 'progress.errors.period' }),
  dueOn: z.iso.date({ error: 'progress.errors.date' }),
  message: publishedText(2000),
})
export type CallInput = z.output<typeof CallForm>

/** The periods a call may be opened for: the current half-year and the one before it, when they have none yet. */
export async function callablePeriods(db: Db, today: string): Promise<string[]> {
  const taken = new Set((await repo.callsList(db)).map((c) => c.period))
  const current = periodOn(today)
  return [current, previousPeriod(current)].filter((p) => !taken.has(p) && p >= '2025-H1')
}

/** What a call may not be: for a period that has one or cannot have one, or due today or earlier. */
export async function callProblems(db: Db, input: CallInput, today: string): Promise<FieldErrors> {
  const errors: FieldErrors = {}
  if (!(await callablePeriods(db, today)).includes(input.period)) errors.period = 'progress.errors.periodNotCallable'
  if (input.dueOn <= today) errors.dueOn = 'progress.errors.dueInFuture'
  return errors
}

type Owed = { rows: string[]; figures: string[] }

/**
 * What each lead body owes a call: a delivery-confidence rating, with its narrative, for each matrix row it leads,
 * and a figure for each target it leads that Mizan does not count itself.
 */
function owedByBody(items: readonly ItemRow[], tracker: Tracker): Map<string, Owed> {
  const counted = new Set(tracker.indicators.map((i) => i.key))
  const owed = new Map<string, Owed>()
  const of = (org: string) => owed.get(org) ?? owed.set(org, { rows: [], figures: [] }).get(org)!
  const natural = [...items].sort((a, b) => a.key.localeCompare(b.key, 'en', { numeric: true }))
  for (const item of natural) {
    if (item.kind === 'action') for (const org of item.stakeholders) of(org).rows.push(item.key)
    const indicator = item.kind === 'target' ? (item.definition as Target).indicator : undefined
    if (item.kind === 'target' && !(indicator && counted.has(indicator)))
      for (const org of item.stakeholders) of(org).figures.push(item.key)
  }
  return owed
}

export type BodyAnswer = {
  organisationId: string
  nameEn: string
  nameUr: string
  rows: { key: string; done: boolean }[]
  figures: { key: string; done: boolean }[]
  given: number
  owed: number
  complete: boolean
  notices: NoticeRow[]
}

/**
 * Who has answered a call and who has not. A row is answered by a rating for the call's period; a target by a figure
 * of its measure measured in the period or since, by whoever recorded it.
 */
export async function callCompleteness(tracker: Tracker, call: CallRow): Promise<BodyAnswer[]> {
  const { db } = tracker
  const [items, rated, measured, notices] = await Promise.all([
    repo.allItems(db),
    repo.ratedInPeriod(db, call.period),
    repo.measurements(db),
    repo.noticesOf(db, call.id),
  ])
  const start = periodOf(call.period).start
  const ratedKeys = new Set(rated)
  const measuredKeys = new Set(measured.filter((m) => m.measuredOn >= start).map((m) => m.itemKey))
  const owed = owedByBody(items, tracker)
  const names = new Map((await repo.organisationNames(db, [...owed.keys()])).map((o) => [o.id, o]))
  return [...owed.entries()]
    .filter(([org]) => names.has(org))
    .map(([org, { rows, figures }]) => {
      const answers = {
        rows: rows.map((key) => ({ key, done: ratedKeys.has(key) })),
        figures: figures.map((key) => ({ key, done: figureKeysOf(key).some((k) => measuredKeys.has(k)) })),
      }
      const given = [...answers.rows, ...answers.figures].filter((a) => a.done).length
      const owedCount = rows.length + figures.length
      const name = names.get(org)!
      return {
        organisationId: org,
        nameEn: name.nameEn,
        nameUr: name.nameUr,
        ...answers,
        given,
        owed: owedCount,
        complete: given === owedCount,
        notices: notices.filter((n) => n.organisationId === org),
      }
    })
    .sort((a, b) => a.nameEn.localeCompare(b.nameEn))
}

const mailingOf = (deps: Deps): Mailing => ({ clock: deps.clock, publicUrl: deps.config.publicUrl })

const bodySubject = (callId: string, org: string) => ({ type: 'data_call', id: `${callId}:${org}` })
const callLink = (callId: string) => `/progress/calls/${callId}`

const EMAILS = {
  data_call_opened: 'emails.dataCallOpened',
  data_call_reminder: 'emails.dataCallReminder',
  data_call_overdue: 'emails.dataCallOverdue',
} as const

/** What telling people needs: the time, and the address links in e-mails lead to. */
type Mailing = { clock: Clock; publicUrl: URL }

/** Tells a body's accountable officers, in the inbox and by e-mail in both languages. */
async function tellOfficers(tx: Db, deps: Mailing, org: string, call: CallRow, kind: keyof typeof EMAILS) {
  const link = callLink(call.id)
  const vars = { ...periodNames(call.period), dueOn: call.dueOn }
  const email = bilingualEmail(EMAILS[kind], { ...vars, url: new URL(link, deps.publicUrl).href })
  for (const officer of await activeMembers(tx, org, ['org_admin'])) {
    await notify(tx, deps.clock, officer.id, { kind, vars, link })
    await queueEmail(tx, deps.clock, { kind, to: officer.email, ...email })
  }
}

/**
 * The Cell opens a call for a period: each lead body finds it in its work queue, due on the call's date, and its
 * accountable officers are told.
 */
export async function openDataCall(deps: Deps, tracker: Tracker, actor: UserActor, input: CallInput): Promise<string> {
  if (scopeOf(actor, 'progress.report') !== 'all') throw new HttpError(403, '403')
  return deps.db.transaction(async (tx) => {
    if (Object.keys(await callProblems(tx, input, pakistanToday(deps.clock))).length) throw new HttpError(400, '400')
    const [saved] = await repo.insertCall(tx, {
      period: input.period,
      dueOn: input.dueOn,
      message: input.message ?? null,
      openedAt: deps.clock.now(),
      openedBy: actor.id,
    })
    if (!saved) throw new HttpError(409, 'dataCallExists')
    const call = (await repo.findCall(tx, saved.id))!
    for (const body of await callCompleteness({ ...tracker, db: tx }, call)) {
      await openWorkItem(tx, deps.clock, {
        kind: CALL_KIND,
        subject: bodySubject(call.id, body.organisationId),
        title: { key: 'work.items.dataCall', vars: periodNames(call.period) },
        link: callLink(call.id),
        assignee: { role: 'org_admin', organisationId: body.organisationId },
        dueOn: call.dueOn,
        urgency: 3,
      })
      await tellOfficers(tx, mailingOf(deps), body.organisationId, call, 'data_call_opened')
    }
    await deps.audit.record(tx, actorRef(actor), {
      action: 'progress.data_call_opened',
      subject: { type: 'data_call', id: call.id },
      changes: { period: call.period, dueOn: call.dueOn },
    })
    return call.id
  })
}

/** Closes the work of every body that has now answered an open call: called after each figure and rating. */
export async function settleDataCalls(tracker: Tracker): Promise<void> {
  for (const call of await openCalls(tracker.db, pakistanToday(tracker.clock)))
    for (const body of await callCompleteness(tracker, call)) if (body.complete) await closeBodyWork(tracker, call, body)
}

/** A body that has answered a call owes nothing more: its item and the Cell's overdue item about it close. */
async function closeBodyWork(tracker: Tracker, call: CallRow, body: BodyAnswer) {
  const subject = bodySubject(call.id, body.organisationId)
  await closeWorkItem(tracker.db, tracker.clock, CALL_KIND, subject)
  await closeWorkItem(tracker.db, tracker.clock, CALL_OVERDUE_KIND, subject)
}

/** The Cell reminds a body that has not answered, at most once a day. */
export async function remindBody(deps: Deps, tracker: Tracker, actor: UserActor, callId: string, org: string) {
  if (scopeOf(actor, 'progress.report') !== 'all') throw new HttpError(403, '403')
  await deps.db.transaction(async (tx) => {
    const call = await repo.findCall(tx, callId)
    if (!call) throw new HttpError(404, '404')
    const body = (await callCompleteness({ ...tracker, db: tx }, call)).find((b) => b.organisationId === org)
    if (!body) throw new HttpError(404, '404')
    const today = pakistanToday(deps.clock)
    if (body.complete) throw new HttpError(409, 'dataCallAnswered')
    if (remindedByHandOn(body.notices, today)) throw new HttpError(409, 'dataCallRemindedToday')
    await repo.insertNotice(tx, { callId, organisationId: org, kind: 'reminder', sentAt: deps.clock.now(), sentBy: actor.id })
    await tellOfficers(tx, mailingOf(deps), org, call, 'data_call_reminder')
    await deps.audit.record(tx, actorRef(actor), {
      action: 'progress.data_call_reminded',
      subject: { type: 'data_call', id: callId },
      changes: { organisationId: org },
    })
  })
}

/** Whether the Cell has already reminded the body by hand on this Pakistan date. */
export const remindedByHandOn = (notices: readonly NoticeRow[], today: string) =>
  notices.some((n) => n.sentBy !== null && pakistanDateOf(n.sentAt) === today)

/** Calls still gathering answers: of the current half-year or the one before, with no report published. */
async function openCalls(db: Db, today: string): Promise<CallRow[]> {
  const periods = await openCallPeriods(db, today)
  return (await repo.callsList(db)).filter((c) => periods.includes(c.period))
}

/**
 * The daily round, in Pakistan time: a body that has not answered an open call is reminded 7 and 2 days before its
 * due date (each once, and only when the call gave it longer than that), and the day after, its officers are told it
 * is overdue and the Cell finds it in its work queue.
 */
export async function runDataCallsDaily(
  tracker: Tracker,
  deps: Mailing & { audit: AuditLog },
): Promise<{ reminded: number; escalated: number }> {
  const today = pakistanToday(deps.clock)
  let reminded = 0
  let escalated = 0
  for (const call of await openCalls(tracker.db, today)) {
    const daysLeft = daysBetween(today, call.dueOn)
    const given = daysBetween(pakistanDateOf(call.openedAt), call.dueOn)
    const threshold = [...REMINDER_DAYS].sort((a, b) => a - b).find((d) => daysLeft >= 0 && daysLeft <= d && d < given)
    // One reading of who has answered serves both: closing the work of those who have, reminding those who have not.
    for (const body of await callCompleteness(tracker, call)) {
      if (body.complete) {
        await closeBodyWork(tracker, call, body)
        continue
      }
      const kind = daysLeft < 0 ? 'escalation' : 'reminder'
      if (kind === 'reminder' && threshold === undefined) continue
      await tracker.db.transaction(async (tx) => {
        const [sent] = await repo.insertNotice(tx, {
          callId: call.id,
          organisationId: body.organisationId,
          kind,
          daysBefore: kind === 'escalation' ? -1 : threshold!,
          sentAt: deps.clock.now(),
        })
        if (!sent) return
        await tellOfficers(
          tx,
          deps,
          body.organisationId,
          call,
          kind === 'escalation' ? 'data_call_overdue' : 'data_call_reminder',
        )
        if (kind === 'escalation') {
          await openWorkItem(tx, deps.clock, {
            kind: CALL_OVERDUE_KIND,
            subject: bodySubject(call.id, body.organisationId),
            title: {
              key: 'work.items.dataCallOverdue',
              vars: { ...periodNames(call.period), bodyEn: body.nameEn, bodyUr: body.nameUr },
            },
            link: callLink(call.id),
            assignee: { role: 'pic_analyst' },
            dueOn: call.dueOn,
            urgency: 4,
          })
          await deps.audit.record(
            tx,
            { kind: 'system', name: 'progress' },
            {
              action: 'progress.data_call_overdue',
              subject: { type: 'data_call', id: call.id },
              changes: { organisationId: body.organisationId },
            },
          )
          escalated++
        } else reminded++
      })
    }
  }
  return { reminded, escalated }
}

export const findCall = repo.findCall
export const dataCallsList = repo.callsList
