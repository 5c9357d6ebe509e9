import { and, asc, desc, eq, inArray, isNotNull, isNull, lte, sql } from 'drizzle-orm'
import type { Db } from '../../db/engine.ts'
import { organisations, userRoles, users } from '../accounts/accounts.tables.ts'
import {
  fundMilestones,
  fundPayments,
  fundYears,
  programmeApplications,
  programmeBudgetLines,
  programmeCalls,
  programmeConsensus,
  programmeDecisions,
  programmeNotes,
  programmeOutputs,
  programmeRedress,
  programmeReports,
  programmeReviews,
  sandboxExits,
  sandboxPlans,
} from './programmes.tables.ts'
import type { Programme } from './programmes.vocabulary.ts'

export type CallRow = typeof programmeCalls.$inferSelect
export type ApplicationRow = typeof programmeApplications.$inferSelect
export type ReviewRow = typeof programmeReviews.$inferSelect
export type ConsensusRow = typeof programmeConsensus.$inferSelect
export type DecisionRow = typeof programmeDecisions.$inferSelect
export type RedressRow = typeof programmeRedress.$inferSelect
export type BudgetLine = { item: string; amountPaisa: bigint }

const first = <T>(rows: T[]) => rows[0]

// Calls

export async function insertCall(db: Db, row: typeof programmeCalls.$inferInsert) {
  const [saved] = await db.insert(programmeCalls).values(row).returning({ id: programmeCalls.id })
  return saved!.id
}
export const findCall = async (db: Db, id: string) =>
  first(await db.select().from(programmeCalls).where(eq(programmeCalls.id, id)))
export const lockCall = async (db: Db, id: string) =>
  first(await db.select().from(programmeCalls).where(eq(programmeCalls.id, id)).for('update'))
export const updateCall = (db: Db, id: string, values: Partial<typeof programmeCalls.$inferInsert>) =>
  db.update(programmeCalls).set(values).where(eq(programmeCalls.id, id))

/** A programme's calls, the latest closing first: only published ones for the public. */
export const callsOf = (db: Db, programme: Programme, publishedOnly: boolean) =>
  db
    .select()
    .from(programmeCalls)
    .where(and(eq(programmeCalls.programme, programme), publishedOnly ? isNotNull(programmeCalls.publishedAt) : undefined))
    .orderBy(desc(programmeCalls.closesAt))
    .limit(200)

// Applications

export async function insertApplication(db: Db, row: typeof programmeApplications.$inferInsert) {
  const [saved] = await db.insert(programmeApplications).values(row).returning({ id: programmeApplications.id })
  return saved!.id
}
export const findApplication = async (db: Db, id: string) =>
  first(await db.select().from(programmeApplications).where(eq(programmeApplications.id, id)))
export const lockApplication = async (db: Db, id: string) =>
  first(await db.select().from(programmeApplications).where(eq(programmeApplications.id, id)).for('update'))
export const updateApplication = (db: Db, id: string, values: Partial<typeof programmeApplications.$inferInsert>) =>
  db.update(programmeApplications).set(values).where(eq(programmeApplications.id, id))

const applicationListing = {
  id: programmeApplications.id,
  callId: programmeApplications.callId,
  titleEn: programmeApplications.titleEn,
  titleUr: programmeApplications.titleUr,
  state: programmeApplications.state,
  submittedAt: programmeApplications.submittedAt,
  updatedAt: programmeApplications.updatedAt,
  organisationId: programmeApplications.organisationId,
  organisationEn: organisations.nameEn,
  organisationUr: organisations.nameUr,
  programme: programmeCalls.programme,
  callTitleEn: programmeCalls.titleEn,
  callTitleUr: programmeCalls.titleUr,
  outcome: programmeDecisions.outcome,
}

/** An organisation's applications (and those a person supervises), newest first, with their call and any outcome. */
export const applicationsOfOrganisation = (db: Db, organisationId: string) =>
  db
    .select(applicationListing)
    .from(programmeApplications)
    .innerJoin(programmeCalls, eq(programmeCalls.id, programmeApplications.callId))
    .innerJoin(organisations, eq(organisations.id, programmeApplications.organisationId))
    .leftJoin(programmeDecisions, eq(programmeDecisions.applicationId, programmeApplications.id))
    .where(eq(programmeApplications.organisationId, organisationId))
    .orderBy(desc(programmeApplications.updatedAt))
    .limit(500)

