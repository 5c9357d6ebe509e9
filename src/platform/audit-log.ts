import { createHash, createHmac, timingSafeEqual } from 'node:crypto'
import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs'
import canonicalize from 'canonicalize'
import { asc, desc, gt, sql } from 'drizzle-orm'
import type { Config } from '../config.ts'
import { queryRows, type Db } from '../db/engine.ts'
import { auditCheckpoints, auditEntries } from './audit.tables.ts'
import type { Clock } from './clock.ts'

/** Who did something. The public has no identity; jobs name themselves. */
export type Actor = { kind: 'public' } | { kind: 'user'; id: string } | { kind: 'system'; name: string }

/** A signed-in person as the audit log names them: by their account, nothing else. */
export const actorRef = (actor: { id: string }) => ({ kind: 'user' as const, id: actor.id })

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
type Hashed = Omit<Row, 'entryHash' | 'payload' | 'erasedAt'>

/**
 * Scheme 2 keys each entry's hash with MIZAN_AUDIT_KEY, so rewriting entries and recomputing the chain needs the key.
 * Scheme 1 (plain SHA-256) is how entries were chained before; it is accepted only where a signed checkpoint covers it.
 */
export const CURRENT_SCHEME = 2

const fieldsOf = (r: Hashed) => ({
  seq: r.seq,
  at: r.at.toISOString(),
  actorKind: r.actorKind,
  actorId: r.actorId,
  action: r.action,
  subjectType: r.subjectType,
  subjectId: r.subjectId,
  payloadHash: r.payloadHash,
  prevHash: r.prevHash,
})

/** A signed checkpoint as kept outside the database, one JSON object a line. */
export type Anchor = { seq: number; entryHash: string; at: string; signature: string }

export type AuditLog = ReturnType<typeof createAuditLog>

/** The audit log as configured: keyed with MIZAN_AUDIT_KEY, anchored in MIZAN_AUDIT_ANCHORS. */
export const auditLogFor = (config: Pick<Config, 'secrets' | 'auditAnchorFile'>, clock: Clock) =>
  createAuditLog({ clock, auditKey: config.secrets.auditKey, anchorFile: config.auditAnchorFile })

