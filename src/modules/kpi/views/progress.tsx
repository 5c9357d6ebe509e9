import { DataTable } from '../../../platform/data-table.tsx'
import { Choices, CsrfField, FileField, Select, TextArea, TextField, type FieldErrors } from '../../../platform/forms.tsx'
import { clauseRef, formatWhen, inlineList } from '../../../platform/i18n.ts'
import { Fact } from '../../../platform/key-facts.tsx'
import { Layout } from '../../../platform/layout.tsx'
import { rupees } from '../../../platform/money.ts'
import type { PageContext } from '../../../platform/page.ts'
import { FilterSelect } from '../../../platform/search-form.tsx'
import {
  contradictionsOf,
  leadsOf,
  stakeholderNamed,
  targetsMeasuring,
  type ActionRow,
  type PolicyData,
  type Stakeholder,
} from '../policy-data.ts'
import { statuses, type Status } from '../progress-status.ts'
import { periodName } from '../reporting-periods.ts'
import type { Figure, Kpi, Target, trackedItem, TrackedItem } from '../progress.service.ts'
import type { ConfidenceHistory } from '../delivery-confidence.service.ts'
import { confidenceRatings, FIGURE_PROVINCES, type ConfidenceRating, type Part } from '../kpi.vocabulary.ts'
import type { LogRow } from '../policy-log.service.ts'
import { LogTable } from './policy-log.tsx'
import { TrackerFormPage } from './tracker-page.tsx'
import type { RowFunding } from '../row-funding.service.ts'

type Pillar = { number: number; titleEn: string; titleUr: string }
export type ProgressFilter = {
  pillar?: number | undefined
  status?: Status | undefined
  lead?: string | undefined
  year?: number | undefined
}

/** A row's lead stakeholders by their names in the page's language, each once. */
export const LeadNames = ({ ctx, stakeholders, row }: { ctx: PageContext; stakeholders: Stakeholder[]; row: ActionRow }) => (
  <>
    {inlineList(
      ctx.locale,
      leadsOf({ stakeholders }, row).map((s) => (ctx.locale === 'ur' ? s.ur : s.en)),
    )}
  </>
)

export const StatusBadge = ({ ctx, status }: { ctx: PageContext; status: Status }) => (
  <span class={`badge progress-${status}`}>{ctx.t(`progress.status.${status}`)}</span>
)

const titleOf = (ctx: PageContext, t: TrackedItem) => {
  const d = t.item.definition
  if (t.item.kind === 'action') return ctx.locale === 'ur' ? (d as ActionRow).titleUr : (d as ActionRow).target
  return ctx.locale === 'ur' ? (d as Kpi | Target | Figure).ur : (d as Kpi | Target | Figure).en
}

const itemHref = (ctx: PageContext, key: string) => ctx.href(`/progress/items/${encodeURIComponent(key)}`)

/** A figure in its unit: "41%", "2,500", or whether a milestone is reached. */
export function valueOf(ctx: PageContext, value: number, unit: string) {
  if (unit === 'milestone') return ctx.t(value >= 1 ? 'progress.milestone.reached' : 'progress.milestone.notReached')
  const n = new Intl.NumberFormat(ctx.locale === 'ur' ? 'ur-PK' : 'en-PK', { maximumFractionDigits: 2 }).format(value)
  return unit === 'percent' || unit === 'percent-growth' ? `${n}%` : n
}

/** A target as the policy states it: "at least 20 · by 2027", "about 50 a year", "reached". */
export function targetPhrase(ctx: PageContext, target: Target) {
  const value = valueOf(ctx, target.value, target.unit)
  const stated = target.comparator ? ctx.t(`progress.comparator.${target.comparator}`, { value }) : value
  return `${stated}${target.per === 'year' ? ` ${ctx.t('progress.perYear')}` : ''}${target.by ? ` · ${ctx.t('progress.by', { year: target.by })}` : ''}`
}

/**
 * Where targets of one measure disagree: the measure, then each target's figure with the clause that gives it, linked
 * to its page when `linked`. Found from the data (`contradictionsOf`), not written by hand.
 */
export function Contradictions({
  ctx,
  data,
  linked,
  decisions,
}: {
  ctx: PageContext
  data: PolicyData
  linked: boolean
  /** The log's decisions: the newest naming a contradiction's target makes that target operative. */
  decisions: readonly LogRow[]
}) {
  return (
    <ul>
      {contradictionsOf(data).map((c) => {
        const decided = decisions.find((d) => c.targets.some((x) => x.id === d.operativeTarget))
        const operative = decided && c.targets.find((x) => x.id === decided.operativeTarget)!
        return (
          <li key={c.measure.id}>
            {ctx.locale === 'ur' ? c.measure.ur : c.measure.en}:{' '}
            {c.targets.map((target, i) => (
              <span key={target.id}>
                {i > 0 && (ctx.locale === 'ur' ? '؛ ' : '; ')}
                {linked ? (
                  <a href={itemHref(ctx, `target:${target.id}`)}>
                    <bdi>{clauseRef(ctx.locale, target.clause)}</bdi>
                  </a>
                ) : (
                  <bdi>{clauseRef(ctx.locale, target.clause)}</bdi>
                )}
                : {targetPhrase(ctx, target)}
              </span>
            ))}
            {operative && (
              <>
                {'. '}
                <strong>
                  {ctx.t('progress.log.operativeDecided', {
                    clause: clauseRef(ctx.locale, operative.clause),
                    date: formatWhen(ctx.locale, decided.decidedOn!, { dateOnly: true }),
                    reference: decided.reference ?? '',
                  })}
                </strong>
              </>
            )}
          </li>
        )
      })}
    </ul>
  )
}