/** A call's submitted applications, with their applicant, the submitted order. */
export const submittedApplications = (db: Db, callId: string) =>
  db
    .select({
      ...applicationListing,
      sectors: programmeApplications.sectors,
      province: programmeApplications.province,
      answers: programmeApplications.answers,
    })
    .from(programmeApplications)
    .innerJoin(programmeCalls, eq(programmeCalls.id, programmeApplications.callId))
    .innerJoin(organisations, eq(organisations.id, programmeApplications.organisationId))
    .leftJoin(programmeDecisions, eq(programmeDecisions.applicationId, programmeApplications.id))
    .where(and(eq(programmeApplications.callId, callId), eq(programmeApplications.state, 'submitted')))
    .orderBy(asc(programmeApplications.submittedAt))

export const budgetLinesOf = (db: Db, applicationId: string): Promise<BudgetLine[]> =>
  db
    .select({ item: programmeBudgetLines.item, amountPaisa: programmeBudgetLines.amountPaisa })
    .from(programmeBudgetLines)
    .where(eq(programmeBudgetLines.applicationId, applicationId))
    .orderBy(asc(programmeBudgetLines.position))

export async function replaceBudgetLines(db: Db, applicationId: string, lines: readonly BudgetLine[]) {
  await db.delete(programmeBudgetLines).where(eq(programmeBudgetLines.applicationId, applicationId))
  if (lines.length) await db.insert(programmeBudgetLines).values(lines.map((l, position) => ({ applicationId, position, ...l })))
}

/** What each application asks for in all, summed by the database in paisa. */
export async function requestedTotals(db: Db, applicationIds: readonly string[]): Promise<Map<string, bigint>> {
  if (!applicationIds.length) return new Map()
  const rows = await db
    .select({
      applicationId: programmeBudgetLines.applicationId,
      total: sql<string>`sum(${programmeBudgetLines.amountPaisa})::text`,
    })
    .from(programmeBudgetLines)
    .where(inArray(programmeBudgetLines.applicationId, [...applicationIds]))
    .groupBy(programmeBudgetLines.applicationId)
  return new Map(rows.map((r) => [r.applicationId, BigInt(r.total)]))
}

// Reviews

/** People who may be asked to review: active, holding the programme reviewer role, with their organisation. */
export const programmeReviewers = (db: Db) =>
  db
    .select({
      id: users.id,
      name: users.name,
      organisationId: users.organisationId,
      organisationEn: organisations.nameEn,
      organisationUr: organisations.nameUr,
    })
    .from(users)
    .innerJoin(userRoles, and(eq(userRoles.userId, users.id), eq(userRoles.role, 'programme_reviewer')))
    .leftJoin(organisations, eq(organisations.id, users.organisationId))
    .where(eq(users.status, 'active'))
    .orderBy(asc(users.name))

export async function insertReview(db: Db, row: typeof programmeReviews.$inferInsert) {
  const [saved] = await db.insert(programmeReviews).values(row).onConflictDoNothing().returning({ id: programmeReviews.id })
  return saved?.id
}
export const findReview = async (db: Db, id: string) =>
  first(await db.select().from(programmeReviews).where(eq(programmeReviews.id, id)))
export const lockReview = async (db: Db, id: string) =>
  first(await db.select().from(programmeReviews).where(eq(programmeReviews.id, id)).for('update'))
export const updateReview = (db: Db, id: string, values: Partial<typeof programmeReviews.$inferInsert>) =>
  db.update(programmeReviews).set(values).where(eq(programmeReviews.id, id))

/** An application's reviews with their reviewer's name, in the order they were assigned. */
export const reviewsOfApplication = (db: Db, applicationId: string) =>
  db
    .select({ review: programmeReviews, reviewerName: users.name })
    .from(programmeReviews)
    .innerJoin(users, eq(users.id, programmeReviews.reviewerId))
    .where(eq(programmeReviews.applicationId, applicationId))
    .orderBy(asc(programmeReviews.assignedAt))

/** Reviews of many applications at once (a call's ranking). */
export const reviewsOfApplications = async (db: Db, applicationIds: readonly string[]) =>
  applicationIds.length
    ? db
        .select()
        .from(programmeReviews)
        .where(inArray(programmeReviews.applicationId, [...applicationIds]))
    : []

/** A reviewer's assignments, newest first, with the application's title and its call. */
export const reviewsOfReviewer = (db: Db, reviewerId: string) =>
  db
    .select({
      id: programmeReviews.id,
      state: programmeReviews.state,
      assignedAt: programmeReviews.assignedAt,
      titleEn: programmeApplications.titleEn,
      titleUr: programmeApplications.titleUr,
      callTitleEn: programmeCalls.titleEn,
      callTitleUr: programmeCalls.titleUr,
    })
    .from(programmeReviews)
    .innerJoin(programmeApplications, eq(programmeApplications.id, programmeReviews.applicationId))
    .innerJoin(programmeCalls, eq(programmeCalls.id, programmeApplications.callId))
    .where(eq(programmeReviews.reviewerId, reviewerId))
    .orderBy(desc(programmeReviews.assignedAt))
    .limit(500)

