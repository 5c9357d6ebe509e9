import { renderToString } from 'preact-render-to-string'
import { DataTable } from '../../../platform/data-table.tsx'
import { CsrfField } from '../../../platform/forms.tsx'
import { clauseRef, formatWhen, inlineList } from '../../../platform/i18n.ts'
import { Layout } from '../../../platform/layout.tsx'
import type { PageContext } from '../../../platform/page.ts'
import type { Pillar } from '../kpi.service.ts'
import type { ActionRow } from '../policy-data.ts'
import type { ReportData } from '../progress-report.service.ts'
import type { Figure, Kpi, Target, TrackedItem } from '../progress.service.ts'
import { periodName } from '../reporting-periods.ts'
import { LogTable } from './policy-log.tsx'
import { rupees } from '../../../platform/money.ts'
import { Contradictions, LeadNames, StatusBadge, targetPhrase, valueOf } from './progress.tsx'

const rowTitle = (ctx: PageContext, row: ActionRow) => (ctx.locale === 'ur' ? row.titleUr : row.target)
const nameOf = (ctx: PageContext, d: { en: string; ur: string }) => (ctx.locale === 'ur' ? d.ur : d.en)
const day = (ctx: PageContext, date: string | Date) => formatWhen(ctx.locale, date, { dateOnly: true })

/** A target's latest figure against it, "41% of 90% · by 2026", or "no figure" with the target: never a zero. */
function FigureAgainst({ ctx, target, latest }: { ctx: PageContext; target: Target; latest: TrackedItem['latest'] }) {
  const aim = targetPhrase(ctx, target)
  return (
    <bdi>
      {latest
        ? ctx.t('progress.report.figureOf', { value: valueOf(ctx, latest.value, target.unit), target: aim })
        : ctx.t('progress.report.noFigureFor', { target: aim })}
    </bdi>
  )
}

/** The summary in words: where the matrix stands, what moved, what is overdue, what the Council must decide. */
function ExecutiveSummary({ ctx, data }: { ctx: PageContext; data: ReportData }) {
  const { t } = ctx
  const count = (s: string) => data.counts.find((c) => c.status === s)?.count ?? 0
  const rowsList = (rows: readonly TrackedItem[]) =>
    inlineList(
      ctx.locale,
      rows.map((r) => String((r.item.definition as ActionRow).number)),
    )
  const overdue = data.rows.filter((r) => r.status === 'overdue')
  return (
    <>
      <p>
        {t('progress.report.standing', {
          period: periodName(ctx.locale, data.period),
          total: data.rows.length,
          done: count('done'),
          onTrack: count('on_track'),
          atRisk: count('at_risk'),
          offTrack: count('off_track'),
          overdue: count('overdue'),
          noData: count('no_data'),
        })}
      </p>
      <p>
        {data.changed.length === 0
          ? t('progress.report.movedNone')
          : t('progress.report.moved', {
              count: data.changed.length,
              list: inlineList(
                ctx.locale,
                data.changed.map(({ tracked, from }) =>
                  t('progress.report.movedRow', {
                    number: (tracked.item.definition as ActionRow).number,
                    from: t(`progress.status.${from}`),
                    to: t(`progress.status.${tracked.status}`),
                  }),
                ),
              ),
            })}
      </p>
      <p>{overdue.length === 0 ? t('progress.report.overdueNone') : t('progress.report.overdue', { rows: rowsList(overdue) })}</p>
      <p>
        {data.undecided.length === 0 && data.escalated.length === 0
          ? t('progress.report.decideNone')
          : [
              data.undecided.length > 0 &&
                t('progress.report.decideContradictions', {
                  list: inlineList(
                    ctx.locale,
                    data.undecided.map((c) => nameOf(ctx, c.measure)),
                  ),
                }),
              data.escalated.length > 0 &&
                t('progress.report.decideEscalated', {
                  list: inlineList(
                    ctx.locale,
                    data.escalated.map((e) => e.title),
                  ),
                }),
            ]
              .filter(Boolean)
              .join(' ')}
      </p>
      <p>
        {data.call
          ? t('progress.report.call', { answered: data.call.answered, bodies: data.call.bodies, date: day(ctx, data.call.dueOn) })
          : t('progress.report.noCall')}
      </p>
    </>
  )
}

