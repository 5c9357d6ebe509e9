// Two app processes on one PostgreSQL server, as behind a load balancer: nothing a person or a job relies on may live
// in one process only.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import pg from 'pg'
import { jobSchedule } from './db/schema.ts'
import { scheduledJobs } from './jobs.ts'
import { systemClock } from './platform/clock.ts'
import { TEST_PASSWORD, testActor, testOrganisation, testUser, totpAt } from './test-support/accounts.ts'
import { TEST_SECRETS, testConfig, testDeps } from './test-support/app.ts'
import { freshDatabase, replicaCaughtUp, testEngineKind, testReplicaUrl, type TestDatabase } from './test-support/database.ts'
import { publishedTestSystem } from './test-support/register.ts'
import { startServer, stopServer, type RunningServer } from './test-support/server-process.ts'

const skip = testEngineKind === 'pglite' && 'the embedded engine serves one process'

/** A person's browser: it keeps the cookies either process sets, and may be sent to either. */
class Browser {
  private cookies = new Map<string, string>()
  private keep(res: Response) {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';')
      const at = pair!.indexOf('=')
      this.cookies.set(pair!.slice(0, at), pair!.slice(at + 1))
    }
    return res
  }
  private get cookie() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
  }
  async get(url: string) {
    return this.keep(await fetch(url, { redirect: 'manual', headers: { cookie: this.cookie } }))
  }
  /** Opens the form at `url` and sends it, with its CSRF token, to `to` (the same page, or another process's). */
  async submit(url: string, fields: Record<string, string>, to = url) {
    const page = await this.get(url)
    assert.equal(page.status, 200, `${url} answered ${page.status}`)
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1]
    assert.ok(csrf, `${url} holds a form`)
    return this.keep(
      await fetch(to, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: this.cookie },
        body: new URLSearchParams({ _csrf: csrf, ...fields }).toString(),
      }),
    )
  }
}

// With a replica in the run (CI makes one), both processes read public pages from it, as a deployment with replicas does.
const replica = Boolean(testReplicaUrl)

