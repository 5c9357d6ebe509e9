import type { Db } from '../../db/engine.ts'
import * as repo from './accounts.repository.ts'
import type { AccountsDeps } from './accounts.service.ts'
import { endAllSessions } from './sessions.ts'

/** The demo seed's accounts that can still sign in, with the password the README publishes. */
export const activeDemoAccounts = (db: Db): Promise<string[]> => repo.activeDemoEmails(db)

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
    const removed = await repo.disableDemoAccounts(tx)
    for (const { id } of removed) {
      await endAllSessions(tx, id)
      await repo.deleteRecoveryCodes(tx, id)
      await deps.audit.record(
        tx,
        { kind: 'system', name: 'cli' },
        { action: 'accounts.demo_removed', subject: { type: 'user', id } },
      )
    }
    return removed.length
  })
}
