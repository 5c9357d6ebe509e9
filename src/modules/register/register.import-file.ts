import type { z } from 'zod'
import { readCsv, separators, type Separator } from '../../platform/csv-read.ts'
import { csvProblem, quoted, textFileProblem, wholeFileProblem, type FileProblem } from '../../platform/file-problems.tsx'
import { utf8Text } from '../../platform/text-file.ts'
import { fieldSpecs, keysOf, RecordFields, type FieldSpec, type SystemRecord } from './register.record.ts'

/** The largest file an import takes, on the web and from the command line alike. */
export const MAX_IMPORT_BYTES = 50 * 1024 * 1024

/** A problem in an import: the lines of its record (or 0 for the file), the column, the value refused, what to do. */
export type ImportProblem = FileProblem
/** Something a reviewer should look at in an import that nothing stopped (a name close to one already registered). */
export type ImportWarning = { line: number; message: string; vars?: Record<string, string | number> }
/** A record as read: every well-formed field, whatever else is wrong with it, so that every check can run on it. */
export type ImportRow = {
  line: number
  lastLine: number
  organisation: string | undefined
  /** Who the record is, if the file says: the body's own reference, or its page on a register (the export's `url`). */
  reference?: string | undefined
  url?: string | undefined
  /** What the file says of the body, for an import that may add the bodies it names. */
  body: { nameEn?: string | undefined; nameUr?: string | undefined; type?: string | undefined; province?: string | undefined }
  record: SystemRecord
}
export type ImportFile = {
  format: 'csv' | 'json'
  separator?: Separator
  rows: ImportRow[]
  problems: ImportProblem[]
}

/** Problems shown on one page; the full list is paged and downloadable. */
export const PROBLEMS_PER_PAGE = 100
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
const unescapeFormula = (v: string) => (/^'[=+\-@\t\r]/.test(v) ? v.slice(1) : v)

const text = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined)

/**
 * Checks one record's fields, each on its own, so that one bad value hides nothing else: the well-formed ones are
 * kept for the checks that need the whole record (required fields, the organisation, duplicates).
 */
export function readRow(line: number, lastLine: number, raw: Record<string, unknown>, problems: ImportProblem[]): ImportRow {
  const nested = typeof raw.organisation === 'object' && raw.organisation !== null
  const organisation = nested ? (raw.organisation as { slug?: unknown }).slug : raw.organisation
  const source = typeof raw.record === 'object' && raw.record !== null ? (raw.record as Record<string, unknown>) : raw
  const fields = Object.fromEntries(
    Object.entries(source).map(([k, v]) => [k, typeof v === 'string' ? unescapeFormula(v) : v] as const),
  )
  const result = RecordFields.safeParse(fields)
  let record = result.data
  if (!result.success) {
    const refused = new Set<string>()
    for (const issue of result.error.issues) {
      const key = String(issue.path[0] ?? 'record')
      if (refused.has(key)) continue
      refused.add(key)
      problems.push({ line, lastLine, field: key, value: quoted(fields[key]), ...problemFor(key, issue, fields[key]) })
    }
    record = RecordFields.parse(Object.fromEntries(Object.entries(fields).filter(([k]) => !refused.has(k))))
  }
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
    record: record!,
  }
}

async function readCsvFile(text: AsyncIterable<string>): Promise<ImportFile> {
  const { separator, records } = await readCsv(text)
  const out: ImportFile = { format: 'csv', separator, rows: [], problems: [] }
  for await (const r of records) {
    if (r.kind === 'problem') out.problems.push(csvProblem(r))
    else out.rows.push(readRow(r.first, r.last, r.values, out.problems))
  }
  return out
}

async function readJsonFile(text: AsyncIterable<string>): Promise<ImportFile> {
  let whole = ''
  for await (const piece of text) whole += piece
  const out: ImportFile = { format: 'json', rows: [], problems: [] }
  let items: unknown
  try {
    items = JSON.parse(whole.replace(/^\uFEFF/, ''))
  } catch {
    return { ...out, problems: [wholeFileProblem('register.import.badJson')] }
  }
  if (!Array.isArray(items)) return { ...out, problems: [wholeFileProblem('register.import.badJson')] }
  items.forEach((item, i) =>
    typeof item === 'object' && item !== null && !Array.isArray(item)
      ? out.rows.push(readRow(i + 1, i + 1, item as Record<string, unknown>, out.problems))
      : out.problems.push({ line: i + 1, field: 'record', message: 'register.import.badJson' }),
  )
  return out
}

/**
 * Reads a CSV (the register's own export columns; unknown columns such as `number` are ignored, so an export can be
 * imported elsewhere) or a JSON array (flat rows, or the API's shape with `organisation` and `record`) as it streams
 * in. Every record is read and every problem listed; a file that is too large or not UTF-8 is refused whole.
 */
export async function readImportFile(
  filename: string,
  chunks: AsyncIterable<Buffer>,
  { truncated }: { truncated?: () => boolean } = {},
): Promise<ImportFile> {
  const format = /\.csv$/i.test(filename) ? 'csv' : /\.json$/i.test(filename) ? 'json' : undefined
  if (!format) return { format: 'csv', rows: [], problems: [wholeFileProblem('register.import.kind')] }
  const text = utf8Text(chunks, { maxBytes: MAX_IMPORT_BYTES, ...(truncated ? { truncated } : {}) })
  try {
    const file = format === 'csv' ? await readCsvFile(text) : await readJsonFile(text)
    file.problems.sort((a, b) => a.line - b.line)
    return file
  } catch (err) {
    return { format, rows: [], problems: [textFileProblem(err, MAX_IMPORT_BYTES)] }
  }
}

/** How a file was read, for the person who sent it: "read as semicolon-separated CSV, 90 records". */
export function readAs(
  format: ImportFile['format'],
  separator: string | null | undefined,
  count: number,
): [string, { count: number }] {
  const how = format === 'json' ? 'json' : separators[(separator ?? ',') as Separator]
  return [`register.import.readAs.${how}`, { count }]
}
