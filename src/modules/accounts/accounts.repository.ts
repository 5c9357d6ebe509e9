import { and, asc, desc, eq, gt, inArray, isNull, lt, or, sql, type SQL } from 'drizzle-orm'
import { fromExcluded, queryRows, type Db } from '../../db/engine.ts'
import type { Role } from '../../platform/rbac.ts'
import {
  accessReviewDecisions,
  accessReviews,
  accountTokens,
  knownDevices,
  organisations,
  recoveryCodes,
  sessions,
  signInThrottle,
  userRoles,
  users,
} from './accounts.tables.ts'

export type User = typeof users.$inferSelect

export const findUserByEmail = async (db: Db, email: string): Promise<User | undefined> =>
  (
    await db
      .select()
      .from(users)
      .where(sql`lower(${users.email}) = ${email.toLowerCase()}`)
  )[0]

export const findUser = async (db: Db, id: string): Promise<User | undefined> =>
  (await db.select().from(users).where(eq(users.id, id)))[0]

export async function rolesOf(db: Db, userId: string): Promise<Role[]> {
  const rows = await db.select({ role: userRoles.role }).from(userRoles).where(eq(userRoles.userId, userId))
  return rows.map((r) => r.role)
}

export async function insertUser(db: Db, row: typeof users.$inferInsert): Promise<User> {
  const [user] = await db.insert(users).values(row).returning()
  return user!
}

export async function grantRoles(db: Db, userId: string, roles: readonly Role[], grantedBy: string | null) {
  if (roles.length === 0) return
  await db
    .insert(userRoles)
    .values(roles.map((role) => ({ userId, role, grantedBy })))
    .onConflictDoNothing()
}

export const updateUser = (db: Db, id: string, set: Partial<typeof users.$inferInsert>) =>
  db.update(users).set(set).where(eq(users.id, id))

export const findOrganisation = async (db: Db, id: string) =>
  (await db.select().from(organisations).where(eq(organisations.id, id)))[0]

export const findOrganisationBySlug = async (db: Db, slug: string) =>
  (await db.select().from(organisations).where(eq(organisations.slug, slug)))[0]

/** Failures allowed without any wait; from then on each one doubles the wait, up to MAX_WAIT_S. */
export const FREE_ATTEMPTS = 3
export const MAX_WAIT_S = 15 * 60
/** Longer than the longest wait, so a guesser who waits out each delay never starts afresh. */
const QUIET_RESET_S = 60 * 60

/**
 * Counts an attempt on a key before it is checked, in one statement: the row lock that ON CONFLICT takes makes
 * parallel attempts queue, and one whose key is still waiting is not counted. Returns the seconds to wait
 * instead, or 0 when the attempt may go ahead. A success then clears the key.
 */
export async function claimAttempt(db: Db, key: string, now: Date): Promise<number> {
  const at = now.toISOString()
  // A key left alone for QUIET_RESET_S after its wait starts again from nothing, as a new day's typing mistakes should.
  const next = sql`(case when sign_in_throttle.not_before <= ${at}::timestamptz - ${QUIET_RESET_S} * interval '1 second' then 1 else sign_in_throttle.failures + 1 end)`
  const waitAfter = (n: SQL) =>
    sql`case when ${n} < ${FREE_ATTEMPTS} then 0 else least(power(2, ${n} - ${FREE_ATTEMPTS}), ${MAX_WAIT_S}) end`
  const claimed = await queryRows<{ failures: number }>(
    db,
    sql`
    insert into sign_in_throttle (email_hash, failures, not_before) values (${key}, 1, ${at}::timestamptz)
    on conflict (email_hash) do update set
      failures = ${next},
      not_before = ${at}::timestamptz + ${waitAfter(next)} * interval '1 second'
    where sign_in_throttle.not_before <= ${at}::timestamptz
    returning failures`,
  )
  if (claimed.length > 0) return 0
  const [row] = await db
    .select({ notBefore: signInThrottle.notBefore })
    .from(signInThrottle)
    .where(eq(signInThrottle.emailHash, key))
  return Math.max(1, Math.ceil(((row?.notBefore.getTime() ?? 0) - now.getTime()) / 1000))
}

export const attemptsOn = async (db: Db, key: string) =>
  (await db.select({ failures: signInThrottle.failures }).from(signInThrottle).where(eq(signInThrottle.emailHash, key)))[0]
    ?.failures ?? 0

export async function rememberDevice(db: Db, tokenHash: string, userId: string, now: Date) {
  await db
    .insert(knownDevices)
    .values({ tokenHash, userId, createdAt: now, lastUsedAt: now })
    .onConflictDoUpdate({ target: knownDevices.tokenHash, set: { lastUsedAt: now }, setWhere: eq(knownDevices.userId, userId) })
}

