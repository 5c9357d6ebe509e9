import { createHmac } from 'node:crypto'
import { z } from 'zod'
import { encrypt } from '../../platform/crypto.ts'
import { storeFile } from '../../platform/files.ts'
import type { Deps } from '../../platform/deps.ts'
import { blankToUndefined } from '../../platform/forms.tsx'
import type { Locale } from '../../platform/i18n.ts'
import { provinces } from '../accounts/accounts.vocabulary.ts'
import { publishedSystem } from '../register/register.service.ts'
import { openWorkItem } from '../../platform/work-queue.ts'
import * as repo from './incidents.repository.ts'
import type { IncidentRow, ReportRow } from './incidents.repository.ts'
import { affectedGroups, harmKinds, reportedSeverities } from './incidents.vocabulary.ts'
import { TRIAGE_KIND } from './triage.service.ts'
import { EVIDENCE_MAX_BYTES, withoutMetadata } from './evidence.ts'
import { asciiDigits, newTrackingCode, parseTrackingCode } from './tracking-code.ts'

/** Files attached to a report are owned by it: only triage staff may read them. */
export const EVIDENCE_OWNER = 'incident_report'

const optional = <S extends z.ZodType>(schema: S) => z.preprocess(blankToUndefined, schema.optional())
const list = <T extends readonly [string, ...string[]]>(values: T, error: string) =>
  z.preprocess((v) => (v === undefined ? [] : [v].flat()), z.array(z.enum(values, { error })).max(values.length))

/** The public report form. Messages name catalogue keys, shown beside each field in the reader's language. */
export const ReportForm = z.object({
  narrative: z.preprocess(
    blankToUndefined,
    z.string({ error: 'incidents.errors.narrative' }).max(4000, { error: 'incidents.errors.narrativeLong' }),
  ),
  occurredOn: optional(z.iso.date({ error: 'incidents.errors.date' })),
  province: optional(z.enum(provinces, { error: 'incidents.errors.province' })),
  district: optional(z.string().max(100, { error: 'incidents.errors.tooLong' })),
  // A register number, typed in any digits, or taken from the system page's "report a problem" link.
  system: optional(z.string().max(200, { error: 'incidents.errors.tooLong' })),
  harmKinds: list(harmKinds, 'incidents.errors.harm').refine((v) => v.length > 0, { error: 'incidents.errors.harm' }),
  affected: list(affectedGroups, 'incidents.errors.affected'),
  severity: z.enum(reportedSeverities, { error: 'incidents.errors.severity' }),
  name: optional(z.string().max(200, { error: 'incidents.errors.tooLong' })),
  phone: optional(
    z
      .string()
      .max(30, { error: 'incidents.errors.phone' })
      .regex(/^[+\d\s\-۰-۹٠-٩]{7,30}$/, { error: 'incidents.errors.phone' }),
  ),
  email: optional(z.email({ error: 'incidents.errors.email' }).max(254, { error: 'incidents.errors.email' })),
  consent: z.preprocess((v) => v === 'yes', z.boolean()),
  // A field people never see: software that fills every field fills this one too.
  website: z.string().optional(),
})
export type ReportInput = z.output<typeof ReportForm>

/** Codes are kept only as a keyed hash: the database alone cannot be used to read anyone's report. */
const codeHash = (deps: Deps, code: string) =>
  createHmac('sha256', deps.config.secrets.auditKey).update(`tracking-code:${code}`).digest('hex')

/**
 * Stores a report and returns its tracking code, which exists from then on only on the reporter's receipt. Contact
 * details are sealed with the current encryption key; the audit log records that a report came, never what it says.
 */
