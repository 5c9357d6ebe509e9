import type { Db } from '../../db/engine.ts'
import type { Actor, AuditLog } from '../../platform/audit-log.ts'
import type { Clock } from '../../platform/clock.ts'
import type { Deps } from '../../platform/deps.ts'
import { HttpError } from '../../platform/errors.ts'
import { translator } from '../../platform/i18n.ts'
import { bilingualEmail, notify, queueEmail } from '../../platform/outbox.ts'
import { mayActOnOrganisation, scopeOf, type UserActor } from '../../platform/rbac.ts'
import { closeWorkItem, daysBetween, openWorkItem, pakistanToday } from '../../platform/work-queue.ts'
import { activeMembers } from '../accounts/admin.service.ts'
import { systemIdsOf, systemSummary, unassessedPublished } from '../register/register.service.ts'
import * as repo from './obligations.repository.ts'
import type { ObligationRow } from './obligations.repository.ts'
import { addDays, defaultObligationRules, dutiesFor, nextDue, ObligationRules, type ObligationKind } from './obligation-rules.ts'
import type { ImpactLevel } from './questionnaire.ts'

export const OVERDUE_KIND = 'obligations.overdue'
export const OVERDUE_DIRECTORATE_KIND = 'obligations.overdue_directorate'
export type { ObligationRow }

/** Duties met by filing a short statement on the system's obligations page, and who may file it. */
export const declaredKinds: Partial<Record<ObligationKind, 'assessments.fill' | 'assessments.review'>> = {
  oversight_arrangement: 'assessments.fill',
  named_overseer: 'assessments.fill',
  directorate_approval: 'assessments.review',
}

const subject = (id: string) => ({ type: 'obligation', id })

/** A duty's name in both languages, for messages stored once and read in either. */
const dutyNames = (kind: ObligationKind) => ({
  en: translator('en')(`obligations.kinds.${kind}`),
  ur: translator('ur')(`obligations.kinds.${kind}`),
})

export async function obligationRules(db: Db): Promise<ObligationRules> {
  return (await repo.savedRules(db)) ?? defaultObligationRules
}

/** A system administrator changes the rules; they apply to assessments accepted from then on. */
export async function updateObligationRules(deps: Deps, actor: UserActor, rules: ObligationRules) {
  if (scopeOf(actor, 'assessments.questionnaires') !== 'all') throw new HttpError(403, '403')
  const parsed = ObligationRules.parse(rules)
  await deps.db.transaction(async (tx) => {
    const now = deps.clock.now()
    await repo.saveRules(tx, parsed, now, actor.id)
    await deps.audit.record(
      tx,
      { kind: 'user', id: actor.id },
      { action: 'obligations.rules_changed', subject: { type: 'obligation_settings', id: null }, changes: parsed },
    )
  })
}

async function close(
  tx: Db,
  clock: Clock,
  row: ObligationRow,
  status: 'met' | 'waived',
  by: string | null,
  evidence: Record<string, string>,
) {
  await repo.updateObligation(tx, row.id, { status, closedAt: clock.now(), closedBy: by, evidence })
  await closeWorkItem(tx, clock, OVERDUE_KIND, subject(row.id))
  await closeWorkItem(tx, clock, OVERDUE_DIRECTORATE_KIND, subject(row.id))
}

/**
 * After an assessment is accepted: the duty to be assessed is met, duties of the new level are opened (one already
 * open keeps its due date), and open duties the new level no longer brings are waived. Publication is not stored.
 */