type ListProps = {
  ctx: PageContext
  items: TrackedItem[]
  pillars: Pillar[]
  /** Each rated row's newest delivery confidence, shown beside its computed status. */
  confidence: Map<string, ConfidenceRating>
  decisions: readonly LogRow[]
  data: PolicyData
  filter: ProgressFilter
}

export function ProgressPage({ ctx, items, pillars, confidence, decisions, data, filter }: ListProps) {
  const { t } = ctx
  const actions = items.filter((i) => i.item.kind === 'action')
  // A filter may name a stakeholder by id or as the policy writes it (links made before ids were used).
  const leadId = filter.lead && stakeholderNamed(data, filter.lead)?.id
  const leads = data.stakeholders
    .filter((s) => data.actionMatrix.some((r) => leadsOf(data, r).includes(s)))
    .map((s) => ({ value: s.id, label: ctx.locale === 'ur' ? s.ur : s.en }))
    .sort((a, b) => a.label.localeCompare(b.label, ctx.locale))
  const shown = actions.filter((a) => {
    const row = a.item.definition as ActionRow
    return (
      (!filter.pillar || row.pillars.includes(filter.pillar)) &&
      (!filter.status || a.status === filter.status) &&
      (!filter.lead || leadsOf(data, row).some((s) => s.id === leadId)) &&
      (!filter.year || a.item.deadline?.startsWith(String(filter.year)))
    )
  })
  const count = (s: Status) => actions.filter((a) => a.status === s).length
  const byKey = new Map(items.map((i) => [i.item.key, i]))
  return (
    <Layout ctx={ctx} title={t('progress.title')}>
      <h1>{t('progress.title')}</h1>
      <p class="lead">{t('progress.lead')}</p>
      <DataTable caption={t('progress.overall')} columns={[t('progress.statusColumn'), t('progress.items')]}>
        {statuses
          .filter((s) => s !== 'no_target')
          .map((s) => (
            <tr key={s}>
              <td>
                <StatusBadge ctx={ctx} status={s} />
              </td>
              <td>{count(s)}</td>
            </tr>
          ))}
      </DataTable>
      <DataTable
        dense
        caption={t('progress.byPillar')}
        columns={[t('progress.pillar'), ...statuses.filter((s) => s !== 'no_target').map((s) => t(`progress.status.${s}`))]}
      >
        {pillars.map((p) => (
          <tr key={p.number}>
            <td>
              <a href={ctx.href(`/progress?pillar=${p.number}`)}>{ctx.locale === 'ur' ? p.titleUr : p.titleEn}</a>
            </td>
            {statuses
              .filter((s) => s !== 'no_target')
              .map((s) => (
                <td key={s}>
                  {actions.filter((a) => a.status === s && (a.item.definition as ActionRow).pillars.includes(p.number)).length}
                </td>
              ))}
          </tr>
        ))}
      </DataTable>
      <p>
        {t('progress.openData')}: <a href={ctx.href('/progress/export.csv')}>{t('progress.csvItems')}</a> ·{' '}
        <a href={ctx.href('/progress/export.csv?table=figures')}>{t('progress.csvFigures')}</a> ·{' '}
        <a href={ctx.href('/progress/export.json')}>JSON</a> ·{' '}
        <a href={ctx.href('/progress/export.xlsx')}>{t('progress.xlsx')}</a> ·{' '}
        <a href={ctx.href('/progress/reports')}>{t('progress.report.listTitle')}</a> ·{' '}
        <a href={ctx.href('/progress/log')}>{t('progress.log.title')}</a> ·{' '}
        <a href={ctx.href('/progress/calls')}>{t('progress.calls.title')}</a>
      </p>
      <nav class="page-contents" aria-labelledby="page-contents-heading">
        <h2 id="page-contents-heading">{t('progress.onThisPage')}</h2>
        <ul>
          {(
            [
              ['matrix', t('progress.matrix')],
              ['conflicts-heading', t('progress.conflicts')],
              ['kpis', t('progress.kpis')],
              ['figures', t('progress.figures')],
              ['section-targets', t('progress.sectionTargets')],
            ] as const
          ).map(([id, label]) => (
            <li key={id}>
              <a href={`#${id}`}>{label}</a>
            </li>
          ))}
        </ul>
      </nav>
      <form method="get" action={ctx.href('/progress')} class="register-search">
        {/* Folded on arrival, open once a filter is chosen, as the register's are. */}
        <details class="search-filters" open={Boolean(filter.pillar || filter.status || filter.lead || filter.year)}>
          <summary>{t('register.search.filters')}</summary>
          <div class="filter-grid">
            <FilterSelect
              ctx={ctx}
              name="pillar"
              value={filter.pillar}
              label={t('progress.pillar')}
              options={pillars.map((p) => ({ value: String(p.number), label: ctx.locale === 'ur' ? p.titleUr : p.titleEn }))}
            />
            <FilterSelect
              ctx={ctx}
              name="status"
              value={filter.status}
              label={t('progress.statusColumn')}
              options={statuses.filter((s) => s !== 'no_target').map((s) => ({ value: s, label: t(`progress.status.${s}`) }))}
            />
            <FilterSelect
              ctx={ctx}
              name="lead"
              value={leadId || filter.lead}
              label={t('progress.lead_stakeholder')}
              options={leads}
            />
            <FilterSelect
              ctx={ctx}
              name="year"
              value={filter.year}
              label={t('progress.deadlineYear')}
              options={['2025', '2026', '2027'].map((y) => ({ value: y, label: y }))}
            />
          </div>
          <button type="submit" class="button secondary">
            {t('register.search.apply')}
          </button>
        </details>
      </form>
      <h2 id="matrix">{t('progress.matrix')}</h2>
      {shown.length === 0 ? (
        <p>{t('progress.noneMatch')}</p>
      ) : (
        <DataTable
          caption={t('progress.matrixCaption', { count: shown.length })}
          columns={[
            t('progress.number'),
            t('progress.item'),
            t('progress.lead_stakeholder'),
            t('progress.deadline'),
            t('progress.statusColumn'),
            t('progress.confidence.column'),
          ]}
        >
          {shown.map((a) => {
            const row = a.item.definition as ActionRow
            return (
              <tr key={a.item.key}>
                <td>{row.number}</td>
                <td>
                  <a href={itemHref(ctx, a.item.key)}>{titleOf(ctx, a)}</a>
                </td>
                <td>
                  <LeadNames ctx={ctx} stakeholders={data.stakeholders} row={row} />
                </td>
                <td>{a.item.deadline && formatWhen(ctx.locale, a.item.deadline, { dateOnly: true })}</td>
                <td>
                  <StatusBadge ctx={ctx} status={a.status} />
                </td>
                <td>
                  {confidence.has(a.item.key)
                    ? t(`progress.confidence.ratings.${confidence.get(a.item.key)!}`)
                    : t('progress.confidence.notRated')}
                </td>
              </tr>
            )
          })}
        </DataTable>
      )}
      <section aria-labelledby="conflicts-heading" class="review-comments">
        <h2 id="conflicts-heading">{t('progress.conflicts')}</h2>
        <p>{t('progress.conflictsLead')}</p>
        <Contradictions ctx={ctx} data={data} linked decisions={decisions} />
      </section>
      <div id="kpis">
        {pillars
          .filter((p) => !filter.pillar || p.number === filter.pillar)
          .map((p) => (
            <section key={p.number} aria-labelledby={`pillar-${p.number}`}>
              <h2 id={`pillar-${p.number}`}>{t('progress.kpisOf', { pillar: ctx.locale === 'ur' ? p.titleUr : p.titleEn })}</h2>
              <ul>
                {data.kpis
                  .filter((k) => k.pillar === p.number)
                  .map((k) => {
                    const tracked = byKey.get(`kpi:${k.id}`)!
                    return (
                      <li key={k.id}>
                        <a href={itemHref(ctx, tracked.item.key)}>{titleOf(ctx, tracked)}</a>:{' '}
                        {tracked.latest
                          ? `${valueOf(ctx, tracked.latest.value, k.unit)} (${formatWhen(ctx.locale, tracked.latest.measuredOn, { dateOnly: true })})`
                          : t('progress.noData')}{' '}
                        · {t('progress.status.no_target')}
                      </li>
                    )
                  })}
              </ul>
            </section>
          ))}
      </div>
      <h2 id="figures">{t('progress.figures')}</h2>
      <p>{t('progress.figuresLead')}</p>
      <ul>
        {items
          .filter((i) => i.item.kind === 'figure')
          .map((i) => (
            <li key={i.item.key}>
              <a href={itemHref(ctx, i.item.key)}>{titleOf(ctx, i)}</a>:{' '}
              {i.latest ? valueOf(ctx, i.latest.value, 'count') : t('progress.noData')}
            </li>
          ))}
      </ul>
      <h2 id="section-targets">{t('progress.sectionTargets')}</h2>
      <DataTable
        caption={t('progress.sectionTargetsCaption')}
        columns={[t('progress.clause'), t('progress.item'), t('progress.target'), t('progress.statusColumn')]}
      >
        {items
          .filter((i) => i.item.kind === 'target' && !(i.item.definition as Target).clause.startsWith('Action Matrix'))
          .map((i) => {
            const target = i.item.definition as Target
            return (
              <tr key={i.item.key}>
                <td>
                  <bdi>{clauseRef(ctx.locale, target.clause)}</bdi>
                </td>
                <td>
                  <a href={itemHref(ctx, i.item.key)}>{titleOf(ctx, i)}</a>
                </td>
                <td>{targetPhrase(ctx, target)}</td>
                <td>
                  <StatusBadge ctx={ctx} status={i.status} />
                </td>
              </tr>
            )
          })}
      </DataTable>
    </Layout>
  )
}

