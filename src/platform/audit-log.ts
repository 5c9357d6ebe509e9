import { createHash, createHmac, timingSafeEqual } from 'node:crypto'
import canonicalize from 'canonicalize'
import { asc, desc, eq, gt, sql } from 'drizzle-orm'
import type { Db } from '../db/engine.ts'
import { auditCheckpoints, auditEntries } from './audit.tables.ts'
import type { Clock } from './clock.ts'

/** Who did something. The public has no identity; jobs name themselves. */
export type Actor = { kind: 'public' } | { kind: 'user'; id: string } | { kind: 'system'; name: string }

export type AuditEvent = {
  /** `<feature>.<what happened>`, e.g. `feedback.received`, `register.published`. */
  action: string
  subject: { type: string; id?: string | null | undefined }
  /** What changed, minus personal data. */
  changes?: Record<string, unknown>
  /** Personal fields: recorded only as "changed", with a keyed hash that proves a value without revealing it. */
  personal?: Record<string, string | null | undefined>
}

export type VerifyReport = { ok: boolean; entries: number; checkpoints: number; problems: string[] }

/** Any constant: the same in every process, so appends from all of them queue on one lock. */
const AUDIT_LOCK = 727_002
const GENESIS = '0'.repeat(64)
const BATCH = 1000

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex')
const canonical = (v: unknown) => canonicalize(v) ?? 'null'

type Row = typeof auditEntries.$inferSelect

const entryHashOf = (r: Omit<Row, 'entryHash' | 'payload' | 'erasedAt'>) =>
  sha256(
    canonical({
      seq: r.seq,
      at: r.at.toISOString(),
      actorKind: r.actorKind,
      actorId: r.actorId,
      action: r.action,
      subjectType: r.subjectType,
      subjectId: r.subjectId,
      payloadHash: r.payloadHash,
      prevHash: r.prevHash,
    }),
  )

export type AuditLog = ReturnType<typeof createAuditLog>

export function createAuditLog(deps: { clock: Clock; auditKey: string }) {
  const keyed = (s: string) => createHmac('sha256', deps.auditKey).update(s).digest('hex')
  const sign = (seq: number, entryHash: string, at: Date) => keyed(canonical({ seq, entryHash, at: at.toISOString() }))

  function payloadOf(event: AuditEvent): Record<string, unknown> {
    const personal = Object.entries(event.personal ?? {}).map(([field, value]) => [
      field,
      value == null || value === '' ? null : { changed: true, hmac: keyed(`${field}\n${value}`) },
    ])
    return { ...(event.changes ?? {}), ...Object.fromEntries(personal) }
  }

  /**
   * Appends an entry in the caller's transaction, so the change and its record commit or vanish together.
   * The advisory lock makes concurrent appends queue, so the chain never forks.
   */
  async function record(tx: Db, actor: Actor, event: AuditEvent): Promise<{ seq: number; entryHash: string }> {
    return tx.transaction(async (t) => {
      await t.execute(sql`select pg_advisory_xact_lock(${AUDIT_LOCK})`)
      const [last] = await t.select({ seq: auditEntries.seq, entryHash: auditEntries.entryHash }).from(auditEntries).orderBy(desc(auditEntries.seq)).limit(1)
      const payload = payloadOf(event)
      const base = {
        seq: (last?.seq ?? 0) + 1,
        at: deps.clock.now(),
        actorKind: actor.kind,
        actorId: actor.kind === 'user' ? actor.id : actor.kind === 'system' ? actor.name : null,
        action: event.action,
        subjectType: event.subject.type,
        subjectId: event.subject.id ?? null,
        payloadHash: sha256(canonical(payload)),
        prevHash: last?.entryHash ?? GENESIS,
      }
      const entryHash = entryHashOf(base)
      await t.insert(auditEntries).values({ ...base, payload, entryHash })
      return { seq: base.seq, entryHash }
    })
  }

  /** Removes a payload for retention or a data subject's request; the chain still verifies, and the erasure is itself recorded. */
  async function erasePayload(tx: Db, actor: Actor, seq: number, reason: string) {
    await tx.transaction(async (t) => {
      const updated = await t
        .update(auditEntries)
        .set({ payload: null, erasedAt: deps.clock.now() })
        .where(eq(auditEntries.seq, seq))
        .returning({ seq: auditEntries.seq })
      if (updated.length === 0) throw new Error(`no audit entry ${seq}`)
      await record(t, actor, { action: 'audit.payload_erased', subject: { type: 'audit_entry', id: String(seq) }, changes: { reason } })
    })
  }

  /** Signs the newest entry. Run periodically; each checkpoint is also logged, which anchors it outside the database. */
  async function checkpoint(db: Db): Promise<{ seq: number; entryHash: string } | null> {
    return db.transaction(async (t) => {
      await t.execute(sql`select pg_advisory_xact_lock(${AUDIT_LOCK})`)
      const [last] = await t.select().from(auditEntries).orderBy(desc(auditEntries.seq)).limit(1)
      if (!last) return null
      const at = deps.clock.now()
      await t
        .insert(auditCheckpoints)
        .values({ seq: last.seq, entryHash: last.entryHash, at, signature: sign(last.seq, last.entryHash, at) })
        .onConflictDoNothing()
      return { seq: last.seq, entryHash: last.entryHash }
    })
  }

  /** Recomputes the whole chain and every checkpoint; names each altered, missing or re-ordered entry. */
  async function verify(db: Db): Promise<VerifyReport> {
    const problems: string[] = []
    const hashes = new Map<number, string>()
    let expected = 1
    let prev = GENESIS
    let entries = 0
    for (let after = 0; ; ) {
      const rows = await db.select().from(auditEntries).where(gt(auditEntries.seq, after)).orderBy(asc(auditEntries.seq)).limit(BATCH)
      if (rows.length === 0) break
      for (const row of rows) {
        entries++
        if (row.seq !== expected) problems.push(`entries ${expected} to ${row.seq - 1} are missing`)
        if (row.payload !== null && sha256(canonical(row.payload)) !== row.payloadHash) problems.push(`entry ${row.seq}: its payload was altered`)
        if (row.payload === null && row.erasedAt === null) problems.push(`entry ${row.seq}: its payload was removed without an erasure`)
        if (entryHashOf(row) !== row.entryHash) problems.push(`entry ${row.seq}: it was altered`)
        else if (row.prevHash !== prev) problems.push(`entry ${row.seq}: the chain is broken before it (entries deleted, inserted or re-ordered)`)
        hashes.set(row.seq, row.entryHash)
        prev = row.entryHash
        expected = row.seq + 1
      }
      after = rows.at(-1)!.seq
    }
    const checkpoints = await db.select().from(auditCheckpoints).orderBy(asc(auditCheckpoints.seq))
    for (const c of checkpoints) {
      const good = Buffer.from(sign(c.seq, c.entryHash, c.at))
      const given = Buffer.from(c.signature)
      if (good.length !== given.length || !timingSafeEqual(good, given)) problems.push(`checkpoint at entry ${c.seq}: its signature is wrong`)
      else if (!hashes.has(c.seq)) problems.push(`checkpoint at entry ${c.seq}: the entry is missing (the newest entries were deleted)`)
      else if (hashes.get(c.seq) !== c.entryHash) problems.push(`checkpoint at entry ${c.seq}: the entry differs from what was signed`)
    }
    return { ok: problems.length === 0, entries, checkpoints: checkpoints.length, problems }
  }

  return { record, erasePayload, checkpoint, verify }
}
