import { renderToString } from 'preact-render-to-string'
import { DataTable } from '../../../platform/data-table.tsx'
import { CsrfField } from '../../../platform/forms.tsx'
import { formatWhen } from '../../../platform/i18n.ts'
import { Layout } from '../../../platform/layout.tsx'
import type { PageContext } from '../../../platform/page.ts'
import type { ActionRow } from '../policy-data.ts'
import type { ReportData } from '../progress-report.service.ts'
import type { Figure } from '../progress.service.ts'
import { Contradictions, LeadNames, StatusBadge } from './progress.tsx'

const rowTitle = (ctx: PageContext, row: ActionRow) => (ctx.locale === 'ur' ? row.titleUr : row.target)

/** The report itself: made once at publication and stored; the same markup is printed to PDF. */
function ReportArticle({ ctx, data, chart }: { ctx: PageContext; data: ReportData; chart: string }) {
  const { t } = ctx
  return (
    <article class="progress-report">
      <h1>{t('progress.report.title', { period: data.period })}</h1>
      <p class="lead">
        {t('progress.report.covers', {
          start: formatWhen(ctx.locale, data.start, { dateOnly: true }),
          end: formatWhen(ctx.locale, data.end, { dateOnly: true }),
        })}
      </p>
      <h2>{t('progress.report.summary')}</h2>
      <div class="chart" aria-hidden="true" dangerouslySetInnerHTML={{ __html: chart }} />
      <DataTable caption={t('progress.overall')} columns={[t('progress.statusColumn'), t('progress.items')]}>
        {data.counts.map((c) => (
          <tr key={c.status}>
            <td>{t(`progress.status.${c.status}`)}</td>
            <td>{c.count}</td>
          </tr>
        ))}
      </DataTable>
      <h2>{t('progress.report.changed')}</h2>
      {data.changed.length === 0 ? (
        <p>{t('progress.report.noneChanged')}</p>
      ) : (
        <DataTable
          caption={t('progress.report.changed')}
          columns={[t('progress.number'), t('progress.item'), t('progress.report.from'), t('progress.report.to')]}
        >
          {data.changed.map(({ tracked, from }) => {
            const row = tracked.item.definition as ActionRow
            return (
              <tr key={tracked.item.key}>
                <td>{row.number}</td>
                <td>{rowTitle(ctx, row)}</td>
                <td>{t(`progress.status.${from}`)}</td>
                <td>
                  <StatusBadge ctx={ctx} status={tracked.status} />
                </td>
              </tr>
            )
          })}
        </DataTable>
      )}
      <h2>{t('progress.matrix')}</h2>
      <DataTable
        caption={t('progress.report.allRows')}
        columns={[
          t('progress.number'),
          t('progress.item'),
          t('progress.lead_stakeholder'),
          t('progress.deadline'),
          t('progress.statusColumn'),
        ]}
      >
        {data.rows.map((r) => {
          const row = r.item.definition as ActionRow
          return (
            <tr key={r.item.key}>
              <td>{row.number}</td>
              <td>{rowTitle(ctx, row)}</td>
              <td>
                <LeadNames ctx={ctx} stakeholders={data.stakeholders} row={row} />
              </td>
              <td>{r.item.deadline && formatWhen(ctx.locale, r.item.deadline, { dateOnly: true })}</td>
              <td>
                <StatusBadge ctx={ctx} status={r.status} />
              </td>
            </tr>
          )
        })}
      </DataTable>
      <h2>{t('progress.figures')}</h2>
      <ul>
        {data.figures.map((f) => (
          <li key={f.item.key}>
            {ctx.locale === 'ur' ? (f.item.definition as Figure).ur : (f.item.definition as Figure).en}:{' '}
            {f.latest ? f.latest.value : t('progress.noFigure')}
          </li>
        ))}
      </ul>
      <h2>{t('progress.conflicts')}</h2>
      <Contradictions ctx={ctx} data={data.policy} linked={false} decisions={data.decisions} />
    </article>
  )
}

export const reportArticleHtml = (ctx: PageContext, data: ReportData, chart: string) =>
  renderToString(<ReportArticle ctx={ctx} data={data} chart={chart} />)

type Listed = { period: string; publishedAt: Date; pdfEn: string; pdfUr: string }

/** The last day of a half-year such as 2025-H2, as a calendar date. */
const periodEnd = (period: string) => `${period.slice(0, 4)}-${period.endsWith('H1') ? '06-30' : '12-31'}`

export function ReportsPage({ ctx, reports, ended }: { ctx: PageContext; reports: Listed[]; ended: string[] }) {
  const { t } = ctx
  const waiting = ended.filter((p) => !reports.some((r) => r.period === p))
  return (
    <Layout ctx={ctx} title={t('progress.report.listTitle')}>
      <p class="breadcrumb">
        <a href={ctx.href('/progress')}>{t('progress.title')}</a>
      </p>
      <h1>{t('progress.report.listTitle')}</h1>
      <p class="lead">{t('progress.report.listLead')}</p>
      {reports.length === 0 ? (
        <p>{t('progress.report.none')}</p>
      ) : (
        <ul>
          {reports.map((r) => (
            <li key={r.period}>
              <a href={ctx.href(`/progress/reports/${r.period}`)}>{t('progress.report.title', { period: r.period })}</a> ·{' '}
              {formatWhen(ctx.locale, r.publishedAt, { dateOnly: true })} ·{' '}
              <a href={ctx.href(`/files/${r.pdfEn}`)}>{t('progress.report.pdfEn')}</a> ·{' '}
              <a href={ctx.href(`/files/${r.pdfUr}`)}>{t('progress.report.pdfUr')}</a>
            </li>
          ))}
        </ul>
      )}
      {waiting.length > 0 && (
        <>
          <h2>{t('progress.report.toPublish')}</h2>
          {/* The public sees which half-years are owed a report and since when; analysts can prepare each. */}
          <ul>
            {waiting.map((p) => (
              <li key={p}>
                {ctx.can('progress.report') ? (
                  <a href={ctx.href(`/progress/reports/${p}`)}>{t('progress.report.preview', { period: p })}</a>
                ) : (
                  t('progress.report.owed', { period: p, ended: formatWhen(ctx.locale, periodEnd(p)) })
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </Layout>
  )
}

type ReportPageProps = { ctx: PageContext; csrf: string; period: string; html: string; published: Listed | undefined }

/** A stored report as published, or, for analysts, a preview of one not yet published with the button to publish it. */
export function ReportPage({ ctx, csrf, period, html, published }: ReportPageProps) {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('progress.report.title', { period })}>
      <p class="breadcrumb">
        <a href={ctx.href('/progress/reports')}>{t('progress.report.listTitle')}</a>
      </p>
      {published ? (
        <p>
          {t('progress.report.publishedOn', { date: formatWhen(ctx.locale, published.publishedAt, { dateOnly: true }) })}{' '}
          <a href={ctx.href(`/files/${published.pdfEn}`)}>{t('progress.report.pdfEn')}</a> ·{' '}
          <a href={ctx.href(`/files/${published.pdfUr}`)}>{t('progress.report.pdfUr')}</a>
        </p>
      ) : (
        <form method="post" action={ctx.href(`/progress/reports/${period}/publish`)} class="review-comments">
          <CsrfField token={csrf} />
          <p>{t('progress.report.previewNote')}</p>
          <button type="submit" class="button">
            {t('progress.report.publish')}
          </button>
        </form>
      )}
      <div dangerouslySetInnerHTML={{ __html: html }} />
    </Layout>
  )
}