/** A one-off target's path as the Cell set it, and when its figures' trend would meet it. */
function PathAndForecast({ ctx, tracked, unit }: { ctx: PageContext; tracked: TrackedItem; unit: string }) {
  const { t } = ctx
  const { path, forecast } = tracked
  const when = (iso: string) => formatWhen(ctx.locale, iso, { dateOnly: true })
  return (
    <section aria-labelledby="path-heading">
      <h2 id="path-heading">{t('progress.path')}</h2>
      {path ? (
        <ul>
          <li>
            {t('progress.baseline', { value: valueOf(ctx, path.baseline.value, unit), date: when(path.baseline.on) })}{' '}
            <span dir="auto">({path.baseline.source})</span>
          </li>
          {path.milestones.map((m) => (
            <li key={m.on}>{t('progress.milestoneBy', { value: valueOf(ctx, m.value, unit), date: when(m.on) })}</li>
          ))}
        </ul>
      ) : (
        <p>{t('progress.noPath')}</p>
      )}
      {forecast === undefined ? (
        tracked.computed !== 'done' && <p>{t('progress.forecastNeeds', { count: 3 })}</p>
      ) : forecast.on === null ? (
        <p>{t('progress.forecastNotRising')}</p>
      ) : (
        <p>
          {t(forecast.latest ? 'progress.forecast' : 'progress.forecastOpen', {
            date: when(forecast.on),
            earliest: when(forecast.earliest),
            latest: forecast.latest ? when(forecast.latest) : '',
          })}
        </p>
      )}
    </section>
  )
}