export async function reconcileObligations(tx: Db, clock: Clock, systemId: string, level: ImpactLevel, by: string | null) {
  const rules = await obligationRules(tx)
  const today = pakistanToday(clock)
  const duties = dutiesFor(rules, level, today).filter((d) => d.kind !== 'publication')
  const open = await repo.openObligationsOf(tx, systemId)
  for (const row of open) {
    if (row.kind === 'assessment') await close(tx, clock, row, 'met', by, { by: 'assessment accepted' })
    else if (!duties.some((d) => d.kind === row.kind))
      await close(tx, clock, row, 'waived', by, { reason: `level is now ${level}` })
  }
  const kept = new Set(open.filter((r) => r.kind !== 'assessment').map((r) => r.kind))
  const fresh = duties.filter((d) => !kept.has(d.kind))
  if (fresh.length)
    await repo.insertObligations(
      tx,
      fresh.map((d) => ({ systemId, kind: d.kind, level, dueOn: d.dueOn, status: 'open' as const, openedAt: clock.now() })),
    )
}

/**
 * Meets an open duty. A recurring one opens its next period at once, counted from this due date, so the cadence holds
 * even when a duty is met late.
 */
export async function meetObligation(
  tx: Db,
  clock: Clock,
  audit: AuditLog,
  actor: Actor & { kind: 'user' | 'system' },
  row: ObligationRow,
  evidence: Record<string, string>,
) {
  await close(tx, clock, row, 'met', actor.kind === 'user' ? actor.id : null, evidence)
  const rules = await obligationRules(tx)
  const rule = row.level ? rules.levels[row.level].find((r) => r.kind === row.kind) : undefined
  const next = rule && nextDue(rule, row.dueOn)
  if (next)
    await repo.insertObligations(tx, [
      { systemId: row.systemId, kind: row.kind, level: row.level, dueOn: next, status: 'open', openedAt: clock.now() },
    ])
  await audit.record(tx, actor, {
    action: 'obligations.met',
    subject: subject(row.id),
    changes: { systemId: row.systemId, kind: row.kind, dueOn: row.dueOn, evidence, next: next ?? null },
  })
}

/** Meets the open duty of this kind for a system, if there is one: called when an evaluation or audit is accepted. */
export async function meetOpenDuty(
  tx: Db,
  clock: Clock,
  audit: AuditLog,
  actor: UserActor,
  systemId: string,
  kinds: readonly ObligationKind[],
  evidence: Record<string, string>,
) {
  const [row] = await repo.openObligationsOf(tx, systemId, kinds)
  if (row) await meetObligation(tx, clock, audit, { kind: 'user', id: actor.id }, row, evidence)
}

/** A statement that meets a declared duty: the oversight arrangement, the named overseer, the Directorate's approval. */
export async function declare(deps: Deps, actor: UserActor, obligationId: string, statement: string) {
  await deps.db.transaction(async (tx) => {
    const row = await repo.lockObligation(tx, obligationId)
    const system = row && (await systemSummary(tx, row.systemId))
    const permission = row && declaredKinds[row.kind]
    if (!row || !system || !permission || !mayActOnOrganisation(actor, permission, system.organisationId))
      throw new HttpError(404, '404')
    if (row.status !== 'open') throw new HttpError(409, 'obligationClosed')
    await meetObligation(tx, deps.clock, deps.audit, { kind: 'user', id: actor.id }, row, { statement })
  })
}

export const findObligation = repo.findObligation

/** A system's duties: open ones first, soonest due first; each says whether it is overdue today. */
export async function obligationsOf(db: Db, clock: Clock, systemId: string) {
  const today = pakistanToday(clock)
  const rows = await repo.obligationsOfSystem(db, systemId)
  return rows.map((r) => ({ ...r, overdue: r.status === 'open' && r.dueOn < today }))
}

/** Every open duty across Mizan (or one organisation's), overdue first: the Directorate's and a body's dashboard. */
export async function openDuties(db: Db, clock: Clock, organisationId?: string) {
  const today = pakistanToday(clock)
  const ours = organisationId ? await systemIdsOf(db, organisationId) : null
  if (ours?.length === 0) return []
  const rows = await repo.openObligations(db, today, ours, 2000)
  const systems = new Map<string, NonNullable<Awaited<ReturnType<typeof systemSummary>>>>()
  for (const id of new Set(rows.map((r) => r.systemId))) {
    const s = await systemSummary(db, id)
    if (s) systems.set(id, s)
  }
  return rows.map((r) => ({ ...r, overdue: r.dueOn < today, system: systems.get(r.systemId)! }))
}

