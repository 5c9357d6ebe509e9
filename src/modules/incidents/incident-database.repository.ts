import { and, asc, desc, eq, gte, inArray, lte, sql, type SQL } from 'drizzle-orm'
import { queryRows, type Db } from '../../db/engine.ts'
import { COUNT_CAP, inKeyOrder } from '../../platform/search-count.ts'
import type { provinces } from '../accounts/accounts.vocabulary.ts'
import { incidentEvents, incidents } from './incidents.tables.ts'
import type { HarmKind, IncidentState } from './incidents.vocabulary.ts'

export type PublishedIncidentRow = typeof incidents.$inferSelect

/** What the public database filters on; `systemIds`, when given, keeps only incidents about those systems. */
export type IncidentFilter = {
  q?: string | undefined
  harm?: HarmKind | undefined
  province?: (typeof provinces)[number] | undefined
  status?: IncidentState | undefined
  from?: string | undefined
  to?: string | undefined
  systemIds?: string[] | undefined
}

/** The date an incident was published, in Pakistan. */
const publishedOn = sql`(${incidents.openedAt} at time zone 'Asia/Karachi')::date`

const whereOf = (f: IncidentFilter): SQL | undefined =>
  and(
    f.q ? sql`${incidents.search} @@ websearch_to_tsquery('simple', mizan_normalise_urdu(${f.q}))` : undefined,
    f.harm ? sql`${f.harm} = any(${incidents.harmKinds})` : undefined,
    f.province ? eq(incidents.province, f.province) : undefined,
    f.status ? eq(incidents.state, f.status) : undefined,
    f.from ? gte(publishedOn, sql`${f.from}::date`) : undefined,
    f.to ? lte(publishedOn, sql`${f.to}::date`) : undefined,
    f.systemIds ? (f.systemIds.length ? inArray(incidents.systemId, f.systemIds) : sql`false`) : undefined,
  )

/** How many incidents match, counted up to one past `COUNT_CAP`: the cost stays that of a page, however many match. */
export async function countIncidents(db: Db, f: IncidentFilter) {
  const matches = db
    .select({ one: sql`1` })
    .from(incidents)
    .where(whereOf(f))
    .limit(COUNT_CAP + 1)
    .as('matches')
  const [row] = await db.select({ total: sql<number>`count(*)::int` }).from(matches)
  return Number(row!.total)
}

/**
 * One page of matching incidents, newest first, in two steps: the page's ids (only they and what orders them pass
 * through the sort, never the long texts of every match), then those rows.
 */
export async function incidentsPage(db: Db, f: IncidentFilter, limit: number, offset: number) {
  const ids = await db
    .select({ id: incidents.id })
    .from(incidents)
    .where(whereOf(f))
    .orderBy(desc(incidents.openedAt), desc(incidents.number))
    .limit(limit)
    .offset(offset)
  if (!ids.length) return []
  const rows = await db
    .select()
    .from(incidents)
    .where(sql`${incidents.id} = any(${sql.param(ids.map((r) => r.id))}::uuid[])`)
  return inKeyOrder(
    ids.map((r) => r.id),
    rows,
    (r) => r.id,
  )
}

/** Matching incidents per month they were published (Pakistan time), oldest first. */
export function monthlyCounts(db: Db, f: IncidentFilter) {
  const where = whereOf(f)
  return queryRows<{ month: string; count: number }>(
    db,
    sql`select to_char(${publishedOn}, 'YYYY-MM') as month, count(*)::int as count from ${incidents} ${where ? sql`where ${where}` : sql``} group by 1 order by 1 limit 120`,
  )
}

export const allMatching = (db: Db, f: IncidentFilter) =>
  db.select().from(incidents).where(whereOf(f)).orderBy(asc(incidents.number))

/** An incident by its public number: the same lookup as the working pages'. */
export { incidentByNumber } from './incidents.repository.ts'

export const publicEvents = (db: Db, incidentId: string) =>
  db
    .select({ at: incidentEvents.at, state: incidentEvents.state, note: incidentEvents.note })
    .from(incidentEvents)
    .where(eq(incidentEvents.incidentId, incidentId))
    .orderBy(asc(incidentEvents.at))

/** A system's incidents (published since a date, when given), newest first. */
export const incidentsOfSystem = (db: Db, systemId: string, since: Date | undefined, limit: number) =>
  db
    .select({
      number: incidents.number,
      titleEn: incidents.titleEn,
      titleUr: incidents.titleUr,
      state: incidents.state,
      severity: incidents.severity,
      openedAt: incidents.openedAt,
    })
    .from(incidents)
    .where(and(eq(incidents.systemId, systemId), since ? gte(incidents.openedAt, since) : undefined))
    .orderBy(desc(incidents.openedAt))
    .limit(limit)
