import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { openEngine, type Engine } from '../db/engine.ts'

/** Which engine this test run uses: `npm test` runs the suite once per engine. */
export const testEngineKind = process.env.MIZAN_TEST_ENGINE === 'postgres' ? 'postgres' : 'pglite'

export type TestDatabase = { engine: Engine; databaseUrl: string | undefined; migrationUrl?: string; dispose(): Promise<void> }

/**
 * A fresh, migrated database for one test file: PGlite in memory, or a new database on the
 * PostgreSQL server named by MIZAN_TEST_DATABASE_URL, dropped afterwards.
 */
export async function freshDatabase(): Promise<TestDatabase> {
  if (testEngineKind === 'pglite') {
    const engine = await openEngine({})
    await engine.migrate()
    return { engine, databaseUrl: undefined, dispose: () => engine.close() }
  }
  const admin = process.env.MIZAN_TEST_DATABASE_URL
  if (!admin) throw new Error('MIZAN_TEST_ENGINE=postgres needs MIZAN_TEST_DATABASE_URL')
  const name = `mizan_test_${randomBytes(6).toString('hex')}`
  await withClient(admin, (c) => c.query(`create database ${name}`))
  const url = new URL(admin)
  url.pathname = `/${name}`
  const engine = await openEngine({ databaseUrl: url.href })
  await engine.migrate()
  return {
    engine,
    databaseUrl: url.href,
    migrationUrl: url.href,
    async dispose() {
      await engine.close()
      await withClient(admin, (c) => c.query(`drop database if exists ${name} with (force)`))
    },
  }
}

async function withClient<T>(url: string, work: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end()
  }
}