/** A pillar's rows: each row's targets against their latest figures, its status, and its lead body's own word. */
function PillarTable({ ctx, data, pillar }: { ctx: PageContext; data: ReportData; pillar: Pillar }) {
  const { t } = ctx
  const rows = data.rows.filter((r) => r.item.pillars.includes(pillar.number))
  const title = ctx.locale === 'ur' ? pillar.titleUr : pillar.titleEn
  if (rows.length === 0) return null
  return (
    <section class="report-pillar">
      <h3>{t('progress.report.pillar', { number: pillar.number, title })}</h3>
      <DataTable
        caption={t('progress.report.pillarCaption', { number: pillar.number })}
        columns={[
          t('progress.number'),
          t('progress.item'),
          t('progress.report.figures'),
          t('progress.statusColumn'),
          t('progress.confidence.column'),
        ]}
      >
        {rows.map((r) => {
          const row = r.item.definition as ActionRow
          const rating = data.confidence.get(r.item.key)
          return (
            <tr key={r.item.key}>
              <td>{row.number}</td>
              <td>
                {rowTitle(ctx, row)}
                <br />
                <span class="caption">
                  <LeadNames ctx={ctx} stakeholders={data.stakeholders} row={row} />
                </span>
              </td>
              <td>
                {row.targets.length === 0 ? (
                  t('progress.noTargetInPolicy')
                ) : (
                  <ul class="plain-list">
                    {row.targets.map((id) => {
                      const target = data.policy.targets.find((x) => x.id === id)!
                      const tracked = data.targets.find((x) => x.item.key === `target:${id}`)
                      return (
                        <li key={id}>
                          <FigureAgainst ctx={ctx} target={target} latest={tracked?.latest} />
                        </li>
                      )
                    })}
                  </ul>
                )}
              </td>
              <td>
                <StatusBadge ctx={ctx} status={r.status} />
              </td>
              <td>
                {rating ? (
                  <>
                    <strong>{t(`progress.confidence.ratings.${rating.rating}`)}</strong>:{' '}
                    <span dir="auto">{rating.narrative}</span>
                  </>
                ) : (
                  t('progress.confidence.notRated')
                )}
              </td>
            </tr>
          )
        })}
      </DataTable>
    </section>
  )
}

