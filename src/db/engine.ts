import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { PGlite } from '@electric-sql/pglite'
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm'
import { unaccent } from '@electric-sql/pglite/contrib/unaccent'
import { getTableColumns, sql, type SQL } from 'drizzle-orm'
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres'
import { migrate as migrateNodePg } from 'drizzle-orm/node-postgres/migrator'
import type { PgDatabase, PgQueryResultHKT, PgTable } from 'drizzle-orm/pg-core'
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite'
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator'
import pg from 'pg'
import * as schema from './schema.ts'

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>
export type EngineKind = 'pglite' | 'postgres'

export type Engine = {
  kind: EngineKind
  db: Db
  /** Where reads that may lag a moment go: a streaming replica when one is configured, otherwise `db` itself. */
  replica: Db
  migrate(): Promise<void>
  close(): Promise<void>
}

export const migrationsFolder = fileURLToPath(new URL('../../drizzle', import.meta.url))

/** Any constant will do: it only has to be the same in every process that migrates. */
const MIGRATION_LOCK = 727_001

/**
 * Planner statistics (of the tables given, or of all) and a checkpoint, for the embedded engine, which has neither
 * autovacuum nor a checkpointer: without statistics the planner guesses (the register's search took 509 ms after a
 * large import, and 1 ms once analysed), and without checkpoints its write-ahead log only grows. A PostgreSQL server
 * does both itself (and the app's role, which owns no table, may not analyse them).
 */
export async function maintainEmbedded(db: Db, kind: EngineKind, tables?: readonly PgTable[]) {
  if (kind !== 'pglite') return
  if (tables) for (const table of tables) await db.execute(sql`analyze ${table}`)
  else await db.execute(sql`analyze`)
  // With max_wal_size set low when the engine opens (below), a checkpoint lets the log shrink back to it.
  await db.execute(sql`checkpoint`)
}

/** How much the database holds, and on the embedded engine its write-ahead log too: for operators, in /metrics. */
export async function storageOf(db: Db, kind: EngineKind) {
  const [row] = await queryRows<{ database: string; wal: string | null }>(
    db,
    kind === 'pglite'
      ? sql`select pg_database_size(current_database())::text as database,
                   (select coalesce(sum(size), 0) from pg_ls_waldir())::text as wal`
      : sql`select pg_database_size(current_database())::text as database, null as wal`,
  )
  return { databaseBytes: Number(row!.database), ...(row!.wal === null ? {} : { walBytes: Number(row!.wal) }) }
}

/**
 * A PostgreSQL server when a URL is given; otherwise the embedded engine, persisted under dataDir
 * (or held in memory when dataDir is undefined, as the tests do).
 */
export async function openEngine(opts: {
  databaseUrl?: string | undefined
  migrationUrl?: string | undefined
  /** A streaming replica of the server, for reads (`Engine.replica`). */
  readUrl?: string | undefined
  dataDir?: string | undefined
  /** Told of every statement the app runs (tests count the queries a page makes, the bench replays them). */
  onQuery?: ((statement: string, params: unknown[]) => void) | undefined
}): Promise<Engine> {
  const logger = opts.onQuery ? { logQuery: opts.onQuery } : false
  return opts.databaseUrl
    ? openServer(opts.databaseUrl, opts.migrationUrl, opts.readUrl, logger)
    : openEmbedded(opts.dataDir, logger)
}

/** What Drizzle is told to do with each statement: nothing, or pass it to a listener. */
type QueryLogger = false | { logQuery: (statement: string, params: unknown[]) => void }

/** Raised when the embedded database is already open in another process. */
export class EngineBusyError extends Error {}

/**
 * PGlite has no server to arbitrate between processes: two of them on one data directory would corrupt it.
 * A lock file naming the owner's pid keeps a second process (a CLI command beside the server) out;
 * a lock left by a process that no longer exists (kill -9) is taken over.
 */
function lockDataDir(dir: string): () => void {
  mkdirSync(dir, { recursive: true })
  const file = join(dir, 'pglite.lock')
  for (;;) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx' })
      return () => rmSync(file, { force: true })
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
      const owner = Number(readFileSync(file, 'utf8'))
      if (owner && owner !== process.pid && processAlive(owner)) {
        throw new EngineBusyError(
          `The embedded database in ${dir} is in use by process ${owner} (is Mizan running?). Stop it first.`,
        )
      }
      rmSync(file, { force: true })
    }
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

