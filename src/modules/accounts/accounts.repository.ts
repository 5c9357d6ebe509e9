import { and, eq, isNull, sql, type SQL } from 'drizzle-orm'
import { queryRows, type Db } from '../../db/engine.ts'
import type { Role } from '../../platform/rbac.ts'
import { knownDevices, organisations, recoveryCodes, signInThrottle, userRoles, users } from './accounts.tables.ts'

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

export const deviceOwner = async (db: Db, tokenHash: string): Promise<string | undefined> =>
  (await db.select({ userId: knownDevices.userId }).from(knownDevices).where(eq(knownDevices.tokenHash, tokenHash)))[0]?.userId

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
