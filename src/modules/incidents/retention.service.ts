import { and, eq, isNull, sql } from 'drizzle-orm'
import type { Db } from '../../db/engine.ts'
import { auditEntries } from '../../platform/audit.tables.ts'
import type { AuditLog } from '../../platform/audit-log.ts'
import type { Clock } from '../../platform/clock.ts'
import { deleteFilesOf } from '../../platform/files.ts'
import { EVIDENCE_OWNER } from './incidents.service.ts'
import { incidentReports } from './incidents.tables.ts'

/**
 * How long a finished report keeps its reporter's contact details, district and evidence (README, "Retention"). A report
 * is finished when it is closed, or when every incident it is linked to has an outcome; reopening starts the clock again.
 */
export const RETENTION_DAYS = { spam: 30, finished: 365 } as const

const JOB = { kind: 'system' as const, name: 'incidents.retention' }

/** Applies the retention schedule; the report and its published incidents stay, and the audit log keeps only that the details existed. */
export async function applyRetention(db: Db, clock: Clock, audit: AuditLog): Promise<{ erased: number; files: number }> {
  const now = clock.now()
  const days = (n: number) => sql`${now}::timestamptz - make_interval(days => ${n})`
  const due = await db
    .select({ id: incidentReports.id })
    .from(incidentReports)
    .where(
      and(
        isNull(incidentReports.erasedAt),
        sql`(
          (${incidentReports.state} = 'closed' and ${incidentReports.triagedAt} < case when ${incidentReports.closeReason} = 'spam' then ${days(RETENTION_DAYS.spam)} else ${days(RETENTION_DAYS.finished)} end)
          or (${incidentReports.state} = 'triaged'
            and not exists (select 1 from incident_report_links l join incidents i on i.id = l.incident_id where l.report_id = ${incidentReports.id} and i.decided_at is null)
            and (select max(i.decided_at) from incident_report_links l join incidents i on i.id = l.incident_id where l.report_id = ${incidentReports.id}) < ${days(RETENTION_DAYS.finished)}))`,
      ),
    )
    .limit(1000)
  let files = 0
  for (const { id } of due) {
    await db.transaction(async (tx) => {
      await tx
        .update(incidentReports)
        .set({ contactSealed: null, district: null, erasedAt: now })
        .where(eq(incidentReports.id, id))
      files += await deleteFilesOf(tx, { audit }, JOB, EVIDENCE_OWNER, id)
      // The keyed hashes of the contact details go too: nothing about the reporter outlives the schedule.
      const entries = await tx
        .select({ seq: auditEntries.seq })
        .from(auditEntries)
        .where(
          and(
            eq(auditEntries.subjectType, 'incident_report'),
            eq(auditEntries.subjectId, id),
            eq(auditEntries.action, 'incidents.reported'),
            sql`${auditEntries.payload} is not null`,
          ),
        )
      for (const e of entries) await audit.erasePayload(tx, JOB, e.seq, 'retention')
      await audit.record(tx, JOB, { action: 'incidents.report_erased', subject: { type: 'incident_report', id } })
    })
  }
  return { erased: due.length, files }
}
