import { sql } from 'drizzle-orm'
import { boolean, date, index, integer, pgTable, primaryKey, text, timestamp, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core'
import { tsvector } from '../../db/columns.ts'
import { users } from '../accounts/accounts.tables.ts'
import { provinces } from '../accounts/accounts.vocabulary.ts'
import { aiSystems } from '../register/register.tables.ts'
import { reportedSeverities, reportStates, closeReasons, incidentStates } from './incidents.vocabulary.ts'
import type { HarmKind } from './incidents.vocabulary.ts'

/**
 * A report from anyone, private: only triage staff see it. The tracking code is kept only as a keyed hash, and the
 * reporter's contact details only sealed with the current encryption key.
 */
export const incidentReports = pgTable(
  'incident_reports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    codeHash: text('code_hash').notNull().unique(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
    locale: text('locale', { enum: ['en', 'ur'] }).notNull(),
    state: text('state', { enum: reportStates }).notNull(),
    narrative: text('narrative').notNull(),
    occurredOn: date('occurred_on', { mode: 'string' }),
    province: text('province', { enum: provinces }),
    district: text('district'),
    systemId: uuid('system_id').references(() => aiSystems.id),
    systemText: text('system_text'),
    harmKinds: text('harm_kinds').array().$type<HarmKind[]>().notNull(),
    affected: text('affected').array().notNull(),
    severity: text('severity', { enum: reportedSeverities }).notNull(),
    contactSealed: text('contact_sealed'),
    consentToContact: boolean('consent_to_contact').notNull().default(false),
    triagedAt: timestamp('triaged_at', { withTimezone: true }),
    triagedBy: uuid('triaged_by').references(() => users.id),
    closeReason: text('close_reason', { enum: closeReasons }),
    closeNote: text('close_note'),
    /** Set when merged into another report: this report's tracking code then shows that report's progress. */
    mergedInto: uuid('merged_into').references((): AnyPgColumn => incidentReports.id),
    /** When the retention schedule removed contact details, district and evidence; the report itself stays. */
    erasedAt: timestamp('erased_at', { withTimezone: true }),
    search: tsvector('search')
      .notNull()
      .generatedAlwaysAs(sql`to_tsvector('simple'::regconfig, mizan_normalise_urdu(narrative))`),
  },
  (t) => [
    index('incident_reports_received_idx').on(t.receivedAt),
    index('incident_reports_state_idx').on(t.state),
    index('incident_reports_system_idx').on(t.systemId),
    index('incident_reports_search_idx').using('gin', t.search),
    index('incident_reports_narrative_trgm_idx').using('gin', sql`${t.narrative} gin_trgm_ops`),
  ],
)

/**
 * What the public sees: opened by a reviewer from one or more reports, with a summary whose redaction the reviewer
 * confirmed. The organisation's response is public too; it is checked for personal data when given.
 */
export const incidents = pgTable(
  'incidents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    number: integer('number').generatedByDefaultAsIdentity().notNull().unique(),
    state: text('state', { enum: incidentStates }).notNull(),
    systemId: uuid('system_id').references(() => aiSystems.id),
    systemText: text('system_text'),
    titleEn: text('title_en').notNull(),
    titleUr: text('title_ur'),
    summaryEn: text('summary_en').notNull(),
    summaryUr: text('summary_ur'),
    harmKinds: text('harm_kinds').array().$type<HarmKind[]>().notNull(),
    severity: text('severity', { enum: reportedSeverities }).notNull(),
    province: text('province', { enum: provinces }),
    occurredOn: date('occurred_on', { mode: 'string' }),
    openedAt: timestamp('opened_at', { withTimezone: true }).notNull(),
    openedBy: uuid('opened_by')
      .notNull()
      .references(() => users.id),
    referredAt: timestamp('referred_at', { withTimezone: true }),
    responseDueOn: date('response_due_on', { mode: 'string' }),
    explanation: text('explanation'),
    remediation: text('remediation'),
    redress: text('redress'),
    respondedAt: timestamp('responded_at', { withTimezone: true }),
    respondedBy: uuid('responded_by').references(() => users.id),
    outcomeReason: text('outcome_reason'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    search: tsvector('search')
      .notNull()
      .generatedAlwaysAs(
        sql`to_tsvector('simple'::regconfig, mizan_normalise_urdu(title_en || ' ' || coalesce(title_ur, '') || ' ' || summary_en || ' ' || coalesce(summary_ur, '') || ' ' || coalesce(system_text, '')))`,
      ),
  },
  (t) => [
    index('incidents_system_idx').on(t.systemId),
    index('incidents_state_idx').on(t.state),
    index('incidents_opened_idx').on(t.openedAt),
    index('incidents_search_idx').using('gin', t.search),
  ],
)

/** Many reports to one incident, and a report to more than one incident. */
export const incidentReportLinks = pgTable(
  'incident_report_links',
  {
    reportId: uuid('report_id')
      .notNull()
      .references(() => incidentReports.id),
    incidentId: uuid('incident_id')
      .notNull()
      .references(() => incidents.id),
    linkedAt: timestamp('linked_at', { withTimezone: true }).notNull(),
    linkedBy: uuid('linked_by').references(() => users.id),
  },
  (t) => [primaryKey({ columns: [t.reportId, t.incidentId] }), index('incident_report_links_incident_idx').on(t.incidentId)],
)

/** Each step of an incident, in order: the public timeline and the tracking page read these, in the reader's language. */
export const incidentEvents = pgTable(
  'incident_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    incidentId: uuid('incident_id')
      .notNull()
      .references(() => incidents.id),
    at: timestamp('at', { withTimezone: true }).notNull(),
    state: text('state', { enum: incidentStates }).notNull(),
    /** Said in public with the step: a deadline, a reason. */
    note: text('note'),
  },
  (t) => [index('incident_events_incident_idx').on(t.incidentId, t.at)],
)
