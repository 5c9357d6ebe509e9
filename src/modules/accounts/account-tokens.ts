import { createHash, randomBytes } from 'node:crypto'
import type { Db } from '../../db/engine.ts'
import * as repo from './accounts.repository.ts'

export type { AccountToken } from './accounts.repository.ts'

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex')

/** A 256-bit token for a link; only its hash is stored, so the table cannot be used to forge links. */
export async function issueToken(tx: Db, row: Omit<Parameters<typeof repo.insertToken>[1], 'tokenHash'>): Promise<string> {
  const token = randomBytes(32).toString('base64url')
  await repo.insertToken(tx, { ...row, tokenHash: hashOf(token) })
  return token
}

/** The token's row if it is of this purpose, unused and unexpired. */
export const validToken = (db: Db, token: string, purpose: repo.AccountToken['purpose'], now: Date) =>
  repo.validTokenRow(db, hashOf(token), purpose, now)

/** Marks a token used; false when another request used it first. */
export const useToken = (tx: Db, token: string, now: Date): Promise<boolean> => repo.markTokenUsed(tx, hashOf(token), now)
