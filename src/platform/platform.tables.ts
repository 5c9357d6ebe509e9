import { bigint, date, index, integer, jsonb, numeric, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core'

/** Counters for rate limits, shared by every app process that uses the same database. */
export const rateLimitHits = pgTable('rate_limit_hits', {
  key: text('key').primaryKey(),
  hits: integer('hits').notNull(),
  resetsAt: timestamp('resets_at', { withTimezone: true }).notNull(),
})

/** One row per scheduled job: when it is next due, and who holds it while it runs. */
export const jobSchedule = pgTable('job_schedule', {
  name: text('name').primaryKey(),
  nextRunAt: timestamp('next_run_at', { withTimezone: true }).notNull(),
  leaseUntil: timestamp('lease_until', { withTimezone: true }),
  lastStartedAt: timestamp('last_started_at', { withTimezone: true }),
  lastFinishedAt: timestamp('last_finished_at', { withTimezone: true }),
  lastOutcome: text('last_outcome', { enum: ['ok', 'failed'] }),
  lastError: text('last_error'),
  runs: integer('runs').notNull().default(0),
})

/** E-mail waiting to be sent, or sent: one outbox for all of Mizan. */
export const outboxMessages = pgTable(
  'outbox_messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind').notNull(),
    toAddress: text('to_address').notNull(),
    subject: text('subject').notNull(),
    bodyText: text('body_text').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    lastError: text('last_error'),
    /** When the message was announced in the log, for deployments without a mail server. */
    loggedAt: timestamp('logged_at', { withTimezone: true }),
  },
  (t) => [index('outbox_messages_due_idx').on(t.sentAt, t.nextAttemptAt)],
)

/** A person's in-app inbox. */
export const notifications = pgTable(
  'notifications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    kind: text('kind').notNull(),
    vars: jsonb('vars').$type<Record<string, string>>().notNull(),
    link: text('link'),
    readAt: timestamp('read_at', { withTimezone: true }),
  },
  (t) => [index('notifications_user_idx').on(t.userId, t.createdAt)],
)

/** Figures Mizan computes about itself, one value per indicator per Pakistan date; the policy tracker reads them. */
export const indicatorValues = pgTable(
  'indicator_values',
  {
    key: text('key').notNull(),
    onDate: date('on_date').notNull(),
    value: numeric('value', { mode: 'number' }).notNull(),
    computedAt: timestamp('computed_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.key, t.onDate] })],
)

/**
 * One row counting changes to anything the public pages show: a trigger on every table but the private ones
 * (`mizan_public_changed`, migration 0044) adds one in the same transaction as the change, so that a page kept per
 * generation (platform/page-cache.ts) is never served after what it shows has changed, whichever path changed it.
 */
export const publicGeneration = pgTable('public_generation', {
  id: integer('id').primaryKey(),
  generation: bigint('generation', { mode: 'number' }).notNull(),
  changedAt: timestamp('changed_at', { withTimezone: true }).notNull(),
})
