import assert from 'node:assert/strict'
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { createAuditLog } from '../platform/audit-log.ts'
import { readFile, storeFile } from '../platform/files.ts'
import { storedFiles } from '../platform/files.tables.ts'
import { manualClock } from '../test-support/app.ts'
import { freshDatabase, testEngineKind, type TestDatabase } from '../test-support/database.ts'
import { openEngine, type Engine } from './engine.ts'
import { feedbackMessages, policyPillars } from './schema.ts'
import { seed } from './seed.ts'
import { backupToFile, exportToDirectory, importFromDirectory, restoreFromFile, SnapshotError } from './snapshot.ts'

const scratch = () => mkdtempSync(join(tmpdir(), 'mizan-snapshot-'))

/** Some of everything: reference data, uuids, timestamps, jsonb, an erased audit payload, Urdu text. */
async function populate(engine: Engine) {
  await seed(engine.db)
  const clock = manualClock('2026-04-01T08:30:15.123Z')
  const audit = createAuditLog({ clock, auditKey: 'k'.repeat(32) })
  for (let i = 0; i < 1203; i++) {
    await engine.db.insert(feedbackMessages).values({
      receivedAt: clock.now(),
      locale: i % 2 ? 'ur' : 'en',
      topic: 'question',
      message: i % 2 ? `پیغام نمبر ${i} "اقتباس" \\ سلیش` : `message ${i}\nwith a line break`,
      contactSealed: i % 7 === 0 ? 'v1.k1.aaa.bbb.ccc' : null,
    })
    clock.advance(1001)
  }
  for (let i = 0; i < 5; i++) {
    await audit.record(
      engine.db,
      { kind: 'user', id: `u-${i}` },
      { action: 'test.changed', subject: { type: 'test', id: String(i) }, changes: { n: i, nested: { ok: true } } },
    )
  }
  await audit.erasePayload(engine.db, { kind: 'system', name: 'retention' }, 2, 'test')
  // Binary bytes, every value 0 to 255: files travel in backups and exports too.
  await storeFile(
    engine.db,
    { clock, audit },
    { kind: 'public' },
    {
      ownerType: 'test',
      ownerId: '1',
      filename: 'scan.png',
      bytes: Buffer.concat([
        Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
        Buffer.from(Array.from({ length: 256 }, (_, i) => i)),
      ]),
      allowed: ['png'],
      maxBytes: 1024,
    },
  )
  await audit.checkpoint(engine.db)
}

/** Every table's exported lines, by file name; the manifest without its time and engine. */
function contents(dir: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const f of readdirSync(dir).sort()) {
    const text = readFileSync(join(dir, f), 'utf8')
    if (f === 'manifest.json') {
      const { exportedAt: _a, engine: _e, ...rest } = JSON.parse(text)
      out[f] = JSON.stringify(rest)
    } else out[f] = text
  }
  return out
}

let source: TestDatabase
before(async () => {
  source = await freshDatabase()
  await populate(source.engine)
})
after(() => source?.dispose())

describe('backup and restore', () => {
  test('a backup restored into an empty database holds exactly the same data, and the audit chain still verifies', async () => {
    const file = join(scratch(), 'mizan.backup.gz')
    const manifest = await backupToFile(source.engine.db, source.engine.kind, file)
    assert.equal(manifest.tables.feedback_messages, 1203)
    assert.equal(manifest.tables.policy_pillars, 6)

    const target = await freshDatabase()
    try {
      await restoreFromFile(target.engine.db, file)
      const [a, b] = [scratch(), scratch()]
      await exportToDirectory(source.engine.db, source.engine.kind, a)
      await exportToDirectory(target.engine.db, target.engine.kind, b)
      assert.deepEqual(contents(b), contents(a))
      const audit = createAuditLog({ clock: manualClock(), auditKey: 'k'.repeat(32) })
      assert.deepEqual(await audit.verify(target.engine.db), { ok: true, entries: 7, checkpoints: 1, problems: [] })
      const [stored] = await target.engine.db.select({ id: storedFiles.id }).from(storedFiles)
      assert.equal((await readFile(target.engine.db, stored!.id))?.size, 264, 'the file is back, its checksum intact')
    } finally {
      await target.dispose()
    }
  })

  test('restoring into a database that holds data is refused, and changes nothing', async () => {
    const file = join(scratch(), 'b.gz')
    await backupToFile(source.engine.db, source.engine.kind, file)
    await assert.rejects(
      restoreFromFile(source.engine.db, file),
      (e: Error) => e instanceof SnapshotError && /not empty \(.*feedback_messages/.test(e.message),
    )
    assert.equal((await source.engine.db.select().from(policyPillars)).length, 6)
  })

  test('an export from another schema version is refused with what to do', async () => {
    const dir = scratch()
    await exportToDirectory(source.engine.db, source.engine.kind, dir)
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'))
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ ...manifest, migration: '0000_init' }))
    const target = await freshDatabase()
    try {
      await assert.rejects(importFromDirectory(target.engine.db, dir), /at migration 0000_init, this build at .*same version/)
    } finally {
      await target.dispose()
    }
  })

  test('an import that fails part-way leaves the target empty', async () => {
    const dir = scratch()
    await exportToDirectory(source.engine.db, source.engine.kind, dir)
    const lines = readFileSync(join(dir, 'feedback_messages.jsonl'), 'utf8').split('\n')
    lines[1100] = '{"id": "not-a-uuid"}'
    writeFileSync(join(dir, 'feedback_messages.jsonl'), lines.join('\n'))
    const target = await freshDatabase()
    try {
      await assert.rejects(importFromDirectory(target.engine.db, dir))
      assert.equal((await target.engine.db.select().from(policyPillars)).length, 0)
      assert.equal((await target.engine.db.select().from(feedbackMessages)).length, 0)
    } finally {
      await target.dispose()
    }
  })
})

describe('moving between engines', { skip: testEngineKind !== 'postgres' && 'runs in the PostgreSQL server pass' }, () => {
  test('export from PGlite, import into the server: every table is identical', async () => {
    const embedded = await openEngine({})
    await embedded.migrate()
    const server = await freshDatabase()
    try {
      await populate(embedded)
      const [fromPglite, fromServer] = [scratch(), scratch()]
      await exportToDirectory(embedded.db, 'pglite', fromPglite)
      await importFromDirectory(server.engine.db, fromPglite)
      await exportToDirectory(server.engine.db, 'postgres', fromServer)
      const a = contents(fromPglite)
      assert.ok(Object.keys(a).length >= 7)
      assert.deepEqual(contents(fromServer), a)
    } finally {
      await embedded.close()
      await server.dispose()
    }
  })
})
