import { and, eq, sql } from 'drizzle-orm'
import type { Db } from '../../db/engine.ts'
import { recoveryCodes, users } from './accounts.tables.ts'
import type { AccountsDeps } from './accounts.service.ts'
import { endAllSessions } from './sessions.ts'

/** The demo seed's accounts that can still sign in, with the password the README publishes. */
export async function activeDemoAccounts(db: Db): Promise<string[]> {
  const rows = await db
    .select({ email: users.email })
    .from(users)
    .where(and(eq(users.demo, true), eq(users.status, 'active')))
    .orderBy(users.email)
  return rows.map((r) => r.email)
}

/** Why a production process must not serve this database, or null when it may. */
export async function demoAccountsProblem(db: Db): Promise<string | null> {
  const active = await activeDemoAccounts(db)
  if (active.length === 0) return null
  return (
    `This database holds ${active.length} demo account(s) whose password is published (${active.join(', ')}).\n` +
    'Production refuses to serve it. Remove them first: npm run mizan -- demo remove'
  )
}

/**
 * Deactivates every demo account and takes away what signs it in (password, authenticator, recovery codes,
 * sessions), one audit entry each. The accounts stay, so the records they made still name who made them.
 */
export async function removeDemoAccounts(deps: AccountsDeps): Promise<number> {
  return deps.db.transaction(async (tx) => {
    const removed = await tx
      .update(users)
      .set({ status: 'deactivated', passwordHash: null, mfaSecretSealed: null, mfaEnrolledAt: null, mfaLastStep: null })
      .where(and(eq(users.demo, true), sql`(${users.status} = 'active' or ${users.passwordHash} is not null)`))
      .returning({ id: users.id })
    for (const { id } of removed) {
      await endAllSessions(tx, id)
      await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, id))
      await deps.audit.record(
        tx,
        { kind: 'system', name: 'cli' },
        { action: 'accounts.demo_removed', subject: { type: 'user', id } },
      )
    }
    return removed.length
  })
}
