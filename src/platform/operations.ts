import { sql } from 'drizzle-orm'
import type { FastifyInstance } from 'fastify'
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client'
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
    // How much the data takes (and on the embedded engine its write-ahead log): what an operator watches grow.
    const storage = reachable ? await storageOf(deps.db, deps.engine).catch(() => undefined) : undefined
    return reply
      .code(healthy ? 200 : 503)
      .header('cache-control', 'no-store')
      .send({
        status: healthy ? 'ok' : 'unavailable',
        engine: deps.engine,
        database: reachable ? 'reachable' : 'unreachable',
        migrations: current ? 'current' : 'pending',
        ...(storage ? { storage } : {}),
      })
  })

  app.get('/metrics', { config: { access: 'operator' } }, async (_req, reply) => {
    return reply
      .header('cache-control', 'no-store')
      .type(registry.contentType)
      .send(await registry.metrics())
  })
}
