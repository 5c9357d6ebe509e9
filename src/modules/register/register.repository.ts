import { and, asc, desc, eq, gt, gte, inArray, isNull, lt, sql, type SQL, type SQLWrapper } from 'drizzle-orm'
import { copyInto, type CopyRow } from '../../db/copy.ts'
import { fromExcluded, maintainEmbedded, queryRows, RUM_INDEX, type Db, type EngineKind } from '../../db/engine.ts'
import { cappedCount, COUNT_CAP, inKeyOrder } from '../../platform/search-count.ts'
import { organisations, users } from '../accounts/accounts.tables.ts'
import {
  aiSystems,
  aiSystemVersions,
  registerEntries,
  registerGeneration,
  registerImportChecks,
  registerImports,
} from './register.tables.ts'
import type { RecordKey, SystemRecord } from './register.record.ts'

export type SystemRow = typeof aiSystems.$inferSelect
export type VersionRow = typeof aiSystemVersions.$inferSelect
export type EntryRow = typeof registerEntries.$inferInsert
export type OrganisationRow = typeof organisations.$inferSelect

/** Large writes go in slices, well under the engines' limit on parameters in one statement. */
const SLICE = 500

export async function insertSystems(db: Db, rows: (typeof aiSystems.$inferInsert)[]) {
  const out: { id: string; number: number }[] = []
  for (let i = 0; i < rows.length; i += SLICE) {
    out.push(
      ...(await db
        .insert(aiSystems)
        .values(rows.slice(i, i + SLICE))
        .returning({ id: aiSystems.id, number: aiSystems.number })),
    )
  }
  return out
}

/** Many new systems at once (an import), by COPY: rows alike in the columns they give. */
export const copySystems = (tx: Db, rows: Iterable<CopyRow<typeof aiSystems.$inferInsert>>) => copyInto(tx, aiSystems, rows)

export const findSystem = async (db: Db, id: string) => (await db.select().from(aiSystems).where(eq(aiSystems.id, id)))[0]

/** Locks the system's row for the rest of the transaction, so that two decisions on it cannot interleave. */
export const lockSystem = async (db: Db, id: string) =>
  (await db.select().from(aiSystems).where(eq(aiSystems.id, id)).for('update'))[0]

export const updateSystem = (db: Db, id: string, values: Partial<typeof aiSystems.$inferInsert>) =>
  db.update(aiSystems).set(values).where(eq(aiSystems.id, id))

export async function insertVersions(db: Db, rows: (typeof aiSystemVersions.$inferInsert)[]) {
  for (let i = 0; i < rows.length; i += SLICE) await db.insert(aiSystemVersions).values(rows.slice(i, i + SLICE))
}

/** Counts a change to the public register; see `registerGeneration`. */
const bumpGeneration = (db: Db) =>
  db
    .insert(registerGeneration)
    .values({ id: 1, generation: 1 })
    .onConflictDoUpdate({ target: registerGeneration.id, set: { generation: sql`${registerGeneration.generation} + 1` } })

/** The register's change count: answers derived from it stay right while it stays the same. */
export const generation = async (db: Db) =>
  Number((await db.select({ g: registerGeneration.generation }).from(registerGeneration))[0]?.g ?? 0)

export async function upsertEntries(db: Db, rows: EntryRow[]) {
  await bumpGeneration(db)
  const set = fromExcluded(
    registerEntries,
    (Object.keys(rows[0] ?? {}) as (keyof EntryRow & string)[]).filter((k) => k !== 'systemId' && k !== 'firstPublishedAt'),
  )
  for (let i = 0; i < rows.length; i += SLICE) {
    await db
      .insert(registerEntries)
      .values(rows.slice(i, i + SLICE))
      .onConflictDoUpdate({ target: registerEntries.systemId, set })
  }
}

export async function currentVersionOf(db: Db, systemId: string, version: number) {
  const [row] = await db
    .select()
    .from(aiSystemVersions)
    .where(and(eq(aiSystemVersions.systemId, systemId), eq(aiSystemVersions.version, version)))
  return row
}

