import { createHash } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { LRUCache } from 'lru-cache'
import type { Db } from '../db/engine.ts'
import type { Clock } from './clock.ts'
import { publicGeneration } from './platform.tables.ts'
import { pakistanToday } from './work-queue.ts'

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * A public page whose content changes only when something public does, or with the date: kept per generation
     * for visitors (`registerPageCache`).
     */
    keptPage?: true
  }
  interface FastifyRequest {
    /** Where this visitor's page is to be kept once rendered, and for which generation and day. */
    keptAs?: { key: string; generation: number; day: string; lastModified: string }
  }
}

/** What the kept pages of one process may take in memory, counting two bytes a character. */
export const KEPT_PAGES_BYTES = 32 * 1024 * 1024

type Kept = { body: string; etag: string; lastModified: string; generation: number; day: string }

/**
 * The generation, read by a statement prepared once per database (each server connection parses and plans it once):
 * every visitor's page asks it, so it is the one query a kept page costs.
 */
const generationOf = (() => {
  const prepared = new WeakMap<Db, ReturnType<typeof prepare>>()
  const prepare = (db: Db) => db.select().from(publicGeneration).prepare('public_generation')
  return (db: Db) => {
    if (!prepared.has(db)) prepared.set(db, prepare(db))
    return prepared.get(db)!.execute()
  }
})()

/** The later of the last public change and the start of the Pakistan day: a kept page can change at midnight. */
const lastModifiedOf = (changedAt: Date, day: string) =>
  new Date(Math.max(changedAt.getTime(), Date.parse(`${day}T00:00:00+05:00`))).toUTCString()

/**
 * Pages marked `keptPage` (the home page, a system's page, the bodies) are rendered once per public generation and
 * Pakistan day, per language and address, and served from memory to every visitor until either moves on: one small
 * query instead of every panel's. Only what a visitor sees is kept: nobody signed in, reading the replica (so not a
 * browser that has just written), an answer of 200 that sets no cookie. A kept page carries its ETag and
 * Last-Modified, so a revisit, or a proxy revalidating, costs a 304. The generation is read where the page's content
 * is, so a page is never kept under a generation newer than what it shows.
 */
export function registerPageCache(app: FastifyInstance, opts: { replica: Db; clock: Clock }) {
  const kept = new LRUCache<string, Kept>({
    maxSize: KEPT_PAGES_BYTES,
    sizeCalculation: (page) => page.body.length * 2 + 256,
  })
  app.addHook('preHandler', async (req, reply) => {
    const visitor = req.actor === null && req.reads === opts.replica
    if (!req.routeOptions.config.keptPage || !visitor || (req.method !== 'GET' && req.method !== 'HEAD')) return
    // No row yet: nothing public has changed since the database was made.
    const [current = { generation: 0, changedAt: new Date(0) }] = await generationOf(req.reads)
    const day = pakistanToday(opts.clock)
    const key = `${req.locale} ${req.url}`
    const page = kept.get(key)
    if (page && page.generation === current.generation && page.day === day)
      return reply
        .header('etag', page.etag)
        .header('last-modified', page.lastModified)
        .type('text/html; charset=utf-8')
        .send(page.body)
    req.keptAs = { key, generation: current.generation, day, lastModified: lastModifiedOf(current.changedAt, day) }
  })
  // After the cookies are written (a page that sets one is someone's own) and before the ETag plugin, which keeps ours.
  app.addHook('onSend', async (req, reply, payload) => {
    const to = req.keptAs
    if (!to || reply.statusCode !== 200 || typeof payload !== 'string' || reply.hasHeader('set-cookie')) return payload
    const etag = `W/"${createHash('sha1').update(payload).digest('base64url')}"`
    kept.set(to.key, { body: payload, etag, lastModified: to.lastModified, generation: to.generation, day: to.day })
    reply.header('etag', etag).header('last-modified', to.lastModified)
    return payload
  })
}