describe(`two app processes sharing one PostgreSQL server${replica ? ' and its replica' : ''}`, { skip }, () => {
  let d: TestDatabase
  let a: RunningServer
  let b: RunningServer

  const data = () => ({ database: d, config: testConfig() })

  before(async () => {
    d = await freshDatabase(undefined, undefined, { replica })
    // Every job is due before either process starts: both try to run each of them at once.
    const past = new Date(Date.now() - 60_000)
    const { config } = data()
    const jobs = scheduledJobs({
      ...config,
      engine: 'postgres',
      clock: systemClock,
      audit: testDeps(data()).audit,
      log: { info() {}, error() {} },
    })
    await d.engine.db.insert(jobSchedule).values(jobs.map((job) => ({ name: job.name, nextRunAt: past })))
    const env = {
      DATABASE_URL: d.databaseUrl!,
      MIZAN_MIGRATION_DATABASE_URL: d.migrationUrl!,
      ...(d.readUrl ? { DATABASE_READ_URL: d.readUrl } : {}),
      PORT: '0',
      MIZAN_LOG_LEVEL: 'warn',
      ...TEST_SECRETS,
    }
    ;[a, b] = await Promise.all([startServer(env), startServer(env)])
  })
  after(async () => {
    await Promise.all([a, b].filter(Boolean).map(stopServer))
    await d?.dispose()
  })

  test('each scheduled job, due when both processes started, ran once', async () => {
    // Both processes run what is due as they start; once every job has finished, neither may run it again.
    const finished = async () => {
      const rows = await d.engine.db.select().from(jobSchedule)
      return rows.every((r) => r.runs > 0 && r.leaseUntil === null) ? rows : undefined
    }
    const until = Date.now() + 30_000
    while (!(await finished()) && Date.now() < until) await new Promise((r) => setTimeout(r, 100))
    await new Promise((r) => setTimeout(r, 1000))
    const rows = await d.engine.db.select().from(jobSchedule)
    assert.ok(rows.length > 0)
    for (const row of rows) assert.equal(row.runs, 1, `${row.name} ran ${row.runs} times`)
  })

  test('a session begun on one process carries on on the other, with forms opened on one and sent to the other', async () => {
    const user = await testUser(data(), { roles: ['reviewer'] })
    const browser = new Browser()
    const password = await browser.submit(
      `${a.base}/sign-in`,
      { email: user.email, password: TEST_PASSWORD },
      `${b.base}/sign-in`,
    )
    assert.equal(password.status, 303, 'the second process takes a form the first gave')
    const code = await totpAt(new Date())
    const verify = await browser.submit(`${b.base}/sign-in/verify`, { code }, `${a.base}/sign-in/verify`)
    assert.equal(verify.status, 303, 'the first process knows the session the second began')
    assert.equal((await browser.get(`${b.base}/work`)).status, 200, 'the second process knows it is complete')
    assert.equal((await new Browser().get(`${b.base}/work`)).status, 303, 'without the session, the page asks to sign in')
  })

  test('a limit counted on one process holds on the other', async () => {
    const browser = new Browser()
    // The reset-link limit is 20 a quarter of an hour for a network address, sent to either process in turn.
    const answers: number[] = []
    for (let i = 0; i < 21; i++) {
      const server = i % 2 ? b : a
      answers.push((await browser.submit(`${server.base}/password/forgot`, { email: `someone${i}@example.gov.pk` })).status)
    }
    assert.deepEqual(answers.slice(0, 20), Array(20).fill(200))
    assert.equal(answers[20], 429)
  })

  test('a publication through one process is seen by the other, whose cached pages of the register it invalidates', async () => {
    const list = async (server: RunningServer) =>
      ((await (await fetch(`${server.base}/api/v1/systems?limit=100`)).json()) as { data: { number: number }[] }).data.map(
        (s) => s.number,
      )
    const body = async (server: RunningServer) => (await fetch(`${server.base}/register/bodies/scale-out-body`)).text()
    const before = await list(b)
    assert.deepEqual(await list(b), before, 'the second asking is answered from the cache')
    const member = await testActor(data(), ['org_member'], (await testOrganisation(data(), 'scale-out-body')).id)
    if (d.replicaAdminUrl) await replicaCaughtUp(d.migrationUrl!, d.replicaAdminUrl)
    for (const server of [a, b]) assert.doesNotMatch(await body(server), /Parcel tracking assistant/)
    const { number } = await publishedTestSystem(testDeps(data()), member, await testActor(data(), ['reviewer']), {
      nameEn: 'Parcel tracking assistant',
    })
    assert.ok(!before.includes(number))
    // Reading from a replica, a visitor sees the publication once the replica has replayed it, not before.
    if (d.replicaAdminUrl) await replicaCaughtUp(d.migrationUrl!, d.replicaAdminUrl)
    assert.ok((await list(b)).includes(number), 'the other process no longer answers from its cache')
    assert.ok((await list(a)).includes(number))
    for (const server of [a, b])
      assert.match(await body(server), /Parcel tracking assistant/, "each process's kept page of the body is rendered anew")
  })

  test(
    'both processes read public pages from the replica: a publication it has not replayed is public on neither, until it has',
    { skip: !replica && 'this run has no replica' },
    async () => {
      const admin = new pg.Client({ connectionString: d.replicaAdminUrl })
      await admin.connect()
      try {
        await replicaCaughtUp(d.migrationUrl!, d.replicaAdminUrl!)
        await admin.query('select pg_wal_replay_pause()')
        const member = await testActor(data(), ['org_member'], (await testOrganisation(data(), 'replica-body')).id)
        const { number } = await publishedTestSystem(testDeps(data()), member, await testActor(data(), ['reviewer']), {
          nameEn: 'Seed certification checker',
        })
        const statuses = async () =>
          Promise.all([a, b].map(async (server) => (await fetch(`${server.base}/register/${number}`)).status))
        assert.deepEqual(await statuses(), [404, 404], 'each visitor reads the paused replica')
        await admin.query('select pg_wal_replay_resume()')
        await replicaCaughtUp(d.migrationUrl!, d.replicaAdminUrl!)
        assert.deepEqual(await statuses(), [200, 200])
      } finally {
        await admin.query('select pg_wal_replay_resume()').catch(() => {})
        await admin.end()
      }
    },
  )
})
