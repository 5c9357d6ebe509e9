import type { Db } from '../../db/engine.ts'
import { actorRef } from '../../platform/audit-log.ts'
import { decrypt } from '../../platform/crypto.ts'
import type { Deps } from '../../platform/deps.ts'
import { HttpError } from '../../platform/errors.ts'
import { translator, type Locale } from '../../platform/i18n.ts'
import { bilingualEmail, notify, queueEmail } from '../../platform/outbox.ts'
import { mayActOnOrganisation, scopeOf, type UserActor } from '../../platform/rbac.ts'
import { closeWorkItem, openWorkItem } from '../../platform/work-queue.ts'
import { activeMembers } from '../accounts/admin.service.ts'
import { publishedSystem, systemSummary } from '../register/register.service.ts'
import type { closeReasons } from './incidents.vocabulary.ts'
import * as repo from './incidents.repository.ts'
import type { IncidentRow, ReportRow } from './incidents.repository.ts'
import { outcomes, type HarmKind, type IncidentState, type Outcome, type reportedSeverities } from './incidents.vocabulary.ts'
import { findPersonalData, type Finding } from '../../platform/personal-data.ts'

export const TRIAGE_KIND = 'incidents.triage'
export const RESPOND_KIND = 'incidents.respond'
export const DECIDE_KIND = 'incidents.decide'

const reportSubject = (id: string) => ({ type: 'incident_report', id })
const incidentSubject = (id: string) => ({ type: 'incident', id })

const requireTriage = (actor: UserActor) => {
  if (scopeOf(actor, 'incidents.triage') !== 'all') throw new HttpError(403, '403')
}

export type Contact = { name?: string | undefined; phone?: string | undefined; email?: string | undefined }

const contactOf = (deps: Deps, sealed: string | null): Contact =>
  sealed ? (JSON.parse(decrypt(deps.config.secrets.encryptionKeys, sealed)) as Contact) : {}

/** A text the public will read, with anything in it that looks like personal data. */
export class PersonalDataFound extends HttpError {
  constructor(readonly findings: Record<string, Finding[]>) {
    super(400, 'incidentPersonalData')
  }
}

function refusePersonalData(texts: Record<string, string | undefined>, names: readonly string[]) {
  const findings = Object.fromEntries(
    Object.entries(texts)
      .map(([field, text]) => [field, text ? findPersonalData(text, names) : []])
      .filter(([, found]) => found!.length > 0),
  )
  if (Object.keys(findings).length) throw new PersonalDataFound(findings as Record<string, Finding[]>)
}

/** Reports waiting for triage (or all of a state), newest first, without contact details. */
export async function reportsToTriage(db: Db, actor: UserActor, state: ReportRow['state'] = 'received') {
  requireTriage(actor)
  return repo.reportsInState(db, state, 200)
}

export type { SimilarReport } from './incidents.repository.ts'

/** One report as triage staff see it: everything but the contact details, which are revealed on request. */
export async function reportForTriage(deps: Deps, actor: UserActor, id: string) {
  requireTriage(actor)
  const report = await repo.findReport(deps.db, id)
  if (!report) throw new HttpError(404, '404')
  const system = report.systemId ? await systemSummary(deps.db, report.systemId) : undefined
  const linked = await repo.incidentsOfReport(deps.db, id)
  return {
    report: { ...report, contactSealed: undefined, hasContact: report.contactSealed !== null },
    /** What looks personal in the narrative, the reporter's own name included, for the proposed public summary. */
    narrativeFindings: findPersonalData(report.narrative, [contactOf(deps, report.contactSealed).name ?? ''].filter(Boolean)),
    system,
    linked,
    similar: await repo.similarReports(deps.db, report),
    incidents: await repo.incidentsLike(deps.db, report),
  }
}

/** The reporter's contact details, for triage staff only; every reading is in the audit log. */
export async function revealContact(deps: Deps, actor: UserActor, reportId: string): Promise<Contact & { consent: boolean }> {
  requireTriage(actor)
  return deps.db.transaction(async (tx) => {
    const [report] = await repo.sealedContactsOf(tx, [reportId])
    if (!report) throw new HttpError(404, '404')
    await deps.audit.record(tx, actorRef(actor), { action: 'incidents.contact_viewed', subject: reportSubject(reportId) })
    return { ...contactOf(deps, report.sealed), consent: report.consent }
  })
}

