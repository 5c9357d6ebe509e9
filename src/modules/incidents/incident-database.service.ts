import { z } from 'zod'
import type { Db } from '../../db/engine.ts'
import { blankToUndefined } from '../../platform/forms.tsx'
import { cappedCount } from '../../platform/search-count.ts'
import { provinces } from '../accounts/accounts.vocabulary.ts'
import { publishedIdsWhere, registerFacts, sectors, type RegisterFacts } from '../register/register.service.ts'
import * as repo from './incident-database.repository.ts'
import type { IncidentFilter, PublishedIncidentRow } from './incident-database.repository.ts'
import { harmKinds, incidentStates } from './incidents.vocabulary.ts'

export const PER_PAGE = 20

const optional = <S extends z.ZodType>(schema: S) => z.preprocess(blankToUndefined, schema.optional())

/** The public database's filters, as the search form and the exports take them. Dates are the dates incidents were published, in Pakistan. */
export const IncidentQuery = z.object({
  q: optional(z.string().max(200)),
  harm: optional(z.enum(harmKinds)),
  sector: optional(z.enum(sectors)),
  system: optional(
    z.coerce
      .number()
      .int()
      .min(1)
      .max(2 ** 31 - 1),
  ),
  body: optional(z.string().max(100)),
  province: optional(z.enum(provinces)),
  status: optional(z.enum(incidentStates)),
  from: optional(z.iso.date()),
  to: optional(z.iso.date()),
  page: optional(z.coerce.number().int().min(1).max(10_000)),
})
export type IncidentQuery = z.output<typeof IncidentQuery>

/** The filter the repository applies: the register's filters become the systems they select. */
async function filterOf(db: Db, f: IncidentQuery): Promise<IncidentFilter> {
  const systemIds =
    f.sector || f.body || f.system ? await publishedIdsWhere(db, { sector: f.sector, body: f.body, number: f.system }) : undefined
  return { ...f, systemIds }
}

export type PublicIncident = PublishedIncidentRow & { system: RegisterFacts | undefined }

async function withSystems(db: Db, rows: PublishedIncidentRow[]): Promise<PublicIncident[]> {
  const facts = await registerFacts(
    db,
    rows.flatMap((r) => (r.systemId ? [r.systemId] : [])),
  )
  return rows.map((r) => ({ ...r, system: r.systemId ? facts.get(r.systemId) : undefined }))
}

/** One page of published incidents, newest first, with how many match (exactly up to `COUNT_CAP`; `more` past it). */
export async function searchIncidents(db: Db, f: IncidentQuery) {
  const filter = await filterOf(db, f)
  const page = f.page ?? 1
  const [count, rows] = await Promise.all([
    repo.countIncidents(db, filter),
    repo.incidentsPage(db, filter, PER_PAGE, (page - 1) * PER_PAGE),
  ])
  return { ...cappedCount(count), page, rows: await withSystems(db, rows) }
}

/** Matching incidents per month they were published (Pakistan time), oldest first: the chart and its table. */
export async function monthlyCounts(db: Db, f: IncidentQuery) {
  return repo.monthlyCounts(db, await filterOf(db, f))
}

/** Every matching incident, for the open-data downloads. */
export async function allIncidents(db: Db, f: IncidentQuery) {
  return withSystems(db, await repo.allMatching(db, await filterOf(db, f)))
}

/** An incident's public page: its redacted text, the body's answer and its steps. Reports and reporters never appear. */
export async function publicIncident(db: Db, number: number) {
  const row = await repo.incidentByNumber(db, number)
  if (!row) return undefined
  const [incident] = await withSystems(db, [row])
  const events = await repo.publicEvents(db, row.id)
  return { incident: incident!, events }
}

/** A system's published incidents, newest first, for its register page and its lifecycle evaluations. */
export const incidentsOfSystem = (db: Db, systemId: string, since?: Date) => repo.incidentsOfSystem(db, systemId, since, 100)

const nullable = (schema: z.ZodType, description: string) => schema.nullable().describe(description)

/** The open-data shape of an incident, as the OpenAPI document describes it; the README lists the same fields. */
export const IncidentOut = z.object({
  number: z.number().int().describe('The incident’s number; its page is /incidents/{number}.'),
  url: z.string().describe('The incident’s public page.'),
  titleEn: z.string().describe('Title in English.'),
  titleUr: nullable(z.string(), 'Title in Urdu, if written.'),
  summaryEn: z.string().describe('What happened, in English, with personal data removed.'),
  summaryUr: nullable(z.string(), 'What happened, in Urdu, if written.'),
  status: z.enum(incidentStates).describe('Where the incident stands.'),
  harmKinds: z.array(z.enum(harmKinds)).describe('Kinds of harm, from the documented list.'),
  severity: z.enum(['minor', 'serious', 'severe']).describe('As confirmed by the reviewer.'),
  province: nullable(z.enum(provinces), 'Province or territory, if known.'),
  occurredOn: nullable(z.string(), 'When it happened, if known (YYYY-MM-DD).'),
  publishedAt: z.string().describe('When the incident was published (UTC).'),
  systemNumber: nullable(z.number().int(), 'The system’s number in the AI register, if registered.'),
  systemNameEn: nullable(z.string(), 'The system’s name, or its description if not registered.'),
  sector: nullable(z.enum(sectors), 'The system’s sector in the register.'),
  organisation: nullable(z.string(), 'Short name of the body that runs the system.'),
  responseDueOn: nullable(z.string(), 'When the body’s answer was due (YYYY-MM-DD).'),
  explanation: nullable(z.string(), 'The body’s explanation of what happened.'),
  remediation: nullable(z.string(), 'What the body changed.'),
  redress: nullable(z.string(), 'What the body offered the people affected.'),
  outcomeReason: nullable(z.string(), 'The reason given with the outcome.'),
  decidedAt: nullable(z.string(), 'When the outcome was decided (UTC).'),
})

/** The open-data shape of an incident. */
export function incidentOut(i: PublicIncident, publicUrl: URL): z.output<typeof IncidentOut> {
  return {
    number: i.number,
    url: new URL(`/incidents/${i.number}`, publicUrl).href,
    titleEn: i.titleEn,
    titleUr: i.titleUr,
    summaryEn: i.summaryEn,
    summaryUr: i.summaryUr,
    status: i.state,
    harmKinds: i.harmKinds,
    severity: i.severity,
    province: i.province,
    occurredOn: i.occurredOn,
    publishedAt: i.openedAt.toISOString(),
    systemNumber: i.system?.number ?? null,
    systemNameEn: i.system?.nameEn ?? i.systemText,
    sector: i.system?.sector ?? null,
    organisation: i.system?.organisationSlug ?? null,
    responseDueOn: i.responseDueOn,
    explanation: i.explanation,
    remediation: i.remediation,
    redress: i.redress,
    outcomeReason: i.outcomeReason,
    decidedAt: i.decidedAt?.toISOString() ?? null,
  }
}
