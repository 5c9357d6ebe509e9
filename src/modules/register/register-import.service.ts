import { isDeepStrictEqual } from 'node:util'
import { actorRef } from '../../platform/audit-log.ts'
import { Serialised } from '../../db/copy.ts'
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
  type ImportPage,
  type ImportProblem,
  type ImportRead,
  type ImportRow,
  type ImportWarning,
} from './register.import-file.ts'
import { missingFields, type SystemRecord } from './register.record.ts'
import * as repo from './register.repository.ts'
import { addOrganisations, NewOrganisationSchema, type NewOrganisation } from '../accounts/admin.service.ts'
import { entryOf, IMPORT_KIND } from './register.service.ts'

/** Files come from signed-in staff, or from an operator at the server's command line. */
export type Importer = UserActor | { kind: 'system'; name: string }
export type ImportOutcome = { read: ImportRead } & (
  | { ok: true; importId: string; count: number; created: number; changed: number; unchanged: number; drafts: number }
  | { ok: false; problems: ImportProblem[]; checkId?: string }
)
type ImportOptions = { addBodies?: boolean; incompleteAsDrafts?: boolean }

/** The importer as the audit log names them: a person by their account, an operator's command by its name. */
const importerRef = (actor: Importer) => (actor.kind === 'user' ? actorRef(actor) : actor)
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
  /** Whether a known system's published record differs from the file's. */
  changes: boolean
}

/** The column of a body's detail in the register's CSV export (and the import's problems). */
const bodyColumn = (key: PropertyKey) => `organisation${String(key)[0]!.toUpperCase()}${String(key).slice(1)}`

/** Why a file goes in as nothing: its problems, and whether they are kept for its sender to page through. */
class Refused extends Error {
  constructor(
    readonly problems: ImportProblem[],
    readonly keep = true,
  ) {
    super('import refused')
  }
}

/**
 * Brings in records from a file as submitted for review, all or nothing. The reader has checked each field's form;
 * here every record is checked for what needs the database (the organisation, which system it is), and every
 * problem of the file is reported at once. A record the register already holds becomes a proposed next version of
 * its system, never a second copy, and one that says nothing new is left as it is.
 *
 * The file is taken a page at a time, checked and stored inside one transaction while the next page is read (in a
 * worker thread, for a large file), so that it is never held whole: after the first problem nothing more is
 * stored but every record is still checked, and a refused file's transaction is rolled back.
 */
export async function importSystems(
  deps: Deps,
  actor: Importer,
  filename: string,
  pages: AsyncIterable<ImportPage> | Iterable<ImportPage>,
  options: ImportOptions = {},
): Promise<ImportOutcome> {
  const user = actor.kind === 'user' ? actor : null
  const scope = user ? scopeOf(user, 'register.import') : 'all'
  if (scope !== 'all' && scope !== 'own_org') throw new HttpError(403, '403')
  if (options.addBodies && user && scopeOf(user, 'organisations.manage') !== 'all') throw new HttpError(403, '403')
  const read: ImportRead = { format: 'csv', records: 0 }
  try {
    const outcome = await deps.db.transaction(async (tx) => {
      const run = await startImport(deps, tx, actor, filename, options)
      for await (const page of pages) {
        Object.assign(read, { format: page.format, separator: page.separator, records: read.records + page.rows.length })
        // A file refused whole (too large, not UTF-8) is refused for that alone: what was read of it counts for nothing.
        if (page.refusedWhole) {
          read.records = 0
          throw new Refused(page.problems)
        }
        await run.take(page)
      }
      return { ...(await run.finish(read)), read }
    })
    await repo.analyseRegister(deps.db, deps.engine)
    return outcome
  } catch (err) {
    if (!(err instanceof Refused)) throw err
    const problems = err.problems.sort((a, b) => a.line - b.line)
    const checkId = user && err.keep ? await keepCheck(deps, user, filename, read, problems) : undefined
    return { ok: false, problems, read, ...(checkId ? { checkId } : {}) }
  }
}