async function lockedReport(tx: Db, id: string) {
  const report = await repo.lockReport(tx, id)
  if (!report) throw new HttpError(404, '404')
  return report
}

/** Closes a report that needs no incident: spam, or outside what Mizan covers, with the reason the reporter will read. */
export async function closeReport(
  deps: Deps,
  actor: UserActor,
  id: string,
  input: { reason: Exclude<(typeof closeReasons)[number], 'duplicate'>; note?: string | undefined },
) {
  requireTriage(actor)
  await deps.db.transaction(async (tx) => {
    const report = await lockedReport(tx, id)
    if (report.state === 'closed') throw new HttpError(409, 'incidentReportClosed')
    await repo.updateReport(tx, id, {
      state: 'closed',
      closeReason: input.reason,
      closeNote: input.note ?? null,
      triagedAt: deps.clock.now(),
      triagedBy: actor.id,
    })
    await closeWorkItem(tx, deps.clock, TRIAGE_KIND, reportSubject(id))
    await deps.audit.record(tx, actorRef(actor), {
      action: 'incidents.report_closed',
      subject: reportSubject(id),
      changes: { reason: input.reason },
    })
    await tellReporters(tx, deps, [report], 'closed')
  })
}

/**
 * Merges a report into another telling of the same thing. The merged report's tracking code then shows the other's
 * progress, and every incident it was linked to is linked to the other too.
 */
export async function mergeReport(deps: Deps, actor: UserActor, id: string, intoId: string) {
  requireTriage(actor)
  if (id === intoId) throw new HttpError(409, 'incidentMergeSelf')
  await deps.db.transaction(async (tx) => {
    const report = await lockedReport(tx, id)
    const into = await lockedReport(tx, intoId)
    if (report.mergedInto || into.mergedInto) throw new HttpError(409, 'incidentAlreadyMerged')
    const now = deps.clock.now()
    await repo.redirectMerged(tx, id, intoId)
    await repo.updateReport(tx, id, {
      state: 'closed',
      closeReason: 'duplicate',
      mergedInto: intoId,
      triagedAt: now,
      triagedBy: actor.id,
    })
    const incidentIds = await repo.incidentIdsOfReport(tx, id)
    await repo.linkReports(
      tx,
      incidentIds.map((incidentId) => ({ reportId: intoId, incidentId, linkedAt: now, linkedBy: actor.id })),
    )
    await closeWorkItem(tx, deps.clock, TRIAGE_KIND, reportSubject(id))
    await deps.audit.record(tx, actorRef(actor), {
      action: 'incidents.report_merged',
      subject: reportSubject(id),
      changes: { into: intoId },
    })
  })
}

export type IncidentInput = {
  system?: number | undefined
  systemText?: string | undefined
  titleEn: string
  titleUr?: string | undefined
  summaryEn: string
  summaryUr?: string | undefined
  harmKinds: HarmKind[]
  severity: (typeof reportedSeverities)[number]
  province?: ReportRow['province'] | undefined
  occurredOn?: string | undefined
}

/** The names reporters gave: the public text must not carry them. */
async function reporterNames(deps: Deps, tx: Db, reportIds: readonly string[]) {
  const rows = await repo.sealedContactsOf(tx, reportIds)
  return rows.map((r) => contactOf(deps, r.sealed).name).filter((n): n is string => Boolean(n))
}

async function addEvent(tx: Db, deps: Deps, incidentId: string, state: IncidentState, note?: string | null) {
  await repo.addEvent(tx, { incidentId, at: deps.clock.now(), state, note: note ?? null })
}

/**
 * Opens an incident from triaged reports. The reviewer writes the public title and summary from the reports, with the
 * suggested redaction applied; it is refused while anything in it still looks like personal data, so nothing is
 * published unchecked. Opening publishes it.
 */