/** A row's money by fiscal year, allocated, released and spent, with the totals, and the form of those who record it. */
function Money({
  ctx,
  csrf,
  itemKey,
  funding,
  values,
  errors,
}: {
  ctx: PageContext
  csrf: string
  itemKey: string
  funding: ItemProps['funding']
  values: Record<string, unknown>
  errors: FieldErrors
}) {
  const { t } = ctx
  const { years, total } = funding.money
  const field = { ctx, values, errors }
  // An array, not a fragment: the table labels each cell of a row for phones, and sees into arrays only.
  const cells = (y: { allocated: bigint; released: bigint; spent: bigint }) =>
    [y.allocated, y.released, y.spent].map((paisa, i) => (
      <td key={i}>
        <bdi>{rupees(ctx, paisa)}</bdi>
      </td>
    ))
  if (years.length === 0 && !funding.mayRecord) return null
  return (
    <section aria-labelledby="money">
      <h2 id="money">{t('progress.money.heading')}</h2>
      {years.length === 0 ? (
        <p>{t('progress.money.none')}</p>
      ) : (
        <DataTable
          caption={t('progress.money.caption')}
          columns={[
            t('progress.money.fiscalYear'),
            t('progress.money.allocated'),
            t('progress.money.released'),
            t('progress.money.spent'),
            t('progress.fields.source'),
          ]}
        >
          {years.map((y) => (
            <tr key={y.fiscalYear}>
              <td>
                <bdi>{y.fiscalYear}</bdi>
              </td>
              {cells(y)}
              <td>
                {y.evidenceUrl ? (
                  <a href={y.evidenceUrl} rel="noopener noreferrer">
                    {y.source}
                  </a>
                ) : (
                  y.source
                )}
              </td>
            </tr>
          ))}
          <tr>
            <th scope="row">{t('progress.money.total')}</th>
            {cells(total)}
            <td />
          </tr>
        </DataTable>
      )}
      {funding.mayRecord && (
        <form method="post" action={ctx.href(`/progress/items/${encodeURIComponent(itemKey)}/funding`)} novalidate>
          <CsrfField token={csrf} />
          <h3>{t('progress.money.record')}</h3>
          <Select
            {...field}
            name="fiscalYear"
            label={t('progress.money.fiscalYear')}
            hint={t('progress.money.fiscalYearHint')}
            options={funding.years.map((y) => ({ value: y, label: y }))}
          />
          <TextField
            {...field}
            name="allocated"
            label={t('progress.money.allocated')}
            hint={t('progress.money.amountHint')}
            inputMode="decimal"
            maxLength={40}
          />
          <TextField {...field} name="released" label={t('progress.money.released')} inputMode="decimal" maxLength={40} />
          <TextField {...field} name="spent" label={t('progress.money.spent')} inputMode="decimal" maxLength={40} />
          <TextField
            {...field}
            name="source"
            label={t('progress.fields.source')}
            hint={t('progress.money.sourceHint')}
            maxLength={300}
          />
          <TextField
            {...field}
            name="evidenceUrl"
            label={t('progress.fields.evidenceUrl')}
            hint={t('progress.hints.optional')}
            maxLength={2000}
          />
          <button type="submit" class="button">
            {t('progress.money.save')}
          </button>
        </form>
      )}
    </section>
  )
}

