import { asc, desc, eq, inArray, lte } from 'drizzle-orm'
import { fromExcluded, type Db } from '../../db/engine.ts'
import { organisations, users } from '../accounts/accounts.tables.ts'
import {
  confidenceChallenges,
  dataCallNotices,
  dataCalls,
  deliveryConfidence,
  measurementParts,
  policyItems,
  policyLog,
  policyPillars,
  progressMeasurements,
  progressPaths,
  progressReports,
  progressStatusOverrides,
  rowFunding,
} from './kpi.tables.ts'

export type ItemRow = typeof policyItems.$inferSelect
export type MeasurementRow = typeof progressMeasurements.$inferSelect

export const listPillars = (db: Db) => db.select().from(policyPillars).orderBy(asc(policyPillars.number))

export async function upsertPillars(db: Db, rows: (typeof policyPillars.$inferInsert)[]) {
  if (rows.length === 0) return
  await db
    .insert(policyPillars)
    .values(rows)
    .onConflictDoUpdate({
      target: policyPillars.number,
      set: fromExcluded(policyPillars, ['slug', 'titleEn', 'titleUr', 'summaryEn', 'summaryUr', 'sourceClause']),
    })
}

/** Writes the policy's items; an item already there keeps its key and measurements and takes the new definition. */
export const upsertItems = (db: Db, rows: (typeof policyItems.$inferInsert)[]) =>
  db
    .insert(policyItems)
    .values(rows)
    .onConflictDoUpdate({
      target: policyItems.key,
      set: fromExcluded(policyItems, ['kind', 'pillars', 'definition', 'stakeholders', 'deadline', 'dataVersion']),
    })

export const allItems = (db: Db) => db.select().from(policyItems).orderBy(asc(policyItems.key))

export const findItem = async (db: Db, key: string) => (await db.select().from(policyItems).where(eq(policyItems.key, key)))[0]

/** Figures recorded for dates up to `asOf` (every one when it is absent), by item, then date. */
export const measurements = (db: Db, asOf?: string) =>
  db
    .select()
    .from(progressMeasurements)
    .where(asOf ? lte(progressMeasurements.measuredOn, asOf) : undefined)
    .orderBy(asc(progressMeasurements.itemKey), asc(progressMeasurements.measuredOn))

export const findMeasurement = async (db: Db, id: string) =>
  (await db.select().from(progressMeasurements).where(eq(progressMeasurements.id, id)))[0]

export const insertMeasurement = (db: Db, row: typeof progressMeasurements.$inferInsert) =>
  db.insert(progressMeasurements).values(row)

/** Status overrides, oldest first: the newest for an item is the one that holds. */
export const statusOverrides = (db: Db) => db.select().from(progressStatusOverrides).orderBy(asc(progressStatusOverrides.at))

export const insertStatusOverride = (db: Db, row: typeof progressStatusOverrides.$inferInsert) =>
  db.insert(progressStatusOverrides).values(row)

export type PathRow = typeof progressPaths.$inferSelect

/** Every path set, oldest first: the newest for a target is the one it stands on. */
export const paths = (db: Db) => db.select().from(progressPaths).orderBy(asc(progressPaths.setAt))

export const insertPath = (db: Db, row: typeof progressPaths.$inferInsert) => db.insert(progressPaths).values(row)

export const insertReport = (db: Db, row: typeof progressReports.$inferInsert) => db.insert(progressReports).values(row)

export const reportOfPeriod = async (db: Db, period: string) =>
  (await db.select().from(progressReports).where(eq(progressReports.period, period)))[0]

/** Published reports, newest period first, without their pages. */
export const reportsList = (db: Db) =>
  db
    .select({
      period: progressReports.period,
      publishedAt: progressReports.publishedAt,
      pdfEn: progressReports.pdfEn,
      pdfUr: progressReports.pdfUr,
    })
    .from(progressReports)
    .orderBy(desc(progressReports.periodEnd))

export const insertRating = (db: Db, row: typeof deliveryConfidence.$inferInsert) =>
  db.insert(deliveryConfidence).values(row).returning({ id: deliveryConfidence.id })

export const findRating = async (db: Db, id: string) =>
  (await db.select().from(deliveryConfidence).where(eq(deliveryConfidence.id, id)))[0]

/** A row's ratings, newest first, each with the name of the officer who gave it and of their body. */
export const ratingsOf = (db: Db, itemKey: string) =>
  db
    .select({
      id: deliveryConfidence.id,
      period: deliveryConfidence.period,
      rating: deliveryConfidence.rating,
      narrative: deliveryConfidence.narrative,
      risks: deliveryConfidence.risks,
      helpNeeded: deliveryConfidence.helpNeeded,
      ratedAt: deliveryConfidence.ratedAt,
      officer: users.name,
      bodyEn: organisations.nameEn,
      bodyUr: organisations.nameUr,
    })
    .from(deliveryConfidence)
    .innerJoin(users, eq(users.id, deliveryConfidence.ratedBy))
    .leftJoin(organisations, eq(organisations.id, users.organisationId))
    .where(eq(deliveryConfidence.itemKey, itemKey))
    .orderBy(desc(deliveryConfidence.ratedAt))

