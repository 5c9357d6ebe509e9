import { isDeepStrictEqual } from 'node:util'
import type { Db } from '../../db/engine.ts'
import type { Deps } from '../../platform/deps.ts'
import { HttpError } from '../../platform/errors.ts'
import { linesAt } from '../../platform/file-problems.tsx'
import { mayActOnOrganisation, scopeOf, type UserActor } from '../../platform/rbac.ts'
import { closeWorkItem, openWorkItem } from '../../platform/work-queue.ts'
import { importedNote } from './change-notes.ts'
import {
  CHECK_KEPT_DAYS,
  PROBLEMS_PER_PAGE,
  type ImportFile,
  type ImportProblem,
  type ImportRow,
  type ImportWarning,
} from './register.import-file.ts'
import { compact, missingFields, personalDataFields, type SystemRecord } from './register.record.ts'
import * as repo from './register.repository.ts'
import { addOrganisations, NewOrganisationSchema, type NewOrganisation } from '../accounts/admin.service.ts'
import { entryOf, IMPORT_KIND } from './register.service.ts'

/** Files come from signed-in staff, or from an operator at the server's command line. */
export type Importer = UserActor | { kind: 'system'; name: string }
export type ImportOutcome =
  | { ok: true; importId: string; count: number; created: number; changed: number; unchanged: number; drafts: number }
  | { ok: false; problems: ImportProblem[]; checkId?: string }

const actorRef = (actor: Importer) => (actor.kind === 'user' ? { kind: 'user' as const, id: actor.id } : actor)
const batchSubject = (id: string) => ({ type: 'register_import', id })

/** Two names that differ only in case, accents, spacing or punctuation name the same system to a reader. */
export const nameKey = (name: string) =>
  name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()

/** This register's own page of a system, as its export's `url` names it: the system's number here. */
function numberHere(url: string | undefined, publicUrl: URL): number | undefined {
  if (!url || !URL.canParse(url)) return undefined
  const parsed = new URL(url)
  const number = /^\/(?:ur\/)?register\/(\d{1,9})$/.exec(parsed.pathname)?.[1]
  return parsed.origin === publicUrl.origin && number ? Number(number) : undefined
}

/**
 * Who a record says it is: perhaps its number here, when its `url` is a page of this register, and otherwise the
 * body's reference for it, or its page on another register, which becomes its reference here so that the next
 * import finds it. A number names a system only if that system belongs to the record's body: two registers may
 * share an address (two copies on one laptop), and then the record is found by its page as a reference instead.
 */
const identityOf = (row: ImportRow, publicUrl: URL) => ({
  number: numberHere(row.url, publicUrl),
  reference: row.reference ?? row.url,
})

type Checked = {
  row: ImportRow
  /** The body's id, or its short name while it is one the import adds. */
  organisation: { id: string } | { slug: string }
  reference: string | undefined
  known: repo.SystemRow | undefined
  /** Required fields the record leaves empty: it comes in as a draft for its body to complete. */
  missing: string[]
  /** Whether a known system's published record differs from the file's. */
  changes: boolean
}

/** The column of a body's detail in the register's CSV export (and the import's problems). */
const bodyColumn = (key: PropertyKey) => `organisation${String(key)[0]!.toUpperCase()}${String(key).slice(1)}`

/**
 * The bodies a file names that Mizan does not know, as it describes them, when the importer asks for them to be
 * added: each checked as the administration form checks a new body, the first record naming it describing it.
 */
function bodiesToAdd(rows: ImportRow[], known: Map<string, unknown>, problems: ImportProblem[]): Map<string, NewOrganisation> {
  const out = new Map<string, NewOrganisation>()
  const tried = new Set<string>()
  for (const { line, lastLine, organisation, body } of rows) {
    if (!organisation || known.has(organisation) || tried.has(organisation)) continue
    tried.add(organisation)
    const parsed = NewOrganisationSchema.safeParse({ slug: organisation, ...body })
    if (parsed.success) out.set(organisation, parsed.data)
    else
      for (const issue of parsed.error.issues) {
        const key = issue.path[0] ?? 'slug'
        const field = key === 'slug' ? 'organisation' : bodyColumn(key)
        const value = key === 'slug' ? organisation : body[key as keyof ImportRow['body']]
        problems.push({ ...linesAt(line, lastLine), field, message: issue.message, value: value ?? '' })
      }
  }
  return out
}

/**
 * Brings in records from a file as submitted for review, all or nothing. The reader has checked each field's form;
 * here every record is checked for what needs the whole record or the database (required fields, the organisation,
 * personal data, which system it is), and every problem of the file is reported at once. A record the register
 * already holds becomes a proposed next version of its system, never a second copy, and one that says nothing new
 * is left as it is.
 */
