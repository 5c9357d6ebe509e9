import { integer, pgTable, text } from 'drizzle-orm/pg-core'

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
