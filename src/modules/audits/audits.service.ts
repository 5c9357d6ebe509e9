import type { Db } from '../../db/engine.ts'
import { actorRef } from '../../platform/audit-log.ts'
import type { Deps } from '../../platform/deps.ts'
import { HttpError } from '../../platform/errors.ts'
import { storeFile } from '../../platform/files.ts'
import { notify } from '../../platform/outbox.ts'
import { mayActOnOrganisation, scopeOf, type UserActor } from '../../platform/rbac.ts'
import { closeWorkItem, openWorkItem } from '../../platform/work-queue.ts'
import { meetOpenDuty } from '../assessments/obligations.service.ts'
import { systemIdsOf, systemSummary } from '../register/register.service.ts'
import * as repo from './audits.repository.ts'
import { type severities } from './audits.vocabulary.ts'

export const ASSIGNED_KIND = 'audits.assigned'
export const CLOSE_KIND = 'audits.to_close'
export const EVIDENCE_OWNER = 'audit_finding'
export const EVIDENCE_MAX_BYTES = 10 * 1024 * 1024

const subject = (id: string) => ({ type: 'audit', id })
const requireManager = (actor: UserActor) => {
  if (scopeOf(actor, 'audits.manage') !== 'all') throw new HttpError(403, '403')
}

export type { AuditRow } from './audits.repository.ts'

/** People holding the auditor role, with their firm and whether they are accredited now. */
export async function auditors(db: Db) {
  const rows = await repo.auditorsWithAccreditation(db)
  return rows.map((r) => ({ ...r, accredited: Boolean(r.accreditedAt && !r.revokedAt) }))
}

/** The Directorate accredits an auditor, or withdraws the accreditation; both are kept in the audit log. */
export async function setAccreditation(deps: Deps, actor: UserActor, userId: string, accredited: boolean) {
  requireManager(actor)
  if (!(await auditors(deps.db)).some((a) => a.id === userId)) throw new HttpError(404, '404')
  await deps.db.transaction(async (tx) => {
    const now = deps.clock.now()
    if (accredited) {
      await repo.accredit(tx, userId, now, actor.id)
    } else {
      await repo.revokeAccreditation(tx, userId, now, actor.id)
    }
    await deps.audit.record(tx, actorRef(actor), {
      action: accredited ? 'audits.auditor_accredited' : 'audits.auditor_revoked',
      subject: { type: 'user', id: userId },
    })
  })
}

/** Assigns an audit of a system to an accredited auditor, with its scope and deadline. */
export async function assignAudit(
  deps: Deps,
  actor: UserActor,
  input: { systemId: string; auditorId: string; scope: string; dueOn: string },
): Promise<string> {
  requireManager(actor)
  const system = await systemSummary(deps.db, input.systemId)
  if (!system) throw new HttpError(404, '404')
  const auditor = (await auditors(deps.db)).find((a) => a.id === input.auditorId)
  if (!auditor?.accredited) throw new HttpError(409, 'auditorNotAccredited')
  return deps.db.transaction(async (tx) => {
    const id = await repo.insertAudit(tx, { ...input, state: 'assigned', assignedAt: deps.clock.now(), assignedBy: actor.id })
    await openWorkItem(tx, deps.clock, {
      kind: ASSIGNED_KIND,
      subject: subject(id),
      title: { key: 'work.items.auditAssigned', vars: { name: system.nameEn } },
      link: `/audits/${id}`,
      assignee: { userId: input.auditorId },
      dueOn: input.dueOn,
      urgency: 3,
    })
    await notify(tx, deps.clock, input.auditorId, {
      kind: 'audit_assigned',
      vars: { name: system.nameEn, dueOn: input.dueOn },
      link: `/audits/${id}`,
    })
    await deps.audit.record(tx, actorRef(actor), {
      action: 'audits.assigned',
      subject: subject(id),
      changes: { systemId: input.systemId, auditorId: input.auditorId, dueOn: input.dueOn },
    })
    return id
  })
}

export type AuditView = 'auditor' | 'organisation' | 'directorate'

/**
 * An audit, if the actor may see it, and as whom: its own auditor, the audited body, or the Directorate. An auditor
 * sees only audits assigned to them; anyone else is told the audit does not exist.
 */
