import type { Db } from '../../db/engine.ts'
import type { AuditLog } from '../../platform/audit-log.ts'
import type { Clock } from '../../platform/clock.ts'
import { deleteFilesOf } from '../../platform/files.ts'
import { EVIDENCE_OWNER } from './incidents.service.ts'
import * as repo from './incidents.repository.ts'

/**
 * How long a finished report keeps its reporter's contact details, district and evidence (README, "Retention"). A report
 * is finished when it is closed, or when every incident it is linked to has an outcome; reopening starts the clock again.
 */
export const RETENTION_DAYS = { spam: 30, finished: 365 } as const

const JOB = { kind: 'system' as const, name: 'incidents.retention' }

/** Applies the retention schedule; the report and its published incidents stay, and the audit log keeps only that the details existed. */
export async function applyRetention(db: Db, clock: Clock, audit: AuditLog): Promise<{ erased: number; files: number }> {
  const now = clock.now()
  const due = await repo.reportsDueForErasure(db, now, RETENTION_DAYS, 1000)
  let files = 0
  for (const { id } of due) {
    await db.transaction(async (tx) => {
      await repo.updateReport(tx, id, { contactSealed: null, district: null, erasedAt: now })
      files += await deleteFilesOf(tx, { audit }, JOB, EVIDENCE_OWNER, id)
      // The keyed hashes of the contact details go too: nothing about the reporter outlives the schedule.
      const entries = await repo.reportedEntriesWithPayload(tx, id)
      for (const e of entries) await audit.erasePayload(tx, JOB, e.seq, 'retention')
      await audit.record(tx, JOB, { action: 'incidents.report_erased', subject: { type: 'incident_report', id } })
    })
  }
  return { erased: due.length, files }
}
