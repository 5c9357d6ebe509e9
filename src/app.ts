import compress from '@fastify/compress'
import formbody from '@fastify/formbody'
import multipart from '@fastify/multipart'
import fastifyStatic from '@fastify/static'
import Fastify, { type FastifyInstance } from 'fastify'
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod'
import type { IncomingMessage } from 'node:http'
import type { Config } from './config.ts'
import type { Engine } from './db/engine.ts'
import { features } from './features.ts'
import { accountsDeps, actorOf } from './modules/accounts/accounts.service.ts'
import { createSessionStore } from './modules/accounts/sessions.ts'
import { registerAccessControl } from './platform/access.ts'
import { apiDocsRoutes, registerApiDocs } from './platform/api-docs.tsx'
import { auditLogFor } from './platform/audit-log.ts'
import { fontsDir, htmxFile, loadAssets, publicDir, scriptsDir, urduFontFile, type Assets } from './platform/assets.ts'
import { systemClock, type Clock } from './platform/clock.ts'
import type { Deps } from './platform/deps.ts'
import { registerReading } from './platform/reading.ts'
import { registerErrorHandling } from './platform/error-handling.tsx'
import { fileRulesOf, panelsOf } from './platform/feature.ts'
import { createPanels } from './platform/panels.ts'
import { fileRoutes, type FileReadRule } from './platform/files.ts'
import { splitLocale, translator, type Locale, type T } from './platform/i18n.ts'
import type { DestinationStream } from 'pino'
import { registerCaching } from './platform/caching.ts'
import { registerPageCache } from './platform/page-cache.ts'
import { loggerOptions, OneLinePerRequest } from './platform/logging.ts'
import { MAX_UPLOAD_BYTES } from './platform/multipart.ts'
import { operationsRoutes } from './platform/operations.ts'
import { registerSecurity } from './platform/security.ts'
import { workQueueRoutes } from './platform/work-queue.routes.tsx'

declare module 'fastify' {
  interface FastifyInstance {
    assets: Assets
    /** Owner type → who may read that record's files; each feature adds its own. */
    fileRules: Map<string, FileReadRule>
  }
  interface FastifyRequest {
    locale: Locale
    t: T
  }
}

type LocalisedRequest = IncomingMessage & { mizanLocale?: Locale }

export type AppOptions = {
  config: Config
  engine: Engine
  clock?: Clock
  /** Tests pass false, or a stream to read the JSON log lines from; the server passes nothing and logs to stdout. */
  logger?: false | DestinationStream
}

export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const { config, engine } = opts
  const app = Fastify({
    logger:
      opts.logger === false
        ? false
        : loggerOptions(
            { level: config.logLevel, clientAddress: config.logClientAddress, key: config.secrets.auditKey },
            opts.logger,
          ),
    trustProxy: config.trustProxy,
    logController: new OneLinePerRequest(),
    bodyLimit: 100 * 1024,
    routerOptions: { ignoreTrailingSlash: true },
    // Every route answers in both languages: /ur/... is the same route with the Urdu catalogue.
    rewriteUrl(raw) {
      const { locale, url } = splitLocale(raw.url ?? '/')
      ;(raw as LocalisedRequest).mizanLocale = locale
      return url
    },
  })
  app.setValidatorCompiler(validatorCompiler)
  app.setSerializerCompiler(serializerCompiler)

  app.decorate('assets', loadAssets())
  app.decorateRequest('locale', 'en')
  app.decorateRequest('t', translator('en'))
  app.addHook('onRequest', async (req) => {
    req.locale = (req.raw as LocalisedRequest).mizanLocale ?? 'en'
    req.t = translator(req.locale)
  })
  registerErrorHandling(app)

  const clock = opts.clock ?? systemClock
  const audit = auditLogFor(config, clock)
  const deps: Deps = { db: engine.db, engine: engine.kind, clock, config, audit }
  await registerSecurity(app, {
    db: deps.db,
    clock: deps.clock,
    cookieSecret: config.secrets.cookieSecret,
    https: config.publicUrl.protocol === 'https:',
  })
  // In this order: the cookies are written, then pages are kept, then what may be stored is decided and the ETag made,
  // then it is compressed.
  registerPageCache(app, { replica: engine.replica, clock })
  await registerCaching(app)
  await app.register(compress, { threshold: 1024 })
  await app.register(formbody)
  // Multipart bodies are streamed by the handler, after the CSRF check (token in the form action's query).
  await app.register(multipart, { limits: { fileSize: MAX_UPLOAD_BYTES, files: 5, fields: 30, fieldSize: 100 * 1024 } })

  // Who is asking, for every route: the accounts feature's sessions.
  const sessions = createSessionStore({ db: deps.db, clock, https: config.publicUrl.protocol === 'https:' })
  const accounts = accountsDeps(deps.db, config.secrets, clock, audit, config.securityContact)
  app.decorateRequest('authSession', null)
  registerReading(app, engine, { sessionCookie: sessions.cookieName, https: config.publicUrl.protocol === 'https:' })
  registerAccessControl(
    app,
    async (req) => {
      req.authSession = await sessions.load(req)
      return actorOf(accounts, req.authSession)
    },
    config.metricsToken,
  )

  await app.register(fastifyStatic, { root: publicDir, prefix: '/static/', maxAge: '365d', immutable: true })
  await app.register(fastifyStatic, {
    root: fontsDir,
    prefix: '/static/fonts/',
    decorateReply: false,
    maxAge: '365d',
    immutable: true,
    allowedPath: (path) => path === `/${urduFontFile}`,
  })

  // Before any route, so that every route tagged for the public API is described.
  await registerApiDocs(app, config.publicUrl)
  await app.register(fastifyStatic, {
    root: scriptsDir,
    prefix: '/static/js/',
    decorateReply: false,
    maxAge: '365d',
    immutable: true,
    allowedPath: (path) => path === `/${htmxFile}`,
  })
  app.decorate('fileRules', fileRulesOf(features, deps))
  app.decorate('panels', createPanels(deps, panelsOf(features)))
  fileRoutes(app, deps.db, app.fileRules)
  await operationsRoutes(app, deps)
  workQueueRoutes(app, deps)
  for (const feature of features) await feature.routes?.(app, deps)
  apiDocsRoutes(app)
  return app
}