/**
 * A matrix row's delivery confidence: the lead body's newest rating with its narrative, risks and help needed, the
 * Cell's challenges of it, every earlier rating, and the forms of those who may add to them.
 */
function Confidence({
  ctx,
  csrf,
  itemKey,
  confidence,
  values,
  errors,
}: {
  ctx: PageContext
  csrf: string
  itemKey: string
  confidence: ItemProps['confidence']
  values: Record<string, unknown>
  errors: FieldErrors
}) {
  const { t } = ctx
  const [latest, ...earlier] = confidence.ratings
  const field = { ctx, values, errors }
  const base = `/progress/items/${encodeURIComponent(itemKey)}/confidence`
  const when = (at: Date) => formatWhen(ctx.locale, at, { dateOnly: true })
  return (
    <section aria-labelledby="confidence">
      <h2 id="confidence">{t('progress.confidence.heading')}</h2>
      {!latest ? (
        <p>{t('progress.confidence.none')}</p>
      ) : (
        <>
          <p>
            <strong>{t(`progress.confidence.ratings.${latest.rating}`)}</strong>{' '}
            {t('progress.confidence.by', {
              officer: latest.officer,
              body: (ctx.locale === 'ur' ? latest.bodyUr : latest.bodyEn) ?? '',
              date: when(latest.ratedAt),
              period: periodName(ctx.locale, latest.period),
            })}
          </p>
          <dl class="key-facts">
            <Fact label={t('progress.confidence.narrative')}>
              <span dir="auto">{latest.narrative}</span>
            </Fact>
            {latest.risks && (
              <Fact label={t('progress.confidence.risks')}>
                <span dir="auto">{latest.risks}</span>
              </Fact>
            )}
            {latest.helpNeeded && (
              <Fact label={t('progress.confidence.helpNeeded')}>
                <span dir="auto">{latest.helpNeeded}</span>
              </Fact>
            )}
          </dl>
          {latest.challenges.map((c) => (
            <p key={c.id} class="review-comments" role="note">
              <strong>{t('progress.confidence.challenged', { date: when(c.at) })}</strong> <span dir="auto">{c.comment}</span>
            </p>
          ))}
          {ctx.can('progress.override') && (
            <form method="post" action={ctx.href(`${base}/${latest.id}/challenge`)} novalidate>
              <CsrfField token={csrf} />
              <TextArea {...field} name="comment" label={t('progress.confidence.challenge')} rows={3} />
              <button type="submit" class="button secondary">
                {t('progress.confidence.challengeButton')}
              </button>
            </form>
          )}
          {earlier.length > 0 && (
            <DataTable
              caption={t('progress.confidence.history')}
              columns={[t('progress.confidence.period'), t('progress.confidence.column'), t('progress.confidence.given')]}
            >
              {earlier.map((r) => (
                <tr key={r.id}>
                  <td>{periodName(ctx.locale, r.period)}</td>
                  <td>{t(`progress.confidence.ratings.${r.rating}`)}</td>
                  <td>
                    {r.officer}, {when(r.ratedAt)}
                  </td>
                </tr>
              ))}
            </DataTable>
          )}
        </>
      )}
      {confidence.mayRate && (
        <form method="post" action={ctx.href(base)} novalidate>
          <CsrfField token={csrf} />
          <h3>{t('progress.confidence.rate')}</h3>
          <Choices
            {...field}
            type="radio"
            name="rating"
            label={t('progress.confidence.column')}
            options={confidenceRatings.map((r) => ({
              value: r,
              label: (
                <>
                  <strong>{t(`progress.confidence.ratings.${r}`)}</strong>: {t(`progress.confidence.meanings.${r}`)}
                </>
              ),
            }))}
          />
          <TextArea
            {...field}
            name="narrative"
            label={t('progress.confidence.narrative')}
            hint={t('progress.confidence.narrativeHint')}
            rows={4}
          />
          <TextArea {...field} name="risks" label={t('progress.confidence.risks')} hint={t('progress.hints.optional')} rows={3} />
          <TextArea
            {...field}
            name="helpNeeded"
            label={t('progress.confidence.helpNeeded')}
            hint={t('progress.hints.optional')}
            rows={3}
          />
          <button type="submit" class="button">
            {t('progress.confidence.rateButton')}
          </button>
        </form>
      )}
    </section>
  )
}

