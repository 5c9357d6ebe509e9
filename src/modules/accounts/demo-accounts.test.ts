import assert from 'node:assert/strict'
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { TEST_SECRETS } from '../../test-support/app.ts'
import { serverArgs } from '../../test-support/server-process.ts'
import { demoAccountCount } from './accounts.seed.ts'
import { freshDatabase, testEngineKind, type TestDatabase } from '../../test-support/database.ts'

// The paths an operator really takes, as processes: the README's commands and the server, nothing called in-process.
const bin = fileURLToPath(new URL('../../../bin/mizan.js', import.meta.url))
const DEMO_PASSWORD = 'mizan-demo-password'

type Env = Record<string, string>
const base: Env = { MIZAN_LOG_LEVEL: 'silent', PORT: '0', DATABASE_URL: '', MIZAN_MIGRATION_DATABASE_URL: '' }
const mizan = (env: Env, ...args: string[]) =>
  spawnSync(process.execPath, [bin, ...args], { env: { ...process.env, ...base, ...env }, encoding: 'utf8', timeout: 120_000 })

type Started = { exitCode: number | null; stderr: string; url?: string; stop(): Promise<void> }

/** Starts the server as `npm start` does; resolves once it listens or has exited. */
function start(env: Env): Promise<Started> {
  const child = spawn(process.execPath, serverArgs(), {
    env: { ...process.env, ...base, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  const stop = () =>
    new Promise<void>((done) => (child.exitCode !== null ? done() : (child.once('exit', () => done()), child.kill('SIGTERM'))))
  return new Promise((resolve) => {
    child.stderr.on('data', (d) => (stderr += d))
    child.stdout.on('data', (d) => {
      stdout += d
      const url = /running at (http:\/\/\S+)/.exec(stdout)?.[1]?.replace('//localhost:', '//127.0.0.1:')
      if (url) resolve({ exitCode: null, stderr, url, stop })
    })
    child.once('exit', (code) => resolve({ exitCode: code, stderr, stop }))
  })
}

/** Signs in through the real form, as a browser does; the status of the password step's answer. */
async function signInStatus(url: string, email: string, password: string): Promise<number> {
  const form = await fetch(`${url}/sign-in`)
  const cookie = form.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ')
  const token = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1]!
  const res = await fetch(`${url}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: token, email, password }),
  })
  return res.status
}

describe('demo accounts never reach production', () => {
  // The move carries the secrets over, as the README says: the audit chain is keyed with them.
  const dev: Env = { NODE_ENV: 'development', MIZAN_DATA_DIR: mkdtempSync(join(tmpdir(), 'mizan-demo-')), ...TEST_SECRETS }
  const exported = join(mkdtempSync(join(tmpdir(), 'mizan-demo-export-')), 'export')
  let target: Env
  let server: TestDatabase | undefined

  before(async () => {
    // The move the README describes: from the embedded engine to a PostgreSQL server when this run has one.
    if (testEngineKind === 'postgres') {
      server = await freshDatabase()
      target = {
        NODE_ENV: 'production',
        DATABASE_URL: server.databaseUrl!,
        MIZAN_MIGRATION_DATABASE_URL: server.migrationUrl ?? '',
        ...TEST_SECRETS,
      }
    } else target = { NODE_ENV: 'production', MIZAN_DATA_DIR: mkdtempSync(join(tmpdir(), 'mizan-demo-target-')), ...TEST_SECRETS }
  })
  after(() => server?.dispose())

  test('a data folder tried in development refuses to start in production, naming the accounts and the command that removes them', async () => {
    const seeded = mizan(dev, 'seed')
    assert.equal(seeded.status, 0, seeded.stderr)
    assert.match(seeded.stdout, new RegExp(`demoAccounts: ${demoAccountCount()}`))
    const started = await start({ ...dev, NODE_ENV: 'production' })
    await started.stop()
    assert.equal(started.exitCode, 1, 'the server must refuse to run')
    assert.match(started.stderr, new RegExp(`${demoAccountCount()} demo account\\(s\\).*sysadmin@demo\\.mizan\\.pk`))
    assert.match(started.stderr, /npm run mizan -- demo remove/)
  })

  test('a production import of an export holding demo accounts loads nothing unless asked, and the start still refuses', async () => {
    assert.equal(mizan(dev, 'export-all', exported).status, 0)
    const refused = mizan(target, 'import-all', exported)
    assert.equal(refused.status, 1)
    assert.match(refused.stderr, /Nothing was loaded.*demo account.*--allow-demo/s)
    // Nothing was loaded: the same import, asked for by name, finds the database empty.
    const allowed = mizan(target, 'import-all', exported, '--allow-demo')
    assert.equal(allowed.status, 0, allowed.stderr)
    const started = await start(target)
    await started.stop()
    assert.equal(started.exitCode, 1)
    assert.match(started.stderr, /demo account.*demo remove/s)
  })

  test('after demo remove, production starts, the demo password signs in nowhere, and the removal is in the audit log', async () => {
    for (const env of [dev, target]) {
      const removed = mizan(env, 'demo', 'remove')
      assert.equal(removed.status, 0, removed.stderr)
      assert.match(removed.stdout, new RegExp(`removed ${demoAccountCount()} demo accounts`))
      assert.match(mizan(env, 'demo', 'remove').stdout, /no demo accounts to remove/)
    }
    const started = await start(target)
    try {
      assert.ok(started.url, started.stderr)
      assert.equal(await signInStatus(started.url, 'sysadmin@demo.mizan.pk', DEMO_PASSWORD), 400)
    } finally {
      await started.stop()
    }
    const verified = mizan(target, 'audit', 'verify')
    assert.equal(verified.status, 0, verified.stdout + verified.stderr)
    const started2 = await start({ ...dev, NODE_ENV: 'production' })
    await started2.stop()
    assert.ok(started2.url, started2.stderr)
    assert.ok(readFileSync(join(exported, 'users.jsonl'), 'utf8').includes('"demo": true'), 'the export carries the marker')
  })
})