export async function openIncident(
  deps: Deps,
  actor: UserActor,
  reportIds: readonly string[],
  input: IncidentInput,
): Promise<{ id: string; number: number }> {
  requireTriage(actor)
  if (reportIds.length === 0) throw new HttpError(409, 'incidentNoReports')
  const system = input.system ? await publishedSystem(deps.db, input.system) : undefined
  if (input.system && !system) throw new HttpError(400, 'incidentSystemUnknown')
  return deps.db.transaction(async (tx) => {
    const reports = await Promise.all(reportIds.map((id) => lockedReport(tx, id)))
    if (reports.some((r) => r.state === 'closed')) throw new HttpError(409, 'incidentReportClosed')
    refusePersonalData(
      {
        titleEn: input.titleEn,
        titleUr: input.titleUr,
        summaryEn: input.summaryEn,
        summaryUr: input.summaryUr,
        systemText: input.systemText,
      },
      await reporterNames(deps, tx, reportIds),
    )
    const now = deps.clock.now()
    const row = await repo.insertIncident(tx, {
      state: 'open',
      systemId: system?.id ?? null,
      systemText: system ? null : (input.systemText ?? null),
      titleEn: input.titleEn,
      titleUr: input.titleUr ?? null,
      summaryEn: input.summaryEn,
      summaryUr: input.summaryUr ?? null,
      harmKinds: input.harmKinds,
      severity: input.severity,
      province: input.province ?? null,
      occurredOn: input.occurredOn ?? null,
      openedAt: now,
      openedBy: actor.id,
      updatedAt: now,
    })
    await addEvent(tx, deps, row.id, 'open')
    for (const report of reports) await linkInTransaction(tx, deps, actor, report, row.id)
    await deps.audit.record(tx, actorRef(actor), {
      action: 'incidents.opened',
      subject: incidentSubject(row.id),
      changes: {
        number: row.number,
        reports: reportIds,
        systemId: system?.id ?? null,
        severity: input.severity,
        harmKinds: input.harmKinds,
      },
    })
    await tellReporters(tx, deps, reports, 'open')
    return row
  })
}

async function linkInTransaction(tx: Db, deps: Deps, actor: UserActor, report: ReportRow, incidentId: string) {
  const now = deps.clock.now()
  await repo.linkReports(tx, [{ reportId: report.id, incidentId, linkedAt: now, linkedBy: actor.id }])
  if (report.state === 'received')
    await repo.updateReport(tx, report.id, { state: 'triaged', triagedAt: now, triagedBy: actor.id })
  await closeWorkItem(tx, deps.clock, TRIAGE_KIND, reportSubject(report.id))
}

/** Links a report to an incident already open (a report may be linked to more than one). */
export async function linkReport(deps: Deps, actor: UserActor, reportId: string, incidentNumber: number) {
  requireTriage(actor)
  await deps.db.transaction(async (tx) => {
    const report = await lockedReport(tx, reportId)
    const incident = await repo.incidentByNumber(tx, incidentNumber)
    if (!incident) throw new HttpError(400, 'incidentUnknown')
    if (report.state === 'closed') throw new HttpError(409, 'incidentReportClosed')
    await linkInTransaction(tx, deps, actor, report, incident.id)
    await deps.audit.record(tx, actorRef(actor), {
      action: 'incidents.report_linked',
      subject: incidentSubject(incident.id),
      changes: { reportId },
    })
    await tellReporters(tx, deps, [report], incident.state)
  })
}

async function lockedIncident(tx: Db, id: string) {
  const incident = await repo.lockIncident(tx, id)
  if (!incident) throw new HttpError(404, '404')
  return incident
}

async function moveTo(
  tx: Db,
  deps: Deps,
  incident: IncidentRow,
  state: IncidentState,
  set: Partial<IncidentRow>,
  note?: string | null,
) {
  await repo.updateIncident(tx, incident.id, { ...set, state, updatedAt: deps.clock.now() })
  await addEvent(tx, deps, incident.id, state, note)
  await tellReporters(tx, deps, await repo.reportsOfIncident(tx, incident.id), state)
}

