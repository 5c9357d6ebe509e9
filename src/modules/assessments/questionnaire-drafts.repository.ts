import { and, desc, eq } from 'drizzle-orm'
import type { Db } from '../../db/engine.ts'
import { questionnaireDrafts } from './assessments.tables.ts'

export async function insertDraft(db: Db, row: typeof questionnaireDrafts.$inferInsert) {
  const [saved] = await db.insert(questionnaireDrafts).values(row).returning()
  return saved!
}

export async function findDraft(db: Db, id: string) {
  const [row] = await db.select().from(questionnaireDrafts).where(eq(questionnaireDrafts.id, id))
  return row
}

export const allDrafts = (db: Db) => db.select().from(questionnaireDrafts).orderBy(desc(questionnaireDrafts.createdAt))

export async function deleteDraft(db: Db, id: string) {
  const deleted = await db
    .delete(questionnaireDrafts)
    .where(eq(questionnaireDrafts.id, id))
    .returning({ id: questionnaireDrafts.id })
  return deleted.length === 1
}

/** Removes the drafts of one version of one questionnaire, and says how many there were. */
export async function deleteDraftsOf(db: Db, key: string, version: number) {
  const deleted = await db
    .delete(questionnaireDrafts)
    .where(and(eq(questionnaireDrafts.key, key), eq(questionnaireDrafts.version, version)))
    .returning({ id: questionnaireDrafts.id })
  return deleted.length
}
