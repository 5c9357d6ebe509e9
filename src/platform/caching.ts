import etag from '@fastify/etag'
import type { FastifyInstance } from 'fastify'

/**
 * What a browser or a shared cache (a proxy, a CDN) may keep of an answer whose route has not said. A page for anyone
 * that sets no cookie may be kept and must be revalidated (`public, no-cache`): with its ETag, a revisit on a slow
 * link costs a 304 and no page. An answer for a signed-in person, one that sets a cookie (a form's CSRF secret), the
 * answer to a form sent, and an error are never stored. Registered after the cookies, which are written as the
 * answer leaves, and before compression, so that the ETag is of the page itself.
 */
export async function registerCaching(app: FastifyInstance) {
  // Weak: the same page compressed or not is the same page, which a strong ETag could not say.
  await app.register(etag, { weak: true })
  app.addHook('onSend', async (req, reply, payload) => {
    if (!reply.hasHeader('cache-control')) {
      const shared =
        (req.method === 'GET' || req.method === 'HEAD') &&
        reply.statusCode < 400 &&
        req.actor === null &&
        !reply.hasHeader('set-cookie')
      reply.header('cache-control', shared ? 'public, no-cache' : 'private, no-store')
    }
    return payload
  })
}