export async function submitReport(
  deps: Deps,
  input: ReportInput,
  locale: Locale,
  evidence: readonly { filename: string; bytes: Buffer }[] = [],
): Promise<{ code: string; id: string } | { dropped: true }> {
  if (input.website) return { dropped: true }
  const files = await Promise.all(evidence.map(async (f) => ({ filename: f.filename, bytes: await withoutMetadata(f.bytes) })))
  const typed = input.system ? asciiDigits(input.system).trim() : undefined
  const system = typed && /^\d{1,10}$/.test(typed) ? await publishedSystem(deps.db, Number(typed)) : undefined
  const contact =
    input.name || input.phone || input.email
      ? encrypt(deps.config.secrets.encryptionKeys, JSON.stringify({ name: input.name, phone: input.phone, email: input.email }))
      : null
  const code = newTrackingCode()
  return deps.db.transaction(async (tx) => {
    const id = await repo.insertReport(tx, {
      codeHash: codeHash(deps, code),
      receivedAt: deps.clock.now(),
      locale,
      state: 'received',
      narrative: input.narrative,
      occurredOn: input.occurredOn ?? null,
      province: input.province ?? null,
      district: input.district ?? null,
      systemId: system?.id ?? null,
      systemText: system ? null : (input.system ?? null),
      harmKinds: input.harmKinds,
      affected: input.affected,
      severity: input.severity,
      contactSealed: contact,
      consentToContact: Boolean(contact) && input.consent,
    })
    await deps.audit.record(
      tx,
      { kind: 'public' },
      {
        action: 'incidents.reported',
        subject: { type: 'incident_report', id },
        changes: { systemId: system?.id ?? null, harmKinds: input.harmKinds, severity: input.severity, locale },
        personal: { name: input.name, phone: input.phone, email: input.email },
      },
    )
    for (const file of files) {
      await storeFile(
        tx,
        deps,
        { kind: 'public' },
        {
          ownerType: EVIDENCE_OWNER,
          ownerId: id,
          filename: file.filename,
          bytes: file.bytes,
          allowed: ['pdf', 'jpeg', 'png'],
          maxBytes: EVIDENCE_MAX_BYTES,
        },
      )
    }
    await openWorkItem(tx, deps.clock, {
      kind: TRIAGE_KIND,
      subject: { type: 'incident_report', id },
      // Which system it names, when it names a registered one; nothing the reporter wrote leaves the report.
      title: system
        ? { key: 'work.items.incidentTriageAbout', vars: { nameEn: system.nameEn, nameUr: system.nameUr ?? system.nameEn } }
        : { key: 'work.items.incidentTriage', vars: {} },
      link: `/incidents/reports/${id}`,
      assignee: { role: 'reviewer' },
      urgency: input.severity === 'severe' ? 4 : 2,
    })
    return { code, id }
  })
}

export type TrackedIncident = {
  number: number
  state: IncidentRow['state']
  titleEn: string
  titleUr: string | null
  events: { at: Date; state: IncidentRow['state']; note: string | null }[]
}
export type Lookup =
  | {
      found: true
      report: Pick<ReportRow, 'receivedAt' | 'state' | 'locale' | 'closeReason' | 'closeNote'>
      incidents: TrackedIncident[]
    }
  | { found: false; reason: 'length' | 'check' | 'unknown' }

/** Merges may chain (a report merged into one later merged again); a few steps always reach the report that lives on. */
const MERGE_STEPS = 10

/**
 * What the tracking page shows for a typed code: the report's state and each linked incident's public steps, never the
 * report's text or contact details. A merged report shows the report it was merged into.
 */
export async function trackReport(deps: Deps, typed: string): Promise<Lookup> {
  const parsed = parseTrackingCode(typed)
  if (!parsed.ok) return { found: false, reason: parsed.reason }
  let row = await repo.reportByCodeHash(deps.db, codeHash(deps, parsed.code))
  if (!row) return { found: false, reason: 'unknown' }
  const own = row
  for (let step = 0; row?.mergedInto && step < MERGE_STEPS; step++) row = await repo.findReport(deps.db, row.mergedInto)
  const live = row ?? own
  const linked = await repo.incidentsOfReport(deps.db, live.id)
  const events = await repo.eventsOf(
    deps.db,
    linked.map((l) => l.id),
  )
  return {
    found: true,
    report: {
      receivedAt: own.receivedAt,
      state: live.state,
      locale: own.locale,
      closeReason: own.mergedInto ? null : own.closeReason,
      closeNote: own.mergedInto ? null : own.closeNote,
    },
    incidents: linked.map(({ id, ...l }) => ({
      ...l,
      events: events.filter((e) => e.incidentId === id).map((e) => ({ at: e.at, state: e.state, note: e.note })),
    })),
  }
}
