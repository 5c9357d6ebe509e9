import { createReadStream } from 'node:fs'
import { pipeline, Readable } from 'node:stream'
import streamArray from 'stream-json/streamers/stream-array.js'
import { stat } from 'node:fs/promises'
import type { z } from 'zod'
import { readCsv, separators, type Separator } from '../../platform/csv-read.ts'
import {
  csvProblem,
  linesAt,
  quoted,
  textFileProblem,
  wholeFileProblem,
  type FileProblem,
} from '../../platform/file-problems.tsx'
import { inWorker } from '../../platform/in-worker.ts'
import { TextFileError, utf8Bytes } from '../../platform/text-file.ts'
import {
  compact,
  fieldSpecs,
  keysOf,
  missingFields,
  personalDataFields,
  RecordFields,
  type FieldSpec,
} from './register.record.ts'

/** The largest file an import takes, on the web and from the command line alike. */
export const MAX_IMPORT_BYTES = 50 * 1024 * 1024

/** A problem in an import: the lines of its record (or 0 for the file), the column, the value refused, what to do. */
export type ImportProblem = FileProblem
/** Something a reviewer should look at in an import that nothing stopped (a name close to one already registered). */
export type ImportWarning = { line: number; message: string; vars?: Record<string, string | number> }
/**
 * A record as read: every well-formed field, whatever else is wrong with it, so that every check can run on it. The
 * record is as it would be stored (`compact`), as JSON text: pages cross from a worker thread, and one string
 * crosses far faster than an object of thirty fields (the few records compared with a known system are parsed).
 */
export type ImportRow = {
  line: number
  lastLine: number
  organisation: string | undefined
  /** Who the record is, if the file says: the body's own reference, or its page on a register (the export's `url`). */
  reference?: string | undefined
  url?: string | undefined
  /** What the file says of the body, for an import that may add the bodies it names. */
  body: { nameEn?: string | undefined; nameUr?: string | undefined; type?: string | undefined; province?: string | undefined }
  /** The English name, for the check of names near those already registered. */
  nameEn: string | undefined
  record: string
  /** Required fields left empty (and not refused for their form): the record can come in only as a draft. */
  missing: string[]
}
/** How a file was read: its format, a CSV's separator, and how many records it held. */
export type ImportRead = { format: 'csv' | 'json'; separator?: Separator | undefined; records: number }
/**
 * Records of a file, a page at a time as it is read, with the problems found in them: every page says how the file
 * is being read. A page `refusedWhole` holds only the problem that refuses the file whole (too large, not UTF-8),
 * and it is the last.
 */
export type ImportPage = Omit<ImportRead, 'records'> & {
  rows: ImportRow[]
  problems: ImportProblem[]
  refusedWhole?: true
}
/** A file to import, as it lies on disk (an upload is spooled there first); `truncated` when an upload was cut. */
export type ImportSource = { filename: string; path: string; truncated?: boolean }

/** Problems shown on one page; the full list is paged and downloadable. */
export const PROBLEMS_PER_PAGE = 100
/** Records read before they are handed on to be checked and stored, so that a large file is never held whole. */
export const ROWS_PER_PAGE = 1000
/**
 * Files from this size are read in a worker thread, beside the checks and writes of what has been read; below it,
 * starting a worker (about a third of a second) costs more than it saves.
 */
export const WORKER_FROM_BYTES = 4 * 1024 * 1024
/** How long a refused file's problems are kept for its sender: long enough to fix a spreadsheet, no longer. */
export const CHECK_KEPT_DAYS = 7

const specOf = new Map(fieldSpecs.flatMap((f) => keysOf(f).map((key) => [key, f] as const)))

