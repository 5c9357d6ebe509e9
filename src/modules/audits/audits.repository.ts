import { and, asc, desc, eq, inArray, isNull } from 'drizzle-orm'
import type { Db } from '../../db/engine.ts'
import { organisations, userRoles, users } from '../accounts/accounts.tables.ts'
import { auditFindings, auditorAccreditations, audits, correctiveActions } from './audits.tables.ts'

export type AuditRow = typeof audits.$inferSelect
type AuditValues = Partial<typeof audits.$inferInsert>

/** Active people holding the auditor role, with their firm and their accreditation, if any. */
export const auditorsWithAccreditation = (db: Db) =>
  db
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      firmEn: organisations.nameEn,
      firmUr: organisations.nameUr,
      accreditedAt: auditorAccreditations.accreditedAt,
      revokedAt: auditorAccreditations.revokedAt,
    })
    .from(users)
    .innerJoin(userRoles, and(eq(userRoles.userId, users.id), eq(userRoles.role, 'auditor')))
    .leftJoin(organisations, eq(organisations.id, users.organisationId))
    .leftJoin(auditorAccreditations, eq(auditorAccreditations.userId, users.id))
    .where(eq(users.status, 'active'))
    .orderBy(asc(users.name))

export const accredit = (db: Db, userId: string, at: Date, by: string) =>
  db
    .insert(auditorAccreditations)
    .values({ userId, accreditedAt: at, accreditedBy: by })
    .onConflictDoUpdate({
      target: auditorAccreditations.userId,
      set: { accreditedAt: at, accreditedBy: by, revokedAt: null, revokedBy: null },
    })

export const revokeAccreditation = (db: Db, userId: string, at: Date, by: string) =>
  db.update(auditorAccreditations).set({ revokedAt: at, revokedBy: by }).where(eq(auditorAccreditations.userId, userId))

export async function insertAudit(db: Db, row: typeof audits.$inferInsert) {
  const [saved] = await db.insert(audits).values(row).returning({ id: audits.id })
  return saved!.id
}

export const findAudit = async (db: Db, id: string) => (await db.select().from(audits).where(eq(audits.id, id)))[0]

export const lockAudit = async (db: Db, id: string) => (await db.select().from(audits).where(eq(audits.id, id)).for('update'))[0]

export const updateAudit = (db: Db, id: string, values: AuditValues) => db.update(audits).set(values).where(eq(audits.id, id))

/** Every audit, those of some systems, or those of one auditor; newest assignment first. */
export const auditsOf = (db: Db, of: 'all' | { systemIds: string[] } | { auditorId: string }, limit: number) =>
  db
    .select()
    .from(audits)
    .where(
      of === 'all' ? undefined : 'systemIds' in of ? inArray(audits.systemId, of.systemIds) : eq(audits.auditorId, of.auditorId),
    )
    .orderBy(desc(audits.assignedAt))
    .limit(limit)

export const findingsOf = (db: Db, auditId: string) =>
  db.select().from(auditFindings).where(eq(auditFindings.auditId, auditId)).orderBy(asc(auditFindings.createdAt))

export const findFinding = async (db: Db, id: string, auditId?: string) =>
  (
    await db
      .select()
      .from(auditFindings)
      .where(and(eq(auditFindings.id, id), auditId ? eq(auditFindings.auditId, auditId) : undefined))
  )[0]

export async function insertFinding(db: Db, row: typeof auditFindings.$inferInsert) {
  const [saved] = await db.insert(auditFindings).values(row).returning({ id: auditFindings.id })
  return saved!.id
}

export const actionsOf = (db: Db, auditId: string) =>
  db.select().from(correctiveActions).where(eq(correctiveActions.auditId, auditId)).orderBy(asc(correctiveActions.dueOn))

export const findAction = async (db: Db, id: string) =>
  (await db.select().from(correctiveActions).where(eq(correctiveActions.id, id)))[0]

export const lockAction = async (db: Db, id: string) =>
  (await db.select().from(correctiveActions).where(eq(correctiveActions.id, id)).for('update'))[0]

export async function insertAction(db: Db, row: typeof correctiveActions.$inferInsert) {
  const [saved] = await db.insert(correctiveActions).values(row).returning({ id: correctiveActions.id })
  return saved!.id
}

export const updateAction = (db: Db, id: string, values: Partial<typeof correctiveActions.$inferInsert>) =>
  db.update(correctiveActions).set(values).where(eq(correctiveActions.id, id))

export const unansweredActions = (db: Db, auditId: string) =>
  db
    .select({ id: correctiveActions.id })
    .from(correctiveActions)
    .where(and(eq(correctiveActions.auditId, auditId), isNull(correctiveActions.respondedAt)))

/** A system's newest closed audit, with the auditor's firm. */
export async function latestClosedAudit(db: Db, systemId: string) {
  const [audit] = await db
    .select({
      id: audits.id,
      closedAt: audits.closedAt,
      summaryEn: audits.summaryEn,
      summaryUr: audits.summaryUr,
      firmEn: organisations.nameEn,
      firmUr: organisations.nameUr,
    })
    .from(audits)
    .innerJoin(users, eq(users.id, audits.auditorId))
    .leftJoin(organisations, eq(organisations.id, users.organisationId))
    .where(and(eq(audits.systemId, systemId), eq(audits.state, 'closed')))
    .orderBy(desc(audits.closedAt))
    .limit(1)
  return audit
}

export const findingSeverities = (db: Db, auditId: string) =>
  db.select({ severity: auditFindings.severity }).from(auditFindings).where(eq(auditFindings.auditId, auditId))

export const accreditAll = (db: Db, userIds: string[], at: Date) =>
  db.insert(auditorAccreditations).values(userIds.map((userId) => ({ userId, accreditedAt: at })))
