import { and, asc, desc, eq, inArray, isNull, ne, or, sql } from 'drizzle-orm'
import { queryRows, type Db } from '../../db/engine.ts'
import { auditEntries } from '../../platform/audit.tables.ts'
import { incidentEvents, incidentReportLinks, incidentReports, incidents } from './incidents.tables.ts'
import type { IncidentState } from './incidents.vocabulary.ts'

export type ReportRow = typeof incidentReports.$inferSelect
export type IncidentRow = typeof incidents.$inferSelect

// Reports

export async function insertReport(db: Db, row: typeof incidentReports.$inferInsert) {
  const [saved] = await db.insert(incidentReports).values(row).returning({ id: incidentReports.id })
  return saved!.id
}

export const findReport = async (db: Db, id: string) =>
  (await db.select().from(incidentReports).where(eq(incidentReports.id, id)))[0]

export const reportByCodeHash = async (db: Db, codeHash: string) =>
  (await db.select().from(incidentReports).where(eq(incidentReports.codeHash, codeHash)))[0]

export const lockReport = async (db: Db, id: string) =>
  (await db.select().from(incidentReports).where(eq(incidentReports.id, id)).for('update'))[0]

export const updateReport = (db: Db, id: string, values: Partial<typeof incidentReports.$inferInsert>) =>
  db.update(incidentReports).set(values).where(eq(incidentReports.id, id))

/** Reports already merged into `from` follow it into `into`, so merges never leave a chain behind. */
export const redirectMerged = (db: Db, from: string, into: string) =>
  db.update(incidentReports).set({ mergedInto: into }).where(eq(incidentReports.mergedInto, from))

/** Reports in a state, not merged, newest first, without contact details. */
export const reportsInState = (db: Db, state: ReportRow['state'], limit: number) =>
  db
    .select({
      id: incidentReports.id,
      receivedAt: incidentReports.receivedAt,
      state: incidentReports.state,
      narrative: incidentReports.narrative,
      severity: incidentReports.severity,
      harmKinds: incidentReports.harmKinds,
      systemId: incidentReports.systemId,
      systemText: incidentReports.systemText,
    })
    .from(incidentReports)
    .where(and(eq(incidentReports.state, state), isNull(incidentReports.mergedInto)))
    .orderBy(desc(incidentReports.receivedAt))
    .limit(limit)

export const sealedContactsOf = (db: Db, reportIds: readonly string[]) =>
  reportIds.length
    ? db
        .select({ sealed: incidentReports.contactSealed, consent: incidentReports.consentToContact })
        .from(incidentReports)
        .where(inArray(incidentReports.id, [...reportIds]))
    : Promise.resolve([])

export type SimilarReport = {
  id: string
  received_at: string
  narrative: string
  state: string
  words: boolean
  wording: number
  same_system: boolean
  close_date: boolean
}

/**
 * Reports that may tell of the same thing: words in common (full text), a similar wording (trigrams), the same
 * system, or dates within a fortnight. Each says why it was suggested, so the reviewer can judge.
 */
export function similarReports(db: Db, report: ReportRow) {
  const sameSystem = sql`coalesce(r.system_id = ${report.systemId}::uuid, false)`
  const closeDate = sql`coalesce(abs(r.occurred_on - ${report.occurredOn}::date) <= 14, false)`
  return queryRows<SimilarReport>(
    db,
    sql`
    with q as (
      select to_tsquery('simple', coalesce(nullif(string_agg(quote_literal(w), ' | '), ''), 'x')) as query
      from incident_reports, unnest(tsvector_to_array(search)) as w where id = ${report.id} and length(w) > 3
    )
    select r.id, r.received_at::text, r.narrative, r.state, r.search @@ q.query as words,
      similarity(r.narrative, ${report.narrative})::float8 as wording, ${sameSystem} as same_system, ${closeDate} as close_date
    from incident_reports r, q
    where r.id <> ${report.id} and r.merged_into is null
      and (r.search @@ q.query or similarity(r.narrative, ${report.narrative}) > 0.3 or ${sameSystem})
    order by (r.search @@ q.query)::int + similarity(r.narrative, ${report.narrative}) + ${sameSystem}::int + ${closeDate}::int desc, r.received_at desc
    limit 8`,
  )
}

const incidentHeading = {
  id: incidents.id,
  number: incidents.number,
  titleEn: incidents.titleEn,
  titleUr: incidents.titleUr,
  state: incidents.state,
}

/** Incidents about the same system or with similar words to a report, newest first. */
export const incidentsLike = (db: Db, report: ReportRow) =>
  db
    .select(incidentHeading)
    .from(incidents)
    .where(
      or(
        report.systemId ? eq(incidents.systemId, report.systemId) : sql`false`,
        sql`${incidents.search} @@ plainto_tsquery('simple', mizan_normalise_urdu(${report.narrative.slice(0, 300)}))`,
      ),
    )
    .orderBy(desc(incidents.openedAt))
    .limit(8)

