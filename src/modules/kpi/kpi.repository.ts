import { asc, sql } from 'drizzle-orm'
import type { Db } from '../../db/engine.ts'
import { policyPillars } from './kpi.tables.ts'

export const listPillars = (db: Db) => db.select().from(policyPillars).orderBy(asc(policyPillars.number))

export async function upsertPillars(db: Db, rows: (typeof policyPillars.$inferInsert)[]) {
  if (rows.length === 0) return
  await db
    .insert(policyPillars)
    .values(rows)
    .onConflictDoUpdate({
      target: policyPillars.number,
      set: {
        slug: sql`excluded.slug`,
        titleEn: sql`excluded.title_en`,
        titleUr: sql`excluded.title_ur`,
        summaryEn: sql`excluded.summary_en`,
        summaryUr: sql`excluded.summary_ur`,
        sourceClause: sql`excluded.source_clause`,
      },
    })
}