// Consensus, decisions, redress

export const consensusOf = async (db: Db, applicationId: string) =>
  first(await db.select().from(programmeConsensus).where(eq(programmeConsensus.applicationId, applicationId)))
export const consensusOfApplications = async (db: Db, applicationIds: readonly string[]) =>
  applicationIds.length
    ? db
        .select()
        .from(programmeConsensus)
        .where(inArray(programmeConsensus.applicationId, [...applicationIds]))
    : []
export const saveConsensus = (db: Db, row: typeof programmeConsensus.$inferInsert) =>
  db.insert(programmeConsensus).values(row).onConflictDoUpdate({ target: programmeConsensus.applicationId, set: row })

export const decisionOf = async (db: Db, applicationId: string) =>
  first(await db.select().from(programmeDecisions).where(eq(programmeDecisions.applicationId, applicationId)))
export const decisionsOfCall = (db: Db, callId: string) =>
  db.select().from(programmeDecisions).where(eq(programmeDecisions.callId, callId))
export const saveDecision = (db: Db, row: typeof programmeDecisions.$inferInsert) =>
  db.insert(programmeDecisions).values(row).onConflictDoUpdate({ target: programmeDecisions.applicationId, set: row })

export async function insertRedress(db: Db, row: typeof programmeRedress.$inferInsert) {
  const [saved] = await db.insert(programmeRedress).values(row).returning({ id: programmeRedress.id })
  return saved!.id
}
export const redressOf = (db: Db, applicationId: string) =>
  db
    .select()
    .from(programmeRedress)
    .where(eq(programmeRedress.applicationId, applicationId))
    .orderBy(asc(programmeRedress.requestedAt))
export const lockRedress = async (db: Db, id: string) =>
  first(await db.select().from(programmeRedress).where(eq(programmeRedress.id, id)).for('update'))
export const updateRedress = (db: Db, id: string, values: Partial<typeof programmeRedress.$inferInsert>) =>
  db.update(programmeRedress).set(values).where(eq(programmeRedress.id, id))

export const userName = async (db: Db, id: string) =>
  first(await db.select({ id: users.id, name: users.name, email: users.email }).from(users).where(eq(users.id, id)))

export const organisationName = async (db: Db, id: string) =>
  first(
    await db.select({ en: organisations.nameEn, ur: organisations.nameUr }).from(organisations).where(eq(organisations.id, id)),
  )!

/** The sum of a programme's awards, in paisa. */
export async function awardedPaisa(db: Db, programme: Programme): Promise<bigint> {
  const [row] = await db
    .select({ total: sql<string>`coalesce(sum(${programmeDecisions.amountPaisa}), 0)::text` })
    .from(programmeDecisions)
    .innerJoin(programmeCalls, eq(programmeCalls.id, programmeDecisions.callId))
    .where(and(eq(programmeDecisions.outcome, 'award'), eq(programmeCalls.programme, programme)))
  return BigInt(row!.total)
}

// After the decision: plans, reports, exits, milestones, payments, outputs

export type PlanRow = typeof sandboxPlans.$inferSelect
export type ExitRow = typeof sandboxExits.$inferSelect
export type MilestoneRow = typeof fundMilestones.$inferSelect
export type PaymentRow = typeof fundPayments.$inferSelect

export const planOf = async (db: Db, applicationId: string) =>
  first(await db.select().from(sandboxPlans).where(eq(sandboxPlans.applicationId, applicationId)))
export const lockPlan = async (db: Db, applicationId: string) =>
  first(await db.select().from(sandboxPlans).where(eq(sandboxPlans.applicationId, applicationId)).for('update'))
export const savePlan = (db: Db, row: typeof sandboxPlans.$inferInsert) =>
  db.insert(sandboxPlans).values(row).onConflictDoUpdate({ target: sandboxPlans.applicationId, set: row })
export const updatePlan = (db: Db, applicationId: string, values: Partial<typeof sandboxPlans.$inferInsert>) =>
  db.update(sandboxPlans).set(values).where(eq(sandboxPlans.applicationId, applicationId))

export const reportsOf = (db: Db, applicationId: string) =>
  db.select().from(programmeReports).where(eq(programmeReports.applicationId, applicationId)).orderBy(asc(programmeReports.dueOn))
export const lockReport = async (db: Db, id: string) =>
  first(await db.select().from(programmeReports).where(eq(programmeReports.id, id)).for('update'))
