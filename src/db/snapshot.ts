import { createReadStream, createWriteStream, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { pipeline } from 'node:stream/promises'
import { createGunzip, createGzip } from 'node:zlib'
import { sql } from 'drizzle-orm'
import { latestMigrationTag, queryRows, type Db, type EngineKind } from './engine.ts'

/**
 * Mizan's logical data format, the same from either engine: per table, one JSON object per row
 * (PostgreSQL's own `to_jsonb`, timestamps in UTC, bytea as \x hex). Which tables exist is read from
 * the database's catalogue, never from a hand-kept list, so a new table is exported without a change here.
 */
export const FORMAT = 'mizan-data'
export const FORMAT_VERSION = 1

export type Manifest = {
  format: typeof FORMAT
  version: number
  exportedAt: string
  engine: EngineKind
  migration: string
  tables: Record<string, number>
}

const BATCH = 1000

export class SnapshotError extends Error {}

type TableInfo = { name: string; columns: string[]; key: string[] }

const ident = (name: string) => `"${name.replaceAll('"', '""')}"`

/**
 * Every table of the public schema, parents before the tables whose foreign keys point at them; but the count of
 * public changes, which is no data of its own and which the load's own writes count again.
 */
async function tables(db: Db): Promise<TableInfo[]> {
  const names = await queryRows<{ name: string }>(
    db,
    sql`
    select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind in ('r', 'p') and c.relname <> 'public_generation' order by 1`,
  )
  const columns = await queryRows<{ table: string; column: string }>(
    db,
    sql`
    select table_name as table, column_name as column from information_schema.columns
    where table_schema = 'public' and is_generated = 'NEVER' order by table_name, ordinal_position`,
  )
  const keys = await queryRows<{ table: string; column: string }>(
    db,
    sql`
    select cl.relname as table, a.attname as column
    from pg_index i join pg_class cl on cl.oid = i.indrelid join pg_namespace n on n.oid = cl.relnamespace
    join pg_attribute a on a.attrelid = cl.oid and a.attnum = any(i.indkey)
    where i.indisprimary and n.nspname = 'public' order by cl.relname, array_position(i.indkey, a.attnum)`,
  )
  const references = await queryRows<{ child: string; parent: string }>(
    db,
    sql`
    select cl.relname as child, p.relname as parent
    from pg_constraint con join pg_class cl on cl.oid = con.conrelid join pg_class p on p.oid = con.confrelid
    join pg_namespace n on n.oid = cl.relnamespace
    where con.contype = 'f' and n.nspname = 'public' and cl.oid <> p.oid`,
  )

  const info = new Map(names.map(({ name }) => [name, { name, columns: [] as string[], key: [] as string[] }]))
  for (const c of columns) info.get(c.table)?.columns.push(c.column)
  for (const k of keys) info.get(k.table)?.key.push(k.column)
  const ordered: TableInfo[] = []
  const placed = new Set<string>()
  const place = (name: string, path: string[]) => {
    if (placed.has(name) || path.includes(name)) return
    for (const r of references) if (r.child === name) place(r.parent, [...path, name])
    placed.add(name)
    ordered.push(info.get(name)!)
  }
  for (const { name } of names) place(name, [])
  return ordered
}

type TableRows = { table: string; count: number; rows: AsyncIterable<string> }

/** Reads every table in one repeatable-read transaction, so the snapshot is consistent. */
async function readAll<T>(db: Db, use: (manifest: Manifest, data: TableRows[]) => Promise<T>, engine: EngineKind): Promise<T> {
  return db.transaction(
    async (tx) => {
      await tx.execute(sql`set local time zone 'UTC'`)
      const list = await tables(tx)
      const counts: Record<string, number> = {}
      for (const t of list) {
        counts[t.name] = Number(
          (await queryRows<{ n: number }>(tx, sql.raw(`select count(*)::int as n from ${ident(t.name)}`)))[0]!.n,
        )
      }
      const manifest: Manifest = {
        format: FORMAT,
        version: FORMAT_VERSION,
        exportedAt: new Date().toISOString(),
        engine,
        migration: latestMigrationTag,
        tables: counts,
      }
      const data = list.map((t) => ({
        table: t.name,
        count: counts[t.name]!,
        rows: (async function* () {
          const order = (t.key.length ? t.key : t.columns).map(ident).join(', ')
          for (let offset = 0; offset < counts[t.name]!; offset += BATCH) {
            const rows = await queryRows<{ row: string }>(
              tx,
              sql.raw(
                `select to_jsonb(t)::text as row from ${ident(t.name)} t order by ${order} limit ${BATCH} offset ${offset}`,
              ),
            )
            for (const r of rows) yield r.row
          }
        })(),
      }))
      return use(manifest, data)
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  )
}

/** A directory: manifest.json and one <table>.jsonl per table (the documented exchange format). */
export async function exportToDirectory(db: Db, engine: EngineKind, dir: string): Promise<Manifest> {
  mkdirSync(dir, { recursive: true })
  return readAll(
    db,
    async (manifest, data) => {
      for (const t of data) {
        const out = createWriteStream(join(dir, `${t.table}.jsonl`))
        await pipeline(linesOf(t.rows), out)
      }
      writeFileSync(join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`)
      return manifest
    },
    engine,
  )
}

/** One gzip file: the manifest line, then per table a header line and its rows. */
export async function backupToFile(db: Db, engine: EngineKind, file: string): Promise<Manifest> {
  return readAll(
    db,
    async (manifest, data) => {
      async function* lines() {
        yield JSON.stringify(manifest)
        for (const t of data) {
          yield JSON.stringify({ table: t.table, rows: t.count })
          yield* t.rows
        }
      }
      await pipeline(linesOf(lines()), createGzip(), createWriteStream(file))
      return manifest
    },
    engine,
  )
}

async function* linesOf(rows: AsyncIterable<string>) {
  for await (const row of rows) yield `${row}\n`
}

/** Loads a snapshot into a migrated, empty database, in one transaction: all of it or nothing. */
async function load(db: Db, manifest: Manifest, tablesInFile: AsyncIterable<TableRows>, opts: LoadOptions = {}) {
  if (manifest.format !== FORMAT || manifest.version !== FORMAT_VERSION)
    throw new SnapshotError('This is not a Mizan data export of a version this build reads.')
  if (manifest.migration !== latestMigrationTag) {
    throw new SnapshotError(
      `The export is at migration ${manifest.migration}, this build at ${latestMigrationTag}: import it with the same version of Mizan, then upgrade.`,
    )
  }
  await db.transaction(async (tx) => {
    const list = new Map((await tables(tx)).map((t) => [t.name, t]))
    const busy: string[] = []
    for (const name of list.keys()) {
      const [{ n }] = (await queryRows<{ n: number }>(tx, sql.raw(`select count(*)::int as n from ${ident(name)}`))) as [
        { n: number },
      ]
      if (Number(n) > 0) busy.push(name)
    }
    if (busy.length)
      throw new SnapshotError(
        `The target database is not empty (${busy.join(', ')}): import into a new database or data directory.`,
      )

    for await (const t of tablesInFile) {
      const info = list.get(t.table)
      if (!info) throw new SnapshotError(`The export has a table this build does not know: ${t.table}`)
      const cols = info.columns.map(ident).join(', ')
      let batch: string[] = []
      let loaded = 0
      const flush = async () => {
        if (batch.length === 0) return
        await tx.execute(sql`insert into ${sql.raw(ident(t.table))} (${sql.raw(cols)}) overriding system value
          select ${sql.raw(cols)} from jsonb_populate_recordset(null::${sql.raw(ident(t.table))}, ${`[${batch.join(',')}]`}::jsonb)`)
        loaded += batch.length
        batch = []
      }
      for await (const row of t.rows) {
        batch.push(row)
        if (batch.length === BATCH) await flush()
      }
      await flush()
      if (loaded !== t.count) throw new SnapshotError(`${t.table}: the export promised ${t.count} rows and held ${loaded}.`)
    }

    const problem = await opts.check?.(tx)
    if (problem) throw new SnapshotError(`Nothing was loaded. ${problem}`)

    // Sequences behind serial and identity columns continue after the imported rows.
    const sequences = await queryRows<{ seq: string; tbl: string; col: string }>(
      tx,
      sql`
      select s.relname as seq, t.relname as tbl, a.attname as col
      from pg_class s join pg_depend d on d.objid = s.oid join pg_class t on t.oid = d.refobjid
      join pg_attribute a on a.attrelid = t.oid and a.attnum = d.refobjsubid join pg_namespace n on n.oid = t.relnamespace
      where s.relkind = 'S' and n.nspname = 'public'`,
    )
    for (const s of sequences) {
      await tx.execute(
        sql.raw(
          `select setval('${ident(s.seq)}', coalesce(max(${ident(s.col)}), 1), max(${ident(s.col)}) is not null) from ${ident(s.tbl)}`,
        ),
      )
    }
  })
}

/** `check` looks at the loaded rows before they commit; a problem it names rolls the whole load back. */
export type LoadOptions = { check?: (tx: Db) => Promise<string | null> }

export async function importFromDirectory(db: Db, dir: string, opts: LoadOptions = {}): Promise<Manifest> {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest
  async function* fromFiles() {
    for (const [table, count] of Object.entries(manifest.tables)) {
      const rows = createInterface({ input: createReadStream(join(dir, `${table}.jsonl`)), crlfDelay: Infinity })
      yield { table, count, rows: nonEmpty(rows) }
    }
  }
  await load(db, manifest, fromFiles(), opts)
  return manifest
}

async function* nonEmpty(lines: AsyncIterable<string>) {
  for await (const line of lines) if (line.trim() !== '') yield line
}

export async function restoreFromFile(db: Db, file: string, opts: LoadOptions = {}): Promise<Manifest> {
  const lines = createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity })[
    Symbol.asyncIterator
  ]()
  const first = await lines.next()
  if (first.done) throw new SnapshotError(`${file} is empty.`)
  const manifest = JSON.parse(first.value) as Manifest
  async function* sections(): AsyncIterable<TableRows> {
    for (;;) {
      const header = await lines.next()
      if (header.done) return
      const { table, rows: count } = JSON.parse(header.value) as { table: string; rows: number }
      async function* rows() {
        for (let i = 0; i < count; i++) {
          const line = await lines.next()
          if (line.done) return
          yield line.value
        }
      }
      const section = { table, count, rows: rows() }
      yield section
      // Rows the loader did not read (it stopped on an error) must not be taken for the next header.
      for await (const _ of section.rows) void _
    }
  }
  await load(db, manifest, sections(), opts)
  return manifest
}