/**
 * Reports due for erasure on the retention schedule: closed ones past their period (spam sooner), and triaged ones
 * whose linked incidents all have an outcome, the last decided longer ago than the finished period.
 */
export const reportsDueForErasure = (db: Db, now: Date, days: { spam: number; finished: number }, limit: number) => {
  const before = (n: number) => sql`${now}::timestamptz - make_interval(days => ${n})`
  return db
    .select({ id: incidentReports.id })
    .from(incidentReports)
    .where(
      and(
        isNull(incidentReports.erasedAt),
        sql`(
          (${incidentReports.state} = 'closed' and ${incidentReports.triagedAt} < case when ${incidentReports.closeReason} = 'spam' then ${before(days.spam)} else ${before(days.finished)} end)
          or (${incidentReports.state} = 'triaged'
            and not exists (select 1 from incident_report_links l join incidents i on i.id = l.incident_id where l.report_id = ${incidentReports.id} and i.decided_at is null)
            and (select max(i.decided_at) from incident_report_links l join incidents i on i.id = l.incident_id where l.report_id = ${incidentReports.id}) < ${before(days.finished)}))`,
      ),
    )
    .limit(limit)
}

/** The audit entries of a report's arrival that still carry the keyed hashes of its contact details. */
export const reportedEntriesWithPayload = (db: Db, reportId: string) =>
  db
    .select({ seq: auditEntries.seq })
    .from(auditEntries)
    .where(
      and(
        eq(auditEntries.subjectType, 'incident_report'),
        eq(auditEntries.subjectId, reportId),
        eq(auditEntries.action, 'incidents.reported'),
        sql`${auditEntries.payload} is not null`,
      ),
    )

// Incidents, their links to reports, and their public steps

export const anyIncident = async (db: Db) => (await db.select({ id: incidents.id }).from(incidents).limit(1)).length > 0

export async function insertIncident(db: Db, row: typeof incidents.$inferInsert) {
  const [saved] = await db.insert(incidents).values(row).returning({ id: incidents.id, number: incidents.number })
  return saved!
}

export const incidentByNumber = async (db: Db, number: number) =>
  (await db.select().from(incidents).where(eq(incidents.number, number)))[0]

export const lockIncident = async (db: Db, id: string) =>
  (await db.select().from(incidents).where(eq(incidents.id, id)).for('update'))[0]

export const updateIncident = (db: Db, id: string, values: Partial<typeof incidents.$inferInsert>) =>
  db.update(incidents).set(values).where(eq(incidents.id, id))

/** Incidents for staff, last changed first: every one, or only those referred to a body. */
export const incidentsForWork = (db: Db, referredOnly: boolean, limit: number) =>
  db
    .select()
    .from(incidents)
    .where(referredOnly ? sql`${incidents.referredAt} is not null` : undefined)
    .orderBy(desc(incidents.updatedAt))
    .limit(limit)

export const addEvent = (db: Db, row: { incidentId: string; at: Date; state: IncidentState; note: string | null }) =>
  db.insert(incidentEvents).values(row)

export const eventsOf = (db: Db, incidentIds: string[]) =>
  incidentIds.length
    ? db.select().from(incidentEvents).where(inArray(incidentEvents.incidentId, incidentIds)).orderBy(asc(incidentEvents.at))
    : Promise.resolve([])

export const linkReports = (db: Db, rows: { reportId: string; incidentId: string; linkedAt: Date; linkedBy: string }[]) =>
  rows.length ? db.insert(incidentReportLinks).values(rows).onConflictDoNothing() : Promise.resolve()

export const incidentIdsOfReport = async (db: Db, reportId: string) =>
  (
    await db
      .select({ incidentId: incidentReportLinks.incidentId })
      .from(incidentReportLinks)
      .where(eq(incidentReportLinks.reportId, reportId))
  ).map((l) => l.incidentId)

/** The incidents a report is linked to, by number. */
export const incidentsOfReport = (db: Db, reportId: string) =>
  db
    .select(incidentHeading)
    .from(incidentReportLinks)
    .innerJoin(incidents, eq(incidents.id, incidentReportLinks.incidentId))
    .where(eq(incidentReportLinks.reportId, reportId))
    .orderBy(asc(incidents.number))

export const reportsOfIncident = (db: Db, incidentId: string) =>
  db
    .select()
    .from(incidentReports)
    .innerJoin(incidentReportLinks, eq(incidentReportLinks.reportId, incidentReports.id))
    .where(eq(incidentReportLinks.incidentId, incidentId))
    .then((rows) => rows.map((r) => r.incident_reports))

/** The reports still open behind an incident, as triage staff see them listed on it. */
export const openReportsOfIncident = (db: Db, incidentId: string) =>
  db
    .select({ id: incidentReports.id, receivedAt: incidentReports.receivedAt })
    .from(incidentReportLinks)
    .innerJoin(incidentReports, eq(incidentReports.id, incidentReportLinks.reportId))
    .where(and(eq(incidentReportLinks.incidentId, incidentId), ne(incidentReports.state, 'closed')))
