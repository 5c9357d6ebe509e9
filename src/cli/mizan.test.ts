import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { sql } from 'drizzle-orm'
import { loadConfig } from '../config.ts'
import { openEngine } from '../db/engine.ts'
import { createAuditLog } from '../platform/audit-log.ts'
import { systemClock } from '../platform/clock.ts'
import { TEST_SECRETS } from '../test-support/app.ts'
import { freshDatabase, testEngineKind, type TestDatabase } from '../test-support/database.ts'

const bin = fileURLToPath(new URL('../../bin/mizan.js', import.meta.url))

let d: TestDatabase | undefined
const env: Record<string, string> = { MIZAN_DATA_DIR: mkdtempSync(join(tmpdir(), 'mizan-cli-')) }
before(async () => {
  // On the server engine, the CLI works on a fresh database of its own; on PGlite, on the data directory.
  if (testEngineKind === 'postgres') {
    d = await freshDatabase()
    Object.assign(env, { DATABASE_URL: d.databaseUrl!, ...TEST_SECRETS })
  }
})
after(() => d?.dispose())

const mizan = (...args: string[]) =>
  spawnSync(process.execPath, [bin, ...args], { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 120_000 })

describe('the mizan command', () => {
  test('--help lists the commands', () => {
    const r = mizan('--help')
    assert.equal(r.status, 0)
    for (const c of ['migrate', 'seed', 'secrets', 'jobs', 'audit']) assert.match(r.stdout, new RegExp(`\\b${c}\\b`))
  })

  test('migrate, then seed twice, gives the same counts', () => {
    const m = mizan('migrate')
    assert.equal(m.status, 0, m.stderr)
    assert.match(m.stdout, /migrations applied/)
    const first = mizan('seed')
    const second = mizan('seed')
    assert.equal(first.status, 0, first.stderr)
    assert.match(first.stdout, /policyPillars: 6/)
    assert.equal(second.stdout, first.stdout)
  })

  test('audit checkpoint signs the newest entry and audit verify finds the chain intact', () => {
    const empty = mizan('audit', 'verify')
    assert.equal(empty.status, 0, empty.stderr)
    assert.match(empty.stdout, /^intact: 0 entries, 0 checkpoints$/m)
    assert.match(mizan('audit', 'checkpoint').stdout, /the audit log is empty/)
  })

  test('audit verify exits 1 and names the entry when the log was tampered with', async () => {
    const engine = await openEngine({ databaseUrl: env.DATABASE_URL, dataDir: env.MIZAN_DATA_DIR })
    try {
      const log = createAuditLog({ clock: systemClock, auditKey: loadConfig(env).secrets.auditKey })
      for (const id of ['a', 'b', 'c']) await log.record(engine.db, { kind: 'system', name: 'test' }, { action: 'test.made', subject: { type: 'test', id } })
      await engine.db.execute(sql.raw('alter table audit_entries disable trigger user'))
      await engine.db.execute(sql.raw(`update audit_entries set subject_id = 'z' where seq = 2`))
      await engine.db.execute(sql.raw('alter table audit_entries enable trigger user'))
    } finally {
      await engine.close()
    }
    const r = mizan('audit', 'verify')
    assert.equal(r.status, 1)
    assert.match(r.stdout, /^PROBLEM entry 2: it was altered$/m)
    assert.match(r.stdout, /^TAMPERED: 3 entries/m)
  })

  test('jobs run-due runs what is due and says so', () => {
    const r = mizan('jobs', 'run-due')
    assert.equal(r.status, 0, r.stderr)
    assert.match(r.stdout, /nothing was due|audit\.checkpoint: ok/)
  })

  test('backup, then restore into a new data directory or database, brings every row back', async () => {
    const file = join(env.MIZAN_DATA_DIR!, 'backup.gz')
    const b = mizan('backup', file)
    assert.equal(b.status, 0, b.stderr)
    assert.match(b.stdout, /^backed up \d+ rows in \d+ tables, at migration \d{4}_\w+ to /)
    const target = testEngineKind === 'postgres' ? await freshDatabase() : undefined
    const restoreEnv = target ? { DATABASE_URL: target.databaseUrl! } : { MIZAN_DATA_DIR: mkdtempSync(join(tmpdir(), 'mizan-restore-')) }
    try {
      const r = spawnSync(process.execPath, [bin, 'restore', file], { env: { ...process.env, ...env, ...restoreEnv }, encoding: 'utf8' })
      assert.equal(r.status, 0, r.stderr)
      assert.equal(r.stdout.replace('restored', ''), b.stdout.replace('backed up', '').replace(/ to .*\n$/, '\n'))
      const again = spawnSync(process.execPath, [bin, 'restore', file], { env: { ...process.env, ...env, ...restoreEnv }, encoding: 'utf8' })
      assert.equal(again.status, 1)
      assert.match(again.stderr, /^mizan: The target database is not empty/)
    } finally {
      await target?.dispose()
    }
  })

  test('a command on the embedded database refuses to run while another process has it open', { skip: testEngineKind === 'postgres' }, async () => {
    const engine = await openEngine({ dataDir: env.MIZAN_DATA_DIR })
    try {
      const r = mizan('migrate')
      assert.equal(r.status, 1)
      assert.match(r.stderr, new RegExp(`in use by process ${process.pid} \\(is Mizan running\\?\\)`))
    } finally {
      await engine.close()
    }
    assert.equal(mizan('migrate').status, 0)
  })

  test('secrets prints variables a server deployment accepts', () => {
    const r = mizan('secrets')
    assert.match(r.stdout, /^MIZAN_COOKIE_SECRET=\S{43}$/m)
    assert.match(r.stdout, /^MIZAN_ENCRYPTION_KEYS=k\d{8}:\S{44}$/m)
    assert.match(r.stdout, /^MIZAN_AUDIT_KEY=\S{43}$/m)
  })

  test('an unknown command fails with a message, not a stack trace', () => {
    const r = mizan('frobnicate')
    assert.notEqual(r.status, 0)
    assert.match(r.stderr, /unknown command/)
    assert.doesNotMatch(r.stderr, /at .*\.ts:\d+/)
  })
})
