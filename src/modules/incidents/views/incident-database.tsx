import { DataTable } from '../../../platform/data-table.tsx'
import { formatWhen, inlineList } from '../../../platform/i18n.ts'
import { Layout } from '../../../platform/layout.tsx'
import type { PageContext } from '../../../platform/page.ts'
import { FilterSelect, Pagination, SearchBox, searchHref } from '../../../platform/search-form.tsx'
import { provinces } from '../../accounts/accounts.vocabulary.ts'
import { sectors } from '../../register/register.service.ts'
import {
  PER_PAGE,
  type IncidentQuery,
  type incidentsOfSystem,
  type PublicIncident,
  type publicIncident,
} from '../incident-database.service.ts'
import { harmKinds, incidentStates } from '../incidents.vocabulary.ts'
import { IncidentList, Response, StateBadge, Timeline } from './triage.tsx'
import { Localised } from '../../../platform/localised.tsx'

const titleOf = (ctx: PageContext, i: { titleEn: string; titleUr: string | null }) =>
  (ctx.locale === 'ur' && i.titleUr) || i.titleEn
const systemName = (ctx: PageContext, i: PublicIncident) =>
  i.system ? (ctx.locale === 'ur' && i.system.nameUr) || i.system.nameEn : i.systemText

/** The public summary in the reader's language; where there is none, the English one, marked as the register's is. */
function Summary({ ctx, incident }: { ctx: PageContext; incident: { summaryEn: string; summaryUr: string | null } }) {
  return (
    <p>
      <Localised ctx={ctx} en={incident.summaryEn} ur={incident.summaryUr} />
    </p>
  )
}

/** The documented open-data fields; the README lists the same. */
export const openDataFields = [
  'number',
  'url',
  'titleEn',
  'titleUr',
  'summaryEn',
  'summaryUr',
  'status',
  'harmKinds',
  'severity',
  'province',
  'occurredOn',
  'publishedAt',
  'systemNumber',
  'systemNameEn',
  'sector',
  'organisation',
  'responseDueOn',
  'explanation',
  'remediation',
  'redress',
  'outcomeReason',
  'decidedAt',
] as const

type ListProps = {
  ctx: PageContext
  query: IncidentQuery
  rows: PublicIncident[]
  total: number
  /** More match than were counted (`COUNT_CAP`). */
  more: boolean
  months: { month: string; count: number }[]
  chart: string
  bodies: { slug: string; nameEn: string; nameUr: string }[]
}

export function IncidentsPage({ ctx, query, rows, total, more, months, chart, bodies }: ListProps) {
  const { t } = ctx
  const filtered = Object.entries(query).some(([k, v]) => k !== 'q' && k !== 'page' && v)
  const exportQuery = { ...query, page: undefined }
  return (
    <Layout ctx={ctx} title={query.q ? `${t('incidents.public.title')}: ${query.q}` : t('incidents.public.title')}>
      <h1>{t('incidents.public.title')}</h1>
      <p class="lead">{t('incidents.public.lead')}</p>
      <p>
        <a href={ctx.href('/report')}>{t('incidents.report.title')}</a>
      </p>
      <form method="get" action={ctx.href('/incidents')} role="search" class="register-search">
        <SearchBox ctx={ctx} label={t('incidents.public.search')} value={query.q} />
        <details class="search-filters" open={filtered}>
          <summary>{t('register.search.filters')}</summary>
          <div class="filter-grid">
            <FilterSelect
              ctx={ctx}
              name="harm"
              value={query.harm}
              label={t('incidents.fields.harmKinds')}
              options={harmKinds.map((k) => ({ value: k, label: t(`incidents.harm.${k}`) }))}
            />
            <FilterSelect
              ctx={ctx}
              name="status"
              value={query.status}
              label={t('incidents.triage.state')}
              options={incidentStates.map((s) => ({ value: s, label: t(`incidents.status.${s}.title`) }))}
            />
            <FilterSelect
              ctx={ctx}
              name="sector"
              value={query.sector}
              label={t('register.fields.sector.label')}
              options={sectors.map((s) => ({ value: s, label: t(`register.options.sector.${s}`) }))}
            />
            <FilterSelect
              ctx={ctx}
              name="body"
              value={query.body}
              label={t('register.search.organisation')}
              options={bodies.map((o) => ({ value: o.slug, label: ctx.locale === 'ur' ? o.nameUr : o.nameEn }))}
            />
            <FilterSelect
              ctx={ctx}
              name="province"
              value={query.province}
              label={t('register.search.province')}
              options={provinces.map((p) => ({ value: p, label: t(`administration.provinces.${p}`) }))}
            />
            <div class="field">
              <label for="f-system">{t('incidents.manage.systemNumber')}</label>
              <input id="f-system" name="system" type="text" inputMode="numeric" value={query.system ?? ''} maxLength={10} />
            </div>
            <div class="field">
              <label for="f-from">{t('incidents.public.from')}</label>
              <input id="f-from" name="from" type="date" value={query.from ?? ''} />
            </div>
            <div class="field">
              <label for="f-to">{t('incidents.public.to')}</label>
              <input id="f-to" name="to" type="date" value={query.to ?? ''} />
            </div>
          </div>
          <button type="submit" class="button secondary">
            {t('register.search.apply')}
          </button>
        </details>
      </form>
      <p role="status">{t(more ? 'incidents.public.foundMore' : 'incidents.public.found', { count: total })}</p>
      {months.length > 0 && (
        <figure class="chart-figure">
          <figcaption>{t('incidents.public.chartCaption')}</figcaption>
          {/* The SVG is drawn by Vega from our own figures; the table below holds the same figures for screen readers. */}
          <div class="chart" aria-hidden="true" dangerouslySetInnerHTML={{ __html: chart }} />
          <DataTable
            caption={t('incidents.public.chartTable')}
            columns={[t('incidents.public.month'), t('incidents.public.count')]}
          >
            {months.map((m) => (
              <tr key={m.month}>
                <td>
                  <bdi>{m.month}</bdi>
                </td>
                <td>{m.count}</td>
              </tr>
            ))}
          </DataTable>
        </figure>
      )}
      <ol class="results">
        {rows.map((i) => (
          <li key={i.number}>
            <h2>
              <a href={ctx.href(`/incidents/${i.number}`)}>
                <bdi>#{i.number}</bdi> <Localised ctx={ctx} en={i.titleEn} ur={i.titleUr} notice={false} />
              </a>
            </h2>
            <p>
              <StateBadge ctx={ctx} state={i.state} /> · {formatWhen(ctx.locale, i.openedAt, { dateOnly: true })}
              {systemName(ctx, i) && <> · {systemName(ctx, i)}</>}
            </p>
            <p>
              {inlineList(
                ctx.locale,
                i.harmKinds.map((k) => t(`incidents.harm.${k}`)),
              )}
            </p>
          </li>
        ))}
      </ol>
      <Pagination ctx={ctx} path="/incidents" query={query} total={total} perPage={PER_PAGE} />
      <h2>{t('incidents.public.openData')}</h2>
      <p>
        <a href={searchHref(ctx, '/incidents/export.csv', exportQuery)}>{t('incidents.public.csv')}</a> ·{' '}
        <a href={searchHref(ctx, '/incidents/export.json', exportQuery)}>{t('incidents.public.json')}</a>
      </p>
      <details>
        <summary>{t('incidents.public.fields')}</summary>
        <dl>
          {openDataFields.map((f) => (
            <div key={f}>
              <dt>
                <code>{f}</code>
              </dt>
              <dd>{t(`incidents.openData.${f}`)}</dd>
            </div>
          ))}
        </dl>
      </details>
    </Layout>
  )
}

