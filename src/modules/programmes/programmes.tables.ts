import { sql } from 'drizzle-orm'
import { bigint, check, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import type { Answers } from '../../platform/questions.ts'
import { organisations, users } from '../accounts/accounts.tables.ts'
import type { CallDefinition } from './call-definition.ts'
import type { Tenths } from './review-scoring.ts'
import {
  applicationStates,
  conflictKinds,
  exitOutcomes,
  outcomes,
  outputKinds,
  paymentStates,
  planStates,
  programmes,
  recommendations,
  reviewStates,
  schemes,
} from './programmes.vocabulary.ts'

/**
 * A call for applications to the sandbox or the fund. Money is in paisa (bigint): sums are exact. A call is a draft
 * until it is published; its definition cannot change once it opens, so every applicant answers the same form.
 */
export const programmeCalls = pgTable(
  'programme_calls',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    programme: text('programme', { enum: programmes }).notNull(),
    scheme: text('scheme', { enum: schemes }).notNull(),
    titleEn: text('title_en').notNull(),
    titleUr: text('title_ur'),
    /** The call's theme, as published. */
    themeEn: text('theme_en').notNull(),
    themeUr: text('theme_ur'),
    prioritySectors: text('priority_sectors')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    opensAt: timestamp('opens_at', { withTimezone: true }).notNull(),
    closesAt: timestamp('closes_at', { withTimezone: true }).notNull(),
    capPaisa: bigint('cap_paisa', { mode: 'bigint' }),
    budgetPaisa: bigint('budget_paisa', { mode: 'bigint' }),
    places: integer('places'),
    definition: jsonb('definition').$type<CallDefinition>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    createdBy: uuid('created_by').references(() => users.id),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    publishedBy: uuid('published_by').references(() => users.id),
  },
  (t) => [
    index('programme_calls_programme_idx').on(t.programme, t.closesAt),
    check('programme_calls_window', sql`${t.closesAt} > ${t.opensAt}`),
    check('programme_calls_money', sql`coalesce(${t.capPaisa}, 1) > 0 and coalesce(${t.budgetPaisa}, 1) > 0`),
  ],
)

/**
 * An organisation's application to a call (for a thesis, a student's, under their university, endorsed by a
 * supervisor there). Only a decision makes any of it public: its title and one line.
 */
export const programmeApplications = pgTable(
  'programme_applications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    callId: uuid('call_id')
      .notNull()
      .references(() => programmeCalls.id),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    titleEn: text('title_en').notNull(),
    titleUr: text('title_ur'),
    /** One line the public reads if the application is admitted or funded (as the FCA publishes its cohorts). */
    summaryEn: text('summary_en').notNull(),
    summaryUr: text('summary_ur'),
    sectors: text('sectors')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    province: text('province').notNull(),
    answers: jsonb('answers').$type<Answers>().notNull(),
    supervisorId: uuid('supervisor_id').references(() => users.id),
    endorsedAt: timestamp('endorsed_at', { withTimezone: true }),
    state: text('state', { enum: applicationStates }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
  },
  (t) => [
    index('programme_applications_call_idx').on(t.callId, t.state),
    index('programme_applications_organisation_idx').on(t.organisationId),
  ],
)

/** A fund application's budget, line by line, in paisa. */
export const programmeBudgetLines = pgTable(
  'programme_budget_lines',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    applicationId: uuid('application_id')
      .notNull()
      .references(() => programmeApplications.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    item: text('item').notNull(),
    amountPaisa: bigint('amount_paisa', { mode: 'bigint' }).notNull(),
  },
  (t) => [
    uniqueIndex('programme_budget_lines_position_idx').on(t.applicationId, t.position),
    check('programme_budget_lines_amount', sql`${t.amountPaisa} > 0`),
  ],
)

export type CriterionScore = { tenths: Tenths; comment: string }

/**
 * A reviewer's assignment to an application: the conflict declaration made before anything else is seen (kept,
 * even when it removes them), then scores and comments per criterion and a recommendation.
 */
