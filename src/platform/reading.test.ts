import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import pg from 'pg'
import { openEngine } from '../db/engine.ts'
import { testActor, testOrganisation, sessionCookie } from '../test-support/accounts.ts'
import { cookieHeader, submitForm, testApp, testDeps, type TestApp } from '../test-support/app.ts'
import { freshDatabase, replicaCaughtUp, testEngineKind, testReplicaUrl } from '../test-support/database.ts'
import { publishedTestSystem } from '../test-support/register.ts'
import { READ_OWN_WRITES_SECONDS } from './reading.ts'

/** Sends the contact form as an anonymous visitor would: a write. */
async function sendContactMessage(t: TestApp) {
  const res = await submitForm(t.app, {
    formPage: '/contact',
    url: '/contact',
    fields: { topic: 'feedback', message: 'The register helped me.' },
  })
  assert.equal(res.statusCode, 303)
  return res
}

describe(
  'reading from a streaming replica',
  { skip: (testEngineKind !== 'postgres' || !testReplicaUrl) && 'needs the server engine and its replica' },
  () => {
    let t: TestApp
    let replica: pg.Client
    before(async () => {
      t = await testApp({ replica: true })
      replica = new pg.Client({ connectionString: t.database.replicaAdminUrl })
      await replica.connect()
    })
    after(async () => {
      await replica?.query('select pg_wal_replay_resume()').catch(() => {})
      await replica?.end()
      await t?.close()
    })

    test('the public reads the replica, while whoever is signed in or has just written reads the primary', async () => {
      const deps = testDeps(t)
      const member = await testActor(t, ['org_member'], (await testOrganisation(t, 'ferries')).id)
      const reviewer = await testActor(t, ['reviewer'])
      await replicaCaughtUp(t.database.migrationUrl!, t.database.replicaAdminUrl!)
      // The replica stops replaying: what the primary commits now, it does not have.
      await replica.query('select pg_wal_replay_pause()')
      const { number } = await publishedTestSystem(deps, member, reviewer, { nameEn: 'Ferry timetable assistant' })
      const page = (cookie?: string) => t.app.inject({ url: `/register/${number}`, headers: cookie ? { cookie } : {} })
      const listed = async (cookie?: string) =>
        (
          (await t.app.inject({ url: '/api/v1/systems?limit=100', headers: cookie ? { cookie } : {} })).json() as {
            data: { number: number }[]
          }
        ).data.some((s) => s.number === number)

      assert.equal((await page()).statusCode, 404, 'a visitor reads the replica, which has not seen the publication')
      assert.equal(await listed(), false)
      const signedIn = await sessionCookie(t, (await testActor(t, ['reviewer'])).id)
      assert.equal((await page(signedIn)).statusCode, 200, 'a signed-in person reads the primary')

      const wrote = await sendContactMessage(t)
      const marker = wrote.cookies.find((c) => c.name === 'mizan-wrote')
      assert.equal(marker?.maxAge, READ_OWN_WRITES_SECONDS, 'a write marks the browser for a short while')
      assert.equal((await page(cookieHeader(wrote))).statusCode, 200, 'a visitor who has just written reads the primary')
      assert.equal(await listed(cookieHeader(wrote)), true)

      await replica.query('select pg_wal_replay_resume()')
      await replicaCaughtUp(t.database.migrationUrl!, t.database.replicaAdminUrl!)
      assert.equal((await page()).statusCode, 200, 'once the replica has caught up, visitors see it too')
      assert.equal(await listed(), true)
    })

    test('the cookie statement lists the cookie that marks a write', async () => {
      assert.match((await t.app.inject({ url: '/cookies' })).body, /<code dir="ltr">mizan-wrote<\/code>.*After 30 seconds/s)
    })
  },
)

test('without a replica every read goes to the primary, and a write marks nothing nor lists a cookie for it', async () => {
  const t = await testApp()
  try {
    const wrote = await sendContactMessage(t)
    assert.equal(
      wrote.cookies.find((c) => c.name === 'mizan-wrote'),
      undefined,
    )
    assert.doesNotMatch((await t.app.inject({ url: '/cookies' })).body, /mizan-wrote/)
  } finally {
    await t.close()
  }
})

test(
  'the replica connection is read-only, even if it is pointed at the primary by mistake',
  { skip: testEngineKind !== 'postgres' && 'the embedded engine has no replica' },
  async () => {
    const d = await freshDatabase()
    const engine = await openEngine({ databaseUrl: d.databaseUrl, readUrl: d.databaseUrl })
    try {
      await assert.rejects(
        engine.replica.execute('create temporary table written_through_the_replica (id int)'),
        (err: Error & { cause?: { code?: string } }) => err.cause?.code === '25006',
      )
    } finally {
      await engine.close()
      await d.dispose()
    }
  },
)
