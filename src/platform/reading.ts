import type { FastifyInstance } from 'fastify'
import type { Db, Engine } from '../db/engine.ts'
import { UNSAFE } from './security.ts'

/** How long after writing something a browser reads from the primary: far longer than a healthy replica lags. */
export const READ_OWN_WRITES_SECONDS = 30

/** The cookie that marks a browser which has just written (listed on the cookie statement where it is set). */
export const wroteCookieName = (https: boolean) => (https ? '__Host-mizan-wrote' : 'mizan-wrote')

declare module 'fastify' {
  interface FastifyRequest {
    /** Where this request's public reads go: the replica, or the primary for whoever must see their own writes. */
    reads: Db
  }
}

/**
 * Public pages and the API read from a streaming replica when there is one (`DATABASE_READ_URL`), a moment behind
 * the primary. Nobody may be shown a page without what they have just done: a signed-in person, a request that
 * writes, and for READ_OWN_WRITES_SECONDS after any write (a report sent, a form saved) the same browser, read from
 * the primary. Without a replica every read goes to the primary and nothing is marked.
 */
export function registerReading(
  app: FastifyInstance,
  engine: Pick<Engine, 'db' | 'replica'>,
  opts: { sessionCookie: string; https: boolean },
) {
  const wroteCookie = wroteCookieName(opts.https)
  app.decorateRequest('reads', null as unknown as Db)
  app.addHook('onRequest', async (req) => {
    const mayLag = !UNSAFE.has(req.method) && !req.cookies[opts.sessionCookie] && !req.cookies[wroteCookie]
    req.reads = mayLag ? engine.replica : engine.db
  })
  if (engine.replica === engine.db) return
  app.addHook('onSend', async (req, reply, payload) => {
    if (UNSAFE.has(req.method) && reply.statusCode < 400)
      reply.setCookie(wroteCookie, '1', {
        path: '/',
        maxAge: READ_OWN_WRITES_SECONDS,
        httpOnly: true,
        sameSite: 'lax',
        secure: opts.https,
      })
    return payload
  })
}
