import { StringDecoder } from 'node:string_decoder'
import { parse as parseSync } from 'csv-parse/sync'
import Papa from 'papaparse'

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

/**
 * Characters parsed at a time. A row cut at the end of a piece is parsed again with the next (as papaparse's own
 * streamers do), so pieces are large: a quote left open early in a file is re-read a few dozen times, not thousands.
 */
const CHARS_PER_PARSE = 1 << 20

/** A record's cells named by the header's; a cell past the header's last has no name and a problem of its own. */
function named(header: readonly string[], cells: readonly string[]): Record<string, string> {
  const values: Record<string, string> = {}
  // `__proto__` would set the object's prototype, not a cell: no column of any import has that name.
  for (let i = 0; i < cells.length; i++) if (header[i] !== '__proto__') values[header[i]!] = cells[i]!.trim()
  return values
}

/** Line feeds in `text` from `from` up to `to`. */
function lineFeeds(text: string, from: number, to: number): number {
  let n = 0
  for (let at = text.indexOf('\n', from); at !== -1 && at < to; at = text.indexOf('\n', at + 1)) n++
  return n
}

const isEmptyLine = (cells: readonly string[]) => cells.length === 1 && cells[0]!.trim() === ''

/** A cell whose quotes begin after a space (`1, "Lahore, Punjab"`, as files written by hand have them). */
const spacedQuote = (cell: string) => cell.charCodeAt(0) <= 32 && cell.trimStart().startsWith('"')

/**
 * A row read again by csv-parse, which allows spaces around a quoted cell where papaparse takes the quotes as text
 * (and a comma inside them as a separator): its cells when it reads as one record, otherwise undefined.
 */
function readLeniently(row: string, delimiter: Separator): string[] | undefined {
  try {
    const records = parseSync(row, { delimiter, trim: true, relax_column_count: true, skip_empty_lines: true }) as string[][]
    return records.length === 1 ? records[0] : undefined
  } catch {
    return undefined
  }
}

/**
 * The records of a CSV's text as it streams in, each with the lines it spans, and every record that cannot be read
 * reported where it stands, in file order. papaparse's core parser reads the text (four to eight times as fast as the
 * parser this replaced): it is given the text a large piece at a time, the rows it finishes are taken, and the row it
 * may have cut short waits for the next piece. Lines are counted on the text itself, between the ends of rows.
 */
async function* recordsOf(bytes: AsyncIterable<Buffer>, delimiter: Separator): AsyncGenerator<CsvRecord | CsvProblem> {
  let header: string[] | undefined
  const out: (CsvRecord | CsvProblem)[] = []
  /** The text not yet parsed into whole rows, where it begins in the file's text, and the line it begins on. */
  let text = ''
  let base = 0
  let line = 1
  /** Where in `text` the row being taken begins. */
  let rowFrom = 0
  // With a step function the parser gives each row alone, as the one row of `data`.
  const take = ({ data, errors, meta }: Papa.ParseResult<string[]>) => {
    let cells = data[0]!
    const end = meta.cursor - base
    const spans = lineFeeds(text, rowFrom, end)
    const first = line
    const last = line + spans - (text.charCodeAt(end - 1) === LF ? 1 : 0)
    const from = rowFrom
    line += spans
    rowFrom = end
    if (isEmptyLine(cells)) return
    if (header && (cells.length > header.length || cells.some(spacedQuote)))
      cells = readLeniently(text.slice(from, end), delimiter) ?? cells
    const quote = errors.find((e) => e.type === 'Quotes')
    if (quote) {
      const key = quote.code === 'MissingQuotes' ? 'quoteNotClosed' : 'badQuote'
      out.push({ kind: 'problem', first, last, key, vars: {} })
    } else if (!header) header = cells.map((c, i) => (i === 0 ? c.replace(/^\uFEFF/, '') : c).trim())
    // A row with fewer cells than the header has its last cells empty, as a spreadsheet shows it; more is an error.
    else if (cells.length > header.length)
      out.push({ kind: 'problem', first, last, key: 'columns', vars: { got: cells.length, expected: header.length } })
    else out.push({ kind: 'record', first, last, values: named(header, cells) })
  }
  const parser = new Papa.Parser({ delimiter, newline: '\n', quoteChar: '"', step: take })
  const parse = (final: boolean) => {
    rowFrom = 0
    const { meta } = parser.parse(text, base, !final) as Papa.ParseResult<string[]>
    text = text.slice(meta.cursor - base)
    base = meta.cursor
  }
  const decoder = new StringDecoder('utf8')
  for await (const piece of bytes) {
    text += decoder.write(piece)
    if (text.length < CHARS_PER_PARSE) continue
    parse(false)
    yield* out.splice(0)
  }
  text += decoder.end()
  parse(true)
  yield* out
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
 * line, and each record comes with the lines it spans. A record that cannot be read is reported in its place and
 * reading goes on, so that every problem is found in one pass.
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
