import { parse } from 'csv-parse/sync'
import { DraftSchema, type SystemRecord } from './register.record.ts'
import type { ImportProblem, ImportRow } from './register.service.ts'

export const MAX_IMPORT_BYTES = 50 * 1024 * 1024

type Parsed = { rows: ImportRow[]; problems: ImportProblem[] }

function checkRow(line: number, raw: Record<string, unknown>, out: Parsed) {
  const organisation =
    typeof raw.organisation === 'object' && raw.organisation !== null
      ? (raw.organisation as { slug?: unknown }).slug
      : raw.organisation
  const fields = typeof raw.record === 'object' && raw.record !== null ? (raw.record as Record<string, unknown>) : raw
  const result = DraftSchema.safeParse(fields)
  if (!result.success) {
    for (const issue of result.error.issues)
      out.problems.push({ line, field: String(issue.path[0] ?? 'record'), message: issue.message })
  }
  if (typeof organisation !== 'string' || organisation.trim() === '')
    out.problems.push({ line, field: 'organisation', message: 'register.import.organisationMissing' })
  if (result.success && typeof organisation === 'string')
    out.rows.push({ line, organisation: organisation.trim(), record: result.data as SystemRecord })
}

/**
 * Reads a CSV (the register's own export columns; unknown columns such as `number` are ignored, so an export can be
 * imported elsewhere) or a JSON array (flat rows, or the API's shape with `organisation` and `record`). Every row is
 * checked; each problem names its line (CSV) or item number (JSON).
 */
export function parseImportFile(filename: string, bytes: Buffer): Parsed {
  const out: Parsed = { rows: [], problems: [] }
  const text = bytes.toString('utf8')
  if (/\.json$/i.test(filename)) {
    let items: unknown
    try {
      items = JSON.parse(text.replace(/^\uFEFF/, ''))
    } catch {
      return { rows: [], problems: [{ line: 0, field: 'file', message: 'register.import.badJson' }] }
    }
    if (!Array.isArray(items)) return { rows: [], problems: [{ line: 0, field: 'file', message: 'register.import.badJson' }] }
    items.forEach((item, i) =>
      typeof item === 'object' && item !== null
        ? checkRow(i + 1, item as Record<string, unknown>, out)
        : out.problems.push({ line: i + 1, field: 'record', message: 'register.import.badJson' }),
    )
    return out
  }
  if (!/\.csv$/i.test(filename)) return { rows: [], problems: [{ line: 0, field: 'file', message: 'register.import.kind' }] }
  let records: { record: Record<string, string>; info: { lines: number } }[]
  try {
    records = parse(text, { columns: true, bom: true, skip_empty_lines: true, info: true, trim: true })
  } catch (err) {
    const line = (err as { lines?: number }).lines ?? 0
    return { rows: [], problems: [{ line, field: 'file', message: 'register.import.badCsv' }] }
  }
  for (const { record, info } of records) checkRow(info.lines, record, out)
  return out
}