/** What a field's problem says in an import, where the value is quoted beside it: the limit, or what is accepted. */
function problemFor(key: string, issue: z.core.$ZodIssue, value: unknown): Pick<ImportProblem, 'message' | 'vars'> {
  const f: FieldSpec | undefined = specOf.get(key)
  if (issue.code === 'too_big' && typeof value === 'string' && (f?.kind === 'line' || f?.kind === 'prose'))
    return { message: 'register.import.tooLong', vars: { length: value.length, max: Number(issue.maximum) } }
  if (f?.options && issue.code !== 'custom')
    return { message: 'register.import.notAnOption', vars: { accepted: f.options.join(', ') } }
  return { message: issue.message }
}

/** csv-stringify writes `'` before a cell that a spreadsheet would run as a formula; the import takes it off again. */
const unescapeFormula = (v: string) => (v.charCodeAt(0) === 39 && /^'[=+\-@\t\r]/.test(v) ? v.slice(1) : v)

const text = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined)

/**
 * Checks one record's fields, each on its own, so that one bad value hides nothing else: the well-formed ones are
 * kept for the checks that need the whole record or the database (the organisation, duplicates). Personal data in a
 * text is a problem here too, and the required fields left empty are listed, except those refused for their form.
 */
export function readRow(line: number, lastLine: number, raw: Record<string, unknown>, problems: ImportProblem[]): ImportRow {
  const nested = typeof raw.organisation === 'object' && raw.organisation !== null
  const organisation = nested ? (raw.organisation as { slug?: unknown }).slug : raw.organisation
  const source = typeof raw.record === 'object' && raw.record !== null ? (raw.record as Record<string, unknown>) : raw
  const fields: Record<string, unknown> = {}
  for (const [key, v] of Object.entries(source))
    if (key !== '__proto__') fields[key] = typeof v === 'string' ? unescapeFormula(v) : v
  const result = RecordFields.safeParse(fields)
  let record = result.data
  const refused = new Set<string>()
  if (!result.success) {
    for (const issue of result.error.issues) {
      const key = String(issue.path[0] ?? 'record')
      if (refused.has(key)) continue
      refused.add(key)
      problems.push({ line, lastLine, field: key, value: quoted(fields[key]), ...problemFor(key, issue, fields[key]) })
    }
    record = RecordFields.parse(Object.fromEntries(Object.entries(fields).filter(([k]) => !refused.has(k))))
  }
  for (const field of personalDataFields(record!))
    problems.push({ ...linesAt(line, lastLine), field, message: `register.personal.${field}` })
  // The export's shape: the body as an object in JSON, as `organisation…` columns in a CSV.
  const body = nested
    ? (raw.organisation as Record<string, unknown>)
    : {
        nameEn: raw.organisationNameEn,
        nameUr: raw.organisationNameUr,
        type: raw.organisationType,
        province: raw.organisationProvince,
      }
  return {
    line,
    lastLine,
    organisation: text(organisation),
    body: { nameEn: text(body.nameEn), nameUr: text(body.nameUr), type: text(body.type), province: text(body.province) },
    reference: text(raw.reference),
    url: text(raw.url),
    nameEn: record!.nameEn,
    record: JSON.stringify(compact(record!)),
    missing: missingFields(record!).filter((field) => !refused.has(field)),
  }
}

/** Pages of records as a reader makes them, each handed on when full. */
class Pages {
  private page: ImportPage
  constructor(private readonly head: Omit<ImportRead, 'records'>) {
    this.page = this.fresh()
  }
  private fresh = (): ImportPage => ({ ...this.head, rows: [], problems: [] })
  get problems() {
    return this.page.problems
  }
  /** Adds a row, and gives the page when it is full. */
  add(row: ImportRow): ImportPage | undefined {
    this.page.rows.push(row)
    return this.page.rows.length === ROWS_PER_PAGE ? this.take() : undefined
  }
  take(): ImportPage {
    const full = this.page
    this.page = this.fresh()
    return full
  }
}

