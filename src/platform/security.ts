import cookie from '@fastify/cookie'
import csrf from '@fastify/csrf-protection'
import helmet from '@fastify/helmet'
import rateLimit from '@fastify/rate-limit'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Db } from '../db/engine.ts'
import type { Clock } from './clock.ts'
import { HttpError } from './errors.ts'
import { databaseRateLimitStore } from './rate-limit-store.ts'

export type SecurityOptions = { db: Db; clock: Clock; cookieSecret: string; https: boolean }

export const csrfCookieName = (https: boolean) => (https ? '__Host-mizan-csrf' : 'mizan-csrf')

/** The methods that change something: they carry a CSRF token, and they read what they change from the primary. */
export const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Set to false only for routes that authenticate without cookies (bearer tokens), where CSRF cannot happen. */
    csrf?: boolean
  }
}

function csrfToken(req: FastifyRequest): string | undefined {
  const fromBody = (req.body as Record<string, unknown> | undefined)?._csrf
  if (typeof fromBody === 'string') return fromBody
  // Multipart bodies are parsed after this check runs, so their forms carry the token in the action's query.
  const fromQuery = (req.query as Record<string, unknown> | undefined)?._csrf
  if (typeof fromQuery === 'string') return fromQuery
  const header = req.headers['x-csrf-token']
  return typeof header === 'string' ? header : undefined
}

/** Headers, cookies, CSRF and rate limits: the defaults every route gets without asking. */
export async function registerSecurity(app: FastifyInstance, opts: SecurityOptions) {
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // No 'unsafe-inline': style attributes are refused too, so every style lives in a file.
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
        ...(opts.https ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    // Pages may carry tracking codes and invitation tokens: a Referer header must never leak them.
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: opts.https ? { maxAge: 63_072_000, includeSubDomains: true } : false,
  })

  await app.register(cookie, { secret: opts.cookieSecret })
  await app.register(csrf, {
    sessionPlugin: '@fastify/cookie',
    cookieKey: csrfCookieName(opts.https),
    cookieOpts: { path: '/', sameSite: 'lax', httpOnly: true, secure: opts.https, signed: true },
    getToken: csrfToken,
  })
  app.addHook('preValidation', (req, reply, done) => {
    if (!UNSAFE.has(req.method) || req.is404 || req.routeOptions.config.csrf === false) return done()
    app.csrfProtection(req, reply, done)
  })

  await app.register(rateLimit, {
    global: false,
    store: databaseRateLimitStore(opts.db, opts.clock, opts.cookieSecret),
    errorResponseBuilder: (_req, ctx) => new HttpError(429, '429', { minutes: Math.max(1, Math.ceil(ctx.ttl / 60_000)) }),
  })
}