/** The versions of one system, newest first, with the organisation's name at the time of reading. */
export const versionsOf = (db: Db, systemId: string) =>
  db.select().from(aiSystemVersions).where(eq(aiSystemVersions.systemId, systemId)).orderBy(desc(aiSystemVersions.version))

export async function systemByNumber(db: Db, number: number) {
  const [row] = await db
    .select({ system: aiSystems, organisation: organisations })
    .from(aiSystems)
    .innerJoin(organisations, eq(organisations.id, aiSystems.organisationId))
    .where(eq(aiSystems.number, number))
  return row
}

type CopyFilter = {
  organisationId?: string
  states?: readonly ('draft' | 'submitted' | 'returned')[]
  importId?: string
  id?: string
}

/**
 * A working copy's value: the draft's when there is a draft, even where the draft has removed it, else the published
 * one. `key` is one of the record's own keys, never input.
 */
const ofWorkingCopy = (key: RecordKey, published: SQLWrapper) =>
  sql`case when ${aiSystems.draft} is not null then ${aiSystems.draft}->>${sql.raw(`'${key}'`)} else ${published} end`

/** Systems with their working state: one organisation's, those waiting for review, or one import's; newest first. */
export async function workingCopies(db: Db, f: CopyFilter, limit = 500) {
  return db
    .select({
      id: aiSystems.id,
      number: aiSystems.number,
      draftState: aiSystems.draftState,
      currentVersion: aiSystems.currentVersion,
      nameEn: sql<string>`${ofWorkingCopy('nameEn', registerEntries.nameEn)}`,
      nameUr: sql<string | null>`${ofWorkingCopy('nameUr', registerEntries.nameUr)}`,
      // A draft that names no language is in English, whatever was published.
      textLanguage: sql<string>`coalesce(${ofWorkingCopy('textLanguage', registerEntries.textLanguage)}, 'en')`,
      status: registerEntries.status,
      updatedAt: sql<Date>`coalesce(${aiSystems.draftUpdatedAt}, ${registerEntries.updatedAt}, ${aiSystems.createdAt})`.mapWith(
        aiSystems.createdAt,
      ),
      submittedAt: aiSystems.submittedAt,
      importId: aiSystems.importId,
      organisation: { slug: organisations.slug, nameEn: organisations.nameEn, nameUr: organisations.nameUr },
    })
    .from(aiSystems)
    .innerJoin(organisations, eq(organisations.id, aiSystems.organisationId))
    .leftJoin(registerEntries, eq(registerEntries.systemId, aiSystems.id))
    .where(
      and(
        f.organisationId ? eq(aiSystems.organisationId, f.organisationId) : undefined,
        f.states ? inArray(aiSystems.draftState, [...f.states]) : undefined,
        f.importId ? eq(aiSystems.importId, f.importId) : undefined,
        f.id ? eq(aiSystems.id, f.id) : undefined,
      ),
    )
    .orderBy(
      desc(sql`coalesce(${aiSystems.draftUpdatedAt}, ${registerEntries.updatedAt}, ${aiSystems.createdAt})`),
      desc(aiSystems.number),
    )
    .limit(limit)
}

export const userNames = async (db: Db, ids: string[]) =>
  new Map(
    ids.length
      ? (await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, ids))).map((u) => [u.id, u.name])
      : [],
  )

export async function insertImport(db: Db, row: typeof registerImports.$inferInsert) {
  const [saved] = await db.insert(registerImports).values(row).returning()
  return saved!
}

/** What an import learns of its file by its end: how it was read, what it holds, what a reviewer should look at. */
export const finishImport = (
  db: Db,
  id: string,
  values: Pick<
    typeof registerImports.$inferInsert,
    'format' | 'separator' | 'rows' | 'changed' | 'drafts' | 'unchanged' | 'warnings'
  >,
) => db.update(registerImports).set(values).where(eq(registerImports.id, id))

export async function insertImportCheck(db: Db, row: typeof registerImportChecks.$inferInsert) {
  const [saved] = await db.insert(registerImportChecks).values(row).returning({ id: registerImportChecks.id })
  return saved!.id
}

