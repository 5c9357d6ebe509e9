import { Command } from 'commander'
import { generateSecrets, loadConfig } from '../config.ts'
import { openEngine, type Engine } from '../db/engine.ts'
import { seed } from '../db/seed.ts'

async function withEngine(work: (engine: Engine) => Promise<void>) {
  const config = loadConfig()
  const engine = await openEngine({ databaseUrl: config.databaseUrl, dataDir: config.dataDir })
  try {
    await work(engine)
  } finally {
    await engine.close()
  }
}

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

await program.parseAsync()
