import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { sql } from 'drizzle-orm'
import { loadConfig } from '../config.ts'
import { openEngine } from '../db/engine.ts'
import { createAuditLog } from '../platform/audit-log.ts'
import { systemClock } from '../platform/clock.ts'
import { demoAccountCount } from '../modules/accounts/accounts.seed.ts'
import { TEST_SECRETS } from '../test-support/app.ts'
import { completeRecord } from '../test-support/register.ts'
import { freshDatabase, testEngineKind, type TestDatabase } from '../test-support/database.ts'

const bin = fileURLToPath(new URL('../../bin/mizan.js', import.meta.url))

let d: TestDatabase | undefined
const env: Record<string, string> = { MIZAN_DATA_DIR: mkdtempSync(join(tmpdir(), 'mizan-cli-')) }
before(async () => {
  // On the server engine, the CLI works on a fresh database of its own; on PGlite, on the data directory.
  if (testEngineKind === 'postgres') {
    d = await freshDatabase()
    Object.assign(env, { DATABASE_URL: d.databaseUrl!, MIZAN_MIGRATION_DATABASE_URL: d.migrationUrl!, ...TEST_SECRETS })
  }
})
after(() => d?.dispose())

const mizan = (...args: string[]) =>
  spawnSync(process.execPath, [bin, ...args], { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 120_000 })