/** Whose known browser this is, in one query: the account's id and (lower-cased) e-mail address. */
export const deviceOwner = async (db: Db, tokenHash: string): Promise<{ userId: string; email: string } | undefined> =>
  (
    await db
      .select({ userId: knownDevices.userId, email: users.email })
      .from(knownDevices)
      .innerJoin(users, eq(users.id, knownDevices.userId))
      .where(eq(knownDevices.tokenHash, tokenHash))
  )[0]

export async function activeSysadminEmails(db: Db): Promise<string[]> {
  const rows = await db
    .select({ email: users.email })
    .from(users)
    .innerJoin(userRoles, eq(userRoles.userId, users.id))
    .where(and(eq(userRoles.role, 'sysadmin'), eq(users.status, 'active'), eq(users.demo, false)))
  return rows.map((r) => r.email)
}

export const clearThrottle = (db: Db, emailHash: string) =>
  db.delete(signInThrottle).where(eq(signInThrottle.emailHash, emailHash))

export async function replaceRecoveryCodes(db: Db, userId: string, hashes: string[]) {
  await db.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId))
  await db.insert(recoveryCodes).values(hashes.map((codeHash) => ({ userId, codeHash })))
}

/** Marks an unused code used; true when there was one. */
export async function useRecoveryCode(db: Db, userId: string, codeHash: string, at: Date): Promise<boolean> {
  const used = await db
    .update(recoveryCodes)
    .set({ usedAt: at })
    .where(and(eq(recoveryCodes.userId, userId), eq(recoveryCodes.codeHash, codeHash), isNull(recoveryCodes.usedAt)))
    .returning({ userId: recoveryCodes.userId })
  return used.length === 1
}

// --- administration and access reviews ---------------------------------------------------------------------------

/** Accounts with their organisation, by name: every one, or one organisation's. */
export const usersWithOrganisation = (db: Db, organisationId: string | null) =>
  db
    .select({ user: users, org: organisations })
    .from(users)
    .leftJoin(organisations, eq(users.organisationId, organisations.id))
    .where(organisationId ? eq(users.organisationId, organisationId) : undefined)
    .orderBy(asc(users.name))

export const rolesOfUsers = async (db: Db, userIds: readonly string[]) =>
  userIds.length
    ? db
        .select()
        .from(userRoles)
        .where(inArray(userRoles.userId, [...userIds]))
    : []

/** Takes these roles away, or every role when none is named. */
export const revokeRoles = (db: Db, userId: string, roles?: readonly Role[]) =>
  db.delete(userRoles).where(and(eq(userRoles.userId, userId), roles ? inArray(userRoles.role, [...roles]) : undefined))

export const deleteRecoveryCodes = (db: Db, userId: string) => db.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId))

export const openReviewOf = async (db: Db, reviewerId: string, organisationId: string | null) =>
  (
    await db
      .select()
      .from(accessReviews)
      .where(
        and(
          eq(accessReviews.reviewerId, reviewerId),
          isNull(accessReviews.completedAt),
          organisationId ? eq(accessReviews.organisationId, organisationId) : isNull(accessReviews.organisationId),
        ),
      )
  )[0]

export async function insertReview(db: Db, row: typeof accessReviews.$inferInsert) {
  const [review] = await db.insert(accessReviews).values(row).returning()
  return review!
}

export const decisionsOf = (db: Db, reviewId: string) =>
  db.select().from(accessReviewDecisions).where(eq(accessReviewDecisions.reviewId, reviewId))

export const completedReviews = (db: Db, organisationId: string | null) =>
  db
    .select({ review: accessReviews, reviewer: users.name })
    .from(accessReviews)
    .innerJoin(users, eq(users.id, accessReviews.reviewerId))
    .where(and(organisationId ? eq(accessReviews.organisationId, organisationId) : undefined))
    .orderBy(desc(accessReviews.startedAt))
    .limit(20)

export const recordDecision = (db: Db, row: typeof accessReviewDecisions.$inferInsert) =>
  db
    .insert(accessReviewDecisions)
    .values(row)
    .onConflictDoUpdate({
      target: [accessReviewDecisions.reviewId, accessReviewDecisions.userId],
      set: { decision: row.decision, decidedAt: row.decidedAt },
    })

export const completeReview = (db: Db, id: string, at: Date) =>
  db.update(accessReviews).set({ completedAt: at }).where(eq(accessReviews.id, id))

export const reviewsCompletedSince = (db: Db, since: Date) =>
  db.select({ organisationId: accessReviews.organisationId }).from(accessReviews).where(gt(accessReviews.completedAt, since))

/** Active accounts holding any of these roles, with their organisation's names. */
export const activeHolders = (db: Db, holding: readonly Role[]) =>
  db
    .selectDistinct({
      role: userRoles.role,
      organisationId: users.organisationId,
      nameEn: organisations.nameEn,
      nameUr: organisations.nameUr,
    })
    .from(userRoles)
    .innerJoin(users, eq(users.id, userRoles.userId))
    .leftJoin(organisations, eq(organisations.id, users.organisationId))
    .where(and(inArray(userRoles.role, [...holding]), eq(users.status, 'active')))

