import type { Db } from '../../db/engine.ts'
import type { AuditLog } from '../../platform/audit-log.ts'
import type { CsvRecord } from '../../platform/csv-read.ts'
import { HttpError } from '../../platform/errors.ts'
import { linesAt, quoted, wholeFileProblem, type FileProblem } from '../../platform/file-problems.tsx'
import { scopeOf, type UserActor } from '../../platform/rbac.ts'
import * as repo from './accounts.repository.ts'
import { addOrganisations, NewOrganisationSchema, type NewOrganisation } from './admin.service.ts'

/** A list of bodies is small: a few thousand rows of names are well under this. */
export const MAX_BODIES_FILE_BYTES = 5 * 1024 * 1024

/** The file's columns, and the names the register's download gives the same facts, so that a download can be read. */
const COLUMNS = ['slug', 'nameEn', 'nameUr', 'type', 'province', 'parent'] as const
const DOWNLOAD_COLUMNS: Record<string, (typeof COLUMNS)[number]> = {
  organisation: 'slug',
  organisationNameEn: 'nameEn',
  organisationNameUr: 'nameUr',
  organisationType: 'type',
  organisationProvince: 'province',
}
const COMPARED = ['nameEn', 'nameUr', 'type', 'province'] as const

type Row = { line: number; lastLine: number; body: NewOrganisation; parent?: string }
type Importer = UserActor | { kind: 'system'; name: string }
export type BodiesOutcome = { ok: true; added: number; unchanged: number } | { ok: false; problems: FileProblem[] }

function cellsOf(values: Record<string, string>) {
  const cells: Partial<Record<(typeof COLUMNS)[number], string>> = {}
  for (const [column, value] of Object.entries(values)) {
    const key = (COLUMNS as readonly string[]).includes(column) ? (column as (typeof COLUMNS)[number]) : DOWNLOAD_COLUMNS[column]
    if (key && value !== '') cells[key] ??= value
  }
  return cells
}

/** The order to add bodies in, parents before the bodies under them; the rows left over name each other in a circle. */
function parentsFirst(rows: Row[], known: Set<string>): { order: Row[][]; circular: Row[] } {
  const order: Row[][] = []
  let left = rows
  const placed = new Set(known)
  for (;;) {
    const ready = left.filter((r) => !r.parent || placed.has(r.parent))
    if (ready.length === 0) return { order, circular: left }
    order.push(ready)
    for (const r of ready) placed.add(r.body.slug)
    left = left.filter((r) => !ready.includes(r))
    if (left.length === 0) return { order, circular: [] }
  }
}

/**
 * Adds the bodies a CSV lists, all or none (a system administrator only): every row is checked for its form, the
 * same short name twice, a short name already taken by a body with other details, and a parent that is neither on
 * Mizan nor in the file, and every problem is listed at once. A body already on Mizan exactly as the file has it is
 * left as it is, so that the same list can be sent again.
 */
export async function importOrganisations(
  deps: { db: Db; audit: Pick<AuditLog, 'record'> },
  actor: Importer,
  records: readonly CsvRecord[],
  readProblems: readonly FileProblem[],
): Promise<BodiesOutcome> {
  if (actor.kind === 'user' && scopeOf(actor, 'organisations.manage') !== 'all') throw new HttpError(403, '403')
  const problems: FileProblem[] = [...readProblems]
  const rows: Row[] = []
  const firstLine = new Map<string, number>()
  for (const { first: line, last: lastLine, values } of records) {
    const at = linesAt(line, lastLine)
    const cells = cellsOf(values)
    const parsed = NewOrganisationSchema.safeParse(cells)
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0])
        problems.push({ ...at, field, message: issue.message, value: quoted(cells[field as keyof typeof cells] ?? '') })
      }
      continue
    }
    const { slug } = parsed.data
    const seen = firstLine.get(slug)
    if (seen !== undefined)
      problems.push({ ...at, field: 'slug', message: 'administration.import.sameSlugTwice', vars: { line: seen }, value: slug })
    else firstLine.set(slug, line)
    rows.push({ line, lastLine, body: parsed.data, ...(cells.parent ? { parent: cells.parent } : {}) })
  }
  if (records.length === 0 && problems.length === 0) problems.push(wholeFileProblem('administration.import.empty'))

  const named = [...new Set(rows.flatMap((r) => [r.body.slug, ...(r.parent ? [r.parent] : [])]))]
  const existing = new Map((await repo.organisationsBySlugs(deps.db, named)).map((o) => [o.slug, o]))
  const inFile = new Set(rows.map((r) => r.body.slug))
  const toAdd: Row[] = []
  let unchanged = 0
  for (const row of rows) {
    const at = linesAt(row.line, row.lastLine)
    if (row.parent && row.parent !== row.body.slug && !existing.has(row.parent) && !inFile.has(row.parent))
      problems.push({ ...at, field: 'parent', message: 'administration.import.unknownParent', value: quoted(row.parent) })
    const had = existing.get(row.body.slug)
    if (!had) {
      toAdd.push(row)
      continue
    }
    const differs = COMPARED.filter((key) => had[key] !== row.body[key])
    if (differs.length === 0) unchanged++
    else
      problems.push({
        ...at,
        field: 'slug',
        message: 'administration.import.slugTaken',
        vars: { columns: differs.join(', ') },
        value: row.body.slug,
      })
  }
  const { order, circular } = parentsFirst(toAdd, new Set(existing.keys()))
  for (const row of circular)
    problems.push({ line: row.line, field: 'parent', message: 'administration.import.circularParent', value: quoted(row.parent) })
  if (problems.length) return { ok: false, problems: problems.sort((a, b) => a.line - b.line) }

  await deps.db.transaction(async (tx) => {
    const ids = new Map([...existing.values()].map((o) => [o.slug, o.id]))
    for (const level of order) {
      const added = await addOrganisations(
        tx,
        deps.audit,
        actor,
        level.map((r) => ({ ...r.body, parentId: r.parent ? ids.get(r.parent) : undefined })),
      )
      for (const [slug, id] of added) ids.set(slug, id)
    }
  })
  return { ok: true, added: toAdd.length, unchanged }
}