export async function importSystems(
  deps: Deps,
  actor: Importer,
  filename: string,
  file: ImportFile,
  { addBodies = false, incompleteAsDrafts = false }: { addBodies?: boolean; incompleteAsDrafts?: boolean } = {},
): Promise<ImportOutcome> {
  const user = actor.kind === 'user' ? actor : null
  const scope = user ? scopeOf(user, 'register.import') : 'all'
  if (scope !== 'all' && scope !== 'own_org') throw new HttpError(403, '403')
  if (addBodies && user && scopeOf(user, 'organisations.manage') !== 'all') throw new HttpError(403, '403')
  // A body the import adds is one the importer may import for only with the register-wide right.
  const mayImportFor = (organisationId: string | undefined) =>
    !user || (organisationId ? mayActOnOrganisation(user, 'register.import', organisationId) : scope === 'all')
  const { rows } = file
  const identities = rows.map((r) => identityOf(r, deps.config.publicUrl))
  const [orgs, named] = await Promise.all([
    repo.organisationsBySlug(deps.db, [...new Set(rows.flatMap((r) => (r.organisation ? [r.organisation] : [])))]),
    repo.systemsNamedBy(
      deps.db,
      identities.flatMap((i) => (i.number !== undefined ? [i.number] : [])),
      identities.flatMap((i) => (i.reference ? [i.reference] : [])),
    ),
  ])
  const namedByNumber = new Map(named.map((s) => [s.number, s]))
  const namedByReference = new Map(
    named.flatMap((s) => (s.reference ? [[`${s.organisationId}|${s.reference}`, s] as const] : [])),
  )
  const published = await repo.publishedRecords(deps.db, named)
  const problems: ImportProblem[] = [...file.problems]
  const adding = addBodies ? bodiesToAdd(rows, orgs, problems) : new Map<string, NewOrganisation>()
  // A field already refused for its form is not also reported as missing.
  const refused = new Set(file.problems.map((p) => `${p.line}:${p.field}`))
  const firstLineOf = new Map<string, number>()
  const checked: Checked[] = []
  rows.forEach((row, i) => {
    const { line, lastLine, organisation, record } = row
    const at = linesAt(line, lastLine)
    const problem = (field: string, message: string, extra: Partial<ImportProblem> = {}) =>
      problems.push({ ...at, field, message, ...extra })
    const org = organisation ? orgs.get(organisation) : undefined
    const added = organisation ? adding.get(organisation) : undefined
    if (!organisation) problem('organisation', 'register.import.organisationMissing')
    else if (!org && !added && !addBodies) problem('organisation', 'register.import.unknownOrganisation', { value: organisation })
    else if ((org || added) && !mayImportFor(org?.id))
      problem('organisation', 'register.import.notYourOrganisation', { value: organisation })
    const missing = missingFields(record).filter((field) => !refused.has(`${line}:${field}`))
    for (const field of personalDataFields(record)) problem(field, `register.personal.${field}`)
    const { number, reference } = identities[i]!
    const column = row.reference ? 'reference' : 'url'
    if (reference && reference.length > 500) problem(column, 'register.import.referenceTooLong', { vars: { max: 500 } })
    const byNumber = number !== undefined ? namedByNumber.get(number) : undefined
    const known =
      (byNumber && byNumber.organisationId === org?.id ? byNumber : undefined) ??
      (org && reference ? namedByReference.get(`${org.id}|${reference}`) : undefined)
    const key = known ? known.id : reference && `${organisation}|${reference}`
    if (key && firstLineOf.has(key))
      problem(column, 'register.import.sameRecordTwice', { vars: { line: firstLineOf.get(key)! }, value: row[column] })
    else if (key) firstLineOf.set(key, line)
    // A draft needs a name; a known system's next version, and any record when drafts were not asked for, needs all.
    for (const field of missing)
      if (!incompleteAsDrafts || known || field === 'nameEn') problem(field, 'register.errors.required')
    if (!org && !added) return
    const changes = known !== undefined && !isDeepStrictEqual(published.get(known.id), compact(record))
    // A record the file leaves as it is touches nothing, so work in progress on its system is no obstacle.
    if (known?.draftState && changes) problem(column, 'register.import.draftInProgress', { vars: { number: known.number } })
    checked.push({
      row,
      organisation: org ? { id: org.id } : { slug: organisation! },
      reference,
      known,
      missing,
      changes,
    })
  })
  if (problems.length) {
    problems.sort((a, b) => a.line - b.line)
    return { ok: false, problems, ...(user ? { checkId: await keepCheck(deps, user, filename, file, problems) } : {}) }
  }
  if (rows.length === 0) return { ok: false, problems: [{ line: 0, field: 'file', message: 'register.import.empty' }] }

  const fresh = checked.filter((c) => !c.known && c.missing.length === 0)
  const drafts = checked.filter((c) => !c.known && c.missing.length > 0)
  const changed = checked.filter((c) => c.changes)
  const unchanged = checked.length - fresh.length - drafts.length - changed.length
  if (fresh.length + changed.length + drafts.length === 0)
    return {
      ok: false,
      problems: [{ line: 0, field: 'file', message: 'register.import.nothingChanged', vars: { count: unchanged } }],
    }
  const warnings = await nearDuplicates(deps.db, [...fresh, ...drafts])

  return deps.db.transaction(async (tx) => {
    const now = deps.clock.now()
    const by = user?.id ?? null
    const count = fresh.length + changed.length
    const batch = await repo.insertImport(tx, {
      filename,
      format: file.format,
      separator: file.separator ?? null,
      rows: count,
      changed: changed.length,
      drafts: drafts.length,
      unchanged,
      warnings,
      importedAt: now,
      importedBy: by,
    })
    const submitted = { submittedAt: now, submittedBy: by, importId: batch.id }
    const addedIds = await addOrganisations(tx, deps.audit, actor, [...adding.values()])
    const newSystem = (c: Checked) => ({
      organisationId: 'id' in c.organisation ? c.organisation.id : addedIds.get(c.organisation.slug)!,
      reference: c.reference ?? null,
      createdAt: now,
      createdBy: by,
      draft: compact(c.row.record),
      changeNote: null,
      draftUpdatedAt: now,
      draftUpdatedBy: by,
      importId: batch.id,
    })
    // Each row is made as it is written, so that a large file's rows are not all copied at once.
    await repo.copySystems(
      tx,
      mapped(fresh, (c) => ({ ...newSystem(c), draftState: 'submitted' as const, ...submitted })),
    )
    // Drafts are their bodies' to complete and submit, as if they had typed them: nothing about them is published.
    await repo.copySystems(
      tx,
      mapped(drafts, (c) => ({ ...newSystem(c), draftState: 'draft' as const })),
    )
    await repo.proposeVersions(
      tx,
      changed.map((c) => ({ id: c.known!.id, draft: compact(c.row.record) as SystemRecord })),
      { ...submitted, changeNote: importedNote(filename) },
    )
    if (count > 0)
      await openWorkItem(tx, deps.clock, {
        kind: IMPORT_KIND,
        subject: batchSubject(batch.id),
        title: { key: 'work.items.registerImport', vars: { count: String(count), filename } },
        link: `/register/review/imports/${batch.id}`,
        assignee: { role: 'reviewer' },
        urgency: 2,
      })
    await deps.audit.record(tx, actorRef(actor), {
      action: 'register.imported',
      subject: batchSubject(batch.id),
      changes: {
        filename,
        rows: count,
        created: fresh.length,
        changed: changed.length,
        drafts: drafts.length,
        unchanged,
        bodiesAdded: adding.size,
      },
    })
    return {
      ok: true as const,
      importId: batch.id,
      count,
      created: fresh.length,
      changed: changed.length,
      drafts: drafts.length,
      unchanged,
    }
  })
}

