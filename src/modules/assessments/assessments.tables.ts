import { date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { users } from '../accounts/accounts.tables.ts'
import { aiSystems } from '../register/register.tables.ts'
import { obligationKinds, type ObligationRules } from './obligation-rules.ts'
import { impactLevels, type Questionnaire, type Score } from './questionnaire.ts'
import { type Answers } from '../../platform/questions.ts'
import { assessmentStates, obligationStatuses, evaluationStates, recommendations } from './assessments.vocabulary.ts'

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

/**
 * Versions withdrawn from new assessments, with why: assessments that answered one keep it. A retirement is never
 * undone or changed (a database trigger refuses it); a mistaken one is answered by issuing the version again anew.
 */
export const questionnaireRetirements = pgTable('questionnaire_retirements', {
  questionnaireId: uuid('questionnaire_id')
    .primaryKey()
    .references(() => questionnaires.id),
  retiredAt: timestamp('retired_at', { withTimezone: true }).notNull(),
  retiredBy: uuid('retired_by').references(() => users.id),
  reason: text('reason').notNull(),
})

/**
 * A questionnaire version its author is still working on: previewed and trial-scored, changed by uploading the file
 * again, and issued (becoming a row of `questionnaires`, which never changes) or discarded.
 */
export const questionnaireDrafts = pgTable('questionnaire_drafts', {
  id: uuid('id').primaryKey().defaultRandom(),
  key: text('key').notNull(),
  version: integer('version').notNull(),
  definition: jsonb('definition').$type<Questionnaire>().notNull(),
  filename: text('filename').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  createdBy: uuid('created_by').references(() => users.id),
})

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

/**
 * A duty a system's impact level brings, with its due date (a calendar date in Pakistan time). Recurring duties are
 * one row per period: meeting one opens the next. Publication is not stored: the register itself says whether it is met.
 */
export const obligations = pgTable(
  'obligations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    systemId: uuid('system_id')
      .notNull()
      .references(() => aiSystems.id),
    kind: text('kind', { enum: obligationKinds }).notNull(),
    /** The level that brought it, or null for the duty to be assessed. */
    level: text('level', { enum: impactLevels }),
    dueOn: date('due_on', { mode: 'string' }).notNull(),
    status: text('status', { enum: obligationStatuses }).notNull(),
    openedAt: timestamp('opened_at', { withTimezone: true }).notNull(),
    /** The smallest reminder (days before the due date) already sent, so each goes out once. */
    remindedAt: integer('reminded_at_days'),
    overdueSince: date('overdue_since', { mode: 'string' }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    closedBy: uuid('closed_by').references(() => users.id),
    /** How it was met (what was filed, by whom) or why it was waived. */
    evidence: jsonb('evidence').$type<Record<string, string>>(),
  },
  (t) => [index('obligations_system_idx').on(t.systemId), index('obligations_open_due_idx').on(t.status, t.dueOn)],
)

/** The obligation rules in force: one row, absent until a system administrator changes the shipped defaults. */
export const obligationSettings = pgTable('obligation_settings', {
  id: integer('id').primaryKey(),
  rules: jsonb('rules').$type<ObligationRules>().notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  updatedBy: uuid('updated_by').references(() => users.id),
})

/** Results for one group of people, e.g. error rates for women and for men. */
export type GroupResult = { group: string; result: string }

/** A periodic lifecycle evaluation of a system: how it performed, how fairly, what changed, whether to go on. */
export const lifecycleEvaluations = pgTable(
  'lifecycle_evaluations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    systemId: uuid('system_id')
      .notNull()
      .references(() => aiSystems.id),
    state: text('state', { enum: evaluationStates }).notNull(),
    periodFrom: date('period_from', { mode: 'string' }),
    periodTo: date('period_to', { mode: 'string' }),
    /** Performance against the standard the body set for the system. */
    performance: text('performance'),
    fairness: jsonb('fairness').$type<GroupResult[]>().notNull().default([]),
    incidents: text('incidents'),
    changes: text('changes'),
    recommendation: text('recommendation', { enum: recommendations }),
    reviewComment: text('review_comment'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    createdBy: uuid('created_by').references(() => users.id),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    submittedBy: uuid('submitted_by').references(() => users.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decidedBy: uuid('decided_by').references(() => users.id),
  },
  (t) => [index('lifecycle_evaluations_system_idx').on(t.systemId), index('lifecycle_evaluations_state_idx').on(t.state)],
)