/** The newest rating of every row that has one. */
export const latestRatings = (db: Db) =>
  db
    .selectDistinctOn([deliveryConfidence.itemKey], { itemKey: deliveryConfidence.itemKey, rating: deliveryConfidence.rating })
    .from(deliveryConfidence)
    .orderBy(deliveryConfidence.itemKey, desc(deliveryConfidence.ratedAt))

export const insertChallenge = (db: Db, row: typeof confidenceChallenges.$inferInsert) =>
  db.insert(confidenceChallenges).values(row)

/** The challenges of some ratings, oldest first. */
export const challengesOf = (db: Db, ratingIds: string[]) =>
  ratingIds.length === 0
    ? Promise.resolve([])
    : db
        .select()
        .from(confidenceChallenges)
        .where(inArray(confidenceChallenges.ratingId, ratingIds))
        .orderBy(asc(confidenceChallenges.at))

export type LogRow = typeof policyLog.$inferSelect

export const insertLogEntry = (db: Db, row: typeof policyLog.$inferInsert) =>
  db.insert(policyLog).values(row).returning({ id: policyLog.id })

export const findLogEntry = async (db: Db, id: string) => (await db.select().from(policyLog).where(eq(policyLog.id, id)))[0]

/** Every entry of the log, newest first. */
export const logEntries = (db: Db) => db.select().from(policyLog).orderBy(desc(policyLog.raisedAt))

export const insertFunding = (db: Db, row: typeof rowFunding.$inferInsert) => db.insert(rowFunding).values(row)

/** A row's money entries, oldest first: the newest for a fiscal year stands. */
export const fundingOf = (db: Db, itemKey: string) =>
  db.select().from(rowFunding).where(eq(rowFunding.itemKey, itemKey)).orderBy(asc(rowFunding.recordedAt))

export type CallRow = typeof dataCalls.$inferSelect
export type NoticeRow = typeof dataCallNotices.$inferSelect

/** A new call, or nothing when its period already has one. */
export const insertCall = (db: Db, row: typeof dataCalls.$inferInsert) =>
  db.insert(dataCalls).values(row).onConflictDoNothing({ target: dataCalls.period }).returning({ id: dataCalls.id })

export const findCall = async (db: Db, id: string) => (await db.select().from(dataCalls).where(eq(dataCalls.id, id)))[0]

export const callsList = (db: Db) => db.select().from(dataCalls).orderBy(desc(dataCalls.period))

/** A notice, or nothing when the round has already sent this one. */
export const insertNotice = (db: Db, row: typeof dataCallNotices.$inferInsert) =>
  db.insert(dataCallNotices).values(row).onConflictDoNothing().returning({ id: dataCallNotices.id })

export const noticesOf = (db: Db, callId: string) =>
  db.select().from(dataCallNotices).where(eq(dataCallNotices.callId, callId)).orderBy(asc(dataCallNotices.sentAt))

/** The rows rated for a period. */
export const ratedInPeriod = async (db: Db, period: string) =>
  (
    await db.select({ itemKey: deliveryConfidence.itemKey }).from(deliveryConfidence).where(eq(deliveryConfidence.period, period))
  ).map((r) => r.itemKey)

export const organisationNames = (db: Db, ids: readonly string[]) =>
  ids.length
    ? db
        .select({ id: organisations.id, nameEn: organisations.nameEn, nameUr: organisations.nameUr })
        .from(organisations)
        .where(inArray(organisations.id, [...ids]))
    : Promise.resolve([])

/** The ratings given for a period, oldest first, so that the newest of each row comes last. */
export const ratingsInPeriod = (db: Db, period: string) =>
  db.select().from(deliveryConfidence).where(eq(deliveryConfidence.period, period)).orderBy(asc(deliveryConfidence.ratedAt))

export const insertParts = (db: Db, rows: (typeof measurementParts.$inferInsert)[]) => db.insert(measurementParts).values(rows)

/** The parts by province of these figures. */
export const partsOfMeasurements = (db: Db, ids: readonly string[]) =>
  ids.length
    ? db
        .select()
        .from(measurementParts)
        .where(inArray(measurementParts.measurementId, [...ids]))
    : Promise.resolve([])

/** The name of the person an account belongs to, as reports sign them. */
export const userName = async (db: Db, id: string) =>
  (await db.select({ name: users.name }).from(users).where(eq(users.id, id)))[0]?.name
