import { Command } from 'commander'
import { generateSecrets, loadConfig, type Config } from '../config.ts'
import { openEngine, type Engine } from '../db/engine.ts'
import { seed } from '../db/seed.ts'
import { createScheduler } from '../jobs.ts'
import { createAuditLog } from '../platform/audit-log.ts'
import { systemClock } from '../platform/clock.ts'

async function withEngine(work: (engine: Engine, config: Config) => Promise<void>) {
  const config = loadConfig()
  const engine = await openEngine({ databaseUrl: config.databaseUrl, dataDir: config.dataDir })
  try {
    await work(engine, config)
  } finally {
    await engine.close()
  }
}

const auditLogOf = (config: Config) => createAuditLog({ clock: systemClock, auditKey: config.secrets.auditKey })

const program = new Command()
  .name('mizan')
  .description('Operate Mizan. The database is chosen as for the server: DATABASE_URL, or the embedded engine in MIZAN_DATA_DIR.')

program
  .command('migrate')
  .description('apply the SQL migrations this version ships that the database does not have yet')
  .action(() =>
    withEngine(async (engine) => {
      await engine.migrate()
      console.log(`migrations applied (${engine.kind})`)
    }),
  )

program
  .command('seed')
  .description('load the reference data from the National AI Policy 2025; safe to run again')
  .action(() =>
    withEngine(async (engine) => {
      await engine.migrate()
      const counts = await seed(engine.db)
      for (const [what, n] of Object.entries(counts)) console.log(`${what}: ${n}`)
    }),
  )

program
  .command('secrets')
  .description('print fresh secrets as environment variables, for a deployment on a PostgreSQL server')
  .action(() => {
    const s = generateSecrets()
    console.log(`MIZAN_COOKIE_SECRET=${s.cookieSecret}\nMIZAN_ENCRYPTION_KEYS=${s.encryptionKeys}\nMIZAN_AUDIT_KEY=${s.auditKey}`)
  })

program
  .command('jobs')
  .description('scheduled work')
  .command('run-due')
  .description('run every scheduled job that is due now, once, and print what ran (safe beside running servers)')
  .action(() =>
    withEngine(async (engine, config) => {
      const log = { info: (o: object, m: string) => console.log(m, JSON.stringify(o)), error: (o: object, m: string) => console.error(m, o) }
      const scheduler = createScheduler({ db: engine.db, clock: systemClock, audit: auditLogOf(config), log })
      await scheduler.register()
      const outcomes = await scheduler.runDue()
      for (const o of outcomes) console.log(`${o.name}: ${o.outcome}${o.error ? ` (${o.error})` : ''}`)
      if (outcomes.length === 0) console.log('nothing was due')
      if (outcomes.some((o) => o.outcome === 'failed')) process.exitCode = 1
    }),
  )

const audit = program.command('audit').description('the tamper-evident audit log')

audit
  .command('verify')
  .description('recompute the hash chain and the signed checkpoints; exits 1 and names each problem if any entry was altered, deleted or re-ordered')
  .action(() =>
    withEngine(async (engine, config) => {
      const report = await auditLogOf(config).verify(engine.db)
      for (const p of report.problems) console.log(`PROBLEM ${p}`)
      console.log(`${report.ok ? 'intact' : 'TAMPERED'}: ${report.entries} entries, ${report.checkpoints} checkpoints`)
      if (!report.ok) process.exitCode = 1
    }),
  )

audit
  .command('checkpoint')
  .description('sign the newest entry, so that deleting entries up to it is detected; keep the printed line outside the database')
  .action(() =>
    withEngine(async (engine, config) => {
      const c = await auditLogOf(config).checkpoint(engine.db)
      console.log(c ? `checkpoint seq=${c.seq} hash=${c.entryHash}` : 'the audit log is empty')
    }),
  )

await program.parseAsync()
