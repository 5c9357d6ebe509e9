import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { openEngine, type Db, type Engine } from '../db/engine.ts'

/** Which engine this test run uses: `npm test` runs the suite once per engine. */
export const testEngineKind = process.env.MIZAN_TEST_ENGINE === 'postgres' ? 'postgres' : 'pglite'
export type EngineKind = 'pglite' | 'postgres'

/** The engine this pass does not test, for checks that cross engines; undefined when no server is at hand. */
export const otherEngineKind: EngineKind | undefined =
  testEngineKind === 'postgres' ? 'pglite' : process.env.MIZAN_TEST_DATABASE_URL ? 'postgres' : undefined

/** The role the app runs as on the server engine, as in production: it owns nothing and may only append to the audit log. */
export const TEST_APP_ROLE = 'mizan_app'

export type TestDatabase = {
  engine: Engine
  /** The app's connection string (the restricted role on the server engine). */
  databaseUrl: string | undefined
  /** The schema owner's, for migrations. */
  migrationUrl: string | undefined
  /** A connection as the schema's owner, for tests that tamper as someone with full database access would. */
  owner: Db
  /** The app's connection string to the replica, and the replica's superuser's, when the engine reads from one. */
  readUrl?: string
  replicaAdminUrl?: string
  dispose(): Promise<void>
}

/** A streaming replica of MIZAN_TEST_DATABASE_URL's server, when the run has one (scripts/pg-test-cluster.sh replica). */
export const testReplicaUrl = process.env.MIZAN_TEST_READ_DATABASE_URL

/** Waits until the replica has replayed everything the primary has written so far. */
export async function replicaCaughtUp(primaryUrl: string, replicaUrl: string) {
  const lsn = await withClient(primaryUrl, async (c) => (await c.query('select pg_current_wal_lsn() as lsn')).rows[0].lsn)
  await withClient(replicaUrl, async (c) => {
    for (;;) {
      const { rows } = await c.query('select pg_last_wal_replay_lsn() >= $1::pg_lsn as done', [lsn])
      if (rows[0].done) return
      await new Promise((r) => setTimeout(r, 20))
    }
  })
}

/**
 * A fresh, migrated database for one test file: PGlite in memory (one role), or a new database on the PostgreSQL
 * server named by MIZAN_TEST_DATABASE_URL, owned by that URL's role, the app connecting as TEST_APP_ROLE; dropped afterwards.
 */
export async function freshDatabase(
  kind: EngineKind = testEngineKind,
  onQuery?: (statement: string) => void,
  opts: { replica?: boolean } = {},
): Promise<TestDatabase> {
  if (kind === 'pglite') {
    const engine = await openEngine({ onQuery })
    await engine.migrate()
    return { engine, databaseUrl: undefined, migrationUrl: undefined, owner: engine.db, dispose: () => engine.close() }
  }
  const admin = process.env.MIZAN_TEST_DATABASE_URL
  if (!admin) throw new Error('MIZAN_TEST_ENGINE=postgres needs MIZAN_TEST_DATABASE_URL')
  const name = `mizan_test_${randomBytes(6).toString('hex')}`
  await withClient(admin, async (c) => {
    await c.query(`create database ${name}`)
    // Roles belong to the whole server; test files starting together may race to create it.
    await c.query(
      `do $$ begin create role ${TEST_APP_ROLE} login; exception when duplicate_object or unique_violation then null; end $$`,
    )
  })
  /** This test's database on a server (the primary, or its replica): as the server's own user, and as the app. */
  const on = (server: string) => {
    const owner = new URL(server)
    owner.pathname = `/${name}`
    const app = new URL(owner)
    app.username = TEST_APP_ROLE
    app.password = ''
    return { owner: owner.href, app: app.href }
  }
  const primary = on(admin)
  if (opts.replica && !testReplicaUrl) throw new Error('a test reading from a replica needs MIZAN_TEST_READ_DATABASE_URL')
  const replica = opts.replica ? on(testReplicaUrl!) : undefined
  const engine = await openEngine({ databaseUrl: primary.app, migrationUrl: primary.owner, readUrl: replica?.app, onQuery })
  await engine.migrate()
  if (replica) await replicaCaughtUp(primary.owner, replica.owner)
  const owner = await openEngine({ databaseUrl: primary.owner })
  return {
    engine,
    databaseUrl: primary.app,
    migrationUrl: primary.owner,
    owner: owner.db,
    ...(replica ? { readUrl: replica.app, replicaAdminUrl: replica.owner } : {}),
    async dispose() {
      await engine.close()
      await owner.close()
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

/** Whether an error is a trigger's refusal to change an append-only table (as the driver wraps it, or not). */
export const appendOnlyRefusal = (e: Error) => /append-only/.test(`${e.message} ${(e.cause as Error | undefined)?.message}`)
