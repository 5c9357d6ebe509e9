import {
  bigint,
  boolean,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core'
import { sql } from 'drizzle-orm'
import { organisations, users } from '../accounts/accounts.tables.ts'
import { provinces } from '../accounts/accounts.vocabulary.ts'
import { confidenceRatings, itemKinds, logKinds, noticeKinds, severities } from './kpi.vocabulary.ts'

/** The six pillars of the National AI Policy 2025; every KPI and action-matrix item hangs from one. */
export const policyPillars = pgTable('policy_pillars', {
  number: integer('number').primaryKey(),
  slug: text('slug').notNull().unique(),
  titleEn: text('title_en').notNull(),
  titleUr: text('title_ur').notNull(),
  summaryEn: text('summary_en').notNull(),
  summaryUr: text('summary_ur').notNull(),
  sourceClause: text('source_clause').notNull(),
})

/**
 * What the tracker follows, loaded from the policy's data file by the seed: KPIs, targets, action-matrix rows and
 * Mizan's own figures, keyed `kpi:<id>`, `target:<id>`, `action:<number>`, `figure:<id>`. The definition is the file's entry as it is.
 */
export const policyItems = pgTable(
  'policy_items',
  {
    key: text('key').primaryKey(),
    kind: text('kind', { enum: itemKinds }).notNull(),
    pillars: integer('pillars').array().notNull(),
    definition: jsonb('definition').$type<Record<string, unknown>>().notNull(),
    /** The organisations that record progress for it (its lead stakeholders registered in Mizan). */
    stakeholders: text('stakeholders').array().notNull(),
    /** The deadline, for items that have one: 31 December of the year the policy names. */
    deadline: date('deadline', { mode: 'string' }),
    dataVersion: integer('data_version').notNull(),
  },
  (t) => [index('policy_items_kind_idx').on(t.kind)],
)

/** A figure recorded for an item: never changed; a correction is a new entry naming the one it corrects. */
export const progressMeasurements = pgTable(
  'progress_measurements',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    itemKey: text('item_key')
      .notNull()
      .references(() => policyItems.key),
    value: doublePrecision('value').notNull(),
    measuredOn: date('measured_on', { mode: 'string' }).notNull(),
    source: text('source').notNull(),
    evidenceUrl: text('evidence_url'),
    /** A document uploaded as evidence, kept by the files service. */
    evidenceFile: uuid('evidence_file'),
    note: text('note'),
    corrects: uuid('corrects').references((): AnyPgColumn => progressMeasurements.id),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
    recordedBy: uuid('recorded_by')
      .notNull()
      .references(() => users.id),
  },
  (t) => [index('progress_measurements_item_idx').on(t.itemKey, t.measuredOn)],
)

/** A figure's part in one province, where its measure is broken down by province; kept, like the figure. */
export const measurementParts = pgTable(
  'progress_measurement_parts',
  {
    measurementId: uuid('measurement_id')
      .notNull()
      .references(() => progressMeasurements.id),
    province: text('province', { enum: provinces }).notNull(),
    value: doublePrecision('value').notNull(),
  },
  (t) => [uniqueIndex('progress_measurement_parts_idx').on(t.measurementId, t.province)],
)

/**
 * An analyst's judgement of an item's status, with the reason, in place of the computed one; it stands until a newer
 * figure is recorded for the item (or one of its targets), or another judgement is made. Kept, never changed.
 */
export const progressStatusOverrides = pgTable(
  'progress_status_overrides',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    itemKey: text('item_key')
      .notNull()
      .references(() => policyItems.key),
    status: text('status').notNull(),
    reason: text('reason').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    by: uuid('by')
      .notNull()
      .references(() => users.id),
  },
  (t) => [index('progress_status_overrides_item_idx').on(t.itemKey, t.at)],
)

/**
 * A published biannual progress report: its text in both languages and its two PDFs, made once when it was published
 * and served from here ever after. Never changed.
 */
export const progressReports = pgTable('progress_reports', {
  period: text('period').primaryKey(),
  periodStart: date('period_start', { mode: 'string' }).notNull(),
  periodEnd: date('period_end', { mode: 'string' }).notNull(),
  htmlEn: text('html_en').notNull(),
  htmlUr: text('html_ur').notNull(),
  pdfEn: uuid('pdf_en').notNull(),
  pdfUr: uuid('pdf_ur').notNull(),
  publishedAt: timestamp('published_at', { withTimezone: true }).notNull(),
  publishedBy: uuid('published_by')
    .notNull()
    .references(() => users.id),
})

/**
 * The path a target is expected to take: its baseline (a figure, its date and source) and any interim milestones, set
 * by a Policy Implementation Cell analyst. The newest row stands; earlier ones stay, as what the Cell said then.
 */
export const progressPaths = pgTable(
  'progress_paths',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    itemKey: text('item_key')
      .notNull()
      .references(() => policyItems.key),
    baselineValue: doublePrecision('baseline_value').notNull(),
    baselineOn: date('baseline_on', { mode: 'string' }).notNull(),
    baselineSource: text('baseline_source').notNull(),
    /** Interim milestones, by date: `[{ on, value }]`. */
    milestones: jsonb('milestones').$type<{ on: string; value: number }[]>().notNull(),
    setAt: timestamp('set_at', { withTimezone: true }).notNull(),
    setBy: uuid('set_by')
      .notNull()
      .references(() => users.id),
  },
  (t) => [index('progress_paths_item_idx').on(t.itemKey, t.setAt)],
)

