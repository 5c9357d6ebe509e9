import { createHash, timingSafeEqual } from 'node:crypto'
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
  interface FastifyInstance {
    /** `METHOD /url` → its declared access: what the authorisation matrix test walks. */
    accessTable: ReadonlyMap<string, RouteAccess>
  }
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1'])
const digest = (s: string) => createHash('sha256').update(s).digest()

function isOperator(req: FastifyRequest, token: string | undefined): boolean {
  // req.ip honours MIZAN_TRUST_PROXY, so a proxy on the same host does not make every client "local".
  if (LOOPBACK.has(req.ip)) return true
  const given = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1]
  return token !== undefined && given !== undefined && timingSafeEqual(digest(given), digest(token))
}

/** Assets are files anyone may fetch; every other route must declare its access. */
const exempt = (url: string) => url.startsWith('/static/')

export class UndeclaredAccessError extends Error {}

/**
 * Enforces each route's declared permission before its handler runs: anonymous visitors are sent to sign in,
 * signed-in people without the permission get 403. Record-level scope is checked again by the services.
 */
export function registerAccessControl(
  app: FastifyInstance,
  resolveActor: (req: FastifyRequest) => Promise<UserActor | null>,
  operatorToken?: string,
) {
  const table = new Map<string, RouteAccess>()
  app.decorate('accessTable', table)
  app.addHook('onRoute', (route) => {
    const access = route.config?.access
    if (exempt(route.url) || route.method === 'HEAD') return
    if (access === undefined) throw new UndeclaredAccessError(`${String(route.method)} ${route.url} declares no access`)
    if (access !== 'public' && access !== 'operator' && !(access in permissions))
      throw new UndeclaredAccessError(`${route.url}: unknown permission ${access}`)
    for (const method of [route.method].flat()) table.set(`${method} ${route.url}`, access)
  })
  app.decorateRequest('actor', null)
  app.addHook('onRequest', async (req) => {
    req.actor = await resolveActor(req)
  })
  // Before validation, so that nobody learns what a route accepts before being allowed to use it.
  app.addHook('preValidation', async (req, reply) => {
    const access = req.routeOptions.config.access
    if (access === undefined || access === 'public' || req.is404) return
    if (access === 'operator') {
      if (!isOperator(req, operatorToken)) throw new HttpError(403, '403')
      return
    }
    if (!req.actor) {
      if (req.method === 'GET' && !req.url.startsWith('/api/')) {
        return reply.redirect(`${localisePath(req.locale, '/sign-in')}?next=${encodeURIComponent(req.url)}`, 303)
      }
      throw new HttpError(401, '401')
    }
    if (!scopeOf(req.actor, access)) throw new HttpError(403, '403')
  })
}
