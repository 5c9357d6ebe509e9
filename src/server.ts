import closeWithGrace from 'close-with-grace'
import { buildApp } from './app.ts'
import { ConfigError, loadConfig, type Config } from './config.ts'
import { openEngine } from './db/engine.ts'
import { seed } from './db/seed.ts'

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

const started = performance.now()
const config = configOrExit()
const engine = await openEngine({ databaseUrl: config.databaseUrl, dataDir: config.dataDir })
await engine.migrate()
await seed(engine.db)
const app = await buildApp({ config, engine })

closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
  if (err) app.log.error({ err }, 'shutting down after an error')
  else app.log.info({ signal }, 'shutting down')
  await app.close()
  await engine.close()
})

const address = await app.listen({ port: config.port, host: config.host })
const where = engine.kind === 'pglite' ? `embedded PostgreSQL in ${config.dataDir}` : 'PostgreSQL server'
app.log.info({ engine: engine.kind, startupMs: Math.round(performance.now() - started) }, 'ready')
console.log(`Mizan is running at ${process.env.MIZAN_PUBLIC_URL ?? address} (${where})`)