/** The active people holding any of these roles in an organisation: who is told about its duties. */
export const activeMembers = (db: Db, organisationId: string, holding: readonly Role[]) =>
  db
    .selectDistinct({ id: users.id, email: users.email })
    .from(users)
    .innerJoin(userRoles, eq(userRoles.userId, users.id))
    .where(and(eq(users.organisationId, organisationId), eq(users.status, 'active'), inArray(userRoles.role, [...holding])))

export const allOrganisations = (db: Db) => db.select().from(organisations).orderBy(asc(organisations.nameEn))

export async function insertOrganisation(db: Db, row: typeof organisations.$inferInsert) {
  const [saved] = await db.insert(organisations).values(row).returning({ id: organisations.id })
  return saved!
}

/** Bodies by short name, with the facts a list of bodies gives, to compare with it. */
export const organisationsBySlugs = async (db: Db, slugs: readonly string[]) =>
  slugs.length
    ? db
        .select({
          id: organisations.id,
          slug: organisations.slug,
          nameEn: organisations.nameEn,
          nameUr: organisations.nameUr,
          type: organisations.type,
          province: organisations.province,
        })
        .from(organisations)
        .where(inArray(organisations.slug, [...slugs]))
    : []

// --- demo accounts --------------------------------------------------------------------------------------------------

export async function activeDemoEmails(db: Db): Promise<string[]> {
  const rows = await db
    .select({ email: users.email })
    .from(users)
    .where(and(eq(users.demo, true), eq(users.status, 'active')))
    .orderBy(users.email)
  return rows.map((r) => r.email)
}

/** Deactivates the demo accounts that can still sign in and removes what signs them in; their ids. */
export const disableDemoAccounts = (db: Db) =>
  db
    .update(users)
    .set({ status: 'deactivated', passwordHash: null, mfaSecretSealed: null, mfaEnrolledAt: null, mfaLastStep: null })
    .where(and(eq(users.demo, true), sql`(${users.status} = 'active' or ${users.passwordHash} is not null)`))
    .returning({ id: users.id })

// Organisations from the reference data

/** Writes an organisation by its slug; one already there takes the new names, type, province and parent. */
export const upsertOrganisation = (db: Db, row: typeof organisations.$inferInsert) =>
  db
    .insert(organisations)
    .values(row)
    .onConflictDoUpdate({
      target: organisations.slug,
      set: fromExcluded(organisations, ['nameEn', 'nameUr', 'type', 'province', 'parentId']),
    })

// Sessions, by the hash of their token

export type SessionRow = typeof sessions.$inferSelect

export const insertSession = (db: Db, row: SessionRow) => db.insert(sessions).values(row)

export const findSession = async (db: Db, tokenHash: string) =>
  (await db.select().from(sessions).where(eq(sessions.tokenHash, tokenHash)))[0]

export const deleteSession = (db: Db, tokenHash: string) => db.delete(sessions).where(eq(sessions.tokenHash, tokenHash))

export const touchSession = (db: Db, tokenHash: string, at: Date) =>
  db.update(sessions).set({ lastSeenAt: at }).where(eq(sessions.tokenHash, tokenHash))

export const deleteSessionsOf = (db: Db, userId: string) => db.delete(sessions).where(eq(sessions.userId, userId))

/** Removes sessions past their absolute limit or idle since before `idleBefore`. */
export const deleteStaleSessions = (db: Db, now: Date, idleBefore: Date) =>
  db.delete(sessions).where(or(lt(sessions.expiresAt, now), lt(sessions.lastSeenAt, idleBefore)))

// One-time tokens for links (invitations, resets), by the hash of the token

export type AccountToken = typeof accountTokens.$inferSelect

export const insertToken = (db: Db, row: typeof accountTokens.$inferInsert) => db.insert(accountTokens).values(row)

/** The token's row if it is of this purpose, unused and unexpired. */
export const validTokenRow = async (db: Db, tokenHash: string, purpose: AccountToken['purpose'], now: Date) =>
  (
    await db
      .select()
      .from(accountTokens)
      .where(
        and(
          eq(accountTokens.tokenHash, tokenHash),
          eq(accountTokens.purpose, purpose),
          isNull(accountTokens.usedAt),
          gt(accountTokens.expiresAt, now),
        ),
      )
  )[0]

/** Marks a token used; false when another request used it first. */
export async function markTokenUsed(db: Db, tokenHash: string, now: Date): Promise<boolean> {
  const used = await db
    .update(accountTokens)
    .set({ usedAt: now })
    .where(and(eq(accountTokens.tokenHash, tokenHash), isNull(accountTokens.usedAt)))
    .returning({ tokenHash: accountTokens.tokenHash })
  return used.length === 1
}