async function openEmbedded(dataDir: string | undefined, logger: QueryLogger): Promise<Engine> {
  const unlock = dataDir ? lockDataDir(dataDir) : () => {}
  try {
    // pg_trgm gives register search its misspelling fallback, unaccent its folding of Latin accents; the server ships
    // both in its contrib package.
    const client = await PGlite.create(dataDir ? join(dataDir, 'pglite') : undefined, {
      extensions: { pg_trgm, unaccent },
      // The engine has no checkpointer: the log grows until `maintainEmbedded` checkpoints, and then keeps this much.
      // Its shared buffers live in the process's own memory, which WebAssembly never gives back: half the default of
      // 128 MB, the operating system's file cache holding the rest (an idle server held 341 MB, against 392–415 MB).
      postgresqlconf: ['max_wal_size = 64MB', 'min_wal_size = 32MB', 'shared_buffers = 64MB'],
    })
    const db = drizzlePglite(client, { schema, logger }) as unknown as Db
    return {
      kind: 'pglite',
      db,
      replica: db,
      async migrate() {
        await migratePglite(db as never, { migrationsFolder })
        await client.exec(publicChangeTriggers())
      },
      close: () => client.close().finally(unlock),
    }
  } catch (err) {
    unlock()
    throw err
  }
}

/** A pool of connections to a server, with Drizzle over it. */
function serverPool(url: string, logger: QueryLogger, options: pg.PoolConfig = {}) {
  const pool = new pg.Pool({ connectionString: url, max: 10, application_name: 'mizan', ...options })
  // An idle client that loses its server must not take the process down; the next query reconnects.
  pool.on('error', () => {})
  return { pool, db: drizzleNodePg(pool, { schema, logger }) as unknown as Db }
}

async function openServer(
  url: string,
  migrationUrl: string | undefined,
  readUrl: string | undefined,
  logger: QueryLogger,
): Promise<Engine> {
  const { pool, db } = serverPool(url, logger)
  // Read-only even if the URL names the primary by mistake: nothing written through it could be read back at once.
  const reads = readUrl ? serverPool(readUrl, logger, { options: '-c default_transaction_read_only=on' }) : undefined
  return {
    kind: 'postgres',
    db,
    replica: reads?.db ?? db,
    async migrate() {
      // Several app processes may start together; the session lock lets exactly one migrate at a time.
      const client = new pg.Client({ connectionString: migrationUrl ?? url })
      await client.connect()
      try {
        await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK])
        await migrateNodePg(drizzleNodePg(client, { schema }), { migrationsFolder })
        await client.query(publicChangeTriggers())
        await client.query(RANKING_INDEX)
        const appRole = decodeURIComponent(new URL(url).username)
        if (migrationUrl && appRole) await client.query(grantsFor(appRole))
      } finally {
        await client.end()
      }
    },
    close: async () => {
      await Promise.all([pool.end(), reads?.pool.end()])
    },
  }
}

/**
 * Tables no public page shows, written often or only for one person (sign-ins, limits, the audit log, jobs, mail,
 * work queues, private reports and drafts): a change to them leaves the public generation as it is. Every other
 * table counts as public, so a new table invalidates kept pages until it is listed here, never the other way round.
 */
export const PRIVATE_TABLES = [
  'access_review_decisions',
  'access_reviews',
  'account_tokens',
  'audit_checkpoints',
  'audit_entries',
  'feedback_messages',
  'incident_reports',
  'job_schedule',
  'known_devices',
  'notifications',
  'outbox_messages',
  // A programme's applications and their reviews are seen by the public only through a decision (a public table).
  'programme_applications',
  'programme_budget_lines',
  'programme_consensus',
  'programme_notes',
  'programme_redress',
  'programme_reports',
  'programme_reviews',
  'public_generation',
  'questionnaire_drafts',
  'rate_limit_hits',
  'recovery_codes',
  'register_generation',
  'register_import_checks',
  'sessions',
  'sign_in_throttle',
  'work_items',
]

/**
 * Puts the public-change trigger (migration 0044) on every table that lacks it but the private ones: run after every
 * migration, as the grants are, so that new tables are covered. Only missing triggers are made, so that a process
 * starting beside running ones takes no lock on a busy table.
 */
export const publicChangeTriggers = () => `
do $$
declare t text;
begin
  for t in
    select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind in ('r', 'p')
      and c.relname <> all (array[${PRIVATE_TABLES.map((t) => `'${t}'`).join(', ')}])
      and not exists (select 1 from pg_trigger g where g.tgrelid = c.oid and g.tgname = 'public_changed')
  loop
    execute format('create trigger public_changed after insert or update or delete or truncate on %I '
                   'for each statement execute function mizan_public_changed()', t);
  end loop;
end $$`

/**
 * On a server that has the RUM extension (Debian's postgresql-15-rum), the register's search vector gets a RUM index
 * in place of its GIN one: RUM keeps word positions, so it returns the best-ranked records first without reading every
 * match's row (see `rankedPageStatement` in the register's repository). Made once, when missing; a role that may not
 * create the extension keeps the GIN index, and search works the same, sorting instead.
 */