/** A refused file's problems, for the person who sent it only. */
export const importCheckOf = async (db: Db, id: string, checkedBy: string) =>
  (
    await db
      .select()
      .from(registerImportChecks)
      .where(and(eq(registerImportChecks.id, id), eq(registerImportChecks.checkedBy, checkedBy)))
  )[0]

export const forgetImportChecksBefore = (db: Db, before: Date) =>
  db.delete(registerImportChecks).where(lt(registerImportChecks.checkedAt, before))

export const pendingImports = (db: Db) =>
  db.select().from(registerImports).where(isNull(registerImports.publishedAt)).orderBy(asc(registerImports.importedAt))

export const findImport = async (db: Db, id: string) =>
  (await db.select().from(registerImports).where(eq(registerImports.id, id)))[0]

export const markImportPublished = (db: Db, id: string, at: Date, by: string) =>
  db.update(registerImports).set({ publishedAt: at, publishedBy: by }).where(eq(registerImports.id, id))

export const submittedOfImport = (db: Db, importId: string) =>
  db
    .select()
    .from(aiSystems)
    .where(and(eq(aiSystems.importId, importId), eq(aiSystems.draftState, 'submitted')))
    .orderBy(asc(aiSystems.number))

export const organisationsById = async (db: Db, ids: string[]) =>
  ids.length ? db.select().from(organisations).where(inArray(organisations.id, ids)) : []

/** Imported records, once published, have no working copy left: each is one version further on. */
export const finishImportedSystems = (db: Db, importId: string) =>
  db
    .update(aiSystems)
    .set({
      currentVersion: sql`coalesce(${aiSystems.currentVersion}, 0) + 1`,
      draftState: null,
      draft: null,
      changeNote: null,
      submittedAt: null,
      submittedBy: null,
    })
    .where(and(eq(aiSystems.importId, importId), eq(aiSystems.draftState, 'submitted')))

/** The systems an import names: by their number here, or by their reference in their body. */
export async function systemsNamedBy(db: Db, numbers: number[], references: string[]) {
  const rows: SystemRow[] = []
  for (let i = 0; i < numbers.length; i += SLICE)
    rows.push(
      ...(await db
        .select()
        .from(aiSystems)
        .where(inArray(aiSystems.number, numbers.slice(i, i + SLICE)))),
    )
  for (let i = 0; i < references.length; i += SLICE)
    rows.push(
      ...(await db
        .select()
        .from(aiSystems)
        .where(inArray(aiSystems.reference, references.slice(i, i + SLICE)))),
    )
  return rows
}

/** The published record of each system that has one, by system id. */
export async function publishedRecords(db: Db, systems: Pick<SystemRow, 'id' | 'currentVersion'>[]) {
  const out = new Map<string, VersionRow['record']>()
  const published = systems.filter((s) => s.currentVersion !== null)
  for (let i = 0; i < published.length; i += SLICE) {
    const ids = published.slice(i, i + SLICE).map((s) => s.id)
    const rows = await db
      .select({ systemId: aiSystemVersions.systemId, record: aiSystemVersions.record })
      .from(aiSystemVersions)
      .innerJoin(aiSystems, eq(aiSystems.id, aiSystemVersions.systemId))
      .where(and(inArray(aiSystemVersions.systemId, ids), eq(aiSystemVersions.version, aiSystems.currentVersion)))
    for (const r of rows) out.set(r.systemId, r.record)
  }
  return out
}

/** The registered names in some bodies: what an import's new records are compared with for near-duplicates. */
export const registeredNames = async (db: Db, organisationIds: string[]) =>
  organisationIds.length
    ? db
        .select({ organisationId: e.organisationId, number: e.number, nameEn: e.nameEn })
        .from(e)
        .where(inArray(e.organisationId, organisationIds))
    : []

/** A known system takes the record an import proposes as its working copy, waiting for review with the file. */
export const proposeVersions = async (
  db: Db,
  rows: { id: string; draft: SystemRecord }[],
  values: Pick<typeof aiSystems.$inferInsert, 'importId' | 'submittedAt' | 'submittedBy' | 'changeNote'>,
) => {
  for (const r of rows)
    await db
      .update(aiSystems)
      .set({
        ...values,
        draft: r.draft,
        draftState: 'submitted',
        draftUpdatedAt: values.submittedAt,
        draftUpdatedBy: values.submittedBy,
      })
      .where(eq(aiSystems.id, r.id))
}

