import type { VNode } from 'preact'
import { provinces } from '../../accounts/accounts.vocabulary.ts'
import { DataTable } from '../../../platform/data-table.tsx'
import { formatWhen } from '../../../platform/i18n.ts'
import { Layout } from '../../../platform/layout.tsx'
import { FilterSelect, Pagination, SearchBox, searchHref } from '../../../platform/search-form.tsx'
import type { PageContext } from '../../../platform/page.ts'
import {
  decisionRoles,
  impactLevels,
  lifecycleStatuses,
  sectors,
  supplierOrigins,
  textLanguageOf,
  type SystemRecord,
} from '../register.record.ts'
import type { bodiesDirectory, RegisterFilter, SearchHit, VersionRow } from '../register.repository.ts'
import { systemNoteOf } from '../change-notes.ts'
import { VersionDiff } from './diff.tsx'
import { Localised } from '../../../platform/localised.tsx'
import { ImpactBadge, optionLabel, RecordSections, StatusBadge } from './record.tsx'

export type SearchQuery = Omit<RegisterFilter, 'updatedSince'> & { sort?: string | undefined; page?: number | undefined }

type Organisation = { slug: string; nameEn: string; nameUr: string }

const choices = (ctx: PageContext, field: string, values: readonly string[]) =>
  values.map((v) => ({ value: v, label: optionLabel(ctx, field, v) }))

/** A version's change note: Mizan's own in the page's language, a person's as they wrote it (marked by the reader's browser). */
function ChangeNote({ ctx, note }: { ctx: PageContext; note: string | null }) {
  if (!note) return <>{ctx.t('register.history.firstPublication')}</>
  const own = systemNoteOf(note)
  if (own?.key === 'register.history.assessed')
    return <>{ctx.t(own.key, { level: ctx.t(`register.options.impactLevel.${own.level}`) })}</>
  if (own) return <>{ctx.t(own.key, { filename: own.filename })}</>
  return <span dir="auto">{note}</span>
}

export function HitCard({ ctx, hit }: { ctx: PageContext; hit: SearchHit }) {
  return (
    <li class="hit">
      <h3>
        <a href={ctx.href(`/register/${hit.number}`)}>
          <Localised ctx={ctx} en={hit.nameEn} ur={hit.nameUr} lang={hit.textLanguage} notice={false} />
        </a>
      </h3>
      <p>
        <Localised ctx={ctx} en={hit.summaryEn} ur={hit.summaryUr} lang={hit.textLanguage} notice={false} />
      </p>
      <p class="hit-meta">
        <a href={ctx.href(`/register/bodies/${hit.organisation.slug}`)}>
          {ctx.locale === 'ur' ? hit.organisation.nameUr : hit.organisation.nameEn}
        </a>
        {' · '}
        {optionLabel(ctx, 'sector', hit.sector)}
      </p>
      <p class="hit-badges">
        <StatusBadge ctx={ctx} status={hit.status} /> <ImpactBadge ctx={ctx} level={hit.impactLevel} />{' '}
        <span class="badge">{optionLabel(ctx, 'decisionRole', hit.decisionRole)}</span>
      </p>
    </li>
  )
}

