import { readFileSync } from 'node:fs'
import { z } from 'zod'
import type { Db } from '../../db/engine.ts'
import * as repo from './kpi.repository.ts'
import type { policyPillars } from './kpi.tables.ts'

export type Pillar = typeof policyPillars.$inferSelect

const PillarsFile = z.object({
  source: z.string(),
  pillars: z.array(
    z.object({
      number: z.number().int().min(1),
      slug: z.string().regex(/^[a-z-]+$/),
      sourceClause: z.string().min(1),
      titleEn: z.string().min(1),
      titleUr: z.string().min(1),
      summaryEn: z.string().min(1),
      summaryUr: z.string().min(1),
    }),
  ),
})

export const listPillars = (db: Db): Promise<Pillar[]> => repo.listPillars(db)

/** Loads the policy's pillars from the versioned data file; running it again changes nothing. */
export async function seedPillars(db: Db) {
  const file = PillarsFile.parse(JSON.parse(readFileSync(new URL('./data/pillars.json', import.meta.url), 'utf8')))
  await repo.upsertPillars(db, file.pillars)
  return file.pillars.length
}
