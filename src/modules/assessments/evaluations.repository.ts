import { and, desc, eq } from 'drizzle-orm'
import type { Db } from '../../db/engine.ts'
import { lifecycleEvaluations } from './assessments.tables.ts'

export type EvaluationRow = typeof lifecycleEvaluations.$inferSelect
type EvaluationValues = Partial<typeof lifecycleEvaluations.$inferInsert>

export async function findEvaluation(db: Db, id: string) {
  const [row] = await db.select().from(lifecycleEvaluations).where(eq(lifecycleEvaluations.id, id))
  return row
}

/** The evaluation, locked for the transaction; with `systemId`, only when it belongs to that system. */
export async function lockEvaluation(db: Db, id: string, systemId?: string) {
  const [row] = await db
    .select()
    .from(lifecycleEvaluations)
    .where(and(eq(lifecycleEvaluations.id, id), systemId ? eq(lifecycleEvaluations.systemId, systemId) : undefined))
    .for('update')
  return row
}

export async function insertEvaluation(db: Db, row: typeof lifecycleEvaluations.$inferInsert) {
  const [saved] = await db.insert(lifecycleEvaluations).values(row).returning({ id: lifecycleEvaluations.id })
  return saved!.id
}

export const updateEvaluation = (db: Db, id: string, values: EvaluationValues) =>
  db.update(lifecycleEvaluations).set(values).where(eq(lifecycleEvaluations.id, id))

export const evaluationsOfSystem = (db: Db, systemId: string) =>
  db
    .select()
    .from(lifecycleEvaluations)
    .where(eq(lifecycleEvaluations.systemId, systemId))
    .orderBy(desc(lifecycleEvaluations.createdAt))

export const submittedEvaluations = (db: Db, limit: number) =>
  db
    .select()
    .from(lifecycleEvaluations)
    .where(eq(lifecycleEvaluations.state, 'submitted'))
    .orderBy(lifecycleEvaluations.submittedAt)
    .limit(limit)

export async function lastAcceptedAt(db: Db, systemId: string): Promise<Date | undefined> {
  const [row] = await db
    .select({ at: lifecycleEvaluations.decidedAt })
    .from(lifecycleEvaluations)
    .where(and(eq(lifecycleEvaluations.systemId, systemId), eq(lifecycleEvaluations.state, 'accepted')))
    .orderBy(desc(lifecycleEvaluations.decidedAt))
    .limit(1)
  return row?.at ?? undefined
}
