import { once } from 'node:events'
import { parse, type CsvError, type Options } from 'csv-parse'

/** The separators spreadsheets save with: a comma, a semicolon (where the comma is the decimal mark), or a tab. */
export const separators = { ',': 'comma', ';': 'semicolon', '\t': 'tab' } as const
export type Separator = keyof typeof separators

/** A record and the lines of the file it spans (a quoted cell may hold line breaks). */
export type CsvRecord = { kind: 'record'; first: number; last: number; values: Record<string, string> }
/** A record that could not be read; `key` is a catalogue key under `files.csv`. */
export type CsvProblem = { kind: 'problem'; first: number; last: number; key: string; vars: Record<string, number> }

/** The separator of a file is the one its header line uses most, outside quotes; a comma when it uses none. */
export function separatorOf(header: string): Separator {
  const counts: Record<Separator, number> = { ',': 0, ';': 0, '\t': 0 }
  let quoted = false
  for (const ch of header) {
    if (ch === '"') quoted = !quoted
    else if (!quoted && ch in counts) counts[ch as Separator]++
  }
  const [best, n] = Object.entries(counts).sort((a, b) => b[1] - a[1])[0]!
  return n > 0 ? (best as Separator) : ','
}

/** Where the parser stood when it gave a record or refused one: the line it ended on, and empty lines passed so far. */
type Position = { lines: number; empty_lines: number }

function problemOf(err: CsvError, first: number, expected: number): CsvProblem {
  const last = Number(err.lines)
  const { record } = err as unknown as { record?: unknown[] }
  if (err.code === 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH')
    return { kind: 'problem', first, last, key: 'columns', vars: { got: record?.length ?? 0, expected } }
  const key =
    err.code === 'CSV_QUOTE_NOT_CLOSED' ? 'quoteNotClosed' : err.code === 'CSV_INVALID_CLOSING_QUOTE' ? 'badQuote' : 'unreadable'
  return { kind: 'problem', first, last, key, vars: {} }
}

/** A record's cells named by the header's; a cell past the header's last has no name and a problem of its own. */
function named(header: readonly string[], cells: readonly string[]): Record<string, string> {
  const values: Record<string, string> = {}
  // `__proto__` would set the object's prototype, not a cell: no column of any import has that name.
  for (let i = 0; i < cells.length; i++) if (header[i] !== '__proto__') values[header[i]!] = cells[i]!
  return values
}

async function* recordsOf(bytes: AsyncIterable<Buffer>, delimiter: Separator): AsyncGenerator<CsvRecord | CsvProblem> {
  let header: string[] | undefined
  // A record begins on the line after the one the last record (or refused record) ended on, past any empty lines.
  let previous: Position = { lines: 0, empty_lines: 0 }
  const firstLine = (now: Position) => previous.lines + 1 + (now.empty_lines - previous.empty_lines)
  const out: (CsvRecord | CsvProblem)[] = []
  // Rows are read as arrays and named here, and their lines taken as the parser reaches them (in order, which the
  // stream's records and its skip events are not): cheaper than the parser's own named columns and raw text.
  const options: Options<CsvRecord | undefined, string[]> = {
    bom: true,
    delimiter,
    skip_empty_lines: true,
    trim: true,
    // A row with fewer cells than the header has its last cells empty, as a spreadsheet shows it; more cells is an error.
    relax_column_count_less: true,
    skip_records_with_error: true,
    on_record: (cells, info) => {
      const first = firstLine(info)
      previous = { lines: info.lines, empty_lines: info.empty_lines }
      if (!header) {
        header = cells
        return undefined
      }
      return { kind: 'record', first, last: info.lines, values: named(header, cells) }
    },
  }
  // The typings know on_record only where the parser names its columns itself.
  const parser = parse(options as unknown as Options)
  parser.on('skip', (err: CsvError & Position) => {
    out.push(problemOf(err, firstLine(err), header?.length ?? 0))
    previous = { lines: err.lines, empty_lines: err.empty_lines }
  })
  const feeding = (async () => {
    for await (const piece of bytes) if (!parser.write(piece)) await once(parser, 'drain')
    parser.end()
  })().catch((err: Error) => parser.destroy(err))
  for await (const record of parser as AsyncIterable<CsvRecord>) {
    yield* out.splice(0)
    yield record
  }
  yield* out.splice(0)
  await feeding
}

const CR = 13
const LF = 10

/** The bytes less each carriage return that comes before a line feed. */
function withoutCrBeforeLf(bytes: Buffer): Buffer {
  let at = bytes.indexOf(CR)
  if (at === -1) return bytes
  const parts: Buffer[] = []
  let from = 0
  for (; at !== -1; at = bytes.indexOf(CR, at + 1))
    if (bytes[at + 1] === LF) {
      parts.push(bytes.subarray(from, at))
      from = at + 1
    }
  parts.push(bytes.subarray(from))
  return Buffer.concat(parts)
}

/**
 * Line breaks as `\n`: spreadsheets end records with `\r\n`, which the parser counts as two lines inside a quoted
 * cell; a `\r` at the end of a piece waits for the next, in case it begins with `\n`.
 */
async function* unixLineBreaks(bytes: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  let pending: Buffer | undefined
  for await (const piece of bytes) {
    const joined = withoutCrBeforeLf(pending ? Buffer.concat([pending, piece]) : piece)
    const held = joined.length > 0 && joined[joined.length - 1] === CR
    pending = held ? joined.subarray(-1) : undefined
    const ready = held ? joined.subarray(0, -1) : joined
    if (ready.length) yield ready
  }
  if (pending) yield pending
}

/**
 * Reads a CSV as its bytes stream in (UTF-8, checked before: see `utf8Bytes`): the separator is read from the header
 * line, and each record comes with the lines it spans. A record that cannot be read is reported and reading goes on,
 * so that every problem is found in one pass (a problem may come a record or two after the records that follow it:
 * sort by line to list them).
 */
export async function readCsv(bytes: AsyncIterable<Buffer>) {
  const source = unixLineBreaks(bytes)[Symbol.asyncIterator]()
  const start: Buffer[] = []
  while (!start.some((piece) => piece.includes(LF))) {
    const next = await source.next()
    if (next.done) break
    start.push(next.value)
  }
  const text = Buffer.concat(start)
  const headerEnd = text.indexOf(LF)
  const separator = separatorOf(
    text
      .subarray(0, headerEnd === -1 ? text.length : headerEnd)
      .toString('utf8')
      .replace(/^\uFEFF/, ''),
  )
  async function* rest() {
    yield* start
    for (let next = await source.next(); !next.done; next = await source.next()) yield next.value
  }
  return { separator, records: recordsOf(rest(), separator) }
}