/** One import under way, inside its transaction: what it has learned of the file so far, and what it has stored. */
async function startImport(deps: Deps, tx: Db, actor: Importer, filename: string, options: ImportOptions) {
  const { addBodies = false, incompleteAsDrafts = false } = options
  const user = actor.kind === 'user' ? actor : null
  const scope = user ? scopeOf(user, 'register.import') : 'all'
  // A body the import adds is one the importer may import for only with the register-wide right.
  const mayImportFor = (organisationId: string | undefined) =>
    !user || (organisationId ? mayActOnOrganisation(user, 'register.import', organisationId) : scope === 'all')
  const now = deps.clock.now()
  const by = user?.id ?? null
  const batch = await repo.insertImport(tx, { filename, rows: 0, importedAt: now, importedBy: by })
  const submitted = { submittedAt: now, submittedBy: by, importId: batch.id }

  const problems: ImportProblem[] = []
  /** Bodies by short name, as each is first named: known ones, or undefined. */
  const bodies = new Map<string, repo.OrganisationRow | undefined>()
  /** Bodies to add, each described by the first record naming it, and the ids of those added so far. */
  const adding = new Map<string, NewOrganisation>()
  const described = new Set<string>()
  const addedIds = new Map<string, string>()
  /** The first line of each system the file names, to refuse a second record of it. */
  const firstLineOf = new Map<string, number>()
  /** Known systems this import has given a next version: found again, unlike the systems it has made. */
  const proposed = new Set<string>()
  const tally = { created: 0, changed: 0, drafts: 0, unchanged: 0 }
  const nearDuplicates = nearDuplicateNames(tx)

  /** The bodies a page names for the first time that Mizan does not know, checked as the administration form checks. */
  function describeNewBodies(rows: ImportRow[]) {
    for (const { line, lastLine, organisation, body } of rows) {
      if (!organisation || bodies.get(organisation) || described.has(organisation)) continue
      described.add(organisation)
      const parsed = NewOrganisationSchema.safeParse({ slug: organisation, ...body })
      if (parsed.success) adding.set(organisation, parsed.data)
      else
        for (const issue of parsed.error.issues) {
          const key = issue.path[0] ?? 'slug'
          const field = key === 'slug' ? 'organisation' : bodyColumn(key)
          const value = key === 'slug' ? organisation : body[key as keyof ImportRow['body']]
          problems.push({ ...linesAt(line, lastLine), field, message: issue.message, value: value ?? '' })
        }
    }
  }

  /** The systems a page's records name, by their number here or their body's reference, that existed before. */
  async function knownSystems(rows: ImportRow[], identities: ReturnType<typeof identityOf>[]) {
    const named = (
      await repo.systemsNamedBy(
        tx,
        identities.flatMap((i) => (i.number !== undefined ? [i.number] : [])),
        identities.flatMap((i) => (i.reference ? [i.reference] : [])),
      )
    ).filter((s) => s.importId !== batch.id || proposed.has(s.id))
    return {
      byNumber: new Map(named.map((s) => [s.number, s])),
      byReference: new Map(named.flatMap((s) => (s.reference ? [[`${s.organisationId}|${s.reference}`, s] as const] : []))),
      published: await repo.publishedRecords(tx, named),
    }
  }

  function check(
    row: ImportRow,
    { number, reference }: ReturnType<typeof identityOf>,
    known: Awaited<ReturnType<typeof knownSystems>>,
  ): Checked | undefined {
    const { line, lastLine, organisation } = row
    const at = linesAt(line, lastLine)
    const problem = (field: string, message: string, extra: Partial<ImportProblem> = {}) =>
      problems.push({ ...at, field, message, ...extra })
    const org = organisation ? bodies.get(organisation) : undefined
    const added = organisation ? adding.get(organisation) : undefined
    if (!organisation) problem('organisation', 'register.import.organisationMissing')
    else if (!org && !added && !addBodies) problem('organisation', 'register.import.unknownOrganisation', { value: organisation })
    else if ((org || added) && !mayImportFor(org?.id))
      problem('organisation', 'register.import.notYourOrganisation', { value: organisation })
    const column = row.reference ? 'reference' : 'url'
    if (reference && reference.length > 500) problem(column, 'register.import.referenceTooLong', { vars: { max: 500 } })
    const byNumber = number !== undefined ? known.byNumber.get(number) : undefined
    const system =
      (byNumber && byNumber.organisationId === org?.id ? byNumber : undefined) ??
      (org && reference ? known.byReference.get(`${org.id}|${reference}`) : undefined)
    const key = system ? system.id : reference && `${organisation}|${reference}`
    if (key && firstLineOf.has(key))
      problem(column, 'register.import.sameRecordTwice', { vars: { line: firstLineOf.get(key)! }, value: row[column] })
    else if (key) firstLineOf.set(key, line)
    // A draft needs a name; a known system's next version, and any record when drafts were not asked for, needs all.
    for (const field of row.missing)
      if (!incompleteAsDrafts || system || field === 'nameEn') problem(field, 'register.errors.required')
    if (!org && !added) return undefined
    const changes = system !== undefined && !isDeepStrictEqual(known.published.get(system.id), JSON.parse(row.record))
    // A record the file leaves as it is touches nothing, so work in progress on its system is no obstacle.
    if (system?.draftState && changes) problem(column, 'register.import.draftInProgress', { vars: { number: system.number } })
    return { row, organisation: org ? { id: org.id } : { slug: organisation! }, reference, known: system, changes }
  }

  /** Stores a page's checked records: new systems (complete, or drafts for their bodies), and known systems' next versions. */
  async function store(checked: Checked[]) {
    const fresh = checked.filter((c) => !c.known && c.row.missing.length === 0)
    const drafts = checked.filter((c) => !c.known && c.row.missing.length > 0)
    const changed = checked.filter((c) => c.changes)
    tally.created += fresh.length
    tally.drafts += drafts.length
    tally.changed += changed.length
    tally.unchanged += checked.length - fresh.length - drafts.length - changed.length
    const firstNamed = [...adding.values()].filter((o) => !addedIds.has(o.slug))
    for (const [slug, id] of await addOrganisations(tx, deps.audit, actor, firstNamed)) addedIds.set(slug, id)
    await nearDuplicates.add([...fresh, ...drafts])
    const newSystem = (c: Checked) => ({
      organisationId: 'id' in c.organisation ? c.organisation.id : addedIds.get(c.organisation.slug)!,
      reference: c.reference ?? null,
      createdAt: now,
      createdBy: by,
      draft: new Serialised(c.row.record),
      changeNote: null,
      draftUpdatedAt: now,
      draftUpdatedBy: by,
      importId: batch.id,
    })
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
      changed.map((c) => ({ id: c.known!.id, draft: JSON.parse(c.row.record) as SystemRecord })),
      { ...submitted, changeNote: importedNote(filename) },
    )
    for (const c of changed) proposed.add(c.known!.id)
  }

  return {
    /** Checks a page of the file, and stores it while the file has shown no problem. */
    async take(page: ImportPage) {
      problems.push(...page.problems)
      const { rows } = page
      const unseen = [...new Set(rows.flatMap((r) => (r.organisation && !bodies.has(r.organisation) ? [r.organisation] : [])))]
      const found = await repo.organisationsBySlug(tx, unseen)
      for (const slug of unseen) bodies.set(slug, found.get(slug))
      if (addBodies) describeNewBodies(rows)
      const identities = rows.map((r) => identityOf(r, deps.config.publicUrl))
      const known = await knownSystems(rows, identities)
      const checked = rows.flatMap((row, i) => check(row, identities[i]!, known) ?? [])
      if (problems.length === 0) await store(checked)
    },

    /** Ends the import once every page is taken: refused with every problem, or waiting for review. */
    async finish(read: ImportRead) {
      if (problems.length) throw new Refused(problems)
      if (read.records === 0) throw new Refused([{ line: 0, field: 'file', message: 'register.import.empty' }], false)
      const { created, changed, drafts, unchanged } = tally
      if (created + changed + drafts === 0)
        throw new Refused(
          [{ line: 0, field: 'file', message: 'register.import.nothingChanged', vars: { count: unchanged } }],
          false,
        )
      const count = created + changed
      await repo.finishImport(tx, batch.id, {
        format: read.format,
        separator: read.separator ?? null,
        rows: count,
        changed,
        drafts,
        unchanged,
        warnings: nearDuplicates.warnings,
      })
      if (count > 0)
        await openWorkItem(tx, deps.clock, {
          kind: IMPORT_KIND,
          subject: batchSubject(batch.id),
          title: { key: 'work.items.registerImport', vars: { count: String(count), filename } },
          link: `/register/review/imports/${batch.id}`,
          assignee: { role: 'reviewer' },
          urgency: 2,
        })
      await deps.audit.record(tx, importerRef(actor), {
        action: 'register.imported',
        subject: batchSubject(batch.id),
        changes: { filename, rows: count, created, changed, drafts, unchanged, bodiesAdded: addedIds.size },
      })
      return { ok: true as const, importId: batch.id, count, created, changed, drafts, unchanged }
    },
  }
}