async function* csvPages(bytes: AsyncIterable<Buffer>): AsyncGenerator<ImportPage> {
  const { separator, records } = await readCsv(bytes)
  const pages = new Pages({ format: 'csv', separator })
  for await (const r of records) {
    if (r.kind === 'problem') pages.problems.push(csvProblem(r))
    else {
      const full = pages.add(readRow(r.first, r.last, r.values, pages.problems))
      if (full) yield full
    }
  }
  yield pages.take()
}

/**
 * A JSON list's records, a page at a time as the file streams in (stream-json): the list is never held whole. A file
 * that is not a JSON list, or stops being one part way, is refused whole, like a file that is too large.
 */
async function* jsonPages(bytes: AsyncIterable<Buffer>): AsyncGenerator<ImportPage> {
  const pages = new Pages({ format: 'json' })
  // pipeline, not pipe: an error of the file's stream (too large, not UTF-8) reaches the records being read.
  const items = pipeline(Readable.from(bytes), streamArray.withParserAsStream(), () => {})
  try {
    for await (const { key, value } of items as AsyncIterable<{ key: number; value: unknown }>) {
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
        const full = pages.add(readRow(key + 1, key + 1, value as Record<string, unknown>, pages.problems))
        if (full) yield full
      } else pages.problems.push({ line: key + 1, field: 'record', message: 'register.import.badJson' })
    }
  } catch (err) {
    // What the file's own stream failed with (too large, not UTF-8) is that; anything else is the parser's refusal.
    if (err instanceof TextFileError) throw err
    yield { ...pages.take(), rows: [], problems: [wholeFileProblem('register.import.badJson')], refusedWhole: true }
    return
  }
  yield pages.take()
}

const formatOf = (filename: string) => (/\.csv$/i.test(filename) ? 'csv' : /\.json$/i.test(filename) ? 'json' : undefined)

/**
 * Reads a CSV (the register's own export columns; unknown columns such as `number` are ignored, so an export can be
 * imported elsewhere) or a JSON array (flat rows, or the API's shape with `organisation` and `record`) from disk, a
 * page of records at a time. Every record is read and every problem listed; a file that is too large or not UTF-8
 * is refused whole, with a page holding that one problem (the pages before it are to be thrown away).
 */
export async function* importPages({ filename, path, truncated = false }: ImportSource): AsyncGenerator<ImportPage> {
  const format = formatOf(filename)
  const refused = (problem: ImportProblem): ImportPage => ({
    format: format ?? 'csv',
    rows: [],
    problems: [problem],
    refusedWhole: true,
  })
  if (!format) {
    yield refused(wholeFileProblem('register.import.kind'))
    return
  }
  if (truncated || (await stat(path)).size > MAX_IMPORT_BYTES) {
    yield refused(textFileProblem(new TextFileError('tooLarge', { max: MAX_IMPORT_BYTES }), MAX_IMPORT_BYTES))
    return
  }
  const bytes = utf8Bytes(createReadStream(path), { maxBytes: MAX_IMPORT_BYTES })
  try {
    yield* format === 'csv' ? csvPages(bytes) : jsonPages(bytes)
  } catch (err) {
    yield refused(textFileProblem(err, MAX_IMPORT_BYTES))
  }
}

/** `importPages`, in a worker thread for a large file: reading and parsing then run beside checking and storing. */
export async function readImport({ filename, path, truncated }: ImportSource): Promise<AsyncIterable<ImportPage>> {
  const source = { filename, path, truncated }
  const large = !truncated && formatOf(filename) && (await stat(path)).size >= WORKER_FROM_BYTES
  return large ? inWorker<ImportPage>(new URL(import.meta.url), 'importPages', [source]) : importPages(source)
}

/** How a file was read, for the person who sent it: "read as semicolon-separated CSV, 90 records". */
export function readAs(
  format: ImportRead['format'],
  separator: string | null | undefined,
  count: number,
): [string, { count: number }] {
  const how = format === 'json' ? 'json' : separators[(separator ?? ',') as Separator]
  return [`register.import.readAs.${how}`, { count }]
}