export function createAuditLog(deps: { clock: Clock; auditKey: string; anchorFile?: string | undefined }) {
  const keyed = (s: string) => createHmac('sha256', deps.auditKey).update(s).digest('hex')
  const sign = (seq: number, entryHash: string, at: Date) => keyed(canonical({ seq, entryHash, at: at.toISOString() }))
  const entryHashOf = (r: Hashed) =>
    r.hashScheme === 1 ? sha256(canonical(fieldsOf(r))) : keyed(canonical({ ...fieldsOf(r), scheme: r.hashScheme }))
  const sameText = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b))

  /** Appends and flushes one line: the file lives outside the database, ideally in an append-only folder. */
  function anchor(line: Anchor) {
    if (!deps.anchorFile) return
    const fd = openSync(deps.anchorFile, 'a', 0o600)
    try {
      writeSync(fd, `${JSON.stringify(line)}\n`)
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
  }

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
      const [last] = await t
        .select({ seq: auditEntries.seq, entryHash: auditEntries.entryHash })
        .from(auditEntries)
        .orderBy(desc(auditEntries.seq))
        .limit(1)
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
        hashScheme: CURRENT_SCHEME,
      }
      const entryHash = entryHashOf(base)
      await t.insert(auditEntries).values({ ...base, payload, entryHash })
      return { seq: base.seq, entryHash }
    })
  }

  /**
   * Removes a payload for retention or a data subject's request; the chain still verifies. The erasure is recorded
   * first, and the removal itself goes through a database function that refuses an entry without such a record:
   * the application's own database role may not update the log at all.
   */
  async function erasePayload(tx: Db, actor: Actor, seq: number, reason: string) {
    await tx.transaction(async (t) => {
      await record(t, actor, {
        action: 'audit.payload_erased',
        subject: { type: 'audit_entry', id: String(seq) },
        changes: { reason },
      })
      const rows = await queryRows<{ erased: boolean }>(
        t,
        sql`select mizan_erase_audit_payload(${seq}, ${deps.clock.now().toISOString()}::timestamptz) as erased`,
      )
      if (!rows[0]?.erased) throw new Error(`no audit entry ${seq} with a payload`)
    })
  }

  /** Signs the newest entry. Run periodically; each checkpoint is also appended to the anchor file and logged. */
  async function checkpoint(db: Db): Promise<{ seq: number; entryHash: string } | null> {
    const signed = await db.transaction(async (t) => {
      await t.execute(sql`select pg_advisory_xact_lock(${AUDIT_LOCK})`)
      const [last] = await t.select().from(auditEntries).orderBy(desc(auditEntries.seq)).limit(1)
      if (!last) return null
      const at = deps.clock.now()
      const row = { seq: last.seq, entryHash: last.entryHash, at, signature: sign(last.seq, last.entryHash, at) }
      const inserted = await t.insert(auditCheckpoints).values(row).onConflictDoNothing().returning({ seq: auditCheckpoints.seq })
      return { ...row, fresh: inserted.length > 0 }
    })
    if (!signed) return null
    // After the commit: an anchor for a checkpoint that was rolled back would itself look like tampering.
    if (signed.fresh)
      anchor({ seq: signed.seq, entryHash: signed.entryHash, at: signed.at.toISOString(), signature: signed.signature })
    return { seq: signed.seq, entryHash: signed.entryHash }
  }

  /**
   * Recomputes the whole chain and every checkpoint, and compares with the anchors kept outside the database when
   * given; names each altered, missing, re-ordered or unaccounted-for entry.
   */
  async function verify(db: Db, opts: { anchors?: readonly Anchor[] } = {}): Promise<VerifyReport> {
    const problems: string[] = []
    const hashes = new Map<number, string>()
    const erased: number[] = []
    const erasures = new Set<string>()
    const unkeyed: number[] = []
    let expected = 1
    let prev = GENESIS
    let entries = 0
    for (let after = 0; ;) {
      const rows = await db
        .select()
        .from(auditEntries)
        .where(gt(auditEntries.seq, after))
        .orderBy(asc(auditEntries.seq))
        .limit(BATCH)
      if (rows.length === 0) break
      for (const row of rows) {
        entries++
        if (row.seq !== expected) problems.push(`entries ${expected} to ${row.seq - 1} are missing`)
        if (row.payload !== null && sha256(canonical(row.payload)) !== row.payloadHash)
          problems.push(`entry ${row.seq}: its payload was altered`)
        if (row.payload === null) erased.push(row.seq)
        if (row.action === 'audit.payload_erased' && row.subjectType === 'audit_entry' && row.subjectId)
          erasures.add(row.subjectId)
        if (row.hashScheme !== CURRENT_SCHEME) unkeyed.push(row.seq)
        if (!sameText(entryHashOf(row), row.entryHash)) problems.push(`entry ${row.seq}: it was altered`)
        else if (row.prevHash !== prev)
          problems.push(`entry ${row.seq}: the chain is broken before it (entries deleted, inserted or re-ordered)`)
        hashes.set(row.seq, row.entryHash)
        prev = row.entryHash
        expected = row.seq + 1
      }
      after = rows.at(-1)!.seq
    }
    const newest = expected - 1
    for (const seq of erased)
      if (!erasures.has(String(seq))) problems.push(`entry ${seq}: its payload was removed without a recorded erasure`)

    const checkpoints = await db.select().from(auditCheckpoints).orderBy(asc(auditCheckpoints.seq))
    let covered = 0
    for (const c of checkpoints) {
      if (!sameText(sign(c.seq, c.entryHash, c.at), c.signature))
        problems.push(`checkpoint at entry ${c.seq}: its signature is wrong`)
      else if (!hashes.has(c.seq))
        problems.push(
          `checkpoint at entry ${c.seq}: entries ${newest + 1} to ${c.seq} are missing (the newest entries were deleted)`,
        )
      else if (hashes.get(c.seq) !== c.entryHash)
        problems.push(`checkpoint at entry ${c.seq}: the entry differs from what was signed`)
      else covered = Math.max(covered, c.seq)
    }
    const signedInDb = new Map(checkpoints.map((c) => [c.seq, c.signature]))
    for (const a of opts.anchors ?? []) {
      if (!sameText(sign(a.seq, a.entryHash, new Date(a.at)), a.signature))
        problems.push(`anchor at entry ${a.seq}: its signature is wrong`)
      else if (!hashes.has(a.seq))
        problems.push(`anchor at entry ${a.seq}: entries ${newest + 1} to ${a.seq} are missing (the newest entries were deleted)`)
      else if (hashes.get(a.seq) !== a.entryHash)
        problems.push(`anchor at entry ${a.seq}: the entry differs from what was signed`)
      else if (signedInDb.get(a.seq) !== a.signature)
        problems.push(`anchor at entry ${a.seq}: the database has lost this checkpoint`)
    }
    // Entries chained before the hash was keyed are trusted only as far as a signed checkpoint vouches for them.
    const loose = unkeyed.filter((seq) => seq > covered)
    if (loose.length)
      problems.push(`entry ${loose[0]}: its hash is not keyed and no signed checkpoint covers it (${loose.length} such entries)`)
    return { ok: problems.length === 0, entries, checkpoints: checkpoints.length, problems }
  }

  /** The newest entries, newest first, for the administrator's audit page. */
  const newest = (db: Db, limit: number) => db.select().from(auditEntries).orderBy(desc(auditEntries.seq)).limit(limit)

  return { record, erasePayload, checkpoint, verify, newest }
}