/**
 * New records whose names are those of systems their body already registers, or of another new record in the file,
 * but for case, accents, spacing or punctuation: perhaps the same system under a second reference, for a reviewer to
 * look at. They do not stop the import; two systems may rightly share a name. Records are added a page at a time.
 */
function nearDuplicateNames(db: Db) {
  const registered = new Map<string, { number: number; nameEn: string }>()
  const looked = new Set<string>()
  const inFile = new Map<string, number>()
  const warnings: ImportWarning[] = []
  const bodyOf = (c: Checked) => ('id' in c.organisation ? c.organisation.id : c.organisation.slug)
  return {
    warnings,
    async add(fresh: Checked[]) {
      const ids = [...new Set(fresh.flatMap((c) => ('id' in c.organisation ? [c.organisation.id] : [])))].filter(
        (id) => !looked.has(id),
      )
      for (const r of await repo.registeredNames(db, ids)) registered.set(`${r.organisationId}|${nameKey(r.nameEn)}`, r)
      for (const id of ids) looked.add(id)
      for (const c of fresh) {
        const { row } = c
        const key = `${bodyOf(c)}|${nameKey(row.nameEn ?? '')}`
        const same = registered.get(key)
        if (same)
          warnings.push({
            line: row.line,
            message: 'register.import.similarName',
            vars: { number: same.number, name: same.nameEn },
          })
        const earlier = inFile.get(key)
        if (earlier !== undefined)
          warnings.push({ line: row.line, message: 'register.import.similarInFile', vars: { line: earlier } })
        else inFile.set(key, row.line)
      }
    },
  }
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
  const outcome = await deps.db.transaction(async (tx) => {
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
    await deps.audit.record(tx, importerRef(actor), {
      action: 'register.import_published',
      subject: batchSubject(importId),
      changes: { published: systems.length, note: note ?? null },
    })
    return { published: systems.length }
  })
  await repo.analyseRegister(deps.db, deps.engine)
  return outcome
}

function* mapped<A, B>(list: readonly A[], f: (a: A) => B): Generator<B> {
  for (const a of list) yield f(a)
}

/** Keeps a refused file's problems for the person who sent it, to page through and download while fixing the file. */
const keepCheck = (deps: Deps, user: UserActor, filename: string, read: ImportRead, problems: ImportProblem[]) =>
  repo.insertImportCheck(deps.db, {
    checkedBy: user.id,
    checkedAt: deps.clock.now(),
    filename,
    format: read.format,
    separator: read.separator ?? null,
    records: read.records,
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