describe('the mizan command', () => {
  test('--help lists the commands', () => {
    const r = mizan('--help')
    assert.equal(r.status, 0)
    for (const c of ['migrate', 'seed', 'secrets', 'jobs', 'audit', 'import']) assert.match(r.stdout, new RegExp(`\\b${c}\\b`))
  })

  test('migrate, then seed twice, gives the same counts', () => {
    const m = mizan('migrate')
    assert.equal(m.status, 0, m.stderr)
    assert.match(m.stdout, /migrations applied/)
    const first = mizan('seed')
    const second = mizan('seed')
    assert.equal(first.status, 0, first.stderr)
    assert.match(first.stdout, /policyPillars: 6\norganisations: 32\nquestionnaires: 3\npolicyItems: 99\n/)
    // Demo accounts are for trying Mizan on the embedded engine; never on a server database.
    if (testEngineKind === 'pglite') assert.match(first.stdout, new RegExp(`demoAccounts: ${demoAccountCount()}`))
    else assert.doesNotMatch(first.stdout, /demoAccounts/)
    assert.equal(second.stdout, first.stdout)
  })

  test('audit checkpoint signs the newest entry and audit verify finds the chain intact', () => {
    const before = mizan('audit', 'verify')
    assert.equal(before.status, 0, before.stderr)
    const entries = Number(/^intact: (\d+) entries, 0 checkpoints, 0 anchors$/m.exec(before.stdout)?.[1])
    const checkpoint = mizan('audit', 'checkpoint').stdout
    if (entries === 0) assert.match(checkpoint, /the audit log is empty/)
    else {
      assert.match(checkpoint, new RegExp(`^checkpoint seq=${entries} hash=[0-9a-f]{64}$`, 'm'))
      assert.match(
        mizan('audit', 'verify').stdout,
        new RegExp(`^intact: ${entries} entries, 1 checkpoints, ${testEngineKind === 'pglite' ? 1 : 0} anchors$`, 'm'),
      )
    }
  })

  test('audit verify exits 1 and names the entry when the log was tampered with', async () => {
    // Tampering as the schema's owner would: the app's own role may not disable the trigger.
    const engine = await openEngine({
      databaseUrl: env.MIZAN_MIGRATION_DATABASE_URL ?? env.DATABASE_URL,
      dataDir: env.MIZAN_DATA_DIR,
    })
    try {
      const log = createAuditLog({ clock: systemClock, auditKey: loadConfig(env).secrets.auditKey })
      for (const id of ['a', 'b', 'c'])
        await log.record(engine.db, { kind: 'system', name: 'test' }, { action: 'test.made', subject: { type: 'test', id } })
      await engine.db.execute(sql.raw('alter table audit_entries disable trigger user'))
      await engine.db.execute(sql.raw(`update audit_entries set subject_id = 'z' where seq = 2`))
      await engine.db.execute(sql.raw('alter table audit_entries enable trigger user'))
    } finally {
      await engine.close()
    }
    const r = mizan('audit', 'verify')
    assert.equal(r.status, 1)
    assert.match(r.stdout, /^PROBLEM entry 2: it was altered$/m)
    assert.match(r.stdout, /^TAMPERED: \d+ entries/m)
  })

  test('audit verify refuses plainly where there is no database, and creates no folder', () => {
    const missing = join(mkdtempSync(join(tmpdir(), 'mizan-none-')), 'data')
    const none = spawnSync(process.execPath, [bin, 'audit', 'verify'], {
      env: { ...process.env, DATABASE_URL: '', MIZAN_DATA_DIR: missing },
      encoding: 'utf8',
    })
    assert.equal(none.status, 1)
    assert.equal(
      none.stderr,
      `mizan: there is no Mizan database in ${missing}. Set MIZAN_DATA_DIR to the folder Mizan runs on, or DATABASE_URL for a server.\n`,
    )
    assert.equal(existsSync(missing), false)
    const empty = mkdtempSync(join(tmpdir(), 'mizan-empty-'))
    mkdirSync(join(empty, 'pglite'))
    const blank = spawnSync(process.execPath, [bin, 'audit', 'verify'], {
      env: { ...process.env, DATABASE_URL: '', MIZAN_DATA_DIR: empty },
      encoding: 'utf8',
    })
    assert.equal(blank.status, 1)
    assert.match(
      blank.stderr,
      /^mizan: the database \(.*\) has not been set up by this version of Mizan: run mizan migrate first\.\n$/,
    )
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
    const restoreEnv = target
      ? { DATABASE_URL: target.databaseUrl!, MIZAN_MIGRATION_DATABASE_URL: target.migrationUrl! }
      : { MIZAN_DATA_DIR: mkdtempSync(join(tmpdir(), 'mizan-restore-')) }
    try {
      const r = spawnSync(process.execPath, [bin, 'restore', file], {
        env: { ...process.env, ...env, ...restoreEnv },
        encoding: 'utf8',
      })
      assert.equal(r.status, 0, r.stderr)
      assert.equal(r.stdout.replace('restored', ''), b.stdout.replace('backed up', '').replace(/ to .*\n$/, '\n'))
      const again = spawnSync(process.execPath, [bin, 'restore', file], {
        env: { ...process.env, ...env, ...restoreEnv },
        encoding: 'utf8',
      })
      assert.equal(again.status, 1)
      assert.match(again.stderr, /^mizan: The target database is not empty/)
    } finally {
      await target?.dispose()
    }
  })

  test(
    'a command on the embedded database refuses to run while another process has it open',
    { skip: testEngineKind === 'postgres' },
    async () => {
      const engine = await openEngine({ dataDir: env.MIZAN_DATA_DIR })
      try {
        const r = mizan('migrate')
        assert.equal(r.status, 1)
        assert.match(r.stderr, new RegExp(`in use by process ${process.pid} \\(is Mizan running\\?\\)`))
      } finally {
        await engine.close()
      }
      assert.equal(mizan('migrate').status, 0)
    },
  )

  test('create-admin makes a system administrator from a password on standard input, and refuses a weak one', () => {
    const run = (password: string, email = 'head.it@moitt.gov.pk') =>
      spawnSync(process.execPath, [bin, 'create-admin', '--email', email, '--name', 'Head of IT'], {
        env: { ...process.env, ...env },
        input: `${password}\n`,
        encoding: 'utf8',
      })
    const weak = run('password1234')
    assert.equal(weak.status, 1)
    assert.match(weak.stderr, /^mizan: The password was refused: This password is too easy to guess/)
    const ok = run('correct horse battery staple 2026')
    assert.equal(ok.status, 0, ok.stderr)
    assert.match(ok.stdout, /created system administrator head\.it@moitt\.gov\.pk/)
    const again = run('correct horse battery staple 2026')
    assert.equal(again.status, 1)
    assert.match(again.stderr, /exists already/)
  })

  test('import systems checks every row, refuses a file with a bad one whole, and imports a good file for review', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mizan-import-'))
    const good = join(dir, 'systems.json')
    const bad = join(dir, 'systems-bad.json')
    writeFileSync(
      good,
      JSON.stringify([
        { organisation: 'fbr', ...completeRecord({ nameEn: 'Customs risk scoring' }) },
        { organisation: 'pmdu', ...completeRecord({ nameEn: 'Portal analytics' }) },
      ]),
    )
    writeFileSync(
      bad,
      JSON.stringify([
        { organisation: 'fbr', ...completeRecord() },
        { organisation: 'fbr', ...completeRecord({ contactEmail: 'nobody' }) },
      ]),
    )
    const refused = mizan('import', 'systems', bad)
    assert.equal(refused.status, 1)
    assert.match(refused.stderr, /line 2, contactEmail: Enter an e-mail address/)
    assert.match(refused.stderr, /nothing was imported/)
    const accepted = mizan('import', 'systems', good)
    assert.equal(accepted.status, 0, accepted.stderr)
    assert.match(accepted.stdout, /imported 2 systems from .*systems\.json, waiting for review/)
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
