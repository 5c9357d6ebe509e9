import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import canonicalize from 'canonicalize'
import { asc, sql } from 'drizzle-orm'
import { after, before, describe, test } from 'node:test'
import type { Db } from '../db/engine.ts'
import { manualClock } from '../test-support/app.ts'
import { freshDatabase, testEngineKind, type TestDatabase, appendOnlyRefusal } from '../test-support/database.ts'
import { createAuditLog, type Anchor, type VerifyReport } from './audit-log.ts'
import { auditEntries } from './audit.tables.ts'

let d: TestDatabase
let db: Db
const clock = manualClock()
const anchorFile = join(mkdtempSync(join(tmpdir(), 'mizan-anchors-')), 'audit-anchors.jsonl')
const audit = createAuditLog({ clock, auditKey: 'k'.repeat(32), anchorFile })
const anchors = () =>
  readFileSync(anchorFile, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Anchor)
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex')
const reviewer = { kind: 'user', id: 'u-17' } as const

before(async () => {
  d = await freshDatabase()
  db = d.engine.db
  for (let i = 1; i <= 6; i++) {
    clock.advance(1000)
    await audit.record(db, reviewer, {
      action: 'register.published',
      subject: { type: 'system', id: `s-${i}` },
      changes: { version: i },
    })
  }
  await audit.checkpoint(db)
})
after(() => d?.dispose())

class Rollback extends Error {}

/** Tampers as the schema's owner would (triggers off), verifies, then undoes it all. */
async function verifyAfterTampering(
  tamper: string[] | ((tx: Db) => Promise<void>),
  opts: { anchors?: Anchor[] } = {},
): Promise<VerifyReport> {
  let report: VerifyReport | undefined
  await d.owner
    .transaction(async (tx) => {
      await tx.execute(sql.raw('alter table audit_entries disable trigger user'))
      await tx.execute(sql.raw('alter table audit_checkpoints disable trigger user'))
      if (typeof tamper === 'function') await tamper(tx)
      else for (const statement of tamper) await tx.execute(sql.raw(statement))
      report = await audit.verify(tx, opts)
      throw new Rollback()
    })
    .catch((e) => {
      if (!(e instanceof Rollback)) throw e
    })
  return report!
}

