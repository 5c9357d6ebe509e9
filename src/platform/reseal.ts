import { and, isNotNull, sql } from 'drizzle-orm'
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core'
import { queryRows, type Db } from '../db/engine.ts'
import type { AuditLog } from './audit-log.ts'
import { decrypt, encrypt, type KeyRing } from './crypto.ts'

/** A column holding values sealed by `encrypt`, and its table's key: a key rotation re-seals these. */
export type SealedColumn = { name: string; table: PgTable; id: PgColumn; sealed: PgColumn }

const BATCH = 500

/**
 * Re-seals every value still under an older key with the current one, so the old key can then be removed from
 * `MIZAN_ENCRYPTION_KEYS`. Values already under the current key are left alone, so it can run again after a stop.
 */
export async function resealAll(
  db: Db,
  ring: KeyRing,
  columns: readonly SealedColumn[],
  audit: AuditLog,
): Promise<Record<string, number>> {
  const counts: Record<string, number> = {}
  for (const c of columns) {
    let done = 0
    for (;;) {
      const rows = await queryRows<{ id: string; sealed: string }>(
        db,
        sql`select ${c.id}::text as id, ${c.sealed} as sealed from ${c.table} where ${and(isNotNull(c.sealed), sql`split_part(${c.sealed}, '.', 2) <> ${ring.current}`)} limit ${BATCH}`,
      )
      if (rows.length === 0) break
      await db.transaction(async (tx) => {
        for (const r of rows)
          await tx.execute(
            sql`update ${c.table} set ${sql.identifier(c.sealed.name)} = ${encrypt(ring, decrypt(ring, r.sealed))} where ${c.id} = ${r.id}`,
          )
      })
      done += rows.length
    }
    counts[c.name] = done
  }
  await audit.record(
    db,
    { kind: 'system', name: 'reseal' },
    { action: 'crypto.resealed', subject: { type: 'encryption_key', id: ring.current }, changes: counts },
  )
  return counts
}