/** A figure's parts by province, and what is left of it unplaced. */
function ProvinceParts({ ctx, value, parts, unit }: { ctx: PageContext; value: number; parts: Part[]; unit: string }) {
  const placed = parts.reduce((n, p) => n + p.value, 0)
  const items = parts.map((p) => `${ctx.t(`administration.provinces.${p.province}`)} ${valueOf(ctx, p.value, unit)}`)
  if (value - placed > 1e-9) items.push(ctx.t('progress.provinces.unplaced', { value: valueOf(ctx, value - placed, unit) }))
  return (
    <>
      <br />
      <span class="caption">{inlineList(ctx.locale, items)}</span>
    </>
  )
}

/** The optional breakdown of a new figure by province: blank means not known. */
function ProvinceFields({ ctx, values, errors }: { ctx: PageContext; values: Record<string, unknown>; errors: FieldErrors }) {
  const { t } = ctx
  return (
    <fieldset class={errors.parts ? 'field has-error' : 'field'} aria-describedby="parts-hint">
      <legend>{t('progress.provinces.legend')}</legend>
      <p class="hint" id="parts-hint">
        {t('progress.provinces.hint')}
      </p>
      {errors.parts && <p class="field-error">{t(errors.parts)}</p>}
      {FIGURE_PROVINCES.map((p) => (
        <TextField
          key={p}
          ctx={ctx}
          values={values}
          errors={errors}
          name={`part_${p}`}
          label={t(`administration.provinces.${p}`)}
          inputMode="decimal"
          maxLength={20}
        />
      ))}
    </fieldset>
  )
}

type ItemProps = {
  ctx: PageContext
  pillars: Pillar[]
  confidence: { ratings: ConfidenceHistory; mayRate: boolean }
  /** The log's entries about this item. */
  log: LogRow[]
  funding: { money: RowFunding; mayRecord: boolean; years: string[] }
  csrf: string
  tracked: Awaited<ReturnType<typeof trackedItem>>
  data: PolicyData
  mayRecord: boolean
  chart: string
  values: Record<string, unknown>
  errors: FieldErrors
}