/**
 * New records whose names are those of systems their body already registers, or of another new record in the file,
 * but for case, accents, spacing or punctuation: perhaps the same system under a second reference, for a reviewer to
 * look at. They do not stop the import; two systems may rightly share a name.
 */
async function nearDuplicates(db: Db, fresh: Checked[]): Promise<ImportWarning[]> {
  const bodyOf = (c: Checked) => ('id' in c.organisation ? c.organisation.id : c.organisation.slug)
  const ids = fresh.flatMap((c) => ('id' in c.organisation ? [c.organisation.id] : []))
  const registered = await repo.registeredNames(db, [...new Set(ids)])
  const byName = new Map(registered.map((r) => [`${r.organisationId}|${nameKey(r.nameEn)}`, r]))
  const inFile = new Map<string, number>()
  const warnings: ImportWarning[] = []
  for (const c of fresh) {
    const { row } = c
    const key = `${bodyOf(c)}|${nameKey(row.record.nameEn ?? '')}`
    const same = byName.get(key)
    if (same)
      warnings.push({ line: row.line, message: 'register.import.similarName', vars: { number: same.number, name: same.nameEn } })
    const earlier = inFile.get(key)
    if (earlier !== undefined)
      warnings.push({ line: row.line, message: 'register.import.similarInFile', vars: { line: earlier } })
    else inFile.set(key, row.line)
  }
  return warnings
}

