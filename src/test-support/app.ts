import { mkdtempSync } from 'node:fs'
import { Writable } from 'node:stream'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { buildApp } from '../app.ts'
import { loadConfig, type Config } from '../config.ts'
import { seed } from '../db/seed.ts'
import { createAuditLog } from '../platform/audit-log.ts'
import { systemClock, type Clock } from '../platform/clock.ts'
import type { Deps } from '../platform/deps.ts'
import { freshDatabase, type EngineKind, type TestDatabase } from './database.ts'

export const TEST_SECRETS = {
  MIZAN_COOKIE_SECRET: 'test-cookie-secret-test-cookie-secret-0123',
  MIZAN_ENCRYPTION_KEYS: `test1:${Buffer.alloc(32, 7).toString('base64')}`,
  MIZAN_AUDIT_KEY: 'test-audit-key-test-audit-key-0123456789',
}

export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({
    NODE_ENV: 'test',
    MIZAN_LOG_LEVEL: 'silent',
    MIZAN_DATA_DIR: mkdtempSync(join(tmpdir(), 'mizan-test-')),
    ...TEST_SECRETS,
    ...env,
  })
}

/** A clock the test moves by hand. */
export function manualClock(start = '2026-01-15T09:00:00.000Z'): Clock & { advance(ms: number): void } {
  let now = new Date(start).getTime()
  return { now: () => new Date(now), advance: (ms) => void (now += ms) }
}

export type TestApp = { app: FastifyInstance; database: TestDatabase; config: Config; logs: LogLine[]; close(): Promise<void> }
/** A database and the configuration its app runs with: what tests need to set up data, with or without an app. */
export type TestData = Pick<TestApp, 'database' | 'config'>
export type LogLine = { level: number; msg?: string; [field: string]: unknown }

/** The whole app on a fresh, seeded database of this run's engine. */
export async function testApp(
  opts: {
    env?: Record<string, string>
    clock?: Clock
    setup?: (app: FastifyInstance) => void
    engine?: EngineKind
    /** Told of every statement the app runs. */
    onQuery?: (statement: string) => void
    /** Public reads from a streaming replica (on the server engine, when the run has one). */
    replica?: boolean
  } = {},
): Promise<TestApp> {
  const database = await freshDatabase(opts.engine, opts.onQuery, { replica: opts.replica })
  await seed(database.engine.db)
  // Every log line is kept, parsed, so a test can say what was (and was not) logged.
  const logs: LogLine[] = []
  const sink = new Writable({ write: (chunk, _enc, done) => (logs.push(JSON.parse(String(chunk)) as LogLine), done()) })
  // The configuration names the replica the engine reads, as a deployment's does.
  const replica: Record<string, string> = database.readUrl
    ? { DATABASE_URL: database.databaseUrl!, DATABASE_READ_URL: database.readUrl }
    : {}
  const config = testConfig({ MIZAN_LOG_LEVEL: 'info', ...replica, ...opts.env })
  const app = await buildApp({ config, engine: database.engine, clock: opts.clock, logger: sink })
  opts.setup?.(app)
  await app.ready()
  return {
    app,
    database,
    config,
    logs,
    async close() {
      await app.close()
      await database.dispose()
    },
  }
}

/** The cookies a response set, as a Cookie header for the next request. */
export const cookieHeader = (res: LightMyRequestResponse) => res.cookies.map((c) => `${c.name}=${c.value}`).join('; ')

/** Opens a form page as a browser would: returns the CSRF cookie and the token in the form. */
export async function openForm(app: FastifyInstance, url: string) {
  const res = await app.inject({ method: 'GET', url })
  const token = /name="_csrf" value="([^"]+)"/.exec(res.body)?.[1]
  if (res.statusCode !== 200 || !token) throw new Error(`no form with a CSRF token at ${url} (${res.statusCode})`)
  return { cookie: cookieHeader(res), csrf: token }
}

/** What route modules are given, for testing services directly against the app's database. */
export function testDeps(t: TestData, clock: Clock = systemClock): Deps {
  return {
    db: t.database.engine.db,
    engine: t.database.engine.kind,
    clock,
    config: t.config,
    audit: createAuditLog({ clock, auditKey: t.config.secrets.auditKey }),
  }
}

/**
 * Opens a form page as a signed-in person and sends it back with these fields, as a browser would:
 * the session cookie, the CSRF cookie and the token from the page.
 */
export async function submitForm(
  app: FastifyInstance,
  opts: { cookie?: string; formPage: string; url: string; fields: Record<string, string | string[]> },
) {
  const page = await app.inject({ url: opts.formPage, headers: opts.cookie ? { cookie: opts.cookie } : {} })
  // The token is a hidden field, or rides in the action of a multipart form (which also accepts ordinary posts).
  const csrf =
    /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ??
    decodeURIComponent(/action="[^"]*[?&]_csrf=([^"&]+)"/.exec(page.body)?.[1] ?? '')
  if (!csrf) throw new Error(`no form with a CSRF token at ${opts.formPage} (${page.statusCode})`)
  const body = new URLSearchParams({ _csrf: csrf })
  for (const [k, v] of Object.entries(opts.fields)) for (const item of [v].flat()) body.append(k, item)
  const cookie = [opts.cookie, cookieHeader(page)].filter(Boolean).join('; ')
  return app.inject({
    method: 'POST',
    url: opts.url,
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: body.toString(),
  })
}

/**
 * Sends a multipart form as a browser would: opens the page, takes the form whose action contains `action` (its CSRF
 * token rides in that action's query), and posts the fields and one file with the page's cookies.
 */
export async function submitUpload(
  app: FastifyInstance,
  opts: {
    cookie?: string
    formPage: string
    action: string
    fields?: Record<string, string | string[]>
    file: { field: string; name: string; bytes: Buffer | string }
  },
) {
  const page = await app.inject({ url: opts.formPage, headers: opts.cookie ? { cookie: opts.cookie } : {} })
  const actions = [...page.body.matchAll(/action="([^"]+)" enctype="multipart\/form-data"/gi)].map((m) =>
    m[1]!.replaceAll('&amp;', '&'),
  )
  const url = actions.find((a) => a.includes(opts.action))
  if (!url) throw new Error(`no upload form for ${opts.action} at ${opts.formPage} (${page.statusCode})`)
  const boundary = 'mizan-test-boundary'
  const parts = Object.entries(opts.fields ?? {}).flatMap(([k, v]) =>
    [v].flat().map((item) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${item}\r\n`),
  )
  const payload = Buffer.concat([
    Buffer.from(parts.join('')),
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${opts.file.field}"; filename="${opts.file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    Buffer.from(opts.file.bytes),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ])
  return app.inject({
    method: 'POST',
    url,
    headers: {
      cookie: [opts.cookie, cookieHeader(page)].filter(Boolean).join('; '),
      'content-type': `multipart/form-data; boundary=${boundary}`,
    },
    payload,
  })
}
