import { once } from 'node:events'
import { parse, type CsvError } from 'csv-parse'

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

/** The first line of a record: its last line less the line breaks inside it (blank lines before it do not count). */
const firstLineOf = (raw: string, last: number) =>
  last -
  (raw
    .replace(/^[\r\n]+/, '')
    .replace(/\r?\n$/, '')
    .match(/\n/g)?.length ?? 0)

function problemOf(err: CsvError): CsvProblem {
  const last = Number(err.lines)
  const first = typeof err.raw === 'string' ? firstLineOf(err.raw, last) : last
  const { record, columns } = err as unknown as { record?: unknown[]; columns?: unknown[] }
  if (err.code === 'CSV_RECORD_INCONSISTENT_COLUMNS')
    return { kind: 'problem', first, last, key: 'columns', vars: { got: record?.length ?? 0, expected: columns?.length ?? 0 } }
  const key =
    err.code === 'CSV_QUOTE_NOT_CLOSED' ? 'quoteNotClosed' : err.code === 'CSV_INVALID_CLOSING_QUOTE' ? 'badQuote' : 'unreadable'
  return { kind: 'problem', first, last, key, vars: {} }
}

async function* recordsOf(text: AsyncIterable<string>, delimiter: Separator): AsyncGenerator<CsvRecord | CsvProblem> {
  const parser = parse({
    columns: true,
    bom: true,
    delimiter,
    skip_empty_lines: true,
    trim: true,
    info: true,
    raw: true,
    // A row with fewer cells than the header has its last cells empty, as a spreadsheet shows it; more cells is an error.
    relax_column_count_less: true,
    skip_records_with_error: true,
  })
  const skipped: CsvProblem[] = []
  parser.on('skip', (err: CsvError) => skipped.push(problemOf(err)))
  const feeding = (async () => {
    for await (const piece of text) if (!parser.write(piece)) await once(parser, 'drain')
    parser.end()
  })().catch((err: Error) => parser.destroy(err))
  for await (const { record, raw, info } of parser as AsyncIterable<{
    record: Record<string, string | undefined>
    raw: string
    info: { lines: number }
  }>) {
    yield* skipped.splice(0)
    const values = Object.fromEntries(Object.entries(record).filter((e): e is [string, string] => e[1] !== undefined))
    yield { kind: 'record', first: firstLineOf(raw, info.lines), last: info.lines, values }
  }
  yield* skipped.splice(0)
  await feeding
}

/**
 * Line breaks as `\n`: spreadsheets end records with `\r\n`, which the parser counts as two lines inside a quoted
 * cell; a `\r` at the end of a piece waits for the next, in case it begins with `\n`.
 */
async function* unixLineBreaks(text: AsyncIterable<string>): AsyncGenerator<string> {
  let pending = ''
  for await (const piece of text) {
    const joined = (pending + piece).replaceAll('\r\n', '\n')
    pending = joined.endsWith('\r') ? '\r' : ''
    yield pending ? joined.slice(0, -1) : joined
  }
  if (pending) yield pending
}

/**
 * Reads a CSV as it streams in: the separator is read from the header line, and each record comes with the lines it
 * spans. A record that cannot be read is reported and reading goes on, so that every problem is found in one pass
 * (a problem may come a record or two after the records that follow it: sort by line to list them).
 */
export async function readCsv(text: AsyncIterable<string>) {
  const source = unixLineBreaks(text)[Symbol.asyncIterator]()
  let start = ''
  while (!start.includes('\n')) {
    const next = await source.next()
    if (next.done) break
    start += next.value
  }
  const separator = separatorOf(start.replace(/^\uFEFF/, '').split('\n')[0]!)
  async function* rest() {
    yield start
    for (let next = await source.next(); !next.done; next = await source.next()) yield next.value
  }
  return { separator, records: recordsOf(rest(), separator) }
}