/**
 * After an import or its publication, thousands of rows at once: the embedded engine's planner learns of them here
 * (a server's autovacuum does it by itself).
 */
export const analyseRegister = (db: Db, kind: EngineKind) =>
  maintainEmbedded(db, kind, [aiSystems, aiSystemVersions, registerEntries])

export const organisationsBySlug = async (db: Db, slugs: string[]) =>
  new Map(
    slugs.length ? (await db.select().from(organisations).where(inArray(organisations.slug, slugs))).map((o) => [o.slug, o]) : [],
  )

export async function organisationBySlug(db: Db, slug: string) {
  const [row] = await db.select().from(organisations).where(eq(organisations.slug, slug))
  return row
}

// --- the public register ---------------------------------------------------------------

export type RegisterFilter = {
  q?: string | undefined
  sector?: string | undefined
  organisation?: string | undefined
  province?: string | undefined
  status?: string | undefined
  decisionRole?: string | undefined
  impactLevel?: string | undefined
  supplierOrigin?: string | undefined
  updatedSince?: Date | undefined
}

export type RegisterSort = 'relevance' | 'updated' | 'name'

const e = registerEntries

function filterConditions(f: RegisterFilter): (SQL | undefined)[] {
  return [
    f.sector ? eq(e.sector, f.sector as never) : undefined,
    // By the body's id, so that a search needs no join to filter by body.
    f.organisation
      ? sql`${e.organisationId} = (select ${organisations.id} from ${organisations} where ${organisations.slug} = ${f.organisation})`
      : undefined,
    f.province ? sql`${e.provinces} @> array[${f.province}]::text[]` : undefined,
    f.status ? eq(e.status, f.status as never) : undefined,
    f.decisionRole ? eq(e.decisionRole, f.decisionRole as never) : undefined,
    f.impactLevel ? eq(e.impactLevel, f.impactLevel as never) : undefined,
    f.supplierOrigin ? eq(e.supplierOrigin, f.supplierOrigin as never) : undefined,
    f.updatedSince ? gte(e.updatedAt, f.updatedSince) : undefined,
  ]
}

const listColumns = {
  number: e.number,
  version: e.version,
  textLanguage: e.textLanguage,
  nameEn: e.nameEn,
  nameUr: e.nameUr,
  summaryEn: e.summaryEn,
  summaryUr: e.summaryUr,
  sector: e.sector,
  status: e.status,
  decisionRole: e.decisionRole,
  impactLevel: e.impactLevel,
  supplierOrigin: e.supplierOrigin,
  provinces: e.provinces,
  updatedAt: e.updatedAt,
  organisation: { slug: organisations.slug, nameEn: organisations.nameEn, nameUr: organisations.nameUr },
}

/** What a search finds (migration 0045): the words as typed, stemmed as English and normalised as Urdu. */
const searchQuery = (q: string) => sql`mizan_search_query(${q})`

/** What a search ranks by: every word searched for, joined by "or", the same on every path (migration 0045). */
const rankQuery = (q: string) => sql`mizan_rank_query(${q})`

/**
 * What a search keeps (`where`) and how it ranks what it keeps: `score`, for sorting by relevance, and for a full-text
 * search RUM's `distance` (one over its own score), which a RUM index returns nearest first.
 */
type Matching = { where: SQL | undefined; score: SQL | undefined; distance?: SQL | undefined }

/**
 * The numbers of one page of matches, in order. Only the number and what orders it pass through the sort, so that
 * ranking many matches never carries their text (the page's rows are read afterwards, by number).
 */
