import type { Db } from '../../db/engine.ts'
import { feedbackMessages } from './feedback.tables.ts'

export async function insertFeedback(db: Db, row: typeof feedbackMessages.$inferInsert) {
  const [saved] = await db.insert(feedbackMessages).values(row).returning({ id: feedbackMessages.id })
  return saved!
}