export const RUM_INDEX = 'register_entries_search_rum_idx'
const RANKING_INDEX = `
do $$
begin
  if to_regclass('${RUM_INDEX}') is not null
     or not exists (select 1 from pg_available_extensions where name = 'rum') then
    return;
  end if;
  begin
    create extension if not exists rum;
  exception when insufficient_privilege then
    raise notice 'the rum extension could not be created: register search sorts its matches';
    return;
  end;
  create index ${RUM_INDEX} on register_entries using rum (search rum_tsvector_ops);
  drop index if exists register_entries_search_idx;
end $$`

/** Tables a trigger already keeps append-only; the application's role is not even granted the right to try. */
export const APPEND_ONLY_TABLES = [
  'audit_entries',
  'audit_checkpoints',
  'ai_system_versions',
  'data_calls',
  'data_call_notices',
  'delivery_confidence',
  'delivery_confidence_challenges',
  'policy_log',
  'progress_measurements',
  'progress_measurement_parts',
  'progress_paths',
  'progress_reports',
  'progress_status_overrides',
  'questionnaires',
  'questionnaire_retirements',
  'row_funding',
]

/**
 * What the application's role may do once the migration role owns the schema: read and write the tables, but only
 * append to the append-only ones, and erase audit payloads only through `mizan_erase_audit_payload`. Owning nothing,
 * it cannot disable a trigger, alter a table or grant itself more. Run after every migration, so new tables are covered.
 */
export function grantsFor(role: string): string {
  const r = `"${role.replaceAll('"', '""')}"`
  return [
    `grant usage on schema public to ${r}`,
    `grant select, insert, update, delete on all tables in schema public to ${r}`,
    `revoke update, delete, truncate on ${APPEND_ONLY_TABLES.join(', ')} from ${r}`,
    `grant usage, select, update on all sequences in schema public to ${r}`,
    `grant usage on schema drizzle to ${r}`,
    `grant select on all tables in schema drizzle to ${r}`,
    `grant execute on function mizan_erase_audit_payload(bigint, timestamptz) to ${r}`,
  ].join(';\n')
}

/**
 * Why the connected role could rewrite the audit log (it owns the table, is a superuser, or may update or delete
 * it), or null when it may only append. Production on a server refuses to start with such a role.
 */
export async function auditLogRewritableBy(db: Db): Promise<string | null> {
  const [row] = await queryRows<{ role: string; owner: boolean; superuser: boolean; update: boolean; delete: boolean }>(
    db,
    sql`
    select current_user as role,
      pg_get_userbyid(c.relowner) = current_user as owner,
      (select rolsuper from pg_roles where rolname = current_user) as superuser,
      has_table_privilege('audit_entries', 'UPDATE') as update,
      has_table_privilege('audit_entries', 'DELETE') as delete
    from pg_class c where c.oid = 'audit_entries'::regclass`,
  )
  if (!row) return null
  const why = [
    row.owner && 'owns the audit log',
    row.superuser && 'is a superuser',
    row.update && 'may update it',
    row.delete && 'may delete from it',
  ].filter(Boolean)
  return why.length ? `the database role "${row.role}" ${why.join(', ')}` : null
}

/** Rows of a raw query, the same shape on both engines (cast numbers in SQL: the drivers differ on int8). */
export async function queryRows<T>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] }
  return result.rows
}

/**
 * The `set` of an upsert that takes these columns from the row the conflict refused (`excluded.<column>`), named by
 * their properties: the SQL names come from the table, so none is spelled twice.
 */
export function fromExcluded<T extends PgTable>(table: T, keys: readonly (keyof T['$inferInsert'] & string)[]) {
  const columns = getTableColumns(table) as Record<string, { name: string }>
  return Object.fromEntries(keys.map((k) => [k, sql.raw(`excluded.${columns[k]!.name}`)]))
}

type Journal = { entries: { tag: string; when: number }[] }

const newestEntry = (JSON.parse(readFileSync(join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as Journal).entries.at(-1)
/** The newest migration this build ships, as drizzle records it (its journal timestamp). */
const latestMigration = newestEntry?.when ?? 0
/** Its name, e.g. `0003_job_schedule`: data exports record it. */
export const latestMigrationTag = newestEntry?.tag ?? 'none'

/** Whether the database has every migration this build ships; /healthz reports it. */
export async function migrationsCurrent(db: Db): Promise<boolean> {
  const rows = await queryRows<{ applied: string | null }>(
    db,
    sql`select max(created_at)::text as applied from drizzle.__drizzle_migrations`,
  ).catch(() => [])
  const applied = rows[0]?.applied
  return applied != null && Number(applied) >= latestMigration
}