export function pageNumbersStatement(
  db: Db,
  f: RegisterFilter,
  sort: RegisterSort,
  page: number,
  perPage: number,
  { where, score }: Matching,
) {
  const order =
    sort === 'name'
      ? [asc(sql`lower(${e.nameEn})`), asc(e.number)]
      : sort === 'updated' || !score
        ? [desc(e.updatedAt), desc(e.number)]
        : [desc(score), desc(e.updatedAt), desc(e.number)]
  return db
    .select({ number: e.number })
    .from(e)
    .where(and(where, ...filterConditions(f)))
    .orderBy(...order)
    .limit(perPage)
    .offset((page - 1) * perPage)
}

/**
 * A page by relevance from a RUM index. The index returns the `candidates` best matches by its own score, which for
 * the rank query is ts_rank's times the query's size, up to rounding (migration 0045); they are put in the sort path's
 * order, by ts_rank itself, then the newest change, then the highest number. Each row also says how many candidates
 * there were and `bound`, the highest ts_rank among the farthest of them: no match left out ranks above it by more
 * than rounding.
 */
export function rankedPageStatement(db: Db, f: RegisterFilter, m: Matching, candidates: number, page: number, perPage: number) {
  const nearest = db
    .select({
      number: e.number,
      updatedAt: e.updatedAt,
      distance: sql<number>`${m.distance}`.as('distance'),
      rank: sql<number>`${m.score}`.as('rank'),
    })
    .from(e)
    .where(and(m.where, ...filterConditions(f)))
    .orderBy(m.distance!)
    .limit(candidates)
    .as('nearest')
  return db
    .select({
      number: nearest.number,
      rank: sql<number>`${nearest.rank}`.mapWith(Number),
      bound: sql<number>`first_value(${nearest.rank}) over (order by ${nearest.distance} desc, ${nearest.rank} desc)`.mapWith(
        Number,
      ),
      candidates: sql<number>`count(*) over ()`.mapWith(Number),
    })
    .from(nearest)
    .orderBy(desc(nearest.rank), desc(nearest.updatedAt), desc(nearest.number))
    .limit(perPage)
    .offset((page - 1) * perPage)
}

/** The candidates of the last try from RUM (or the page's end twice over, when that is more); past them, the sort. */
export const MAX_RANKED_CANDIDATES = 4_000

/** How far apart two ranks must be to be told apart through RUM's rounding (measured: under 4 in 10 million). */
const ROUNDING = 1e-5

/**
 * A page's numbers in rank order from the RUM index: twice the page's end in candidates, then, if a match beyond them
 * might still rank above the page's last (a tie, or ranks within rounding), `MAX_RANKED_CANDIDATES`; undefined when
 * those do not settle it either. Each try reads every match's place in the index, so there are at most two.
 */
export async function rankedNumbers(db: Db, f: RegisterFilter, page: number, perPage: number, m: Matching) {
  const first = page * perPage * 2
  for (const candidates of first < MAX_RANKED_CANDIDATES ? [first, MAX_RANKED_CANDIDATES] : [first]) {
    const rows = await rankedPageStatement(db, f, m, candidates, page, perPage)
    const edge = rows.at(-1)
    // No rows: fewer matches than the page's start. Fewer candidates than asked: every match was ranked.
    if (!edge || edge.candidates < candidates || edge.rank > edge.bound * (1 + ROUNDING)) return rows.map((r) => r.number)
  }
  return undefined
}

/** Whether this database has the RUM index (src/db/engine.ts), asked once per connection pool. */
const rumIndexes = new WeakMap<Db, Promise<boolean>>()
export function hasRumIndex(db: Db) {
  let known = rumIndexes.get(db)
  if (!known) {
    known = queryRows<{ present: boolean }>(db, sql`select to_regclass(${RUM_INDEX}) is not null as present`).then(
      ([row]) => row?.present === true,
    )
    rumIndexes.set(db, known)
  }
  return known
}

/** How many records match, counted up to one past `COUNT_CAP`. */
export function matchCountStatement(db: Db, f: RegisterFilter, { where }: Matching) {
  const matches = db
    .select({ one: sql`1` })
    .from(e)
    .where(and(where, ...filterConditions(f)))
    .limit(COUNT_CAP + 1)
    .as('matches')
  return db.select({ count: sql<number>`count(*)`.mapWith(Number) }).from(matches)
}

