import closeWithGrace from 'close-with-grace'
import { buildApp } from './app.ts'
import { ConfigError, loadConfig, type Config } from './config.ts'
import { auditLogRewritableBy, EngineBusyError, openEngine } from './db/engine.ts'
import { seed } from './db/seed.ts'
import { activeDemoAccounts, demoAccountsProblem } from './modules/accounts/demo-accounts.service.ts'
import { createScheduler } from './jobs.ts'
import { auditLogFor } from './platform/audit-log.ts'
import { asynchronousLog, endLog, readableLog } from './platform/logging.ts'
import { smtpMailer } from './platform/outbox.ts'
import { systemClock } from './platform/clock.ts'

const JOB_INTERVAL_MS = 30_000

function configOrExit(): Config {
  try {
    return loadConfig()
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`Mizan cannot start.\n${err.message}`)
      process.exit(1)
    }
    throw err
  }
}

/** What a production process must not run with, said plainly; null when it may start. */
async function productionRefusal(): Promise<string | null> {
  // A data folder tried in development, or moved from one, must not go live with the published demo password.
  const demo = await demoAccountsProblem(engine.db)
  if (demo) return demo
  const rewritable = engine.kind === 'postgres' ? await auditLogRewritableBy(engine.db) : null
  return rewritable
    ? `DATABASE_URL connects as a role that could rewrite the audit log: ${rewritable}.\n` +
        'Let a migration role own the schema (MIZAN_MIGRATION_DATABASE_URL) and connect the app as a role that owns nothing: see the README, "Database roles".'
    : null
}

const started = performance.now()
const config = configOrExit()
const engine = await openEngine({
  databaseUrl: config.databaseUrl,
  migrationUrl: config.migrationUrl,
  readUrl: config.readUrl,
  dataDir: config.dataDir,
}).catch((err) => {
  if (!(err instanceof EngineBusyError)) throw err
  console.error(`Mizan cannot start.\n${err.message}`)
  process.exit(1)
})
await engine.migrate().catch((err) => {
  // A role that owns nothing (as production wants) cannot change the schema: say which connection should.
  if ((err as { cause?: { code?: string } }).cause?.code !== '42501') throw err
  console.error(
    'Mizan cannot start.\nThe role in DATABASE_URL may not change the database schema, so the migrations cannot run.\n' +
      'Set MIZAN_MIGRATION_DATABASE_URL to the role that owns the schema (README, "Database roles").',
  )
  process.exit(1)
})
const refusal = config.env === 'production' ? await productionRefusal() : null
if (refusal) {
  console.error(`Mizan cannot start.\n${refusal}`)
  await engine.close()
  process.exit(1)
}
const audit = auditLogFor(config, systemClock)
const loaded = await seed(
  engine.db,
  config.demoData ? { db: engine.db, engine: engine.kind, clock: systemClock, config, audit } : undefined,
)
const stdout = config.env === 'development' ? undefined : asynchronousLog()
const app = await buildApp({ config, engine, logger: stdout ?? (await readableLog()) })

// Every process runs the scheduler; the runner's claims make sure each due job runs once across them.
const mailer = config.smtpUrl ? smtpMailer(config.smtpUrl) : undefined
const scheduler = createScheduler({
  db: engine.db,
  engine: engine.kind,
  clock: systemClock,
  audit,
  log: app.log,
  secrets: config.secrets,
  mailer,
  mailFrom: config.mailFrom,
  publicUrl: config.publicUrl,
})
await scheduler.register()
let running = scheduler.runDue().catch((err) => app.log.error({ err }, 'scheduler failed'))
const timer = setInterval(() => {
  running = running.then(() => scheduler.runDue()).catch((err) => app.log.error({ err }, 'scheduler failed'))
}, JOB_INTERVAL_MS)

closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
  if (err) app.log.error({ err }, 'shutting down after an error')
  else app.log.info({ signal }, 'shutting down')
  clearInterval(timer)
  await app.close()
  await running
  await engine.close()
  if (stdout) await endLog(stdout)
})

const address = new URL(await app.listen({ port: config.port, host: config.host }))
// A loopback address is the README's localhost; any other is shown as it is.
if (['127.0.0.1', '[::1]'].includes(address.hostname)) address.hostname = 'localhost'
const base = (process.env.MIZAN_PUBLIC_URL ?? address.origin).replace(/\/$/, '')
const where = engine.kind === 'pglite' ? `embedded PostgreSQL in ${config.dataDir}` : 'PostgreSQL server'
app.log.info({ engine: engine.kind, startupMs: Math.round(performance.now() - started) }, 'ready')
const demoAccounts = config.env === 'development' ? await activeDemoAccounts(engine.db) : []
console.log(
  [
    `Mizan is running at ${base} (${where})`,
    `  in Urdu        ${base}/ur/`,
    `  data loaded    ${Object.entries(loaded)
      .map(([step, n]) => `${step} ${n}`)
      .join(', ')}`,
    ...(demoAccounts.length
      ? [
          `  demo accounts  ${demoAccounts.join(', ')}`,
          '                 (their password is in README.md, "Trying it: demo accounts")',
        ]
      : []),
  ].join('\n'),
)