export function ProgressItemPage({
  ctx,
  pillars,
  confidence,
  log,
  funding,
  csrf,
  tracked,
  data,
  mayRecord,
  chart,
  values,
  errors,
}: ItemProps) {
  const { t } = ctx
  const { item, status, computed, override, measurements, targetItems } = tracked
  const title = titleOf(ctx, tracked)
  const field = { ctx, values, errors }
  const target = item.kind === 'target' ? (item.definition as Target) : undefined
  const kpi = item.kind === 'kpi' ? (item.definition as Kpi) : undefined
  const row = item.kind === 'action' ? (item.definition as ActionRow) : undefined
  const figure = item.kind === 'figure' ? (item.definition as Figure) : undefined
  const unit = target?.unit ?? kpi?.unit ?? 'count'
  const contradiction = target && contradictionsOf(data).find((c) => c.targets.some((x) => x.id === target.id))
  const measure = target?.measure ? data.measures.find((m) => m.id === target.measure) : undefined
  const alsoCounting = target ? targetsMeasuring(data, target).filter((x) => x.id !== target.id) : []
  const clauseOf = (key: string) => data.targets.find((x) => `target:${x.id}` === key)?.clause
  const corrected = new Set(measurements.map((m) => m.corrects).filter(Boolean))
  return (
    <TrackerFormPage ctx={ctx} title={title} errors={errors}>
      <dl class="key-facts">
        <Fact label={t('progress.statusColumn')}>
          <StatusBadge ctx={ctx} status={status} />
        </Fact>
        {item.deadline && <Fact label={t('progress.deadline')}>{formatWhen(ctx.locale, item.deadline, { dateOnly: true })}</Fact>}
        <Fact label={t('progress.pillar')}>
          {inlineList(
            ctx.locale,
            pillars.filter((p) => item.pillars.includes(p.number)).map((p) => (ctx.locale === 'ur' ? p.titleUr : p.titleEn)),
          ) || t('progress.noPillar')}
        </Fact>
        {target && <Fact label={t('progress.target')}>{targetPhrase(ctx, target)}</Fact>}
        {measure && (
          <Fact label={t('progress.measure')}>
            {ctx.locale === 'ur' ? measure.ur : measure.en}. {ctx.locale === 'ur' ? measure.definition.ur : measure.definition.en}{' '}
            {t('progress.measureSource', { source: ctx.locale === 'ur' ? measure.source.ur : measure.source.en })}
          </Fact>
        )}
        {row && (
          <Fact label={t('progress.lead_stakeholder')}>
            <LeadNames ctx={ctx} stakeholders={data.stakeholders} row={row} />
          </Fact>
        )}
      </dl>
      {override && (
        <p class="review-comments" role="note">
          {t('progress.overridden', {
            date: formatWhen(ctx.locale, override.at, { dateOnly: true }),
            computed: t(`progress.status.${computed}`),
          })}{' '}
          <span dir="auto">{override.reason}</span>
        </p>
      )}
      {contradiction && (
        <p class="review-comments" role="note">
          <strong>{t('progress.conflictNote')}</strong>{' '}
          {inlineList(
            ctx.locale,
            contradiction.targets.map((x) => `${clauseRef(ctx.locale, x.clause)}: ${targetPhrase(ctx, x)}`),
          )}
        </p>
      )}
      {alsoCounting.length > 0 && (
        <p>
          {t('progress.sharedMeasure')}{' '}
          {alsoCounting.map((x, i) => (
            <span key={x.id}>
              {i > 0 && (ctx.locale === 'ur' ? '، ' : ', ')}
              <a href={itemHref(ctx, `target:${x.id}`)}>
                <bdi>{clauseRef(ctx.locale, x.clause)}</bdi>
              </a>
            </span>
          ))}
        </p>
      )}
      {(target || kpi) && (
        <figure class="policy-quote">
          <blockquote lang="en" dir="ltr">
            {target?.quote ?? kpi?.quote ?? kpi?.en}
          </blockquote>
          <figcaption>
            {target
              ? t('progress.source', { clause: clauseRef(ctx.locale, target.clause) })
              : t('progress.kpiSource', { pillar: kpi!.pillar })}
          </figcaption>
        </figure>
      )}
      {figure && <p>{t('progress.figureSource', { clause: clauseRef(ctx.locale, figure.clause) })}</p>}
      {target && !target.per && <PathAndForecast ctx={ctx} tracked={tracked} unit={unit} />}
      {row && (
        <>
          <p>{t('progress.matrixRow', { number: row.number })}</p>
          {ctx.locale === 'ur' && (
            <p class="hint">
              {t('progress.translatedRow')}{' '}
              <a href={`/progress/items/${encodeURIComponent(item.key)}`} hreflang="en" lang="en" dir="ltr">
                English
              </a>
            </p>
          )}
          <dl class="key-facts">
            <Fact label={t('progress.columns.area')}>{ctx.locale === 'ur' ? data.areas[row.area] : row.area}</Fact>
            {(['objective', 'description', 'currentState', 'desiredState'] as const).map((k) => (
              <Fact key={k} label={t(`progress.columns.${k}`)}>
                {ctx.locale === 'ur' ? row.ur[k] : row[k]}
              </Fact>
            ))}
            <Fact label={t('progress.columns.timeline')}>
              {ctx.locale === 'ur' ? t('progress.by', { year: row.timeline.slice(-4) }) : row.timeline}
            </Fact>
            <Fact label={t('progress.columns.term')}>{t(`progress.terms.${row.term}`)}</Fact>
          </dl>
          <h2>{t('progress.targetsOfRow')}</h2>
          {targetItems.length === 0 ? (
            <p>{t('progress.noTargetInPolicy')}</p>
          ) : (
            <ul>
              {targetItems.map((ti) => (
                <li key={ti.item.key}>
                  <a href={itemHref(ctx, ti.item.key)}>{titleOf(ctx, ti)}</a>: {targetPhrase(ctx, ti.item.definition as Target)}{' '}
                  <StatusBadge ctx={ctx} status={ti.status} />
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      {log.length > 0 && <LogTable ctx={ctx} data={data} entries={log} caption={t('progress.log.aboutThis')} />}
      {row && <Money ctx={ctx} csrf={csrf} itemKey={item.key} funding={funding} values={values} errors={errors} />}
      {row && <Confidence ctx={ctx} csrf={csrf} itemKey={item.key} confidence={confidence} values={values} errors={errors} />}
      {!row && (
        <>
          <h2>{t('progress.measurements')}</h2>
          {chart && (
            // Drawn by Vega from the figures below, which the table gives to screen readers.
            <div class="chart" aria-hidden="true" dangerouslySetInnerHTML={{ __html: chart }} />
          )}
          {measurements.length === 0 ? (
            <p>{t('progress.noData')}</p>
          ) : (
            <DataTable
              caption={t('progress.measurementsCaption')}
              columns={[
                t('progress.fields.measuredOn'),
                t('progress.fields.value'),
                t('progress.fields.source'),
                t('progress.fields.note'),
              ]}
            >
              {measurements.map((m) => (
                <tr key={m.id} class={corrected.has(m.id) ? 'superseded' : undefined}>
                  <td>{formatWhen(ctx.locale, m.measuredOn, { dateOnly: true })}</td>
                  <td>
                    {corrected.has(m.id) ? <del>{valueOf(ctx, m.value, unit)}</del> : valueOf(ctx, m.value, unit)}
                    {m.corrects && ` (${t('progress.correction')})`}
                    {m.parts.length > 0 && <ProvinceParts ctx={ctx} value={m.value} parts={m.parts} unit={unit} />}
                  </td>
                  <td>
                    {m.evidenceUrl ? (
                      <a href={m.evidenceUrl} rel="noopener noreferrer">
                        {m.source}
                      </a>
                    ) : (
                      m.source
                    )}
                    {m.evidenceFile && (
                      <>
                        {' '}
                        (<a href={ctx.href(`/files/${m.evidenceFile}`)}>{t('progress.evidence')}</a>)
                      </>
                    )}
                    {m.itemKey !== item.key && clauseOf(m.itemKey) && (
                      <> ({t('progress.recordedFor', { clause: clauseRef(ctx.locale, clauseOf(m.itemKey)!) })})</>
                    )}
                  </td>
                  <td dir="auto">{m.note}</td>
                </tr>
              ))}
            </DataTable>
          )}
          {mayRecord && (
            <form
              method="post"
              action={`${ctx.href(`/progress/items/${encodeURIComponent(item.key)}`)}?_csrf=${encodeURIComponent(csrf)}`}
              encType="multipart/form-data"
              novalidate
            >
              <h2 id="record">{t('progress.record')}</h2>
              <TextField {...field} name="value" label={t('progress.fields.value')} inputMode="decimal" maxLength={20} />
              <TextField {...field} name="measuredOn" type="date" label={t('progress.fields.measuredOn')} />
              <TextField
                {...field}
                name="source"
                label={t('progress.fields.source')}
                hint={t('progress.hints.source')}
                maxLength={300}
              />
              <TextField
                {...field}
                name="evidenceUrl"
                label={t('progress.fields.evidenceUrl')}
                hint={t('progress.hints.optional')}
                maxLength={2000}
              />
              <FileField
                {...field}
                name="evidenceFile"
                label={t('progress.fields.evidenceFile')}
                hint={t('progress.hints.evidenceFile')}
                accept=".pdf,.png,.jpg,.jpeg,.csv,.xlsx"
              />
              {tracked.byProvince && <ProvinceFields ctx={ctx} values={values} errors={errors} />}
              <TextArea {...field} name="note" label={t('progress.fields.note')} hint={t('progress.hints.optional')} rows={3} />
              {measurements.length > 0 && (
                <div class="field">
                  <label for="f-corrects">{t('progress.fields.corrects')}</label>
                  <select id="f-corrects" name="corrects">
                    <option value="">{t('progress.notACorrection')}</option>
                    {measurements
                      .filter((m) => !corrected.has(m.id))
                      .map((m) => (
                        <option key={m.id} value={m.id} selected={values.corrects === m.id}>
                          {formatWhen(ctx.locale, m.measuredOn, { dateOnly: true })}: {valueOf(ctx, m.value, unit)}
                        </option>
                      ))}
                  </select>
                </div>
              )}
              <button type="submit" class="button">
                {t('progress.save')}
              </button>
            </form>
          )}
        </>
      )}
      {ctx.can('progress.override') && target && !target.per && (
        <form method="post" action={ctx.href(`/progress/items/${encodeURIComponent(item.key)}/path`)} novalidate>
          <CsrfField token={csrf} />
          <h2>{t('progress.setPath')}</h2>
          <p class="hint">{t('progress.setPathHint')}</p>
          <TextField
            {...field}
            name="baselineValue"
            label={t('progress.fields.baselineValue')}
            inputMode="decimal"
            maxLength={20}
          />
          <TextField {...field} name="baselineOn" type="date" label={t('progress.fields.baselineOn')} />
          <TextField
            {...field}
            name="baselineSource"
            label={t('progress.fields.baselineSource')}
            hint={t('progress.hints.source')}
            maxLength={300}
          />
          <TextArea
            {...field}
            name="milestones"
            label={t('progress.fields.milestones')}
            hint={t('progress.hints.milestones')}
            rows={4}
          />
          <button type="submit" class="button secondary">
            {t('progress.setPathButton')}
          </button>
        </form>
      )}
      {ctx.can('progress.override') && item.kind !== 'kpi' && (
        <form method="post" action={ctx.href(`/progress/items/${encodeURIComponent(item.key)}/status`)} novalidate>
          <CsrfField token={csrf} />
          <h2>{t('progress.setStatus')}</h2>
          <p class="hint">{t('progress.setStatusHint', { computed: t(`progress.status.${computed}`) })}</p>
          <Choices
            {...field}
            type="radio"
            name="status"
            label={t('progress.statusColumn')}
            options={statuses.filter((s) => s !== 'no_target').map((s) => ({ value: s, label: t(`progress.status.${s}`) }))}
          />
          <TextArea {...field} name="reason" label={t('progress.reason')} hint={t('progress.reasonHint')} rows={3} />
          <button type="submit" class="button secondary">
            {t('progress.setStatusButton')}
          </button>
        </form>
      )}
    </TrackerFormPage>
  )
}