export const updateReport = (db: Db, id: string, values: Partial<typeof programmeReports.$inferInsert>) =>
  db.update(programmeReports).set(values).where(eq(programmeReports.id, id))
/** Replaces the reports not yet submitted with a new schedule; submitted ones stay. */
export async function scheduleReports(db: Db, applicationId: string, due: readonly { dueOn: string; final: boolean }[]) {
  await db
    .delete(programmeReports)
    .where(and(eq(programmeReports.applicationId, applicationId), isNull(programmeReports.submittedAt)))
  if (due.length)
    await db
      .insert(programmeReports)
      .values(due.map((d) => ({ applicationId, dueOn: d.dueOn, final: d.final ? ('yes' as const) : ('no' as const) })))
}

export const exitOf = async (db: Db, applicationId: string) =>
  first(await db.select().from(sandboxExits).where(eq(sandboxExits.applicationId, applicationId)))
export const saveExit = (db: Db, row: typeof sandboxExits.$inferInsert) =>
  db.insert(sandboxExits).values(row).onConflictDoUpdate({ target: sandboxExits.applicationId, set: row })
export const updateExit = (db: Db, applicationId: string, values: Partial<typeof sandboxExits.$inferInsert>) =>
  db.update(sandboxExits).set(values).where(eq(sandboxExits.applicationId, applicationId))

export const milestonesOf = (db: Db, applicationId: string) =>
  db.select().from(fundMilestones).where(eq(fundMilestones.applicationId, applicationId)).orderBy(asc(fundMilestones.position))
export const lockMilestone = async (db: Db, id: string) =>
  first(await db.select().from(fundMilestones).where(eq(fundMilestones.id, id)).for('update'))
export async function replaceMilestones(
  db: Db,
  applicationId: string,
  rows: readonly { title: string; amountPaisa: bigint; dueOn: string }[],
) {
  await db.delete(fundMilestones).where(eq(fundMilestones.applicationId, applicationId))
  if (rows.length) await db.insert(fundMilestones).values(rows.map((r, position) => ({ applicationId, position, ...r })))
}
export const paymentsOfMilestones = async (db: Db, milestoneIds: readonly string[]) =>
  milestoneIds.length
    ? db
        .select()
        .from(fundPayments)
        .where(inArray(fundPayments.milestoneId, [...milestoneIds]))
        .orderBy(asc(fundPayments.requestedAt))
    : []
export async function insertPayment(db: Db, row: typeof fundPayments.$inferInsert) {
  const [saved] = await db.insert(fundPayments).values(row).returning({ id: fundPayments.id })
  return saved!.id
}
export const lockPayment = async (db: Db, id: string) =>
  first(await db.select().from(fundPayments).where(eq(fundPayments.id, id)).for('update'))
export const updatePayment = (db: Db, id: string, values: Partial<typeof fundPayments.$inferInsert>) =>
  db.update(fundPayments).set(values).where(eq(fundPayments.id, id))
/** Payment requests waiting for finance, oldest first, with their project. */
export const paymentsAwaitingFinance = (db: Db) =>
  db
    .select({
      payment: fundPayments,
      milestone: fundMilestones,
      titleEn: programmeApplications.titleEn,
      titleUr: programmeApplications.titleUr,
    })
    .from(fundPayments)
    .innerJoin(fundMilestones, eq(fundMilestones.id, fundPayments.milestoneId))
    .innerJoin(programmeApplications, eq(programmeApplications.id, fundMilestones.applicationId))
    .where(inArray(fundPayments.state, ['staff_approved', 'finance_approved']))
    .orderBy(asc(fundPayments.requestedAt))
    .limit(500)

export const outputsOf = (db: Db, applicationId: string) =>
  db
    .select()
    .from(programmeOutputs)
    .where(eq(programmeOutputs.applicationId, applicationId))
    .orderBy(asc(programmeOutputs.recordedAt))
export async function insertOutput(db: Db, row: typeof programmeOutputs.$inferInsert) {
  await db.insert(programmeOutputs).values(row)
}

export const reportById = async (db: Db, id: string) =>
  first(await db.select().from(programmeReports).where(eq(programmeReports.id, id)))
export const milestoneById = async (db: Db, id: string) =>
  first(await db.select().from(fundMilestones).where(eq(fundMilestones.id, id)))

// What the public reads: awards and admissions, never applications that were not selected.