export const programmeReviews = pgTable(
  'programme_reviews',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    applicationId: uuid('application_id')
      .notNull()
      .references(() => programmeApplications.id),
    reviewerId: uuid('reviewer_id')
      .notNull()
      .references(() => users.id),
    state: text('state', { enum: reviewStates }).notNull(),
    conflict: text('conflict', { enum: conflictKinds }),
    conflictNote: text('conflict_note'),
    declaredAt: timestamp('declared_at', { withTimezone: true }),
    scores: jsonb('scores').$type<Record<string, CriterionScore>>().notNull(),
    recommendation: text('recommendation', { enum: recommendations }),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    assignedAt: timestamp('assigned_at', { withTimezone: true }).notNull(),
    assignedBy: uuid('assigned_by').references(() => users.id),
  },
  (t) => [
    uniqueIndex('programme_reviews_reviewer_idx').on(t.applicationId, t.reviewerId),
    index('programme_reviews_reviewer_only_idx').on(t.reviewerId),
  ],
)

/** The rapporteur's consensus report: agreed scores per criterion, and the report the applicant receives. */
export const programmeConsensus = pgTable('programme_consensus', {
  applicationId: uuid('application_id')
    .primaryKey()
    .references(() => programmeApplications.id),
  rapporteurId: uuid('rapporteur_id')
    .notNull()
    .references(() => users.id),
  scores: jsonb('scores').$type<Record<string, CriterionScore>>().notNull(),
  reportEn: text('report_en').notNull(),
  reportUr: text('report_ur'),
  writtenAt: timestamp('written_at', { withTimezone: true }).notNull(),
})

/** The committee's decision, with its reasons; an award carries its amount in paisa (none for a sandbox admission). */
export const programmeDecisions = pgTable(
  'programme_decisions',
  {
    applicationId: uuid('application_id')
      .primaryKey()
      .references(() => programmeApplications.id),
    callId: uuid('call_id')
      .notNull()
      .references(() => programmeCalls.id),
    outcome: text('outcome', { enum: outcomes }).notNull(),
    amountPaisa: bigint('amount_paisa', { mode: 'bigint' }),
    reasonEn: text('reason_en').notNull(),
    reasonUr: text('reason_ur'),
    decidedAt: timestamp('decided_at', { withTimezone: true }).notNull(),
    decidedBy: uuid('decided_by').references(() => users.id),
  },
  (t) => [
    index('programme_decisions_call_idx').on(t.callId, t.outcome),
    check('programme_decisions_amount', sql`${t.amountPaisa} is null or ${t.amountPaisa} > 0`),
  ],
)

/** A request to review how an application was handled (the procedure, not the merits), and its answer. */
export const programmeRedress = pgTable(
  'programme_redress',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    applicationId: uuid('application_id')
      .notNull()
      .references(() => programmeApplications.id),
    ground: text('ground').notNull(),
    requestedAt: timestamp('requested_at', { withTimezone: true }).notNull(),
    requestedBy: uuid('requested_by')
      .notNull()
      .references(() => users.id),
    answer: text('answer'),
    upheld: text('upheld', { enum: ['yes', 'no'] }),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
    answeredBy: uuid('answered_by').references(() => users.id),
  },
  (t) => [index('programme_redress_application_idx').on(t.applicationId)],
)

/**
 * The agreed sandbox plan (EU AI Act article 58): conditions, test parameters, period and regulator contacts. It binds
 * once both sides accept it; any change asks both again.
 */
export const sandboxPlans = pgTable('sandbox_plans', {
  applicationId: uuid('application_id')
    .primaryKey()
    .references(() => programmeApplications.id),
  conditions: text('conditions').notNull(),
  parameters: text('parameters').notNull(),
  startsOn: date('starts_on', { mode: 'string' }).notNull(),
  endsOn: date('ends_on', { mode: 'string' }).notNull(),
  contacts: text('contacts').notNull(),
  state: text('state', { enum: planStates }).notNull(),
  proposedAt: timestamp('proposed_at', { withTimezone: true }).notNull(),
  proposedBy: uuid('proposed_by').references(() => users.id),
  participantAcceptedAt: timestamp('participant_accepted_at', { withTimezone: true }),
  participantAcceptedBy: uuid('participant_accepted_by').references(() => users.id),
  suspensionReason: text('suspension_reason'),
})

/** Scheduled reports of a sandbox participant or a funded project: progress, then the final one. */
export const programmeReports = pgTable(
  'programme_reports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    applicationId: uuid('application_id')
      .notNull()
      .references(() => programmeApplications.id),
    dueOn: date('due_on', { mode: 'string' }).notNull(),
    final: text('final', { enum: ['yes', 'no'] }).notNull(),
    body: text('body'),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    submittedBy: uuid('submitted_by').references(() => users.id),
  },
  (t) => [index('programme_reports_application_idx').on(t.applicationId, t.dueOn)],
)

