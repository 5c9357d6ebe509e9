import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { PGlite } from '@electric-sql/pglite'
import { sql, type SQL } from 'drizzle-orm'
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres'
import { migrate as migrateNodePg } from 'drizzle-orm/node-postgres/migrator'
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core'
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite'
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator'
import pg from 'pg'
import * as schema from './schema.ts'

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>
export type EngineKind = 'pglite' | 'postgres'

export type Engine = {
  kind: EngineKind
  db: Db
  migrate(): Promise<void>
  close(): Promise<void>
}

export const migrationsFolder = fileURLToPath(new URL('../../drizzle', import.meta.url))

/** Any constant will do: it only has to be the same in every process that migrates. */
const MIGRATION_LOCK = 727_001

/**
 * A PostgreSQL server when a URL is given; otherwise the embedded engine, persisted under dataDir
 * (or held in memory when dataDir is undefined, as the tests do).
 */
export async function openEngine(opts: { databaseUrl?: string | undefined; dataDir?: string | undefined }): Promise<Engine> {
  return opts.databaseUrl ? openServer(opts.databaseUrl) : openEmbedded(opts.dataDir)
}

async function openEmbedded(dataDir: string | undefined): Promise<Engine> {
  const client = await PGlite.create(dataDir ? join(dataDir, 'pglite') : undefined)
  const db = drizzlePglite(client, { schema }) as unknown as Db
  return {
    kind: 'pglite',
    db,
    migrate: () => migratePglite(db as never, { migrationsFolder }),
    close: () => client.close(),
  }
}

async function openServer(url: string): Promise<Engine> {
  const pool = new pg.Pool({ connectionString: url, max: 10, application_name: 'mizan' })
  // An idle client that loses its server must not take the process down; the next query reconnects.
  pool.on('error', () => {})
  const db = drizzleNodePg(pool, { schema }) as unknown as Db
  return {
    kind: 'postgres',
    db,
    async migrate() {
      // Several app processes may start together; the session lock lets exactly one migrate at a time.
      const client = new pg.Client({ connectionString: url })
      await client.connect()
      try {
        await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK])
        await migrateNodePg(drizzleNodePg(client, { schema }), { migrationsFolder })
      } finally {
        await client.end()
      }
    },
    close: () => pool.end(),
  }
}

/** Rows of a raw query, the same shape on both engines (cast numbers in SQL: the drivers differ on int8). */
export async function queryRows<T>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] }
  return result.rows
}

type Journal = { entries: { tag: string; when: number }[] }

/** The newest migration this build ships, as drizzle records it (its journal timestamp). */
const latestMigration = (JSON.parse(readFileSync(join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as Journal).entries.at(-1)?.when ?? 0

/** Whether the database has every migration this build ships; /healthz reports it. */
export async function migrationsCurrent(db: Db): Promise<boolean> {
  const rows = await queryRows<{ applied: string | null }>(
    db,
    sql`select max(created_at)::text as applied from drizzle.__drizzle_migrations`,
  ).catch(() => [])
  const applied = rows[0]?.applied
  return applied != null && Number(applied) >= latestMigration
}