export async function auditFor(db: Db, actor: UserActor, id: string) {
  const audit = await repo.findAudit(db, id)
  const system = audit && (await systemSummary(db, audit.systemId))
  if (!audit || !system) throw new HttpError(404, '404')
  const view: AuditView | null =
    scopeOf(actor, 'audits.manage') === 'all'
      ? 'directorate'
      : scopeOf(actor, 'audits.perform') && audit.auditorId === actor.id
        ? 'auditor'
        : mayActOnOrganisation(actor, 'audits.respond', system.organisationId)
          ? 'organisation'
          : null
  if (!view) throw new HttpError(404, '404')
  const findings = await repo.findingsOf(db, id)
  const actions = await repo.actionsOf(db, id)
  return { audit, system, view, findings, actions }
}

async function ownAudit(tx: Db, actor: UserActor, id: string) {
  const audit = await repo.lockAudit(tx, id)
  if (!audit || audit.auditorId !== actor.id || !scopeOf(actor, 'audits.perform')) throw new HttpError(404, '404')
  if (audit.state !== 'assigned') throw new HttpError(409, 'auditLocked')
  return audit
}

/** The auditor records a finding, with an evidence file if there is one (PDF, JPEG or PNG, through the files service). */
export async function addFinding(
  deps: Deps,
  actor: UserActor,
  auditId: string,
  finding: { severity: (typeof severities)[number]; criterion: string; description: string },
  evidence?: { filename: string; bytes: Buffer },
) {
  await deps.db.transaction(async (tx) => {
    await ownAudit(tx, actor, auditId)
    const findingId = await repo.insertFinding(tx, { auditId, ...finding, createdAt: deps.clock.now() })
    if (evidence)
      await storeFile(tx, deps, actorRef(actor), {
        ownerType: EVIDENCE_OWNER,
        ownerId: findingId,
        filename: evidence.filename,
        bytes: evidence.bytes,
        allowed: ['pdf', 'jpeg', 'png'],
        maxBytes: EVIDENCE_MAX_BYTES,
      })
    await deps.audit.record(tx, actorRef(actor), {
      action: 'audits.finding_recorded',
      subject: subject(auditId),
      changes: { findingId, severity: finding.severity, criterion: finding.criterion, evidence: Boolean(evidence) },
    })
  })
}

export async function addCorrectiveAction(
  deps: Deps,
  actor: UserActor,
  auditId: string,
  action: { action: string; owner: string; dueOn: string; findingId?: string | undefined },
) {
  await deps.db.transaction(async (tx) => {
    await ownAudit(tx, actor, auditId)
    if (action.findingId) {
      if (!(await repo.findFinding(tx, action.findingId, auditId))) throw new HttpError(404, '404')
    }
    const actionId = await repo.insertAction(tx, {
      auditId,
      action: action.action,
      owner: action.owner,
      dueOn: action.dueOn,
      findingId: action.findingId ?? null,
      createdAt: deps.clock.now(),
    })
    await deps.audit.record(tx, actorRef(actor), {
      action: 'audits.action_proposed',
      subject: subject(auditId),
      changes: { actionId, dueOn: action.dueOn },
    })
  })
}

/** The auditor's conclusion and public summary end their work; the Directorate closes the audit. */
export async function submitAudit(
  deps: Deps,
  actor: UserActor,
  auditId: string,
  input: { conclusion: string; summaryEn: string; summaryUr?: string | undefined },
) {
  await deps.db.transaction(async (tx) => {
    const audit = await ownAudit(tx, actor, auditId)
    const system = (await systemSummary(tx, audit.systemId))!
    await repo.updateAudit(tx, auditId, {
      state: 'submitted',
      conclusion: input.conclusion,
      summaryEn: input.summaryEn,
      summaryUr: input.summaryUr ?? null,
      submittedAt: deps.clock.now(),
    })
    await closeWorkItem(tx, deps.clock, ASSIGNED_KIND, subject(auditId))
    await openWorkItem(tx, deps.clock, {
      kind: CLOSE_KIND,
      subject: subject(auditId),
      title: { key: 'work.items.auditToClose', vars: { name: system.nameEn } },
      link: `/audits/${auditId}`,
      assignee: { role: 'reviewer' },
      urgency: 2,
    })
    await deps.audit.record(tx, actorRef(actor), {
      action: 'audits.submitted',
      subject: subject(auditId),
      changes: { systemId: audit.systemId },
    })
  })
}