export function IncidentPage({ ctx, data }: { ctx: PageContext; data: NonNullable<Awaited<ReturnType<typeof publicIncident>>> }) {
  const { t } = ctx
  const { incident, events } = data
  const title = `${t('incidents.public.incident', { number: incident.number })}: ${titleOf(ctx, incident)}`
  return (
    <Layout ctx={ctx} title={title}>
      <p class="breadcrumb">
        <a href={ctx.href('/incidents')}>{t('incidents.public.title')}</a>
      </p>
      <h1>{title}</h1>
      <dl class="key-facts">
        <div>
          <dt>{t('incidents.triage.state')}</dt>
          <dd>
            <StateBadge ctx={ctx} state={incident.state} />
          </dd>
        </div>
        <div>
          <dt>{t('incidents.public.system')}</dt>
          <dd>
            {incident.system ? (
              <a href={ctx.href(`/register/${incident.system.number}`)}>{systemName(ctx, incident)}</a>
            ) : (
              <span dir="auto">{incident.systemText ?? '—'}</span>
            )}
          </dd>
        </div>
        {incident.system && (
          <div>
            <dt>{t('register.record.organisation')}</dt>
            <dd>{ctx.locale === 'ur' ? incident.system.organisationUr : incident.system.organisationEn}</dd>
          </div>
        )}
        <div>
          <dt>{t('incidents.public.harm')}</dt>
          <dd>
            {inlineList(
              ctx.locale,
              incident.harmKinds.map((k) => t(`incidents.harm.${k}`)),
            )}
          </dd>
        </div>
        <div>
          <dt>{t('incidents.manage.severity')}</dt>
          <dd>{t(`incidents.severity.${incident.severity}`)}</dd>
        </div>
        {incident.province && (
          <div>
            <dt>{t('incidents.public.where')}</dt>
            <dd>{t(`administration.provinces.${incident.province}`)}</dd>
          </div>
        )}
        {incident.occurredOn && (
          <div>
            <dt>{t('incidents.public.when')}</dt>
            <dd>{formatWhen(ctx.locale, incident.occurredOn, { dateOnly: true })}</dd>
          </div>
        )}
      </dl>
      <h2>{t('incidents.public.summary')}</h2>
      <Summary ctx={ctx} incident={incident} />
      <Response ctx={ctx} incident={incident} />
      <h2>{t('incidents.timeline.heading')}</h2>
      <Timeline ctx={ctx} events={events} />
      <p class="hint">{t('incidents.public.privacy')}</p>
    </Layout>
  )
}

/** The incidents section of a system's register page. */
export function SystemIncidents({ ctx, rows }: { ctx: PageContext; rows: Awaited<ReturnType<typeof incidentsOfSystem>> }) {
  const { t } = ctx
  return (
    <section aria-labelledby="incidents-heading">
      <h2 id="incidents-heading">{t('incidents.public.onSystem')}</h2>
      {rows.length === 0 ? <p>{t('incidents.public.noneOnSystem')}</p> : <IncidentList ctx={ctx} rows={rows} path="/incidents" />}
    </section>
  )
}