describe('the audit log', () => {
  test('an untouched chain verifies', async () => {
    assert.deepEqual(await audit.verify(db), { ok: true, entries: 6, checkpoints: 1, problems: [] })
  })

  test('the database itself refuses updates, deletes and truncation', async () => {
    // drizzle wraps the database's error; the refusal itself is the cause.
    // Even the schema's owner: the trigger stands until someone disables it on purpose.
    const owner = d.owner
    await assert.rejects(owner.execute(sql`update audit_entries set action = 'x' where seq = 1`), appendOnlyRefusal)
    await assert.rejects(owner.execute(sql`delete from audit_entries where seq = 6`), appendOnlyRefusal)
    await assert.rejects(owner.execute(sql`truncate audit_entries`), appendOnlyRefusal)
    await assert.rejects(owner.execute(sql`delete from audit_checkpoints`), appendOnlyRefusal)
    assert.equal((await audit.verify(db)).ok, true)
  })

  test('an altered entry is detected', async () => {
    const r = await verifyAfterTampering([`update audit_entries set actor_id = 'u-99' where seq = 3`])
    assert.deepEqual(r.problems, ['entry 3: it was altered'])
  })

  test('an altered payload is detected', async () => {
    const r = await verifyAfterTampering([`update audit_entries set payload = '{"version": 300}' where seq = 3`])
    assert.deepEqual(r.problems, ['entry 3: its payload was altered'])
  })

  test('a deleted entry in the middle is detected', async () => {
    const r = await verifyAfterTampering(['delete from audit_entries where seq = 2'])
    assert.ok(r.problems.includes('entries 2 to 2 are missing'), r.problems.join('; '))
    assert.ok(r.problems.some((p) => p.startsWith('entry 3: the chain is broken')))
  })

  test('deleting the newest entries is detected by the signed checkpoint', async () => {
    const r = await verifyAfterTampering(['delete from audit_entries where seq >= 5'])
    assert.deepEqual(r.problems, ['checkpoint at entry 6: entries 5 to 6 are missing (the newest entries were deleted)'])
  })

  test('re-ordered entries are detected', async () => {
    const r = await verifyAfterTampering([
      'update audit_entries set seq = -2 where seq = 2',
      'update audit_entries set seq = 2 where seq = 3',
      'update audit_entries set seq = 3 where seq = -2',
    ])
    assert.equal(r.ok, false)
    assert.ok(r.problems.includes('entry 2: it was altered'))
    assert.ok(r.problems.includes('entry 3: it was altered'))
  })

  test(
    'the app’s own database role cannot rewrite the log: no update, delete, truncate or trigger switched off, and no erasure that is not recorded',
    { skip: testEngineKind === 'pglite' && 'the embedded engine has one role' },
    async () => {
      const denied = (e: Error) =>
        /permission denied|must be owner|record its erasure/.test(`${e.message} ${(e.cause as Error | undefined)?.message}`)
      await assert.rejects(db.execute(sql`update audit_entries set action = 'x' where seq = 1`), denied)
      await assert.rejects(db.execute(sql`delete from audit_entries where seq = 6`), denied)
      await assert.rejects(db.execute(sql`truncate audit_entries`), denied)
      await assert.rejects(db.execute(sql`delete from audit_checkpoints`), denied)
      await assert.rejects(db.execute(sql.raw('alter table audit_entries disable trigger user')), denied)
      await assert.rejects(db.execute(sql`select mizan_erase_audit_payload(2, now())`), denied)
      assert.deepEqual((await audit.verify(db)).problems, [])
    },
  )

  test('entries after the newest checkpoint, rewritten with their chain recomputed, are named: the hash needs the key', async () => {
    await audit.record(db, reviewer, { action: 'register.published', subject: { type: 'system', id: 's-7' } })
    await audit.record(db, reviewer, { action: 'register.published', subject: { type: 'system', id: 's-8' } })
    const rechain = (scheme: number) => async (tx: Db) => {
      const rows = await tx
        .select()
        .from(auditEntries)
        .where(sql`seq >= 7`)
        .orderBy(asc(auditEntries.seq))
      let prev = rows[0]!.prevHash
      for (const r of rows) {
        const forged = { ...r, subjectId: r.seq === 7 ? 's-forged' : r.subjectId, prevHash: prev }
        const fields = {
          seq: r.seq,
          at: r.at.toISOString(),
          actorKind: r.actorKind,
          actorId: r.actorId,
          action: r.action,
          subjectType: r.subjectType,
          subjectId: forged.subjectId,
          payloadHash: r.payloadHash,
          prevHash: prev,
        }
        const hash = sha256(canonicalize(scheme === 1 ? fields : { ...fields, scheme }) ?? '')
        await tx.execute(
          sql`update audit_entries set subject_id = ${forged.subjectId}, prev_hash = ${prev}, entry_hash = ${hash}, hash_scheme = ${scheme} where seq = ${r.seq}`,
        )
        prev = hash
      }
    }
    assert.deepEqual((await verifyAfterTampering(rechain(2))).problems, ['entry 7: it was altered', 'entry 8: it was altered'])
    assert.deepEqual((await verifyAfterTampering(rechain(1))).problems, [
      'entry 7: its hash is not keyed and no signed checkpoint covers it (2 such entries)',
    ])
  })

  test('deleting the newest entries together with their checkpoint is detected by the anchor kept outside the database', async () => {
    const c = await audit.checkpoint(db)
    const r = await verifyAfterTampering(
      [`delete from audit_entries where seq >= ${c!.seq - 1}`, `delete from audit_checkpoints where seq = ${c!.seq}`],
      { anchors: anchors() },
    )
    assert.deepEqual(r.problems, [
      `anchor at entry ${c!.seq}: entries ${c!.seq - 1} to ${c!.seq} are missing (the newest entries were deleted)`,
    ])
    assert.deepEqual((await audit.verify(db, { anchors: anchors() })).problems, [])
  })

  test('a payload erased directly in the database, without a recorded erasure, is named', async () => {
    const r = await verifyAfterTampering([`update audit_entries set payload = null, erased_at = now() where seq = 2`])
    assert.deepEqual(r.problems, ['entry 2: its payload was removed without a recorded erasure'])
  })

  test('a forged checkpoint is detected', async () => {
    const r = await verifyAfterTampering([
      'alter table audit_checkpoints disable trigger user',
      `update audit_checkpoints set signature = repeat('0', 64) where seq = 6`,
    ])
    assert.deepEqual(r.problems, ['checkpoint at entry 6: its signature is wrong'])
  })

  test('erasing a payload keeps the chain valid and is itself recorded', async () => {
    await audit.erasePayload(db, { kind: 'system', name: 'retention' }, 1, 'retention period over')
    const rows = await db.select().from(auditEntries).orderBy(asc(auditEntries.seq))
    assert.equal(rows[0]!.payload, null)
    assert.ok(rows[0]!.erasedAt)
    assert.equal(rows.at(-1)!.action, 'audit.payload_erased')
    assert.deepEqual(rows.at(-1)!.payload, { reason: 'retention period over' })
    assert.equal((await audit.verify(db)).ok, true)
  })

  test('personal data is never copied in: only "changed" and a keyed hash', async () => {
    const { seq } = await audit.record(
      db,
      { kind: 'public' },
      {
        action: 'feedback.received',
        subject: { type: 'feedback', id: 'f-1' },
        changes: { topic: 'question' },
        personal: { email: 'ayesha@example.pk', name: '' },
      },
    )
    const [row] = await db
      .select()
      .from(auditEntries)
      .where(sql`seq = ${seq}`)
    const text = JSON.stringify(row)
    assert.doesNotMatch(text, /ayesha/)
    assert.equal(row!.payload!.topic, 'question')
    assert.equal(row!.payload!.name, null)
    assert.deepEqual(Object.keys(row!.payload!.email as object).sort(), ['changed', 'hmac'])
  })

  test('concurrent appends never fork the chain', async () => {
    const before = (await audit.verify(db)).entries
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        db.transaction((tx) =>
          audit.record(tx, reviewer, { action: 'test.concurrent', subject: { type: 'test', id: String(i) } }),
        ),
      ),
    )
    const report = await audit.verify(db)
    assert.deepEqual(report.problems, [])
    assert.equal(report.entries, before + 20)
  })

  test('an entry written in a transaction that fails disappears with it', async () => {
    const before = (await audit.verify(db)).entries
    await assert.rejects(
      db.transaction(async (tx) => {
        await audit.record(tx, reviewer, { action: 'test.rolled_back', subject: { type: 'test' } })
        throw new Error('the change failed')
      }),
      /the change failed/,
    )
    assert.equal((await audit.verify(db)).entries, before)
  })
})