/** The audited body answers a corrective action: what it did, or will do. */
export async function respondToAction(deps: Deps, actor: UserActor, actionId: string, response: string) {
  await deps.db.transaction(async (tx) => {
    const action = await repo.lockAction(tx, actionId)
    const audit = action && (await repo.findAudit(tx, action.auditId))
    const system = audit && (await systemSummary(tx, audit.systemId))
    if (!action || !audit || !system || !mayActOnOrganisation(actor, 'audits.respond', system.organisationId))
      throw new HttpError(404, '404')
    if (audit.state === 'closed') throw new HttpError(409, 'auditLocked')
    await repo.updateAction(tx, actionId, { response, respondedAt: deps.clock.now(), respondedBy: actor.id })
    await deps.audit.record(tx, actorRef(actor), {
      action: 'audits.action_answered',
      subject: subject(audit.id),
      changes: { actionId },
    })
  })
}

/**
 * The Directorate closes a submitted audit once every corrective action has been answered. Closing meets the system's
 * audit duty and publishes the summary on the register record.
 */
export async function closeAudit(deps: Deps, actor: UserActor, auditId: string, note: string | undefined) {
  requireManager(actor)
  await deps.db.transaction(async (tx) => {
    const audit = await repo.lockAudit(tx, auditId)
    if (!audit) throw new HttpError(404, '404')
    if (audit.state !== 'submitted') throw new HttpError(409, 'auditNotSubmitted')
    const unanswered = await repo.unansweredActions(tx, auditId)
    if (unanswered.length) throw new HttpError(409, 'auditActionsOpen')
    await repo.updateAudit(tx, auditId, {
      state: 'closed',
      closedAt: deps.clock.now(),
      closedBy: actor.id,
      closeNote: note ?? null,
    })
    await closeWorkItem(tx, deps.clock, CLOSE_KIND, subject(auditId))
    await meetOpenDuty(tx, deps.clock, deps.audit, actor, audit.systemId, ['audit_before_production', 'annual_audit'], {
      auditId,
    })
    await deps.audit.record(tx, actorRef(actor), {
      action: 'audits.closed',
      subject: subject(auditId),
      changes: { systemId: audit.systemId, note: note ?? null },
    })
  })
}

/** The audits a person may list: their own as auditor, their body's, or all for the Directorate. */
export async function auditsFor(db: Db, actor: UserActor) {
  const all = scopeOf(actor, 'audits.manage') === 'all'
  const own =
    scopeOf(actor, 'audits.respond') === 'own_org' && actor.organisationId ? await systemIdsOf(db, actor.organisationId) : null
  if (!all && !scopeOf(actor, 'audits.perform') && !own?.length) return []
  const rows = await repo.auditsOf(db, all ? 'all' : own ? { systemIds: own } : { auditorId: actor.id }, 500)
  return Promise.all(rows.map(async (a) => ({ ...a, system: (await systemSummary(db, a.systemId))! })))
}

/** The latest closed audit of a system, as the public register shows it: when, by which firm, what it found. */
export async function publicAuditSummary(db: Db, systemId: string) {
  const audit = await repo.latestClosedAudit(db, systemId)
  if (!audit) return null
  const findings = await repo.findingSeverities(db, audit.id)
  const bySeverity = Object.fromEntries(
    (['critical', 'high', 'medium', 'low'] as const).map((s) => [s, findings.filter((f) => f.severity === s).length]),
  )
  return { ...audit, findings: bySeverity as Record<(typeof severities)[number], number> }
}

export async function auditOfAction(db: Db, actionId: string): Promise<string> {
  const action = await repo.findAction(db, actionId)
  if (!action) throw new HttpError(404, '404')
  return action.auditId
}

/** Who may read a finding's evidence: its auditor, the audited body, the Directorate. */
export async function mayReadEvidence(db: Db, actor: UserActor | null, findingId: string): Promise<boolean> {
  if (!actor) return false
  const finding = await repo.findFinding(db, findingId)
  if (!finding) return false
  try {
    await auditFor(db, actor, finding.auditId)
    return true
  } catch {
    return false
  }
}

/** On a demonstration copy, every auditor is accredited, so audits can be tried at once. */
export async function seedDemoAccreditations(db: Db, clock: { now(): Date }): Promise<number> {
  const waiting = (await auditors(db)).filter((a) => !a.accreditedAt)
  if (waiting.length)
    await repo.accreditAll(
      db,
      waiting.map((a) => a.id),
      clock.now(),
    )
  return waiting.length
}
