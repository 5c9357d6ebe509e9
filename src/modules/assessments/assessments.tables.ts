import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { users } from '../accounts/accounts.tables.ts'
import { aiSystems } from '../register/register.tables.ts'
import type { Answers, Questionnaire, Score } from './questionnaire.ts'

/** Every version of every questionnaire ever issued; assessments point at the one they answered. */
export const questionnaires = pgTable(
  'questionnaires',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    key: text('key').notNull(),
    version: integer('version').notNull(),
    definition: jsonb('definition').$type<Questionnaire>().notNull(),
    issuedAt: timestamp('issued_at', { withTimezone: true }).notNull(),
    issuedBy: uuid('issued_by').references(() => users.id),
  },
  (t) => [uniqueIndex('questionnaires_key_version_unique').on(t.key, t.version)],
)

export const assessmentStates = ['draft', 'submitted', 'returned', 'accepted'] as const
export type AssessmentState = (typeof assessmentStates)[number]

/** One impact assessment of one system, filled in over several sittings. */
export const impactAssessments = pgTable(
  'impact_assessments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    systemId: uuid('system_id')
      .notNull()
      .references(() => aiSystems.id),
    questionnaireId: uuid('questionnaire_id')
      .notNull()
      .references(() => questionnaires.id),
    state: text('state', { enum: assessmentStates }).notNull(),
    answers: jsonb('answers').$type<Answers>().notNull(),
    /** The score when it was submitted, kept as it was even if the scoring rule changes in a later version. */
    result: jsonb('result').$type<Score>(),
    /** A summary the public reads on the register record, in English and optionally Urdu. */
    summaryEn: text('summary_en'),
    summaryUr: text('summary_ur'),
    reviewComment: text('review_comment'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    createdBy: uuid('created_by').references(() => users.id),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    updatedBy: uuid('updated_by').references(() => users.id),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    submittedBy: uuid('submitted_by').references(() => users.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decidedBy: uuid('decided_by').references(() => users.id),
  },
  (t) => [index('impact_assessments_system_idx').on(t.systemId), index('impact_assessments_state_idx').on(t.state)],
)
