import { date, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import { users } from '../accounts/accounts.tables.ts'
import { aiSystems } from '../register/register.tables.ts'
import { auditStates, severities } from './audits.vocabulary.ts'

/** Auditors the AI Directorate has accredited; a revoked accreditation is kept, with when and by whom. */
export const auditorAccreditations = pgTable('auditor_accreditations', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id),
  accreditedAt: timestamp('accredited_at', { withTimezone: true }).notNull(),
  accreditedBy: uuid('accredited_by').references(() => users.id),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
  revokedBy: uuid('revoked_by').references(() => users.id),
})

/** A third-party audit of one system by one accredited auditor (policy 3.2(d), (e)). */
export const audits = pgTable(
  'audits',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    systemId: uuid('system_id')
      .notNull()
      .references(() => aiSystems.id),
    auditorId: uuid('auditor_id')
      .notNull()
      .references(() => users.id),
    scope: text('scope').notNull(),
    dueOn: date('due_on', { mode: 'string' }).notNull(),
    state: text('state', { enum: auditStates }).notNull(),
    conclusion: text('conclusion'),
    /** What the public reads on the register record once the audit is closed. */
    summaryEn: text('summary_en'),
    summaryUr: text('summary_ur'),
    assignedAt: timestamp('assigned_at', { withTimezone: true }).notNull(),
    assignedBy: uuid('assigned_by').references(() => users.id),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    closedBy: uuid('closed_by').references(() => users.id),
    closeNote: text('close_note'),
  },
  (t) => [index('audits_system_idx').on(t.systemId), index('audits_auditor_idx').on(t.auditorId)],
)

export const auditFindings = pgTable(
  'audit_findings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    auditId: uuid('audit_id')
      .notNull()
      .references(() => audits.id),
    severity: text('severity', { enum: severities }).notNull(),
    criterion: text('criterion').notNull(),
    description: text('description').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('audit_findings_audit_idx').on(t.auditId)],
)

/** What the auditor asks the body to do, by whom and when; the body answers each. */
export const correctiveActions = pgTable(
  'corrective_actions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    auditId: uuid('audit_id')
      .notNull()
      .references(() => audits.id),
    findingId: uuid('finding_id').references(() => auditFindings.id),
    action: text('action').notNull(),
    owner: text('owner').notNull(),
    dueOn: date('due_on', { mode: 'string' }).notNull(),
    response: text('response'),
    respondedAt: timestamp('responded_at', { withTimezone: true }),
    respondedBy: uuid('responded_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('corrective_actions_audit_idx').on(t.auditId)],
)
