import { integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core'

/** Counters for rate limits, shared by every app process that uses the same database. */
export const rateLimitHits = pgTable('rate_limit_hits', {
  key: text('key').primaryKey(),
  hits: integer('hits').notNull(),
  resetsAt: timestamp('resets_at', { withTimezone: true }).notNull(),
})