/** The exit report: activities, results and lessons for regulation, published only when both sides consent. */
export const sandboxExits = pgTable('sandbox_exits', {
  applicationId: uuid('application_id')
    .primaryKey()
    .references(() => programmeApplications.id),
  outcome: text('outcome', { enum: exitOutcomes }).notNull(),
  activities: text('activities').notNull(),
  results: text('results').notNull(),
  lessons: text('lessons').notNull(),
  writtenAt: timestamp('written_at', { withTimezone: true }).notNull(),
  writtenBy: uuid('written_by').references(() => users.id),
  participantConsentAt: timestamp('participant_consent_at', { withTimezone: true }),
  directorateConsentAt: timestamp('directorate_consent_at', { withTimezone: true }),
})

/** A funded project's milestones, each with its amount in paisa and due date; together never more than the award. */
export const fundMilestones = pgTable(
  'fund_milestones',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    applicationId: uuid('application_id')
      .notNull()
      .references(() => programmeApplications.id),
    position: integer('position').notNull(),
    title: text('title').notNull(),
    amountPaisa: bigint('amount_paisa', { mode: 'bigint' }).notNull(),
    dueOn: date('due_on', { mode: 'string' }).notNull(),
  },
  (t) => [
    uniqueIndex('fund_milestones_position_idx').on(t.applicationId, t.position),
    check('fund_milestones_amount', sql`${t.amountPaisa} > 0`),
  ],
)

/** A request for a milestone's payment and each approval it passes, by whom and when. */
export const fundPayments = pgTable(
  'fund_payments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    milestoneId: uuid('milestone_id')
      .notNull()
      .references(() => fundMilestones.id),
    amountPaisa: bigint('amount_paisa', { mode: 'bigint' }).notNull(),
    state: text('state', { enum: paymentStates }).notNull(),
    note: text('note').notNull(),
    requestedAt: timestamp('requested_at', { withTimezone: true }).notNull(),
    requestedBy: uuid('requested_by').references(() => users.id),
    staffAt: timestamp('staff_at', { withTimezone: true }),
    staffBy: uuid('staff_by').references(() => users.id),
    financeAt: timestamp('finance_at', { withTimezone: true }),
    financeBy: uuid('finance_by').references(() => users.id),
    paidAt: timestamp('paid_at', { withTimezone: true }),
    paidBy: uuid('paid_by').references(() => users.id),
    reason: text('reason'),
  },
  (t) => [index('fund_payments_milestone_idx').on(t.milestoneId), check('fund_payments_amount', sql`${t.amountPaisa} > 0`)],
)

/** What a funded project produced. */
export const programmeOutputs = pgTable(
  'programme_outputs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    applicationId: uuid('application_id')
      .notNull()
      .references(() => programmeApplications.id),
    kind: text('kind', { enum: outputKinds }).notNull(),
    title: text('title').notNull(),
    url: text('url'),
    count: integer('count').notNull().default(1),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
    recordedBy: uuid('recorded_by').references(() => users.id),
  },
  (t) => [index('programme_outputs_application_idx').on(t.applicationId)],
)

/** The regulator's own notes on an application or a participation: seen by programme staff only. */
export const programmeNotes = pgTable(
  'programme_notes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    applicationId: uuid('application_id')
      .notNull()
      .references(() => programmeApplications.id),
    body: text('body').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
  },
  (t) => [index('programme_notes_application_idx').on(t.applicationId, t.createdAt)],
)

/**
 * The fund's size per fiscal year, as the committee records it from the budget documents: Ignite's R&D fund and what
 * of it went to the NAIF (policy 1.1(b): at least 30%, for ever). A new entry for a year replaces it; the audit log
 * keeps the old one.
 */
export const fundYears = pgTable(
  'fund_years',
  {
    fiscalYear: text('fiscal_year').primaryKey(),
    igniteRndPaisa: bigint('ignite_rnd_paisa', { mode: 'bigint' }).notNull(),
    naifPaisa: bigint('naif_paisa', { mode: 'bigint' }).notNull(),
    source: text('source').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
    recordedBy: uuid('recorded_by').references(() => users.id),
  },
  (t) => [check('fund_years_money', sql`${t.igniteRndPaisa} > 0 and ${t.naifPaisa} >= 0`)],
)