/** A programme's awards (admissions for the sandbox), newest first, with what the public may read of each; or one. */
export const publicAwards = (db: Db, programme: Programme, applicationId?: string) =>
  db
    .select({
      id: programmeApplications.id,
      titleEn: programmeApplications.titleEn,
      titleUr: programmeApplications.titleUr,
      summaryEn: programmeApplications.summaryEn,
      summaryUr: programmeApplications.summaryUr,
      province: programmeApplications.province,
      sectors: programmeApplications.sectors,
      submittedAt: programmeApplications.submittedAt,
      recipientEn: organisations.nameEn,
      recipientUr: organisations.nameUr,
      callId: programmeCalls.id,
      callTitleEn: programmeCalls.titleEn,
      callTitleUr: programmeCalls.titleUr,
      scheme: programmeCalls.scheme,
      amountPaisa: programmeDecisions.amountPaisa,
      decidedAt: programmeDecisions.decidedAt,
      startsOn: sandboxPlans.startsOn,
      endsOn: sandboxPlans.endsOn,
      planState: sandboxPlans.state,
      exitOutcome: sandboxExits.outcome,
      exitPublished: sql<boolean>`(${sandboxExits.participantConsentAt} is not null and ${sandboxExits.directorateConsentAt} is not null)`,
      paidPaisa: sql<string>`(select coalesce(sum(p.amount_paisa), 0)::text from fund_payments p join fund_milestones m on m.id = p.milestone_id where m.application_id = ${programmeApplications.id} and p.state = 'paid')`,
      outputs: sql<number>`(select count(*)::int from programme_outputs o where o.application_id = ${programmeApplications.id})`,
    })
    .from(programmeDecisions)
    .innerJoin(programmeApplications, eq(programmeApplications.id, programmeDecisions.applicationId))
    .innerJoin(programmeCalls, eq(programmeCalls.id, programmeDecisions.callId))
    .innerJoin(organisations, eq(organisations.id, programmeApplications.organisationId))
    .leftJoin(sandboxPlans, eq(sandboxPlans.applicationId, programmeApplications.id))
    .leftJoin(sandboxExits, eq(sandboxExits.applicationId, programmeApplications.id))
    .where(
      and(
        eq(programmeDecisions.outcome, 'award'),
        eq(programmeCalls.programme, programme),
        applicationId ? eq(programmeApplications.id, applicationId) : undefined,
      ),
    )
    .orderBy(desc(programmeDecisions.decidedAt))
    .limit(5000)

/** Reports not yet submitted that fall due on or before a date, with who applied and the application's title. */
export const reportsDueBy = (db: Db, day: string) =>
  db
    .select({
      id: programmeReports.id,
      applicationId: programmeReports.applicationId,
      dueOn: programmeReports.dueOn,
      titleEn: programmeApplications.titleEn,
      createdBy: programmeApplications.createdBy,
    })
    .from(programmeReports)
    .innerJoin(programmeApplications, eq(programmeApplications.id, programmeReports.applicationId))
    .where(and(isNull(programmeReports.submittedAt), lte(programmeReports.dueOn, day)))
    .limit(10_000)

/** Staff's notes on an application, oldest first, with who wrote each. */
export const notesOf = (db: Db, applicationId: string) =>
  db
    .select({ id: programmeNotes.id, body: programmeNotes.body, createdAt: programmeNotes.createdAt, author: users.name })
    .from(programmeNotes)
    .innerJoin(users, eq(users.id, programmeNotes.createdBy))
    .where(eq(programmeNotes.applicationId, applicationId))
    .orderBy(asc(programmeNotes.createdAt))
export async function insertNote(db: Db, row: typeof programmeNotes.$inferInsert) {
  await db.insert(programmeNotes).values(row)
}

/** The sum of a programme's payments recorded as paid, in paisa. */
export async function paidPaisa(db: Db): Promise<bigint> {
  const [row] = await db
    .select({ total: sql<string>`coalesce(sum(${fundPayments.amountPaisa}), 0)::text` })
    .from(fundPayments)
    .where(eq(fundPayments.state, 'paid'))
  return BigInt(row!.total)
}

/** How many outputs of a kind funded projects have recorded (jobs counted by their number). */
export async function outputCount(db: Db, kind: (typeof programmeOutputs.$inferSelect)['kind']): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`coalesce(sum(${programmeOutputs.count}), 0)::int` })
    .from(programmeOutputs)
    .where(eq(programmeOutputs.kind, kind))
  return Number(row!.n)
}

export const fundYearsOf = (db: Db) => db.select().from(fundYears).orderBy(desc(fundYears.fiscalYear))
export const saveFundYear = (db: Db, row: typeof fundYears.$inferInsert) =>
  db.insert(fundYears).values(row).onConflictDoUpdate({ target: fundYears.fiscalYear, set: row })