/** The rows of a page of hits, by number, in no order: one array parameter, so the statement's text never changes. */
export const hitsByNumberStatement = (db: Db, numbers: number[]) =>
  db
    .select(listColumns)
    .from(e)
    .innerJoin(organisations, eq(organisations.id, e.organisationId))
    .where(sql`${e.number} = any(${sql.param(numbers)}::int[])`)

/** The full-text form of a search: English words stemmed, Urdu words normalised, in one vector. */
export function fullTextMatching(f: RegisterFilter): Matching {
  const q = f.q?.trim()
  if (!q) return { where: undefined, score: undefined }
  return {
    where: sql`${e.search} @@ ${searchQuery(q)}`,
    score: sql`ts_rank(${e.search}, ${rankQuery(q)})`,
    distance: sql`${e.search} <=> ${rankQuery(q)}`,
  }
}

/** Names that look like the query (trigram similarity), for a misspelling that matches no word. */
function similarNameMatching(q: string): Matching {
  const norm = sql`lower(mizan_normalise_urdu(${q}))`
  return { where: sql`${norm} <% ${e.names}`, score: sql`word_similarity(${norm}, ${e.names})` }
}

/**
 * The numbers of a page of matches: by relevance from the RUM index when the database has one (the same order, see
 * `rankedPageStatement`), and otherwise, or for a tie too wide for it, by sorting every match's rank.
 */
async function pageNumbers(db: Db, f: RegisterFilter, sort: RegisterSort, page: number, perPage: number, m: Matching) {
  if (sort === 'relevance' && m.distance && (await hasRumIndex(db))) {
    const ranked = await rankedNumbers(db, f, page, perPage, m)
    if (ranked) return ranked
  }
  return (await pageNumbersStatement(db, f, sort, page, perPage, m)).map((n) => n.number)
}

/**
 * One page of hits in two steps, the page's numbers and then their rows, with the count of matches (exact up to
 * `COUNT_CAP`; `more` when there are more).
 */
async function searchPage(db: Db, f: RegisterFilter, sort: RegisterSort, page: number, perPage: number, m: Matching) {
  const [numbers, [counted]] = await Promise.all([pageNumbers(db, f, sort, page, perPage, m), matchCountStatement(db, f, m)])
  const rows = numbers.length ? await hitsByNumberStatement(db, numbers) : []
  const hits = inKeyOrder(numbers, rows, (r) => r.number)
  return { hits, ...cappedCount(counted?.count ?? 0) }
}

export type SearchHit = Awaited<ReturnType<typeof searchPage>>['hits'][number]

/**
 * Full-text search over the English text (stemmed) and the Urdu text (normalised, unstemmed); when the words
 * match nothing, names that look like the query (trigram similarity) are offered instead, for misspellings.
 */
export async function searchRegister(db: Db, f: RegisterFilter, sort: RegisterSort, page: number, perPage: number) {
  const found = await searchPage(db, f, sort, page, perPage, fullTextMatching(f))
  const q = f.q?.trim()
  if (!q || found.total > 0 || page > 1) return { ...found, fuzzy: false }
  const fuzzy = await searchPage(db, f, sort, page, perPage, similarNameMatching(q))
  return { ...fuzzy, fuzzy: fuzzy.total > 0 }
}

/** Published records in a stable order for open data: after the cursor, by number. */
export function publishedPage(db: Db, f: RegisterFilter, after: number, limit: number) {
  const match = fullTextMatching(f).where
  return db
    .select({
      ...listColumns,
      // Enough of the body for an import elsewhere to create it: the open data carries its register whole.
      organisation: {
        slug: organisations.slug,
        nameEn: organisations.nameEn,
        nameUr: organisations.nameUr,
        type: organisations.type,
        province: organisations.province,
      },
      reference: aiSystems.reference,
      firstPublishedAt: e.firstPublishedAt,
      record: aiSystemVersions.record,
      assessmentId: aiSystemVersions.assessmentId,
    })
    .from(e)
    .innerJoin(organisations, eq(organisations.id, e.organisationId))
    .innerJoin(aiSystems, eq(aiSystems.id, e.systemId))
    .innerJoin(aiSystemVersions, and(eq(aiSystemVersions.systemId, e.systemId), eq(aiSystemVersions.version, e.version)))
    .where(and(gt(e.number, after), match, ...filterConditions(f)))
    .orderBy(asc(e.number))
    .limit(limit)
}