/**
 * The daily round, in Pakistan time: published systems without an assessment owe one; reminders go out before due
 * dates (each once); duties past their date become overdue and enter the work queues of the body and the Directorate.
 */
export async function runObligationsDaily(
  db: Db,
  clock: Clock,
  audit: AuditLog,
  publicUrl: URL,
): Promise<{ opened: number; reminded: number; overdue: number }> {
  const rules = await obligationRules(db)
  const today = pakistanToday(clock)
  let opened = 0
  let reminded = 0
  let overdue = 0
  for (const system of await unassessedPublished(db)) {
    const [owed] = await repo.openObligationsOf(db, system.id, ['assessment'])
    if (owed) continue
    await repo.insertObligations(db, [
      {
        systemId: system.id,
        kind: 'assessment',
        level: null,
        dueOn: addDays(today, rules.unassessedDueInDays),
        status: 'open',
        openedAt: clock.now(),
      },
    ])
    opened++
  }

  const open = await repo.openNotYetDue(db, today)
  for (const row of open) {
    const daysLeft = daysBetween(today, row.dueOn)
    const threshold = [...rules.reminderDays].sort((a, b) => a - b).find((d) => daysLeft <= d)
    if (threshold === undefined || (row.remindedAt !== null && row.remindedAt <= threshold)) continue
    const system = (await systemSummary(db, row.systemId))!
    await db.transaction(async (tx) => {
      await repo.updateObligation(tx, row.id, { remindedAt: threshold })
      const duty = dutyNames(row.kind)
      const vars = { name: system.nameEn, dutyEn: duty.en, dutyUr: duty.ur, dueOn: row.dueOn, days: String(daysLeft) }
      const link = `/obligations/systems/${system.id}`
      const email = bilingualEmail('emails.obligationReminder', {
        name: system.nameEn,
        duty: `${duty.en} / ${duty.ur}`,
        dueOn: row.dueOn,
        days: daysLeft,
        url: new URL(link, publicUrl).href,
      })
      for (const member of await activeMembers(tx, system.organisationId, ['org_member', 'org_admin'])) {
        await notify(tx, clock, member.id, { kind: 'obligation_due', vars, link })
        await queueEmail(tx, clock, { kind: 'obligation_reminder', to: member.email, ...email })
      }
    })
    reminded++
  }

  const late = await repo.newlyOverdue(db, today)
  for (const row of late) {
    const system = (await systemSummary(db, row.systemId))!
    await db.transaction(async (tx) => {
      await repo.updateObligation(tx, row.id, { overdueSince: today })
      const duty = dutyNames(row.kind)
      const title = {
        key: 'work.items.obligationOverdue',
        vars: { name: system.nameEn, dutyEn: duty.en, dutyUr: duty.ur, dueOn: row.dueOn },
      }
      await openWorkItem(tx, clock, {
        kind: OVERDUE_KIND,
        subject: subject(row.id),
        title,
        link: `/obligations/systems/${system.id}`,
        assignee: { role: 'org_member', organisationId: system.organisationId },
        dueOn: row.dueOn,
        urgency: 4,
      })
      await openWorkItem(tx, clock, {
        kind: OVERDUE_DIRECTORATE_KIND,
        subject: subject(row.id),
        title,
        link: '/obligations',
        assignee: { role: 'reviewer' },
        dueOn: row.dueOn,
        urgency: 3,
      })
      await audit.record(
        tx,
        { kind: 'system', name: 'obligations' },
        {
          action: 'obligations.overdue',
          subject: subject(row.id),
          changes: { systemId: row.systemId, kind: row.kind, dueOn: row.dueOn },
        },
      )
    })
    overdue++
  }
  return { opened, reminded, overdue }
}
