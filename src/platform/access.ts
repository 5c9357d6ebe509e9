import type { FastifyInstance, FastifyRequest } from 'fastify'
import { HttpError } from './errors.ts'
import { localisePath } from './i18n.ts'
import { permissions, scopeOf, type RouteAccess, type UserActor } from './rbac.ts'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Every route says who may use it; a route that does not is refused at start-up. */
    access?: RouteAccess
  }
  interface FastifyRequest {
    actor: UserActor | null
  }
}

/** Assets are files anyone may fetch; every other route must declare its access. */
const exempt = (url: string) => url.startsWith('/static/')

export class UndeclaredAccessError extends Error {}

/**
 * Enforces each route's declared permission before its handler runs: anonymous visitors are sent to sign in,
 * signed-in people without the permission get 403. Record-level scope is checked again by the services.
 */
export function registerAccessControl(app: FastifyInstance, resolveActor: (req: FastifyRequest) => Promise<UserActor | null>) {
  app.addHook('onRoute', (route) => {
    const access = route.config?.access
    if (exempt(route.url) || route.method === 'HEAD') return
    if (access === undefined) throw new UndeclaredAccessError(`${String(route.method)} ${route.url} declares no access`)
    if (access !== 'public' && !(access in permissions)) throw new UndeclaredAccessError(`${route.url}: unknown permission ${access}`)
  })
  app.decorateRequest('actor', null)
  app.addHook('onRequest', async (req) => {
    req.actor = await resolveActor(req)
  })
  app.addHook('preHandler', async (req, reply) => {
    const access = req.routeOptions.config.access
    if (access === undefined || access === 'public' || req.is404) return
    if (!req.actor) {
      if (req.method === 'GET' && !req.url.startsWith('/api/')) {
        return reply.redirect(`${localisePath(req.locale, '/sign-in')}?next=${encodeURIComponent(req.url)}`, 303)
      }
      throw new HttpError(401, '401')
    }
    if (!scopeOf(req.actor, access)) throw new HttpError(403, '403')
  })
}
