import type { Db } from '../../db/engine.ts'
import { PAKISTAN_OFFSET_MS } from '../../platform/clock.ts'
import { actorRef } from '../../platform/audit-log.ts'
import type { Deps } from '../../platform/deps.ts'
import { HttpError } from '../../platform/errors.ts'
import type { UserActor } from '../../platform/rbac.ts'
import { rupeesTyped } from '../../platform/money.ts'
import { requireManager, windowOf } from './calls.service.ts'
import { sharePercent } from './decision-rules.ts'
import { programmeConfigs } from './programmes.config.ts'
import * as repo from './programmes.repository.ts'
import type { Programme } from './programmes.vocabulary.ts'

/** Pakistan's fiscal year of an instant, July to June, as written in budget documents: "2026-27". */
export function fiscalYearOf(at: Date): string {
  const local = new Date(at.getTime() + PAKISTAN_OFFSET_MS)
  const start = local.getUTCMonth() >= 6 ? local.getUTCFullYear() : local.getUTCFullYear() - 1
  return `${start}-${String((start + 1) % 100).padStart(2, '0')}`
}

/** The policy's yearly targets for the fund (2.1.1(a) and (d)): at least 400 projects and 200 theses. */
export const FUND_TARGETS = { project: 400, thesis: 200 } as const

/** A programme's awards as the public reads them, each with its fiscal year and what has been paid. */
export async function publicAwards(db: Db, programme: Programme, applicationId?: string) {
  const rows = await repo.publicAwards(db, programme, applicationId)
  return rows.map((r) => ({ ...r, paidPaisa: BigInt(r.paidPaisa), fiscalYear: fiscalYearOf(r.decidedAt) }))
}
export type PublicAward = Awaited<ReturnType<typeof publicAwards>>[number]

/** Awards, money awarded and paid, per fiscal year and scheme, newest year first. */
export function totalsByYear(awards: readonly PublicAward[]) {
  const years = [...new Set(awards.map((a) => a.fiscalYear))].sort().reverse()
  return years.map((year) => {
    const of = awards.filter((a) => a.fiscalYear === year)
    const sum = (f: (a: PublicAward) => bigint) => of.reduce((n, a) => n + f(a), 0n)
    return {
      year,
      projects: of.filter((a) => a.scheme === 'project').length,
      theses: of.filter((a) => a.scheme === 'thesis').length,
      admitted: of.filter((a) => a.scheme === 'cohort').length,
      awardedPaisa: sum((a) => a.amountPaisa ?? 0n),
      paidPaisa: sum((a) => a.paidPaisa),
    }
  })
}

/** The fields of an award as open data, in order: money as exact decimal strings in rupees, links to its page. */
export const openDataFields = [
  'id',
  'programme',
  'scheme',
  'recipient_en',
  'recipient_ur',
  'title_en',
  'title_ur',
  'summary_en',
  'summary_ur',
  'province',
  'sectors',
  'call_id',
  'decided_on',
  'fiscal_year',
  'amount_pkr',
  'paid_pkr',
  'outputs',
  'period_start',
  'period_end',
  'exit_outcome',
  'page_url',
] as const

export function awardOut(
  a: PublicAward,
  programme: Programme,
  base: URL,
): Record<(typeof openDataFields)[number], string | number> {
  return {
    id: a.id,
    programme,
    scheme: a.scheme,
    recipient_en: a.recipientEn,
    recipient_ur: a.recipientUr,
    title_en: a.titleEn,
    title_ur: a.titleUr ?? '',
    summary_en: a.summaryEn,
    summary_ur: a.summaryUr ?? '',
    province: a.province,
    sectors: a.sectors.join(';'),
    call_id: a.callId,
    decided_on: new Date(a.decidedAt.getTime() + PAKISTAN_OFFSET_MS).toISOString().slice(0, 10),
    fiscal_year: a.fiscalYear,
    amount_pkr: a.amountPaisa === null ? '' : rupeesTyped(a.amountPaisa),
    paid_pkr: rupeesTyped(a.paidPaisa),
    outputs: a.outputs,
    period_start: a.startsOn ?? '',
    period_end: a.endsOn ?? '',
    exit_outcome: a.exitOutcome ?? '',
    page_url: new URL(`${programmeConfigs[programme].path}/${programmeConfigs[programme].publicList}/${a.id}`, base).href,
  }
}

/** A participant or award page: what is public of it, and the exit report only with both consents. */
export async function publicParticipant(db: Db, programme: Programme, id: string) {
  const [award] = await publicAwards(db, programme, id)
  if (!award) throw new HttpError(404, '404')
  const exit = award.exitPublished ? await repo.exitOf(db, id) : undefined
  const milestones = programme === 'fund' ? await repo.milestonesOf(db, id) : []
  const payments = await repo.paymentsOfMilestones(
    db,
    milestones.map((m) => m.id),
  )
  const outputs = await repo.outputsOf(db, id)
  return {
    award,
    exit,
    milestones: milestones.map((m) => ({
      ...m,
      paidPaisa: payments.filter((p) => p.milestoneId === m.id && p.state === 'paid').reduce((n, p) => n + p.amountPaisa, 0n),
    })),
    outputs,
  }
}

