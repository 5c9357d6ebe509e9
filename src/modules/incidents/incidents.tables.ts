import { boolean, date, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import { provinces } from '../accounts/accounts.tables.ts'
import { aiSystems } from '../register/register.tables.ts'

/** The documented taxonomy of harm (README, "Incident reports"). */
export const harmKinds = ['discrimination', 'wrongful_denial', 'privacy', 'misinformation', 'financial', 'physical', 'psychological', 'exclusion', 'other'] as const
export const affectedGroups = ['myself', 'family', 'community', 'women', 'children', 'disability', 'minorities', 'elderly', 'other'] as const
export const reportedSeverities = ['minor', 'serious', 'severe'] as const
export const reportStates = ['received', 'triaged', 'closed'] as const

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
    harmKinds: text('harm_kinds').array().notNull(),
    affected: text('affected').array().notNull(),
    severity: text('severity', { enum: reportedSeverities }).notNull(),
    contactSealed: text('contact_sealed'),
    consentToContact: boolean('consent_to_contact').notNull().default(false),
  },
  (t) => [index('incident_reports_received_idx').on(t.receivedAt), index('incident_reports_state_idx').on(t.state)],
)