/** The report itself: made once at publication and stored; the same markup is printed to PDF. */
function ReportArticle({ ctx, data, chart }: { ctx: PageContext; data: ReportData; chart: string }) {
  const { t } = ctx
  const period = periodName(ctx.locale, data.period)
  return (
    <article class="progress-report">
      <section class="report-cover">
        <p class="report-issuer">{t('progress.report.issuer')}</p>
        <h1>{t('progress.report.title', { period })}</h1>
        <p class="lead">{t('progress.report.covers', { start: day(ctx, data.start), end: day(ctx, data.end) })}</p>
        <dl class="key-facts">
          <dt>{t('progress.report.periodLabel')}</dt>
          <dd>{period}</dd>
          <dt>{t('progress.report.issuedBy')}</dt>
          <dd>{t('progress.report.issuer')}</dd>
          <dt>{t('progress.report.madeOn')}</dt>
          <dd>{day(ctx, data.madeOn)}</dd>
          <dt>{t('progress.report.version')}</dt>
          <dd>1</dd>
          <dt>{t('progress.report.signedOff')}</dt>
          <dd>{data.signedOffBy ? t('progress.report.signer', { name: data.signedOffBy }) : t('progress.report.notSigned')}</dd>
        </dl>
      </section>
      <h2>{t('progress.report.executiveSummary')}</h2>
      <ExecutiveSummary ctx={ctx} data={data} />
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
      <h2>{t('progress.report.byPillar')}</h2>
      {data.pillars.map((p) => (
        <PillarTable key={p.number} ctx={ctx} data={data} pillar={p} />
      ))}
      <h2>{t('progress.sectionTargets')}</h2>
      <DataTable
        caption={t('progress.sectionTargetsCaption')}
        columns={[t('progress.clause'), t('progress.target'), t('progress.report.figures'), t('progress.statusColumn')]}
      >
        {data.targets.map((x) => {
          const target = x.item.definition as Target
          return (
            <tr key={x.item.key}>
              <td>
                <bdi>{clauseRef(ctx.locale, target.clause)}</bdi>
              </td>
              <td>{nameOf(ctx, target)}</td>
              <td>
                <FigureAgainst ctx={ctx} target={target} latest={x.latest} />
              </td>
              <td>
                <StatusBadge ctx={ctx} status={x.status} />
              </td>
            </tr>
          )
        })}
      </DataTable>
      <h2>{t('progress.kpis')}</h2>
      <DataTable caption={t('progress.report.kpisCaption')} columns={[t('progress.item'), t('progress.report.latest')]}>
        {data.kpis.map((k) => {
          const kpi = k.item.definition as Kpi
          return (
            <tr key={k.item.key}>
              <td>{nameOf(ctx, kpi)}</td>
              <td>
                <bdi>{k.latest ? valueOf(ctx, k.latest.value, kpi.unit) : t('progress.noFigure')}</bdi>
              </td>
            </tr>
          )
        })}
      </DataTable>
      <h2>{t('progress.figures')}</h2>
      <ul>
        {data.figures.map((f) => (
          <li key={f.item.key}>
            {nameOf(ctx, f.item.definition as Figure)}:{' '}
            <bdi>{f.latest ? valueOf(ctx, f.latest.value, 'count') : t('progress.noFigure')}</bdi>
          </li>
        ))}
      </ul>
      <h2>{t('progress.report.money', { year: data.fiscalYear })}</h2>
      {data.money.length === 0 ? (
        <p>{t('progress.report.noMoney')}</p>
      ) : (
        <DataTable
          caption={t('progress.report.money', { year: data.fiscalYear })}
          columns={[t('progress.number'), t('progress.money.allocated'), t('progress.money.released'), t('progress.money.spent')]}
        >
          {data.money.map(({ row, year }) => (
            <tr key={row.item.key}>
              <td>{(row.item.definition as ActionRow).number}</td>
              {[year.allocated, year.released, year.spent].map((paisa, i) => (
                <td key={i}>
                  <bdi>{rupees(ctx, paisa)}</bdi>
                </td>
              ))}
            </tr>
          ))}
        </DataTable>
      )}
      <h2>{t('progress.report.decisions')}</h2>
      {data.decisions.length === 0 ? (
        <p>{t('progress.report.noDecisions')}</p>
      ) : (
        <LogTable ctx={ctx} data={data.policy} entries={data.decisions} caption={t('progress.report.decisions')} />
      )}
      <h2>{t('progress.conflicts')}</h2>
      <Contradictions ctx={ctx} data={data.policy} linked={false} decisions={data.decisionsToDate} />
      <h2>{t('progress.report.method')}</h2>
      <p>{t('progress.report.methodStatus')}</p>
      <p>{t('progress.report.methodConfidence')}</p>
      <p>{t('progress.report.methodMoney')}</p>
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
              <a href={ctx.href(`/progress/reports/${r.period}`)}>
                {t('progress.report.title', { period: periodName(ctx.locale, r.period) })}
              </a>{' '}
              · {formatWhen(ctx.locale, r.publishedAt, { dateOnly: true })} ·{' '}
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
                  <a href={ctx.href(`/progress/reports/${p}`)}>
                    {t('progress.report.preview', { period: periodName(ctx.locale, p) })}
                  </a>
                ) : (
                  t('progress.report.owed', { period: periodName(ctx.locale, p), ended: formatWhen(ctx.locale, periodEnd(p)) })
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
    <Layout ctx={ctx} title={t('progress.report.title', { period: periodName(ctx.locale, period) })}>
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
