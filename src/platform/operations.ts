import { sql } from 'drizzle-orm'
import type { FastifyInstance } from 'fastify'
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client'
import { migrationsCurrent, storageOf } from '../db/engine.ts'
import type { Deps } from './deps.ts'

/** /healthz for load balancers, /metrics for Prometheus. */
export async function operationsRoutes(app: FastifyInstance, deps: Deps) {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry })
  const duration = new Histogram({
    name: 'mizan_http_request_duration_seconds',
    help: 'Time to answer HTTP requests, by route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1, 2.5],
    registers: [registry],
  })
  // What the data takes (and on the embedded engine, which checkpoints only when Mizan asks, its write-ahead log), read
  // when /metrics is scraped: the size walks the data folder's files, too much for /healthz, which a balancer calls
  // every few seconds and anyone may call.
  new Gauge({
    name: 'mizan_storage_bytes',
    help: 'Bytes the database takes on disk (kind="database"), and on the embedded engine its write-ahead log (kind="wal")',
    labelNames: ['kind'] as const,
    registers: [registry],
    async collect() {
      // A database that cannot answer leaves the gauge empty, not the other metrics unanswered.
      this.reset()
      const stored = await storageOf(deps.db, deps.engine).catch(() => undefined)
      if (stored) this.set({ kind: 'database' }, stored.databaseBytes)
      if (stored?.walBytes !== undefined) this.set({ kind: 'wal' }, stored.walBytes)
    },
  })
  app.addHook('onResponse', async (req, reply) => {
    // Unmatched URLs share one label, or a scanner could create a series per URL.
    const route = req.routeOptions.url ?? 'unmatched'
    duration.observe({ method: req.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000)
  })

  app.get('/healthz', { config: { access: 'public' } }, async (_req, reply) => {
    const reachable = await deps.db.execute(sql`select 1`).then(
      () => true,
      () => false,
    )
    const current = reachable && (await migrationsCurrent(deps.db))
    const healthy = reachable && current
    return reply
      .code(healthy ? 200 : 503)
      .header('cache-control', 'no-store')
      .send({
        status: healthy ? 'ok' : 'unavailable',
        engine: deps.engine,
        database: reachable ? 'reachable' : 'unreachable',
        migrations: current ? 'current' : 'pending',
      })
  })

  app.get('/metrics', { config: { access: 'operator' } }, async (_req, reply) => {
    return reply
      .header('cache-control', 'no-store')
      .type(registry.contentType)
      .send(await registry.metrics())
  })
}