/** Refers an incident about a registered system to the body that runs it, with the date its answer is due. */
export async function referIncident(deps: Deps, actor: UserActor, id: string, input: { dueOn: string }) {
  requireTriage(actor)
  await deps.db.transaction(async (tx) => {
    const incident = await lockedIncident(tx, id)
    if (incident.state !== 'open') throw new HttpError(409, 'incidentWrongState')
    const system = incident.systemId ? await systemSummary(tx, incident.systemId) : undefined
    if (!system) throw new HttpError(409, 'incidentNoSystem')
    await moveTo(tx, deps, incident, 'referred', { referredAt: deps.clock.now(), responseDueOn: input.dueOn }, input.dueOn)
    await openWorkItem(tx, deps.clock, {
      kind: RESPOND_KIND,
      subject: incidentSubject(id),
      title: { key: 'work.items.incidentRespond', vars: { number: String(incident.number) } },
      link: `/incidents/manage/${incident.number}`,
      assignee: { role: 'org_member', organisationId: system.organisationId },
      dueOn: input.dueOn,
      urgency: incident.severity === 'severe' ? 4 : 3,
    })
    const link = `/incidents/manage/${incident.number}`
    const email = bilingualEmail('emails.incidentReferred', {
      number: incident.number,
      name: system.nameEn,
      dueOn: input.dueOn,
      url: new URL(link, deps.config.publicUrl).href,
    })
    for (const member of await activeMembers(tx, system.organisationId, ['org_member', 'org_admin'])) {
      await notify(tx, deps.clock, member.id, {
        kind: 'incident_referred',
        vars: { number: String(incident.number), dueOn: input.dueOn },
        link,
      })
      await queueEmail(tx, deps.clock, { kind: 'incident_referred', to: member.email, ...email })
    }
    await deps.audit.record(tx, actorRef(actor), {
      action: 'incidents.referred',
      subject: incidentSubject(id),
      changes: { organisationId: system.organisationId, dueOn: input.dueOn },
    })
  })
}

/** Whether the actor may see this incident's working page: triage staff, or the body whose system it concerns. */
async function viewOf(db: Db, actor: UserActor, incident: IncidentRow): Promise<'directorate' | 'organisation' | null> {
  if (scopeOf(actor, 'incidents.triage') === 'all') return 'directorate'
  const system = incident.systemId ? await systemSummary(db, incident.systemId) : undefined
  return system && incident.referredAt && mayActOnOrganisation(actor, 'incidents.respond', system.organisationId)
    ? 'organisation'
    : null
}

/**
 * The body answers: what happened and why, what it changed, and what it offers the people harmed. The answer is
 * published with the incident, so it is refused while it carries anything that looks like personal data.
 */
export async function respondToIncident(
  deps: Deps,
  actor: UserActor,
  id: string,
  input: { explanation: string; remediation?: string | undefined; redress?: string | undefined },
) {
  await deps.db.transaction(async (tx) => {
    const incident = await lockedIncident(tx, id)
    if ((await viewOf(tx, actor, incident)) !== 'organisation') throw new HttpError(404, '404')
    if (incident.state !== 'referred') throw new HttpError(409, 'incidentWrongState')
    refusePersonalData(
      input,
      await reporterNames(
        deps,
        tx,
        (await repo.reportsOfIncident(tx, id)).map((r) => r.id),
      ),
    )
    await moveTo(tx, deps, incident, 'responded', {
      explanation: input.explanation,
      remediation: input.remediation ?? null,
      redress: input.redress ?? null,
      respondedAt: deps.clock.now(),
      respondedBy: actor.id,
    })
    await closeWorkItem(tx, deps.clock, RESPOND_KIND, incidentSubject(id))
    await openWorkItem(tx, deps.clock, {
      kind: DECIDE_KIND,
      subject: incidentSubject(id),
      title: { key: 'work.items.incidentDecide', vars: { number: String(incident.number) } },
      link: `/incidents/manage/${incident.number}`,
      assignee: { role: 'reviewer' },
      urgency: 3,
    })
    await deps.audit.record(tx, actorRef(actor), {
      action: 'incidents.responded',
      subject: incidentSubject(id),
      changes: { redressOffered: Boolean(input.redress) },
    })
  })
}

/** The reviewer's outcome, with the reason the public and the reporters will read; not upheld always needs one. */
export async function decideIncident(
  deps: Deps,
  actor: UserActor,
  id: string,
  input: { outcome: Outcome; reason?: string | undefined },
) {
  requireTriage(actor)
  if (input.outcome === 'not_upheld' && !input.reason) throw new HttpError(400, 'incidentReasonRequired')
  await deps.db.transaction(async (tx) => {
    const incident = await lockedIncident(tx, id)
    if ((outcomes as readonly string[]).includes(incident.state)) throw new HttpError(409, 'incidentWrongState')
    if (input.reason)
      refusePersonalData(
        { reason: input.reason },
        await reporterNames(
          deps,
          tx,
          (await repo.reportsOfIncident(tx, id)).map((r) => r.id),
        ),
      )
    await moveTo(
      tx,
      deps,
      incident,
      input.outcome,
      { outcomeReason: input.reason ?? null, decidedAt: deps.clock.now() },
      input.reason,
    )
    for (const kind of [RESPOND_KIND, DECIDE_KIND]) await closeWorkItem(tx, deps.clock, kind, incidentSubject(id))
    await tellOrganisation(tx, deps, incident, 'incident_decided')
    await deps.audit.record(tx, actorRef(actor), {
      action: 'incidents.decided',
      subject: incidentSubject(id),
      changes: { outcome: input.outcome },
    })
  })
}

