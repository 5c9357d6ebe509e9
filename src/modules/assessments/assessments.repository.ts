import type { TextIn } from '../../platform/content-language.ts'
import { and, desc, eq, inArray, sql } from 'drizzle-orm'
import type { Db } from '../../db/engine.ts'
import { impactAssessments, questionnaireRetirements, questionnaires } from './assessments.tables.ts'
import { type AssessmentState } from './assessments.vocabulary.ts'
import type { AppliesTo } from './questionnaire.ts'

export type AssessmentRow = typeof impactAssessments.$inferSelect
export type QuestionnaireRow = typeof questionnaires.$inferSelect

export async function insertQuestionnaire(db: Db, row: typeof questionnaires.$inferInsert) {
  const [saved] = await db.insert(questionnaires).values(row).onConflictDoNothing().returning()
  return saved
}

const retired = (id: typeof questionnaires.id) =>
  sql`exists (select 1 from ${questionnaireRetirements} where ${questionnaireRetirements.questionnaireId} = ${id})`

/** The newest version of a questionnaire not retired: what new assessments answer. */
export async function currentQuestionnaire(db: Db, key: string) {
  const [row] = await db
    .select()
    .from(questionnaires)
    .where(and(eq(questionnaires.key, key), sql`not ${retired(questionnaires.id)}`))
    .orderBy(desc(questionnaires.version))
    .limit(1)
  return row
}

/** The newest version ever issued of a questionnaire, retired or not: the next must follow it. */
export async function latestQuestionnaire(db: Db, key: string) {
  const [row] = await db
    .select()
    .from(questionnaires)
    .where(eq(questionnaires.key, key))
    .orderBy(desc(questionnaires.version))
    .limit(1)
  return row
}

export async function questionnaireById(db: Db, id: string) {
  const [row] = await db.select().from(questionnaires).where(eq(questionnaires.id, id))
  return row
}

export const allQuestionnaires = (db: Db) =>
  db
    .select({
      id: questionnaires.id,
      key: questionnaires.key,
      version: questionnaires.version,
      issuedAt: questionnaires.issuedAt,
      title: sql<TextIn>`${questionnaires.definition}->'title'`,
      appliesTo: sql<AppliesTo | null>`${questionnaires.definition}->'appliesTo'`,
      retiredAt: questionnaireRetirements.retiredAt,
      retiredReason: questionnaireRetirements.reason,
    })
    .from(questionnaires)
    .leftJoin(questionnaireRetirements, eq(questionnaireRetirements.questionnaireId, questionnaires.id))
    .orderBy(questionnaires.key, desc(questionnaires.version))

export async function insertRetirement(db: Db, row: typeof questionnaireRetirements.$inferInsert) {
  const [saved] = await db.insert(questionnaireRetirements).values(row).onConflictDoNothing().returning()
  return saved
}

export async function insertAssessment(db: Db, row: typeof impactAssessments.$inferInsert) {
  const [saved] = await db.insert(impactAssessments).values(row).returning()
  return saved!
}

export async function lockAssessment(db: Db, id: string) {
  const [row] = await db.select().from(impactAssessments).where(eq(impactAssessments.id, id)).for('update')
  return row
}

export async function findAssessment(db: Db, id: string) {
  const [row] = await db.select().from(impactAssessments).where(eq(impactAssessments.id, id))
  return row
}

export const updateAssessment = (db: Db, id: string, values: Partial<typeof impactAssessments.$inferInsert>) =>
  db.update(impactAssessments).set(values).where(eq(impactAssessments.id, id))

/** The assessment of a system still being worked on or decided, if any: there is at most one. */
export async function openAssessmentOf(db: Db, systemId: string) {
  const [row] = await db
    .select()
    .from(impactAssessments)
    .where(and(eq(impactAssessments.systemId, systemId), inArray(impactAssessments.state, ['draft', 'returned', 'submitted'])))
    .orderBy(desc(impactAssessments.createdAt))
    .limit(1)
  return row
}

export const assessmentsInState = (db: Db, state: AssessmentState) =>
  db.select().from(impactAssessments).where(eq(impactAssessments.state, state)).orderBy(impactAssessments.submittedAt).limit(500)