/** An import as the person who sent it follows it (reviewers see every import), with its first records. */
export async function importOf(db: Db, actor: UserActor, importId: string) {
  const batch = await repo.findImport(db, importId)
  if (!batch) throw new HttpError(404, '404')
  const reviewer = scopeOf(actor, 'register.review') === 'all'
  if (!reviewer && batch.importedBy !== actor.id) throw new HttpError(403, '403')
  const sample = await repo.workingCopies(db, { importId }, 100)
  // A draft lists what its body must still fill in.
  const drafts = await repo.systemsNamedBy(
    db,
    sample.filter((c) => c.draftState === 'draft').map((c) => c.number),
    [],
  )
  const missing = new Map(drafts.map((d) => [d.number, missingFields(d.draft ?? {})]))
  return { batch, reviewer, sample: sample.map((c) => ({ ...c, missing: missing.get(c.number) ?? [] })) }
}

/**
 * A reviewer publishes every record of a reviewed import in one decision: each new system its first version, each
 * known one its next, keeping the impact level its accepted assessment gave it.
 */
export async function publishImport(
  deps: Deps,
  actor: UserActor,
  importId: string,
  note: string | undefined,
): Promise<{ published: number }> {
  if (scopeOf(actor, 'register.review') !== 'all') throw new HttpError(403, '403')
  return deps.db.transaction(async (tx) => {
    const batch = await repo.findImport(tx, importId)
    if (!batch) throw new HttpError(404, '404')
    if (batch.publishedAt) throw new HttpError(409, 'registerImportPublished')
    const systems = await repo.submittedOfImport(tx, importId)
    const orgs = new Map(
      (await repo.organisationsById(tx, [...new Set(systems.map((s) => s.organisationId))])).map((o) => [o.id, o]),
    )
    const now = deps.clock.now()
    const changeNote = importedNote(batch.filename)
    const next = systems.map((s) => ({
      system: s,
      version: (s.currentVersion ?? 0) + 1,
      published: { impactLevel: s.assessedLevel ?? ('not_assessed' as const), assessmentId: s.assessmentId },
    }))
    await repo.insertVersions(
      tx,
      next.map(({ system, version, published }) => ({
        systemId: system.id,
        version,
        record: system.draft!,
        ...published,
        changeNote,
        submittedBy: system.submittedBy,
        publishedAt: now,
        publishedBy: actor.id,
      })),
    )
    // The entry keeps a known system's first publication date: the upsert never overwrites it.
    await repo.upsertEntries(
      tx,
      next.map(({ system, version, published }) =>
        entryOf(system.id, system.number, orgs.get(system.organisationId)!, version, system.draft!, published, {
          first: now,
          now,
        }),
      ),
    )
    await repo.finishImportedSystems(tx, importId)
    await repo.markImportPublished(tx, importId, now, actor.id)
    await closeWorkItem(tx, deps.clock, IMPORT_KIND, batchSubject(importId))
    await deps.audit.record(tx, actorRef(actor), {
      action: 'register.import_published',
      subject: batchSubject(importId),
      changes: { published: systems.length, note: note ?? null },
    })
    return { published: systems.length }
  })
}

function* mapped<A, B>(list: readonly A[], f: (a: A) => B): Generator<B> {
  for (const a of list) yield f(a)
}

/** Keeps a refused file's problems for the person who sent it, to page through and download while fixing the file. */
const keepCheck = (deps: Deps, user: UserActor, filename: string, file: ImportFile, problems: ImportProblem[]) =>
  repo.insertImportCheck(deps.db, {
    checkedBy: user.id,
    checkedAt: deps.clock.now(),
    filename,
    format: file.format,
    separator: file.separator ?? null,
    records: file.rows.length,
    problems,
  })

/** One page of a file's problems (or all of them), and where it falls in the whole list; a page past the end is not found. */
export function problemsPage(problems: ImportProblem[], page: number | 'all') {
  const from = page === 'all' ? 0 : (page - 1) * PROBLEMS_PER_PAGE
  const shown = page === 'all' ? problems : problems.slice(from, from + PROBLEMS_PER_PAGE)
  if (page !== 'all' && page > 1 && shown.length === 0) throw new HttpError(404, '404')
  return { total: problems.length, from, problems: shown }
}

/** One page of a refused file's problems, for the person who sent it; anyone else finds nothing. */
export async function importCheckOf(deps: Deps, actor: UserActor, id: string, page: number | 'all') {
  const check = await repo.importCheckOf(deps.db, id, actor.id)
  if (!check) throw new HttpError(404, '404')
  return { ...check, ...problemsPage(check.problems, page) }
}

/** Refused files' problems are forgotten after `CHECK_KEPT_DAYS`: they quote what the files held. */
export const forgetImportChecks = (db: Db, now: Date) =>
  repo.forgetImportChecksBefore(db, new Date(now.getTime() - CHECK_KEPT_DAYS * 86_400_000)).then(() => undefined)