const DAOSTAR = 'http://www.daostar.org/schemas'
const poolId = (callId: string) => `daoip-5:national-ai-fund:grantPool:${callId}`

/**
 * The fund's calls as DAOIP-5 grant pools (metagov/daostar, DAOIPs/daoip-5.md), so that grant dashboards elsewhere can
 * read them. Amounts are decimal strings in PKR; every published call is a pool.
 */
export async function daoip5Pools(db: Db, base: URL, now: Date) {
  const calls = await repo.callsOf(db, 'fund', true)
  return {
    '@context': DAOSTAR,
    name: 'National AI Fund (Pakistan)',
    type: 'Foundation',
    grantPools: calls.map((c) => ({
      type: 'GrantPool',
      id: poolId(c.id),
      name: c.titleEn,
      description: c.themeEn,
      grantFundingMechanism: 'Request for Proposal',
      isOpen: windowOf(c, now) === 'open',
      closeDate: c.closesAt.toISOString(),
      applicationsURI: new URL('/fund/daoip5/applications.json', base).href,
      governanceURI: new URL(`/fund/calls/${c.id}`, base).href,
      totalGrantPoolSize: c.budgetPaisa === null ? [] : [{ amount: rupeesTyped(c.budgetPaisa), denomination: 'PKR' }],
    })),
  }
}

/**
 * The fund's awards as DAOIP-5 grant applications, grouped by pool. Only awards are published (an application that was
 * not selected stays private); the status is "approved", "funded" once anything is paid, "completed" when all is paid.
 */
export async function daoip5Applications(db: Db, base: URL) {
  const awards = await publicAwards(db, 'fund')
  const calls = await repo.callsOf(db, 'fund', true)
  return {
    '@context': DAOSTAR,
    name: 'National AI Fund (Pakistan)',
    type: 'Foundation',
    grantPools: calls
      .map((c) => ({
        type: 'GrantPool',
        id: poolId(c.id),
        name: c.titleEn,
        applications: awards
          .filter((a) => a.callId === c.id)
          .map((a) => ({
            type: 'GrantApplication',
            id: `daoip-5:national-ai-fund:grantApplication:${a.id}`,
            grantPoolsURI: new URL('/fund/daoip5/grant-pools.json', base).href,
            grantPoolId: poolId(c.id),
            grantPoolName: c.titleEn,
            projectId: `daoip-5:national-ai-fund:project:${a.id}`,
            projectName: a.titleEn,
            createdAt: (a.submittedAt ?? a.decidedAt).toISOString(),
            contentURI: new URL(`/fund/awards/${a.id}`, base).href,
            fundsApproved: a.amountPaisa === null ? [] : [{ amount: rupeesTyped(a.amountPaisa), denomination: 'PKR' }],
            status:
              a.amountPaisa !== null && a.paidPaisa >= a.amountPaisa ? 'completed' : a.paidPaisa > 0n ? 'funded' : 'approved',
          })),
      }))
      .filter((p) => p.applications.length > 0),
  }
}

/** The fund's recorded size per fiscal year, newest first, with the NAIF's share of Ignite's R&D fund in percent. */
export async function fundYears(db: Db) {
  return (await repo.fundYearsOf(db)).map((y) => ({ ...y, sharePercent: sharePercent(y.naifPaisa, y.igniteRndPaisa) }))
}

/** The NAIF's share of Ignite's R&D fund in the latest fiscal year recorded, for the tracker; 0 before any. */
export const latestNaifShare = async (db: Db) => (await fundYears(db))[0]?.sharePercent ?? 0

/** The committee records a fiscal year's Ignite R&D fund and the NAIF's part of it, with the document it comes from. */
export async function recordFundYear(
  deps: Deps,
  actor: UserActor,
  input: { fiscalYear: string; igniteRndPaisa: bigint; naifPaisa: bigint; source: string },
) {
  requireManager(actor, 'fund')
  if (input.naifPaisa > input.igniteRndPaisa) throw new HttpError(400, '400')
  await deps.db.transaction(async (tx) => {
    await repo.saveFundYear(tx, { ...input, recordedAt: deps.clock.now(), recordedBy: actor.id })
    await deps.audit.record(tx, actorRef(actor), {
      action: 'programmes.fund_year_recorded',
      subject: { type: 'fund_year', id: input.fiscalYear },
      // In paisa, as text: JSON has no exact integer this large.
      changes: { igniteRndPaisa: String(input.igniteRndPaisa), naifPaisa: String(input.naifPaisa), source: input.source },
    })
  })
}
