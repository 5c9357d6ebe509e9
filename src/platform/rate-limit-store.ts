import { createHmac } from 'node:crypto'
import { sql } from 'drizzle-orm'
import { queryRows, type Db } from '../db/engine.ts'
import type { Clock } from './clock.ts'

type Result = { current: number; ttl: number }
type Callback = (err: Error | null, res?: Result) => void

const hashedKey = (secret: string, scope: string, key: string) =>
  createHmac('sha256', secret).update(`${scope}\n${key}`).digest('base64url')

/** Counts one hit on a key in its window; the first hit after the window closes starts a new one. */
async function hit(db: Db, clock: Clock, key: string, windowMs: number): Promise<Result> {
  const now = clock.now().toISOString()
  const resets = new Date(clock.now().getTime() + windowMs).toISOString()
  const rows = await queryRows<{ hits: number; ttl: number }>(
    db,
    sql`
    insert into rate_limit_hits (key, hits, resets_at) values (${key}, 1, ${resets})
    on conflict (key) do update set
      hits = case when rate_limit_hits.resets_at <= ${now}::timestamptz then 1 else rate_limit_hits.hits + 1 end,
      resets_at = case when rate_limit_hits.resets_at <= ${now}::timestamptz then excluded.resets_at else rate_limit_hits.resets_at end
    returning hits::int as hits, (extract(epoch from resets_at - ${now}::timestamptz) * 1000)::int as ttl`,
  )
  const row = rows[0]!
  return { current: Number(row.hits), ttl: Number(row.ttl) }
}

/**
 * A store for @fastify/rate-limit kept in PostgreSQL, so every app process behind a load balancer
 * counts together. Keys are HMACs: network addresses are personal data and need not be stored.
 */
export function databaseRateLimitStore(db: Db, clock: Clock, secret: string) {
  const hashed = (scope: string, key: string) => hashedKey(secret, scope, key)

  async function peek(key: string): Promise<Result> {
    const now = clock.now().toISOString()
    const rows = await queryRows<{ hits: number; ttl: number }>(
      db,
      sql`
      select hits::int as hits, (extract(epoch from resets_at - ${now}::timestamptz) * 1000)::int as ttl
      from rate_limit_hits where key = ${key} and resets_at > ${now}::timestamptz`,
    )
    const row = rows[0]
    return row ? { current: Number(row.hits), ttl: Number(row.ttl) } : { current: 0, ttl: 0 }
  }

  return class DatabaseStore {
    // The plugin constructs the global store with its options; routes get children scoped to themselves.
    constructor(
      _options?: unknown,
      private readonly scope = 'global',
    ) {}
    incr(key: string, cb: Callback, timeWindow: number) {
      hit(db, clock, hashed(this.scope, key), timeWindow).then((r) => cb(null, r), cb)
    }
    read(key: string, cb: Callback) {
      peek(hashed(this.scope, key)).then((r) => cb(null, r), cb)
    }
    child(routeOptions: object) {
      const route = (routeOptions as { routeInfo?: { method?: unknown; url?: unknown } }).routeInfo
      return new DatabaseStore(undefined, `${String(route?.method)} ${String(route?.url)}`)
    }
  }
}

/**
 * A limit a route applies itself, on a key it derives from the request (for example what a form says, not who sent it),
 * counted in the same table and hashed the same way. Returns the minutes to wait when over the limit.
 */
export async function overLimit(
  deps: { db: Db; clock: Clock; secret: string },
  scope: string,
  key: string,
  limit: { max: number; timeWindow: number },
): Promise<number | null> {
  const { current, ttl } = await hit(deps.db, deps.clock, hashedKey(deps.secret, scope, key), limit.timeWindow)
  return current > limit.max ? Math.max(1, Math.ceil(ttl / 60_000)) : null
}

/** Counts one hit on a key derived from the request, in the same table; the count within the window. */
export async function hitCount(
  deps: { db: Db; clock: Clock; secret: string },
  scope: string,
  key: string,
  timeWindow: number,
): Promise<number> {
  return (await hit(deps.db, deps.clock, hashedKey(deps.secret, scope, key), timeWindow)).current
}