/** Reopens a decided incident, for example when the redress promised was not given; the reason is public. */
export async function reopenIncident(deps: Deps, actor: UserActor, id: string, reason: string) {
  requireTriage(actor)
  await deps.db.transaction(async (tx) => {
    const incident = await lockedIncident(tx, id)
    if (!(outcomes as readonly string[]).includes(incident.state)) throw new HttpError(409, 'incidentWrongState')
    refusePersonalData(
      { reason },
      await reporterNames(
        deps,
        tx,
        (await repo.reportsOfIncident(tx, id)).map((r) => r.id),
      ),
    )
    await moveTo(tx, deps, incident, 'open', { decidedAt: null, outcomeReason: null }, reason)
    await tellOrganisation(tx, deps, incident, 'incident_reopened')
    await deps.audit.record(tx, actorRef(actor), {
      action: 'incidents.reopened',
      subject: incidentSubject(id),
      changes: { reason },
    })
  })
}

async function tellOrganisation(tx: Db, deps: Deps, incident: IncidentRow, kind: string) {
  const system = incident.systemId && incident.referredAt ? await systemSummary(tx, incident.systemId) : undefined
  if (!system) return
  for (const member of await activeMembers(tx, system.organisationId, ['org_member', 'org_admin'])) {
    await notify(tx, deps.clock, member.id, {
      kind,
      vars: { number: String(incident.number) },
      link: `/incidents/manage/${incident.number}`,
    })
  }
}

/**
 * Tells reporters who gave an e-mail address and agreed to be contacted that their report moved on, in the language
 * they reported in. The message carries no code and no detail: it sends them to the tracking page.
 */
async function tellReporters(tx: Db, deps: Deps, reports: readonly ReportRow[], state: IncidentState | 'closed') {
  for (const report of reports) {
    if (!report.consentToContact || !report.contactSealed) continue
    const { email } = contactOf(deps, report.contactSealed)
    if (!email) continue
    const t = translator(report.locale as Locale)
    const vars = {
      status: t(`incidents.status.${state}.title`),
      url: new URL(report.locale === 'ur' ? '/ur/track' : '/track', deps.config.publicUrl).href,
    }
    await queueEmail(tx, deps.clock, {
      kind: 'incident_update',
      to: email,
      subject: t('emails.incidentUpdate.subject', vars),
      body: t('emails.incidentUpdate.body', vars),
    })
  }
}

/** The incidents a person may work on: all for triage staff, or those referred to their body. */
export async function incidentsToWorkOn(db: Db, actor: UserActor) {
  const all = scopeOf(actor, 'incidents.triage') === 'all'
  if (!all && !(scopeOf(actor, 'incidents.respond') === 'own_org' && actor.organisationId)) return []
  const rows = await repo.incidentsForWork(db, !all, 500)
  const shown = await Promise.all(rows.map(async (i) => ({ incident: i, view: await viewOf(db, actor, i) })))
  return shown.filter((s) => s.view).map((s) => s.incident)
}

/** An incident's working page, if the actor may see it; anyone else is told it does not exist. */
export async function incidentForStaff(db: Db, actor: UserActor, number: number) {
  const incident = await repo.incidentByNumber(db, number)
  const view = incident && (await viewOf(db, actor, incident))
  if (!incident || !view) throw new HttpError(404, '404')
  const system = incident.systemId ? await systemSummary(db, incident.systemId) : undefined
  const events = await repo.eventsOf(db, [incident.id])
  const reports = view === 'directorate' ? await repo.openReportsOfIncident(db, incident.id) : []
  return { incident, view, system, events, reports }
}
