import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { manualClock } from '../test-support/app.ts'
import { freshDatabase, type TestDatabase } from '../test-support/database.ts'
import { rateLimitHits } from './platform.tables.ts'
import { databaseRateLimitStore } from './rate-limit-store.ts'

let d: TestDatabase
before(async () => (d = await freshDatabase()))
after(() => d?.dispose())

type Store = { incr(key: string, cb: (e: Error | null, r?: { current: number; ttl: number }) => void, windowMs: number): void }
const incr = (s: Store, key: string, windowMs: number) =>
  new Promise<{ current: number; ttl: number }>((ok, fail) => s.incr(key, (e, r) => (e ? fail(e) : ok(r!)), windowMs))

test('hits count within a window, start again after it, and are kept per route', async () => {
  const clock = manualClock()
  const Store = databaseRateLimitStore(d.engine.db, clock, 'secret')
  const global = new Store()
  const route = global.child({ routeInfo: { method: 'POST', url: '/contact' } })
  assert.deepEqual(await incr(global, '10.1.1.1', 60_000), { current: 1, ttl: 60_000 })
  clock.advance(10_000)
  assert.deepEqual(await incr(global, '10.1.1.1', 60_000), { current: 2, ttl: 50_000 })
  assert.equal((await incr(route, '10.1.1.1', 60_000)).current, 1)
  clock.advance(50_000)
  assert.deepEqual(await incr(global, '10.1.1.1', 60_000), { current: 1, ttl: 60_000 })
})

test('concurrent hits are all counted', async () => {
  const Store = databaseRateLimitStore(d.engine.db, manualClock(), 'secret')
  const s = new Store()
  const results = await Promise.all(Array.from({ length: 25 }, () => incr(s, '10.2.2.2', 60_000)))
  assert.deepEqual(
    results.map((r) => r.current).sort((a, b) => a - b),
    Array.from({ length: 25 }, (_, i) => i + 1),
  )
})

test('addresses are stored only as keyed hashes', async () => {
  const rows = await d.engine.db.select().from(rateLimitHits)
  assert.ok(rows.length > 0)
  for (const r of rows) assert.doesNotMatch(r.key, /10\.\d+\.\d+\.\d+/)
})