export type PublishedRow = Awaited<ReturnType<typeof publishedPage>>[number]

/** One published system as the public sees it: its current version and its organisation. */
export async function publishedByNumber(db: Db, number: number) {
  const [row] = await db
    .select({ entry: e, organisation: organisations, version: aiSystemVersions })
    .from(e)
    .innerJoin(organisations, eq(organisations.id, e.organisationId))
    .innerJoin(aiSystemVersions, and(eq(aiSystemVersions.systemId, e.systemId), eq(aiSystemVersions.version, e.version)))
    .where(eq(e.number, number))
  return row
}

/** How many systems the public register holds. */
export const registerSize = async (db: Db) => Number((await db.select({ n: sql<number>`count(*)::int` }).from(e))[0]?.n ?? 0)

/** The bodies that have published systems, for the search filter: one index probe per body, not a scan of the register. */
export const organisationsInRegister = (db: Db) =>
  db
    .select({ slug: organisations.slug, nameEn: organisations.nameEn, nameUr: organisations.nameUr })
    .from(organisations)
    .where(sql`exists (select 1 from ${e} where ${e.organisationId} = ${organisations.id})`)
    .orderBy(asc(organisations.nameEn))

/** Every active body with its short name and how many systems it has published: the public directory of bodies. */
export const bodiesDirectory = (db: Db) =>
  db
    .select({
      slug: organisations.slug,
      nameEn: organisations.nameEn,
      nameUr: organisations.nameUr,
      type: organisations.type,
      province: organisations.province,
      systems: sql<number>`(select count(*)::int from ${e} where ${e.organisationId} = ${organisations.id})`,
    })
    .from(organisations)
    .where(eq(organisations.active, true))
    .orderBy(asc(organisations.nameEn))

export async function registeredName(db: Db, organisationId: string, nameEn: string) {
  const [row] = await db
    .select({ number: e.number })
    .from(e)
    .where(and(eq(e.organisationId, organisationId), eq(e.nameEn, nameEn)))
  return row
}

export const unassessedPublished = (db: Db) =>
  db
    .select({ id: aiSystems.id, organisationId: aiSystems.organisationId })
    .from(aiSystems)
    .where(and(sql`${aiSystems.currentVersion} is not null`, isNull(aiSystems.assessmentId)))

export const systemIdsOf = async (db: Db, organisationId: string) =>
  (await db.select({ id: aiSystems.id }).from(aiSystems).where(eq(aiSystems.organisationId, organisationId))).map((r) => r.id)

/** Published systems by id, with their body: how other features name the systems their records are about. */
export const entriesByIds = async (db: Db, ids: readonly string[]) =>
  ids.length
    ? db
        .select({
          systemId: e.systemId,
          number: e.number,
          nameEn: e.nameEn,
          nameUr: e.nameUr,
          sector: e.sector,
          organisationSlug: organisations.slug,
          organisationEn: organisations.nameEn,
          organisationUr: organisations.nameUr,
        })
        .from(e)
        .innerJoin(organisations, eq(organisations.id, e.organisationId))
        .where(inArray(e.systemId, [...ids]))
    : []

/** The ids of published systems in a sector, of a body, or with a number: other features filter their records by these. */
export const publishedIdsWhere = async (
  db: Db,
  f: { sector?: string | undefined; body?: string | undefined; number?: number | undefined },
) =>
  (
    await db
      .select({ id: e.systemId })
      .from(e)
      .innerJoin(organisations, eq(organisations.id, e.organisationId))
      .where(
        and(
          f.sector ? eq(e.sector, f.sector as EntryRow['sector']) : undefined,
          f.body ? eq(organisations.slug, f.body) : undefined,
          f.number ? eq(e.number, f.number) : undefined,
        ),
      )
  ).map((r) => r.id)
