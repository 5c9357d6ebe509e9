import type { Assets } from '../../platform/assets.ts'
import { actorRef } from '../../platform/audit-log.ts'
import { barChart } from '../../platform/charts.ts'
import type { Deps } from '../../platform/deps.ts'
import { HttpError } from '../../platform/errors.ts'
import { storeFile } from '../../platform/files.ts'
import type { Locale } from '../../platform/i18n.ts'
import { publicContext } from '../../platform/page.ts'
import { printDocument, renderPdfs } from '../../platform/pdf.ts'
import { scopeOf, type UserActor } from '../../platform/rbac.ts'
import { pakistanToday } from '../../platform/work-queue.ts'
import * as repo from './kpi.repository.ts'
import { statuses, type Status } from './progress-status.ts'
import { policyData, trackedItems, type Tracker } from './progress.service.ts'
import { reportArticleHtml } from './views/progress-report.tsx'
import { policyLogOf } from './policy-log.service.ts'
import { periodName, periodOf } from './reporting-periods.ts'
import { callCompleteness, dataCallsList } from './data-calls.service.ts'
import { listPillars } from './kpi.service.ts'
import { contradictionsOf } from './policy-data.ts'
import { fiscalYearOf, rowFundingOf } from './row-funding.service.ts'

export const REPORT_OWNER = 'progress_report'
/**
 * What a report says: where every row, target and KPI stood at the end of the period and what changed in it; the lead
 * bodies' confidence and narratives given for the period; the money of its fiscal year; the data call's answers; the
 * decisions taken in it, and what is left for the AI Council to decide.
 */
export async function reportData(tracker: Tracker, period: string, signedOffBy?: string) {
  const { db } = tracker
  const { start, end, before } = periodOf(period)
  const [atEnd, atStart, pillars, log, ratings, calls] = await Promise.all([
    trackedItems(tracker, end),
    trackedItems(tracker, before),
    listPillars(db),
    policyLogOf(db),
    repo.ratingsInPeriod(db, period),
    dataCallsList(db),
  ])
  const startStatus = new Map(atStart.map((t) => [t.item.key, t.status]))
  const rows = atEnd.filter((t) => t.item.kind === 'action')
  const counts = statuses
    .filter((s) => s !== 'no_target')
    .map((s) => ({ status: s, count: rows.filter((r) => r.status === s).length }))
  const changed = rows
    .filter((r) => startStatus.get(r.item.key) !== r.status)
    .map((r) => ({ tracked: r, from: startStatus.get(r.item.key) ?? ('no_data' as Status) }))
  const policy = policyData()
  const decisions = log.decisions.filter((d) => d.decidedOn! >= start && d.decidedOn! <= end)
  const decided = new Set(log.decisions.filter((d) => d.decidedOn! <= end).map((d) => d.operativeTarget))
  const fiscalYear = fiscalYearOf(start)
  const money = (
    await Promise.all(
      rows.map(async (r) => ({
        row: r,
        year: (await rowFundingOf(db, r.item.key)).years.find((y) => y.fiscalYear === fiscalYear),
      })),
    )
  ).flatMap(({ row, year }) => (year ? [{ row, year }] : []))
  const call = calls.find((c) => c.period === period)
  const answers = call ? await callCompleteness(tracker, call) : []
  return {
    period,
    start,
    end,
    madeOn: pakistanToday(tracker.clock),
    /** The analyst who publishes it, by name; a preview is signed by nobody yet. */
    signedOffBy,
    pillars,
    rows,
    targets: atEnd.filter((t) => t.item.kind === 'target'),
    kpis: atEnd.filter((t) => t.item.kind === 'kpi'),
    figures: atEnd.filter((t) => t.item.kind === 'figure'),
    counts,
    changed,
    // The newest rating given for the period, for each row rated.
    confidence: new Map(ratings.map((r) => [r.itemKey, r])),
    fiscalYear,
    money,
    call: call && { dueOn: call.dueOn, answered: answers.filter((a) => a.complete).length, bodies: answers.length },
    decisions,
    decisionsToDate: log.decisions.filter((d) => d.decidedOn! <= end),
    undecided: contradictionsOf(policy).filter((c) => !c.targets.some((t) => decided.has(t.id))),
    escalated: log.open.filter((e) => e.escalated),
    policy,
    stakeholders: policy.stakeholders,
  }
}
export type ReportData = Awaited<ReturnType<typeof reportData>>

/** The report's body in one language, chart included, as stored and as printed. */
export async function reportHtml(data: ReportData, locale: Locale, assets: Assets): Promise<string> {
  const ctx = publicContext(locale, assets)
  const chart = await barChart({
    locale,
    values: data.counts.map((c) => ({ label: ctx.t(`progress.status.${c.status}`), value: c.count })),
    xTitle: ctx.t('progress.statusColumn'),
    yTitle: ctx.t('progress.items'),
  })
  return reportArticleHtml(ctx, data, chart)
}

/**
 * Publishes the report of an ended half-year: its HTML and PDFs in both languages are made now, once, and stored;
 * from then on they are served as stored, whatever is recorded later. Without Chromium it refuses, and nothing is kept.
 */
export async function publishReport(
  deps: Deps,
  tracker: Tracker,
  actor: UserActor,
  period: string,
  assets: Assets,
): Promise<void> {
  if (scopeOf(actor, 'progress.report') !== 'all') throw new HttpError(403, '403')
  const { start, end } = periodOf(period)
  if (end >= pakistanToday(deps.clock)) throw new HttpError(409, 'reportPeriodOpen')
  if (await publishedReport(deps.db, period)) throw new HttpError(409, 'reportPublished')
  const data = await reportData(tracker, period, await repo.userName(deps.db, actor.id))
  const [htmlEn, htmlUr] = await Promise.all([reportHtml(data, 'en', assets), reportHtml(data, 'ur', assets)])
  const job = (locale: Locale, html: string) => {
    const { t } = publicContext(locale, assets)
    const pageOf = t('progress.report.pageOf', {
      page: '<span class="pageNumber"></span>',
      pages: '<span class="totalPages"></span>',
    })
    return printDocument(locale, t('progress.report.title', { period: periodName(locale, period) }), html, pageOf)
  }
  const [pdfEn, pdfUr] = (await renderPdfs(deps.config.chromiumPath, [job('en', htmlEn), job('ur', htmlUr)])) as [Buffer, Buffer]
  await deps.db.transaction(async (tx) => {
    const store = (bytes: Buffer, locale: Locale) =>
      storeFile(tx, deps, actorRef(actor), {
        ownerType: REPORT_OWNER,
        ownerId: period,
        filename: `mizan-progress-${period}-${locale}.pdf`,
        bytes,
        allowed: ['pdf'],
        maxBytes: 50 * 1024 * 1024,
      })
    const [en, ur] = [await store(pdfEn, 'en'), await store(pdfUr, 'ur')]
    await repo.insertReport(tx, {
      period,
      periodStart: start,
      periodEnd: end,
      htmlEn,
      htmlUr,
      pdfEn: en,
      pdfUr: ur,
      publishedAt: deps.clock.now(),
      publishedBy: actor.id,
    })
    await deps.audit.record(tx, actorRef(actor), {
      action: 'progress.report_published',
      subject: { type: REPORT_OWNER, id: period },
      changes: { pdfEn: en, pdfUr: ur },
    })
  })
}

export const publishedReport = repo.reportOfPeriod

export const publishedReports = repo.reportsList
