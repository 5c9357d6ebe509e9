import type { Assets } from '../../platform/assets.ts'
import { actorRef } from '../../platform/audit-log.ts'
import { barChart } from '../../platform/charts.ts'
import type { Clock } from '../../platform/clock.ts'
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

export const REPORT_OWNER = 'progress_report'
const PERIOD = /^(20\d\d)-H([12])$/

/** A half-year as the policy's biannual reports cover it: `2026-H1` is January to June 2026. */
export function periodOf(period: string): { start: string; end: string; before: string } {
  const m = PERIOD.exec(period)
  if (!m) throw new HttpError(404, '404')
  const year = Number(m[1])
  return m[2] === '1'
    ? { start: `${year}-01-01`, end: `${year}-06-30`, before: `${year - 1}-12-31` }
    : { start: `${year}-07-01`, end: `${year}-12-31`, before: `${year}-06-30` }
}

/** The half-years that have ended since the policy began, newest first. */
export function endedPeriods(clock: Clock): string[] {
  const today = pakistanToday(clock)
  const out: string[] = []
  for (let year = 2025; year <= Number(today.slice(0, 4)); year++)
    for (const half of [1, 2]) if (periodOf(`${year}-H${half}`).end < today) out.push(`${year}-H${half}`)
  return out.reverse()
}

/** What a report says: each action-matrix row's status at the end of the period, what changed in it, the contradictions. */
export async function reportData(tracker: Tracker, period: string) {
  const { start, end, before } = periodOf(period)
  const [atEnd, atStart] = await Promise.all([trackedItems(tracker, end), trackedItems(tracker, before)])
  const startStatus = new Map(atStart.map((t) => [t.item.key, t.status]))
  const rows = atEnd.filter((t) => t.item.kind === 'action')
  const counts = statuses
    .filter((s) => s !== 'no_target')
    .map((s) => ({ status: s, count: rows.filter((r) => r.status === s).length }))
  const changed = rows
    .filter((r) => startStatus.get(r.item.key) !== r.status)
    .map((r) => ({ tracked: r, from: startStatus.get(r.item.key) ?? ('no_data' as Status) }))
  const figures = atEnd.filter((t) => t.item.kind === 'figure')
  const policy = policyData()
  // The decisions taken by the period's end.
  const decisions = (await policyLogOf(tracker.db)).decisions.filter((d) => d.decidedOn! <= end)
  return {
    decisions,
    period,
    start,
    end,
    rows,
    counts,
    changed,
    figures,
    policy,
    targets: policy.targets,
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
  const data = await reportData(tracker, period)
  const [htmlEn, htmlUr] = await Promise.all([reportHtml(data, 'en', assets), reportHtml(data, 'ur', assets)])
  const title = (locale: Locale) => publicContext(locale, assets).t('progress.report.title', { period })
  const [pdfEn, pdfUr] = (await renderPdfs(deps.config.chromiumPath, [
    printDocument('en', title('en'), htmlEn),
    printDocument('ur', title('ur'), htmlUr),
  ])) as [Buffer, Buffer]
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