export function RegisterSearchPage(props: {
  ctx: PageContext
  query: SearchQuery
  hits: SearchHit[]
  total: number
  /** More records match than `total`, which counted only up to its cap. */
  more: boolean
  fuzzy: boolean
  perPage: number
  organisations: Organisation[]
  size: number
}) {
  const { ctx, query, hits, total } = props
  const { t } = ctx
  const filtered = Object.entries(query).some(([k, v]) => k !== 'q' && k !== 'page' && v)
  return (
    <Layout ctx={ctx} title={query.q ? `${t('register.title')}: ${query.q}` : t('register.title')}>
      <h1>{t('register.title')}</h1>
      <p class="lead">{t('register.lead', { count: props.size })}</p>
      <p>
        <a href={ctx.href('/register/bodies')}>{t('register.bodies.title')}</a>
      </p>
      <form method="get" action={ctx.href('/register')} role="search" class="register-search">
        <SearchBox ctx={ctx} label={t('register.search.label')} hint={t('register.search.hint')} value={query.q} />
        <details class="search-filters" open={filtered}>
          <summary>{t('register.search.filters')}</summary>
          <div class="filter-grid">
            <FilterSelect
              ctx={ctx}
              name="sector"
              value={query.sector}
              label={t('register.fields.sector.label')}
              options={choices(ctx, 'sector', sectors)}
            />
            <FilterSelect
              ctx={ctx}
              name="organisation"
              value={query.organisation}
              label={t('register.search.organisation')}
              options={props.organisations.map((o) => ({ value: o.slug, label: ctx.locale === 'ur' ? o.nameUr : o.nameEn }))}
            />
            <FilterSelect
              ctx={ctx}
              name="province"
              value={query.province}
              label={t('register.search.province')}
              options={choices(ctx, 'provinces', provinces)}
            />
            <FilterSelect
              ctx={ctx}
              name="status"
              value={query.status}
              label={t('register.fields.status.label')}
              options={choices(ctx, 'status', lifecycleStatuses)}
            />
            <FilterSelect
              ctx={ctx}
              name="decisionRole"
              value={query.decisionRole}
              label={t('register.fields.decisionRole.label')}
              options={choices(ctx, 'decisionRole', decisionRoles)}
            />
            <FilterSelect
              ctx={ctx}
              name="impactLevel"
              value={query.impactLevel}
              label={t('register.record.impactLevel')}
              options={choices(ctx, 'impactLevel', impactLevels)}
            />
            <FilterSelect
              ctx={ctx}
              name="supplierOrigin"
              value={query.supplierOrigin}
              label={t('register.fields.supplierOrigin.label')}
              options={choices(ctx, 'supplierOrigin', supplierOrigins)}
            />
            <div class="field">
              <label for="f-sort">{t('register.search.sort')}</label>
              <select id="f-sort" name="sort">
                {(['relevance', 'updated', 'name'] as const).map((s) => (
                  <option key={s} value={s} selected={(query.sort ?? 'relevance') === s}>
                    {t(`register.search.sorts.${s}`)}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <button type="submit" class="button secondary">
            {t('register.search.apply')}
          </button>{' '}
          {(filtered || query.q) && <a href={ctx.href('/register')}>{t('register.search.clear')}</a>}
        </details>
      </form>
      <section aria-labelledby="results-heading">
        <h2 id="results-heading" role="status">
          {props.more ? t('register.search.resultsMore', { count: total }) : t('register.search.results', { count: total })}
        </h2>
        {props.fuzzy && <p class="notice">{t('register.search.fuzzy', { q: query.q })}</p>}
        {hits.length === 0 ? (
          <p>{t('register.search.none')}</p>
        ) : (
          <ol class="hits">
            {hits.map((hit) => (
              <HitCard key={hit.number} ctx={ctx} hit={hit} />
            ))}
          </ol>
        )}
        <Pagination ctx={ctx} path="/register" query={query} total={total} perPage={props.perPage} more={props.more} />
      </section>
      <OpenDataLinks ctx={ctx} />
    </Layout>
  )
}

export function OpenDataLinks({ ctx }: { ctx: PageContext }) {
  const { t } = ctx
  return (
    <aside class="open-data" aria-labelledby="open-data-heading">
      <h2 id="open-data-heading">{t('register.openData.title')}</h2>
      <ul>
        <li>
          <a href="/register/export.csv" download>
            {t('register.openData.csv')}
          </a>
        </li>
        <li>
          <a href="/api/v1/systems">{t('register.openData.json')}</a>
        </li>
        <li>
          <a href={ctx.href('/api/docs')}>{t('register.openData.docs')}</a>
        </li>
      </ul>
    </aside>
  )
}

type Shown = {
  number: number
  version: VersionRow
  organisation: Organisation
  firstPublishedAt: Date
  history: VersionRow[]
}

/** A system's public page; its duties and its last audit come from the features that keep them, already rendered. */
export function SystemPage({ ctx, shown, oversight }: { ctx: PageContext; shown: Shown; oversight: VNode }) {
  const { t } = ctx
  const r = shown.version.record
  const name = ctx.locale === 'ur' && r.nameUr ? r.nameUr : r.nameEn!
  return (
    <Layout ctx={ctx} title={name}>
      <p class="breadcrumb">
        <a href={ctx.href('/register')}>{t('register.title')}</a>
      </p>
      <h1>
        <Localised ctx={ctx} en={r.nameEn} ur={r.nameUr} lang={textLanguageOf(r)} notice={false} />
      </h1>
      <p class="lead">
        <Localised ctx={ctx} en={r.summaryEn} ur={r.summaryUr} lang={textLanguageOf(r)} />
      </p>
      <dl class="key-facts">
        <div>
          <dt>{t('register.record.organisation')}</dt>
          <dd>
            <a href={ctx.href(`/register/bodies/${shown.organisation.slug}`)}>
              {ctx.locale === 'ur' ? shown.organisation.nameUr : shown.organisation.nameEn}
            </a>
          </dd>
        </div>
        <div>
          <dt>{t('register.fields.status.label')}</dt>
          <dd>
            <StatusBadge ctx={ctx} status={r.status!} />
          </dd>
        </div>
        <div>
          <dt>{t('register.record.impactLevel')}</dt>
          <dd>
            <ImpactBadge ctx={ctx} level={shown.version.impactLevel} />
            {shown.version.assessmentId && (
              <>
                {' '}
                <a href={ctx.href(`/register/${shown.number}/assessment`)}>{t('register.record.howAssessed')}</a>
              </>
            )}
          </dd>
        </div>
        <div>
          <dt>{t('register.fields.decisionRole.label')}</dt>
          <dd>{optionLabel(ctx, 'decisionRole', r.decisionRole!)}</dd>
        </div>
        <div>
          <dt>{t('register.record.reference')}</dt>
          <dd>{t('register.record.numberAndVersion', { number: shown.number, version: shown.version.version })}</dd>
        </div>
        <div>
          <dt>{t('register.record.updated')}</dt>
          <dd>{formatWhen(ctx.locale, shown.version.publishedAt, { dateOnly: true })}</dd>
        </div>
      </dl>
      <p>
        <a class="button secondary" href={ctx.href(`/report?system=${shown.number}`)}>
          {t('register.record.report')}
        </a>
      </p>
      {oversight}
      <RecordSections ctx={ctx} value={r} />
      <section aria-labelledby="history-heading" class="history">
        <h2 id="history-heading">{t('register.history.title')}</h2>
        <ol reversed>
          {shown.history.map((v) => (
            <li key={v.version}>
              <a href={ctx.href(`/register/${shown.number}/versions/${v.version}`)}>
                {t('register.history.versionOn', {
                  version: v.version,
                  date: formatWhen(ctx.locale, v.publishedAt, { dateOnly: true }),
                })}
              </a>
              {': '}
              <ChangeNote ctx={ctx} note={v.changeNote} />
            </li>
          ))}
        </ol>
        <p>
          <a href={`/api/v1/systems/${shown.number}/versions`}>{t('register.history.json')}</a>
        </p>
      </section>
    </Layout>
  )
}

export function VersionPage({
  ctx,
  number,
  name,
  version,
  previous,
}: {
  ctx: PageContext
  number: number
  name: SystemRecord
  version: VersionRow
  previous: SystemRecord
}) {
  const { t } = ctx
  const title = t('register.history.changesIn', { version: version.version })
  return (
    <Layout ctx={ctx} title={title}>
      <p class="breadcrumb">
        <a href={ctx.href(`/register/${number}`)}>
          <Localised ctx={ctx} en={name.nameEn} ur={name.nameUr} lang={textLanguageOf(name)} notice={false} />
        </a>
      </p>
      <h1>{title}</h1>
      <dl class="key-facts">
        <div>
          <dt>{t('register.history.published')}</dt>
          <dd>{formatWhen(ctx.locale, version.publishedAt)}</dd>
        </div>
        <div>
          <dt>{t('register.history.why')}</dt>
          <dd>
            <ChangeNote ctx={ctx} note={version.changeNote} />
          </dd>
        </div>
        <div>
          <dt>{t('register.history.who')}</dt>
          <dd>{t('register.history.whoText')}</dd>
        </div>
      </dl>
      <h2>{t('register.history.whatChanged')}</h2>
      <VersionDiff ctx={ctx} before={previous} after={version.record} />
    </Layout>
  )
}

type DirectoryEntry = Awaited<ReturnType<typeof bodiesDirectory>>[number]

/** Every body on Mizan with the short name that imports and links use, its kind, where it sits and its systems. */
export function BodiesPage({ ctx, bodies }: { ctx: PageContext; bodies: DirectoryEntry[] }) {
  const { t } = ctx
  const nameOf = (b: DirectoryEntry) => (ctx.locale === 'ur' ? b.nameUr : b.nameEn)
  const sorted = [...bodies].sort((a, b) => nameOf(a).localeCompare(nameOf(b), ctx.locale))
  return (
    <Layout ctx={ctx} title={t('register.bodies.title')}>
      <p class="breadcrumb">
        <a href={ctx.href('/register')}>{t('register.title')}</a>
      </p>
      <h1>{t('register.bodies.title')}</h1>
      <p class="lead">{t('register.bodies.lead')}</p>
      <DataTable
        caption={t('register.bodies.caption', { count: bodies.length })}
        columns={[
          t('register.bodies.name'),
          t('register.bodies.slug'),
          t('register.bodies.type'),
          t('register.bodies.province'),
          t('register.bodies.systems'),
        ]}
      >
        {sorted.map((b) => (
          <tr key={b.slug}>
            <td>
              <a href={ctx.href(`/register/bodies/${b.slug}`)}>{nameOf(b)}</a>
            </td>
            <td>
              <code dir="ltr">{b.slug}</code>
            </td>
            <td>{t(`administration.types.${b.type}`)}</td>
            <td>{t(`administration.provinces.${b.province}`)}</td>
            <td>{b.systems}</td>
          </tr>
        ))}
      </DataTable>
    </Layout>
  )
}

export function BodyPage({ ctx, organisation, hits }: { ctx: PageContext; organisation: Organisation; hits: SearchHit[] }) {
  const { t } = ctx
  const name = ctx.locale === 'ur' ? organisation.nameUr : organisation.nameEn
  return (
    <Layout ctx={ctx} title={name}>
      <p class="breadcrumb">
        <a href={ctx.href('/register')}>{t('register.title')}</a>
      </p>
      <h1>{name}</h1>
      <h2>{t('register.body.systems', { count: hits.length })}</h2>
      {hits.length === 0 ? (
        <p>{t('register.body.none')}</p>
      ) : (
        <ol class="hits">
          {hits.map((hit) => (
            <HitCard key={hit.number} ctx={ctx} hit={hit} />
          ))}
        </ol>
      )}
      <p>
        <a href={searchHref(ctx, '/register', { organisation: organisation.slug })}>{t('register.body.search')}</a>
      </p>
    </Layout>
  )
}
