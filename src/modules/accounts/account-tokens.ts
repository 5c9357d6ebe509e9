import { createHash, randomBytes } from 'node:crypto'
import { and, eq, gt, isNull } from 'drizzle-orm'
import type { Db } from '../../db/engine.ts'
import { accountTokens } from './accounts.tables.ts'

export type AccountToken = typeof accountTokens.$inferSelect

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex')

/** A 256-bit token for a link; only its hash is stored, so the table cannot be used to forge links. */
export async function issueToken(tx: Db, row: Omit<typeof accountTokens.$inferInsert, 'tokenHash'>): Promise<string> {
  const token = randomBytes(32).toString('base64url')
  await tx.insert(accountTokens).values({ ...row, tokenHash: hashOf(token) })
  return token
}

/** The token's row if it is of this purpose, unused and unexpired. */
export async function validToken(
  db: Db,
  token: string,
  purpose: AccountToken['purpose'],
  now: Date,
): Promise<AccountToken | undefined> {
  const [row] = await db
    .select()
    .from(accountTokens)
    .where(
      and(
        eq(accountTokens.tokenHash, hashOf(token)),
        eq(accountTokens.purpose, purpose),
        isNull(accountTokens.usedAt),
        gt(accountTokens.expiresAt, now),
      ),
    )
  return row
}

/** Marks a token used; false when another request used it first. */
export async function useToken(tx: Db, token: string, now: Date): Promise<boolean> {
  const used = await tx
    .update(accountTokens)
    .set({ usedAt: now })
    .where(and(eq(accountTokens.tokenHash, hashOf(token)), isNull(accountTokens.usedAt)))
    .returning({ tokenHash: accountTokens.tokenHash })
  return used.length === 1
}
