import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { Transaction } from '@electric-sql/pglite'
import { getTableColumns, getTableName } from 'drizzle-orm'
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core'
import pg from 'pg'
import { from as copyFromStdin } from 'pg-copy-streams'
import type { Db } from './engine.ts'

/**
 * A value in PostgreSQL's COPY text format: `\N` for null, and a backslash before the characters that would end a
 * field or a row (the format's own escapes, as its documentation lists them).
 */
const copyText = (value: unknown): string =>
  value === null || value === undefined
    ? '\\N'
    : String(value).replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'))

/** A value already in its column's text form (a jsonb column's JSON text), written as it is. */
export class Serialised {
  constructor(readonly text: string) {}
}
/** A row to copy: each value as an insert takes it, or already serialised. */
export type CopyRow<R> = { [K in keyof R]: R[K] | Serialised }

/** Rows go to the engine a slice at a time, so that the text of a large import is never built whole. */
const SLICE = 2000

/**
 * A slice of COPY text written straight into bytes, cell by cell. Joining a slice's rows into one string and then
 * encoding it took ten times as long for an import's long, non-ASCII records: the joined string is flattened, and
 * its two-byte characters encoded, all at once.
 */
class SliceBytes {
  private bytes: Buffer<ArrayBuffer> = Buffer.allocUnsafe(1 << 20)
  private length = 0
  rows = 0
  private room(units: number) {
    // A UTF-16 unit takes at most three bytes in UTF-8 (a pair of them, four).
    const needed = this.length + units * 3
    if (needed <= this.bytes.length) return
    const larger = Buffer.allocUnsafe(Math.max(needed, this.bytes.length * 2))
    this.bytes.copy(larger, 0, 0, this.length)
    this.bytes = larger
  }
  row(cells: string[]) {
    for (let i = 0; i < cells.length; i++) {
      const cell = cells[i]!
      this.room(cell.length + 1)
      this.length += this.bytes.write(cell, this.length)
      this.bytes[this.length++] = i === cells.length - 1 ? 0x0a : 0x09
    }
    this.rows++
  }
  /** The slice's bytes, and a fresh slice for the next rows. */
  take(): Buffer<ArrayBuffer> {
    const full = this.bytes.subarray(0, this.length)
    this.bytes = Buffer.allocUnsafe(this.bytes.length)
    this.length = 0
    this.rows = 0
    return full
  }
}

/**
 * Writes many rows by COPY, the engine's own bulk load, inside the caller's transaction: several times faster than
 * INSERT, and without building one statement's parameters for each slice of rows. Each value goes through its
 * column's own mapping (a jsonb column's JSON, a timestamp's ISO form), so the rows are those an insert would store.
 * Rows are taken from the iterable as they are written: a generator keeps only a slice of them in memory.
 */
export async function copyInto<T extends PgTable>(tx: Db, table: T, rows: Iterable<CopyRow<T['$inferInsert']>>) {
  // Inside a transaction, Drizzle's session holds the engine's own connection: a pooled client, or PGlite's.
  const client = (tx as unknown as { session: { client: pg.PoolClient | Transaction } }).session.client
  let columns: [string, PgColumn][] | undefined
  const slice = new SliceBytes()
  const flush = async () => {
    if (!columns || slice.rows === 0) return
    const statement = `COPY "${getTableName(table)}" (${columns.map(([, c]) => `"${c.name}"`).join(', ')}) FROM STDIN`
    // One chunk for the slice: a chunk a row would be a message and a write to the socket for each.
    const bytes = slice.take()
    if (client instanceof pg.Client)
      await pipeline(Readable.from([bytes]), (client as pg.PoolClient).query(copyFromStdin(statement)))
    else await (client as Transaction).query(statement.replace('FROM STDIN', "FROM '/dev/blob'"), [], { blob: new Blob([bytes]) })
  }
  // Most columns of an import hold one value for every row (its time, its batch, its person): the cell is made once.
  const last: { value: unknown; cell: string }[] = []
  for (const row of rows) {
    // The columns the rows give (all alike): the others take their defaults, as an insert leaves them.
    columns ??= Object.entries(getTableColumns(table)).filter(([key]) => key in row)
    slice.row(
      columns.map(([key, column], i) => {
        const value = (row as Record<string, unknown>)[key]
        if (value instanceof Serialised) return copyText(value.text)
        if (last[i] && last[i].value === value) return last[i].cell
        const cell = copyText(value === null || value === undefined ? value : column.mapToDriverValue(value))
        last[i] = { value, cell }
        return cell
      }),
    )
    if (slice.rows === SLICE) await flush()
  }
  await flush()
}
