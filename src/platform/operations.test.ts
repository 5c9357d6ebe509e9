import assert from 'node:assert/strict'
import { sql } from 'drizzle-orm'
import { after, before, describe, test } from 'node:test'
import { testApp, type TestApp } from '../test-support/app.ts'
import { testEngineKind } from '../test-support/database.ts'

const TOKEN = 'metrics-token-0123456789abcdef'
let t: TestApp
before(async () => (t = await testApp({ env: { MIZAN_METRICS_TOKEN: TOKEN } })))
after(() => t.close())

describe('operations endpoints', () => {
  test('/healthz reports the engine, the database and that migrations are current', async () => {
    const res = await t.app.inject('/healthz')
    assert.equal(res.statusCode, 200)
    // Nothing more: what the data takes is for operators, in /metrics, not worked out for every balancer's call.
    assert.deepEqual(res.json(), { status: 'ok', engine: testEngineKind, database: 'reachable', migrations: 'current' })
    assert.equal(res.headers['cache-control'], 'no-store')
  })

  test('/metrics answers loopback callers in the Prometheus format, counting requests by route', async () => {
    await t.app.inject('/privacy')
    const res = await t.app.inject({ url: '/metrics', remoteAddress: '127.0.0.1' })
    assert.equal(res.statusCode, 200)
    assert.match(res.headers['content-type'] as string, /text\/plain/)
    assert.match(res.body, /mizan_http_request_duration_seconds_count\{method="GET",route="\/privacy",status="200"\} 1/)
    assert.match(res.body, /process_cpu_seconds_total/)
  })

  test('/metrics reports what the database takes, and on the embedded engine its write-ahead log', async () => {
    const { body } = await t.app.inject({ url: '/metrics', remoteAddress: '127.0.0.1' })
    const bytes = (kind: string) => Number(new RegExp(`^mizan_storage_bytes\\{kind="${kind}"\\} (\\d+)$`, 'm').exec(body)?.[1])
    assert.ok(bytes('database') > 1_000_000, body)
    if (testEngineKind === 'pglite') assert.ok(bytes('wal') > 0, body)
    else assert.doesNotMatch(body, /^mizan_storage_bytes\{kind="wal"\}/m)
  })

  test('/metrics refuses other callers unless they bear the token', async () => {
    const outsider = await t.app.inject({ url: '/metrics', remoteAddress: '203.0.113.9' })
    assert.equal(outsider.statusCode, 403)
    const wrong = await t.app.inject({ url: '/metrics', remoteAddress: '203.0.113.9', headers: { authorization: 'Bearer nope' } })
    assert.equal(wrong.statusCode, 403)
    const right = await t.app.inject({
      url: '/metrics',
      remoteAddress: '203.0.113.9',
      headers: { authorization: `Bearer ${TOKEN}` },
    })
    assert.equal(right.statusCode, 200)
  })

  test('/healthz says 503 when migrations are missing', async () => {
    await t.database.owner.execute(sql`alter table drizzle.__drizzle_migrations rename to __held_back`)
    try {
      const res = await t.app.inject('/healthz')
      assert.equal(res.statusCode, 503)
      assert.equal(res.json().migrations, 'pending')
    } finally {
      await t.database.owner.execute(sql`alter table drizzle.__held_back rename to __drizzle_migrations`)
    }
  })
})
