import { stringify } from 'csv-stringify/sync'
import { readCsv, type CsvProblem, type CsvRecord, type Separator } from './csv-read.ts'
import { DataTable } from './data-table.tsx'
import type { T } from './i18n.ts'
import type { PageContext } from './page.ts'
import { TextFileError, utf8Bytes } from './text-file.ts'

/**
 * What is wrong with an uploaded file, where: the record's first line (and its last, when it spans several; 0 for
 * the whole file), the column, a catalogue key with its values, and the value refused, cut short.
 */
export type FileProblem = {
  line: number
  lastLine?: number
  field: string
  message: string
  vars?: Record<string, string | number>
  value?: string
}

/** Where a problem is: a record's first line, and its last when it spans several. */
export const linesAt = (line: number, lastLine: number): Pick<FileProblem, 'line' | 'lastLine'> =>
  lastLine !== line ? { line, lastLine } : { line }

/** A refused file's status: 413 when it was too large to read, 400 for anything else wrong with it. */
export const refusalStatus = (problems: readonly FileProblem[]) =>
  problems.some((p) => p.message === 'files.text.tooLarge') ? 413 : 400

/** "4", or "2–22" for a record that spans lines. */
export const linesOf = (p: Pick<FileProblem, 'line' | 'lastLine'>) =>
  p.lastLine && p.lastLine !== p.line ? `${p.line}–${p.lastLine}` : String(p.line)

/** A value as a problem quotes it: enough to recognise, never a whole description. */
const QUOTED_CHARACTERS = 80
export const quoted = (v: unknown) => {
  const s = Array.isArray(v) ? v.join('; ') : typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)
  return s.length > QUOTED_CHARACTERS ? `${s.slice(0, QUOTED_CHARACTERS)}…` : s
}

export const wholeFileProblem = (message: string, vars?: FileProblem['vars'], line = 0): FileProblem => ({
  line,
  field: 'file',
  message,
  ...(vars ? { vars } : {}),
})

/** "50 MB": a size as people read it (in units of 2²⁰ bytes, as file managers count them). */
export const megabytes = (bytes: number) => `${Math.round(bytes / (1024 * 1024))} MB`

/** A CSV record that could not be read, as a problem of the file. */
export const csvProblem = (r: CsvProblem): FileProblem => ({
  line: r.first,
  lastLine: r.last,
  field: 'file',
  message: `files.csv.${r.key}`,
  vars: r.vars,
})

/** A text file refused whole (too large, not UTF-8), as the one problem of the file; other errors are not problems. */
export function textFileProblem(err: unknown, maxBytes: number): FileProblem {
  if (!(err instanceof TextFileError)) throw err
  const vars = err.key === 'tooLarge' ? { size: megabytes(maxBytes) } : err.vars
  return wholeFileProblem(`files.text.${err.key}`, vars, Number(err.vars.line ?? 0))
}

/**
 * A CSV upload's records as they stream in, each with its lines, and the problems of reading it: every record that
 * cannot be read is listed, and a file that is too large or not UTF-8 is refused whole, never cut.
 */
export async function readCsvUpload(
  chunks: AsyncIterable<Buffer>,
  { maxBytes, truncated }: { maxBytes: number; truncated?: () => boolean },
): Promise<{ separator?: Separator; records: CsvRecord[]; problems: FileProblem[] }> {
  const out: { separator?: Separator; records: CsvRecord[]; problems: FileProblem[] } = { records: [], problems: [] }
  try {
    const { separator, records } = await readCsv(utf8Bytes(chunks, { maxBytes, ...(truncated ? { truncated } : {}) }))
    out.separator = separator
    for await (const r of records) {
      if (r.kind === 'record') out.records.push(r)
      else out.problems.push(csvProblem(r))
    }
  } catch (err) {
    return { records: [], problems: [textFileProblem(err, maxBytes)] }
  }
  out.problems.sort((a, b) => a.line - b.line)
  return out
}

/** A problem as one line of text, for the command line. */
export function problemLine(t: T, p: FileProblem): string {
  const where = p.line === 0 ? t('files.problems.wholeFile') : t('files.problems.at', { lines: linesOf(p) })
  const value = p.value === undefined ? '' : ` (${t('files.problems.refused', { value: p.value })})`
  return `${where}, ${p.field}: ${t(p.message, p.vars)}${value}`
}

/** Every problem as a CSV in the reader's language, to work through beside the file being fixed. */
export function problemsCsv(t: T, problems: readonly FileProblem[]): string {
  const columns = ['line', 'lastLine', 'field', 'value', 'problem'].map((c) => t(`files.problems.${c}`))
  const rows = problems.map((p) => [p.line || '', p.lastLine ?? '', p.field, p.value ?? '', t(p.message, p.vars)])
  return stringify(rows, { bom: true, escape_formulas: true, header: true, columns })
}

/** The problems of a file as a table: where, which column, the value refused and what is wrong. */
export function ProblemsTable({
  ctx,
  caption,
  problems,
}: {
  ctx: PageContext
  caption: string
  problems: readonly FileProblem[]
}) {
  const { t } = ctx
  return (
    <DataTable
      caption={caption}
      columns={[t('files.problems.line'), t('files.problems.field'), t('files.problems.value'), t('files.problems.problem')]}
    >
      {problems.map((p, i) => (
        <tr key={i}>
          <td>
            <bdi>{p.line ? linesOf(p) : t('files.problems.wholeFile')}</bdi>
          </td>
          <td>
            <code dir="ltr">{p.field}</code>
          </td>
          <td>{p.value !== undefined && <bdi class="refused-value">{p.value}</bdi>}</td>
          <td>{t(p.message, p.vars)}</td>
        </tr>
      ))}
    </DataTable>
  )
}
