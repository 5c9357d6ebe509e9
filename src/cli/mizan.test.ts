import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { fileURLToPath } from 'node:url'
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
    for (const c of ['migrate', 'seed', 'secrets']) assert.match(r.stdout, new RegExp(`\\b${c}\\b`))
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