/**
 * A lead body's accountable officer's confidence that a matrix row will be delivered, for a reporting period, with
 * the narrative, risks and help needed behind it. The newest for a row stands; every one is kept.
 */
export const deliveryConfidence = pgTable(
  'delivery_confidence',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    itemKey: text('item_key')
      .notNull()
      .references(() => policyItems.key),
    /** The half-year it was given in, as `2026-H1`. */
    period: text('period').notNull(),
    rating: text('rating', { enum: confidenceRatings }).notNull(),
    narrative: text('narrative').notNull(),
    risks: text('risks'),
    helpNeeded: text('help_needed'),
    ratedAt: timestamp('rated_at', { withTimezone: true }).notNull(),
    ratedBy: uuid('rated_by')
      .notNull()
      .references(() => users.id),
  },
  (t) => [index('delivery_confidence_item_idx').on(t.itemKey, t.ratedAt)],
)

/** The Policy Implementation Cell's challenge of a rating: the question it puts to the lead body, on the record. */
export const confidenceChallenges = pgTable('delivery_confidence_challenges', {
  id: uuid('id').primaryKey().defaultRandom(),
  ratingId: uuid('rating_id')
    .notNull()
    .references(() => deliveryConfidence.id),
  comment: text('comment').notNull(),
  at: timestamp('at', { withTimezone: true }).notNull(),
  by: uuid('by')
    .notNull()
    .references(() => users.id),
})

/**
 * The tracker's issues, risks and decisions, for one item or (without one) the whole policy: who raised it, who owns
 * it, how severe, whether it went to the AI Council, and for a decision its date, reference, what it settles and, for a
 * contradiction, which target it makes operative. Entries are never changed: a decision is a new entry that resolves
 * an earlier one.
 */
export const policyLog = pgTable(
  'policy_log',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind', { enum: logKinds }).notNull(),
    itemKey: text('item_key').references(() => policyItems.key),
    title: text('title').notNull(),
    detail: text('detail').notNull(),
    severity: text('severity', { enum: severities }),
    /** The stakeholder (its id in the policy's data) who owns it. */
    owner: text('owner'),
    escalated: boolean('escalated').notNull(),
    resolves: uuid('resolves').references((): AnyPgColumn => policyLog.id),
    operativeTarget: text('operative_target'),
    decidedOn: date('decided_on', { mode: 'string' }),
    reference: text('reference'),
    raisedAt: timestamp('raised_at', { withTimezone: true }).notNull(),
    raisedBy: uuid('raised_by')
      .notNull()
      .references(() => users.id),
  },
  (t) => [index('policy_log_item_idx').on(t.itemKey, t.raisedAt)],
)

/**
 * Money for an action-matrix row in a fiscal year (1 July to 30 June, named `2025-26`): allocated, released and spent,
 * in paisa so that sums are exact, with the document they come from. The newest entry for a row and year stands;
 * every one is kept.
 */
export const rowFunding = pgTable(
  'row_funding',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    itemKey: text('item_key')
      .notNull()
      .references(() => policyItems.key),
    fiscalYear: text('fiscal_year').notNull(),
    allocatedPaisa: bigint('allocated_paisa', { mode: 'bigint' }).notNull(),
    releasedPaisa: bigint('released_paisa', { mode: 'bigint' }).notNull(),
    spentPaisa: bigint('spent_paisa', { mode: 'bigint' }).notNull(),
    source: text('source').notNull(),
    evidenceUrl: text('evidence_url'),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
    recordedBy: uuid('recorded_by')
      .notNull()
      .references(() => users.id),
  },
  (t) => [index('row_funding_item_idx').on(t.itemKey, t.fiscalYear, t.recordedAt)],
)

/**
 * The Policy Implementation Cell's call for a reporting period's data: every lead body is asked for its figures and
 * its rows' delivery confidence by a due date. One call a period; kept as it was made.
 */
export const dataCalls = pgTable('data_calls', {
  id: uuid('id').primaryKey().defaultRandom(),
  /** The half-year it gathers, as `2026-H1`. */
  period: text('period').notNull().unique(),
  dueOn: date('due_on', { mode: 'string' }).notNull(),
  message: text('message'),
  openedAt: timestamp('opened_at', { withTimezone: true }).notNull(),
  openedBy: uuid('opened_by')
    .notNull()
    .references(() => users.id),
})

/**
 * A reminder or an escalation sent to a lead body that had not answered a data call. The daily round sends each of
 * its own once (`days_before` names which); the Cell's reminders by hand name who sent them.
 */
export const dataCallNotices = pgTable(
  'data_call_notices',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    callId: uuid('call_id')
      .notNull()
      .references(() => dataCalls.id),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    kind: text('kind', { enum: noticeKinds }).notNull(),
    /** For the round's reminders: how many days before the due date it was due; -1 for the escalation after it. */
    daysBefore: integer('days_before'),
    sentAt: timestamp('sent_at', { withTimezone: true }).notNull(),
    sentBy: uuid('sent_by').references(() => users.id),
  },
  (t) => [
    index('data_call_notices_call_idx').on(t.callId, t.organisationId),
    // However often the round runs, each of its notices goes once.
    uniqueIndex('data_call_notices_round_idx')
      .on(t.callId, t.organisationId, t.kind, t.daysBefore)
      .where(sql`sent_by is null`),
  ],
)
