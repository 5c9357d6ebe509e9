import { and, eq, isNull, sql } from 'drizzle-orm'
import type { Db } from '../../db/engine.ts'
import type { Role } from '../../platform/rbac.ts'
import { organisations, recoveryCodes, signInThrottle, userRoles, users } from './accounts.tables.ts'

export type User = typeof users.$inferSelect

export const findUserByEmail = async (db: Db, email: string): Promise<User | undefined> =>
  (await db.select().from(users).where(sql`lower(${users.email}) = ${email.toLowerCase()}`))[0]

export const findUser = async (db: Db, id: string): Promise<User | undefined> => (await db.select().from(users).where(eq(users.id, id)))[0]

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

export const updateUser = (db: Db, id: string, set: Partial<typeof users.$inferInsert>) => db.update(users).set(set).where(eq(users.id, id))

export const findOrganisation = async (db: Db, id: string) => (await db.select().from(organisations).where(eq(organisations.id, id)))[0]

export const findOrganisationBySlug = async (db: Db, slug: string) =>
  (await db.select().from(organisations).where(eq(organisations.slug, slug)))[0]

export async function throttleOf(db: Db, emailHash: string) {
  return (await db.select().from(signInThrottle).where(eq(signInThrottle.emailHash, emailHash)))[0]
}

export async function recordFailure(db: Db, emailHash: string, notBefore: (failures: number) => Date) {
  const [row] = await db
    .insert(signInThrottle)
    .values({ emailHash, failures: 1, notBefore: notBefore(1) })
    .onConflictDoUpdate({ target: signInThrottle.emailHash, set: { failures: sql`${signInThrottle.failures} + 1` } })
    .returning()
  await db.update(signInThrottle).set({ notBefore: notBefore(row!.failures) }).where(eq(signInThrottle.emailHash, emailHash))
}

export const clearThrottle = (db: Db, emailHash: string) => db.delete(signInThrottle).where(eq(signInThrottle.emailHash, emailHash))

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
