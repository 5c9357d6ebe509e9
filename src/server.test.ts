import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { openEngine } from './db/engine.ts'
import { feedbackMessages } from './db/schema.ts'
import { TEST_SECRETS } from './test-support/app.ts'
import { freshDatabase, testEngineKind, type TestDatabase } from './test-support/database.ts'
import { exited, serverArgs, startServer } from './test-support/server-process.ts'

const dataDir = mkdtempSync(join(tmpdir(), 'mizan-server-'))
const env: Record<string, string> = { MIZAN_DATA_DIR: dataDir, PORT: '0', MIZAN_LOG_LEVEL: 'warn' }
let d: TestDatabase | undefined

before(async () => {
  if (testEngineKind === 'postgres') {
    d = await freshDatabase()
    Object.assign(env, { DATABASE_URL: d.databaseUrl!, MIZAN_MIGRATION_DATABASE_URL: d.migrationUrl!, ...TEST_SECRETS })
  }
})
after(() => d?.dispose())

/** Starts `npm start`'s entry point as its own process on this test's database. */
const start = (extra: Record<string, string> = {}) => startServer({ ...env, ...extra })

async function sendContactMessage(base: string, message: string) {
  const page = await fetch(`${base}/contact`)
  const cookie = page.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ')
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1]!
  const res = await fetch(`${base}/contact`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    body: new URLSearchParams({ _csrf: csrf, topic: 'feedback', message }).toString(),
  })
  assert.equal(res.status, 303)
}

describe('the server process', () => {
  test('a message committed before a kill -9 is there after a restart', async () => {
    const first = await start()
    await sendContactMessage(first.base, 'survives a crash')
    const gone = exited(first.child)
    first.child.kill('SIGKILL')
    await gone

    const second = await start()
    const health = await fetch(`${second.base}/healthz`)
    assert.equal(health.status, 200)
    const stopped = exited(second.child)
    second.child.kill('SIGTERM')
    assert.equal(await stopped, 0, 'a graceful shutdown exits 0')

    const engine = await openEngine({ databaseUrl: env.DATABASE_URL, dataDir })
    try {
      const rows = await engine.db.select().from(feedbackMessages)
      assert.deepEqual(
        rows.map((r) => r.message),
        ['survives a crash'],
      )
    } finally {
      await engine.close()
    }
  })

  test('it says where it is in both languages, what it loaded, and in development which demo accounts there are', async () => {
    const running = await start()
    const until = Date.now() + 10_000
    while (!/data loaded/.test(running.output()) && Date.now() < until) await new Promise((r) => setTimeout(r, 50))
    const out = running.output()
    const stopped = exited(running.child)
    running.child.kill('SIGTERM')
    await stopped
    assert.match(out, /Mizan is running at http:\/\/localhost:\d+ /, 'the README’s localhost, not 127.0.0.1')
    assert.match(out, /in Urdu\s+http:\/\/localhost:\d+\/ur\//)
    assert.match(out, /data loaded\s+policyPillars \d+, organisations \d+/)
    if (!env.DATABASE_URL) assert.match(out, /demo accounts\s+admin@demo\.mizan\.pk, .*password is in README\.md/s)
    else assert.doesNotMatch(out, /demo accounts/)
  })

  test(
    'in production its log is JSON lines written asynchronously, and what waits is written before it exits',
    { skip: testEngineKind === 'postgres' && 'one engine is enough for the log' },
    async () => {
      // A data folder of its own: the others were seeded in development, with demo accounts production refuses.
      const running = await start({
        NODE_ENV: 'production',
        MIZAN_LOG_LEVEL: 'info',
        MIZAN_DATA_DIR: mkdtempSync(join(tmpdir(), 'mizan-production-')),
      })
      await (await fetch(`${running.base}/healthz`)).text()
      const stopped = exited(running.child)
      running.child.kill('SIGTERM')
      assert.equal(await stopped, 0)
      const lines = running
        .output()
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as { msg: string; req?: { url: string } })
      assert.ok(lines.some((l) => l.msg === 'request completed' && l.req?.url === '/healthz'))
      assert.equal(lines.at(-1)?.msg, 'shutting down')
    },
  )

  test('with DATABASE_URL but no secrets, it refuses to start and says what to set', async () => {
    const { code, err } = await refusal({
      DATABASE_URL: 'postgres://127.0.0.1:1/none',
      MIZAN_COOKIE_SECRET: '',
      MIZAN_ENCRYPTION_KEYS: '',
    })
    assert.equal(code, 1)
    assert.match(err, /Mizan cannot start\.\nDATABASE_URL is set, so these secrets must be set in the environment too/)
    assert.doesNotMatch(err, /at .*\.ts:\d+/)
  })

  /** Starts the server with these variables and returns its exit code and what it said on stderr. */
  async function refusal(extra: Record<string, string>) {
    const child = spawn(process.execPath, serverArgs(), {
      env: { ...process.env, ...env, ...extra },
      stdio: 'pipe',
    })
    let err = ''
    child.stderr.on('data', (c) => (err += c))
    return { code: await exited(child), err }
  }

  test(
    'in production on a server, a database role that could rewrite the audit log is refused, and so is one that may not migrate',
    { skip: testEngineKind === 'pglite' && 'the embedded engine has one role' },
    async () => {
      const owner = await refusal({ NODE_ENV: 'production', DATABASE_URL: d!.migrationUrl!, MIZAN_MIGRATION_DATABASE_URL: '' })
      assert.equal(owner.code, 1)
      assert.match(
        owner.err,
        /Mizan cannot start\.\nDATABASE_URL connects as a role that could rewrite the audit log: the database role "\w+" owns the audit log, is a superuser/,
      )
      const app = await refusal({ NODE_ENV: 'production', MIZAN_MIGRATION_DATABASE_URL: '' })
      assert.equal(app.code, 1)
      assert.match(app.err, /may not change the database schema.*MIZAN_MIGRATION_DATABASE_URL/s)
      assert.doesNotMatch(app.err + owner.err, /at .*\.ts:\d+/)
    },
  )
})
