import { pakistanLocal } from '../../../platform/clock.ts'
import { DataTable } from '../../../platform/data-table.tsx'
import { Choices, CsrfField, ErrorSummary, Select, TextArea, TextField, type FieldErrors } from '../../../platform/forms.tsx'
import { formatWhen } from '../../../platform/i18n.ts'
import { Fact } from '../../../platform/key-facts.tsx'
import { Layout } from '../../../platform/layout.tsx'
import { rupeesTyped } from '../../../platform/money.ts'
import type { PageContext } from '../../../platform/page.ts'
import { sectors } from '../../register/register.record.ts'
import { windowOf, type CallRow } from '../calls.service.ts'
import type { callPanel } from '../decisions.service.ts'
import type { fundYears } from '../transparency.service.ts'
import type { ProgrammeConfig } from '../programmes.config.ts'
import { CallFacts, Local, localText, Money, Pair, pairText, Points, WindowBadge } from './parts.tsx'
import { CallsTable } from './calls.tsx'

type Panel = Awaited<ReturnType<typeof callPanel>>
const titled = (ctx: PageContext, errors: FieldErrors, title: string) =>
  Object.keys(errors).length ? `${ctx.t('errors.title')}: ${title}` : title

/** The staff's list of their programme's calls, drafts included. */
export function ManagePage({
  ctx,
  csrf,
  config,
  calls,
  years,
  now,
  errors,
  values,
}: {
  ctx: PageContext
  csrf: string
  config: ProgrammeConfig
  calls: readonly CallRow[]
  years: Awaited<ReturnType<typeof fundYears>> | undefined
  now: Date
  errors: FieldErrors
  values: Record<string, unknown>
}) {
  const { t } = ctx
  const base = `${config.path}/manage`
  return (
    <Layout ctx={ctx} title={`${t('programmes.manage.title')}: ${t(`programmes.${config.programme}.title`)}`}>
      <p class="breadcrumb">
        <a href={ctx.href(config.path)}>{t(`programmes.${config.programme}.title`)}</a>
      </p>
      <h1>{t('programmes.manage.title')}</h1>
      <p class="actions">
        <a class="button" href={ctx.href(`${base}/calls/new`)}>
          {t('programmes.manage.newCall')}
        </a>
      </p>
      {calls.length ? (
        <CallsTable
          ctx={ctx}
          calls={calls}
          now={now}
          caption={t('programmes.manage.callsCaption')}
          hrefOf={(c) => `${base}/calls/${c.id}`}
        />
      ) : (
        <p>{t('programmes.manage.noCalls')}</p>
      )}
      {years && <FundYears ctx={ctx} csrf={csrf} path={config.path} years={years} errors={errors} values={values} />}
    </Layout>
  )
}

/** The fund's size per fiscal year, and the committee's form to record a year (policy 1.1(b): at least 30%). */
function FundYears({
  ctx,
  csrf,
  path,
  years,
  errors,
  values,
}: {
  ctx: PageContext
  csrf: string
  path: string
  years: Awaited<ReturnType<typeof fundYears>>
  errors: FieldErrors
  values: Record<string, unknown>
}) {
  const { t } = ctx
  const field = { ctx, errors, values }
  return (
    <section aria-labelledby="years">
      <h2 id="years">{t('programmes.years.heading')}</h2>
      <p>{t('programmes.years.lead')}</p>
      {years.length > 0 && (
        <DataTable
          caption={t('programmes.years.caption')}
          columns={[
            t('programmes.public.fiscalYear'),
            t('programmes.years.ignite'),
            t('programmes.years.naif'),
            t('programmes.years.share'),
          ]}
        >
          {years.map((y) => (
            <tr key={y.fiscalYear}>
              <th scope="row">
                <bdi dir="ltr">{y.fiscalYear}</bdi>
              </th>
              <td>
                <Money ctx={ctx} paisa={y.igniteRndPaisa} />
              </td>
              <td>
                <Money ctx={ctx} paisa={y.naifPaisa} />
              </td>
              <td class={y.sharePercent < 30 ? 'warning' : undefined}>
                <bdi dir="ltr">{`${y.sharePercent}%`}</bdi>
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      <form method="post" action={ctx.href(`${path}/manage/years`)} novalidate>
        <CsrfField token={csrf} />
        <TextField
          {...field}
          name="fiscalYear"
          label={t('programmes.public.fiscalYear')}
          hint={t('programmes.years.yearHint')}
          dir="ltr"
        />
        <TextField
          {...field}
          name="ignite"
          label={t('programmes.years.ignite')}
          hint={t('programmes.call.moneyHint')}
          inputMode="decimal"
          dir="ltr"
        />
        <TextField {...field} name="naif" label={t('programmes.years.naif')} inputMode="decimal" dir="ltr" />
        <TextField {...field} name="source" label={t('programmes.years.source')} hint={t('programmes.years.sourceHint')} />
        <button type="submit" class="button secondary">
          {t('programmes.years.save')}
        </button>
      </form>
    </section>
  )
}

/** A call's terms as a form: the scheme, titles and theme, priority sectors, the window in Pakistan time, money or places. */
function TermsFields({
  ctx,
  config,
  values,
  errors,
  schemeFixed,
}: {
  ctx: PageContext
  config: ProgrammeConfig
  values: Record<string, unknown>
  errors: FieldErrors
  schemeFixed: boolean
}) {
  const { t } = ctx
  const field = { ctx, values, errors }
  const schemes = Object.keys(config.schemes)
  return (
    <>
      {schemeFixed || schemes.length === 1 ? (
        <input type="hidden" name="scheme" value={String(values.scheme ?? schemes[0])} />
      ) : (
        <Select
          {...field}
          name="scheme"
          label={t('programmes.call.scheme')}
          options={schemes.map((s) => ({ value: s, label: t(`programmes.schemes.${s}`) }))}
        />
      )}
      <TextField {...field} name="titleEn" label={t('programmes.call.titleEn')} maxLength={200} />
      <TextField {...field} name="titleUr" label={t('programmes.call.titleUr')} lang="ur" maxLength={200} />
      <TextArea {...field} name="themeEn" label={t('programmes.call.themeEn')} rows={4} />
      <TextArea {...field} name="themeUr" label={t('programmes.call.themeUr')} lang="ur" rows={4} />
      <Choices
        {...field}
        type="checkbox"
        name="prioritySectors"
        label={t('programmes.call.prioritySectors')}
        hint={t('programmes.call.prioritySectorsHint')}
        options={sectors.map((s) => ({ value: s, label: t(`register.options.sector.${s}`) }))}
      />
      <TextField
        {...field}
        type="datetime-local"
        name="opensAt"
        label={t('programmes.call.opens')}
        hint={t('programmes.call.timeHint')}
      />
      <TextField
        {...field}
        type="datetime-local"
        name="closesAt"
        label={t('programmes.call.closes')}
        hint={t('programmes.call.timeHint')}
      />
      {config.money && (
        <>
          <TextField
            {...field}
            name="budget"
            label={t('programmes.call.budget')}
            hint={t('programmes.call.moneyHint')}
            inputMode="decimal"
            dir="ltr"
          />
          <TextField
            {...field}
            name="cap"
            label={t('programmes.call.cap')}
            hint={t('programmes.call.capHint')}
            inputMode="decimal"
            dir="ltr"
          />
        </>
      )}
      <TextField
        {...field}
        name="places"
        label={t('programmes.call.places')}
        hint={t(config.money ? 'programmes.call.placesOptionalHint' : 'programmes.call.placesHint')}
        inputMode="numeric"
        dir="ltr"
      />
    </>
  )
}

export function CallFormPage({
  ctx,
  csrf,
  config,
  values,
  errors,
}: {
  ctx: PageContext
  csrf: string
  config: ProgrammeConfig
  values: Record<string, unknown>
  errors: FieldErrors
  callId?: string | undefined
}) {
  const { t } = ctx
  const base = `${config.path}/manage`
  return (
    <Layout ctx={ctx} title={titled(ctx, errors, t('programmes.manage.newCall'))}>
      <ErrorSummary ctx={ctx} errors={errors} />
      <p class="breadcrumb">
        <a href={ctx.href(base)}>{t('programmes.manage.title')}</a>
      </p>
      <h1>{t('programmes.manage.newCall')}</h1>
      <p class="lead">{t('programmes.manage.newCallLead')}</p>
      <form method="post" action={ctx.href(`${base}/calls/new`)} novalidate>
        <CsrfField token={csrf} />
        <TermsFields ctx={ctx} config={config} values={values} errors={errors} schemeFixed={false} />
        <button type="submit" class="button">
          {t('programmes.manage.saveDraft')}
        </button>
      </form>
    </Layout>
  )
}

const termsValues = (call: CallRow): Record<string, unknown> => ({
  scheme: call.scheme,
  titleEn: call.titleEn,
  titleUr: call.titleUr ?? '',
  themeEn: call.themeEn,
  themeUr: call.themeUr ?? '',
  prioritySectors: call.prioritySectors,
  opensAt: pakistanLocal(call.opensAt),
  closesAt: pakistanLocal(call.closesAt),
  budget: call.budgetPaisa === null ? '' : rupeesTyped(call.budgetPaisa),
  cap: call.capPaisa === null ? '' : rupeesTyped(call.capPaisa),
  places: call.places === null ? '' : String(call.places),
})

/** What is left to give: places, money, and each quota's reserve still unmet. */
export function Standing({ ctx, call, panel }: { ctx: PageContext; call: CallRow; panel: Panel }) {
  const { t } = ctx
  const s = panel.standing
  return (
    <dl class="key-facts">
      <Fact label={t('programmes.standing.awarded')}>{s.awarded}</Fact>
      {s.placesLeft !== null && <Fact label={t('programmes.standing.placesLeft')}>{s.placesLeft}</Fact>}
      {s.budgetLeft !== null && (
        <Fact label={t('programmes.standing.budgetLeft')}>
          <Money ctx={ctx} paisa={s.budgetLeft} />
        </Fact>
      )}
      {s.quotas.map((q) => {
        const quota = call.definition.quotas.find((x) => x.id === q.id)!
        return (
          <Fact key={q.id} label={`${t('programmes.standing.quota')}: ${localText(ctx, quota.label)}`}>
            {q.unit === 'places' ? (
              t('programmes.standing.quotaPlaces', { filled: String(q.filled), reserved: String(q.reserved) })
            ) : (
              <>
                <Money ctx={ctx} paisa={q.filled} /> / <Money ctx={ctx} paisa={q.reserved} />
              </>
            )}
          </Fact>
        )
      })}
    </dl>
  )
}

/** The applications of a call, ranked on their consensus: reviewers, total, threshold, rank and decision. */
export function PanelTable({ ctx, config, panel }: { ctx: PageContext; config: ProgrammeConfig; panel: Panel }) {
  const { t } = ctx
  return (
    <DataTable
      caption={t('programmes.panel.caption', { count: panel.rows.length })}
      columns={[
        t('programmes.panel.rank'),
        t('programmes.panel.application'),
        t('programmes.panel.reviews'),
        t('programmes.panel.total'),
        t('programmes.panel.decision'),
      ]}
    >
      {panel.rows.map((r) => (
        <tr key={r.id}>
          <td>
            {r.rank
              ? `${r.rank.rank}${r.rank.tied ? ` (${t('programmes.panel.tied')})` : ''}`
              : r.consensus
                ? t('programmes.panel.belowThreshold')
                : '—'}
          </td>
          <th scope="row">
            <a href={ctx.href(`${config.path}/manage/applications/${r.id}`)}>
              <Pair ctx={ctx} en={r.titleEn} ur={r.titleUr} />
            </a>
            <br />
            <small>
              <Pair ctx={ctx} en={r.organisationEn} ur={r.organisationUr} />
            </small>
          </th>
          <td>{t('programmes.panel.reviewCount', { submitted: r.reviewers.submitted, assigned: r.reviewers.assigned })}</td>
          <td>{r.consensus ? <Points tenths={r.consensus.total} /> : '—'}</td>
          <td>{r.decision ? t(`programmes.outcomes.${r.decision.outcome}`) : '—'}</td>
        </tr>
      ))}
    </DataTable>
  )
}

export function CallAdminPage({
  ctx,
  csrf,
  config,
  call,
  panel,
  now,
  errors,
  values,
}: {
  ctx: PageContext
  csrf: string
  config: ProgrammeConfig
  call: CallRow
  panel: Panel
  now: Date
  errors: FieldErrors
  values: Record<string, unknown> | undefined
}) {
  const { t } = ctx
  const base = `${config.path}/manage`
  const title = pairText(ctx, call.titleEn, call.titleUr)
  const changeable = !call.publishedAt || windowOf(call, now) === 'upcoming'
  const issues = (values?.definitionIssues as string[] | undefined) ?? []
  const late = panel.timing.closed && panel.timing.undecided > 0 && now.getTime() > panel.timing.due.getTime()
  return (
    <Layout ctx={ctx} title={titled(ctx, errors, title)}>
      <ErrorSummary ctx={ctx} errors={errors} />
      <p class="breadcrumb">
        <a href={ctx.href(base)}>{t('programmes.manage.title')}</a>
      </p>
      <h1>{title}</h1>
      <p>
        {call.publishedAt ? (
          <WindowBadge ctx={ctx} call={call} now={now} />
        ) : (
          <span class="badge">{t('programmes.call.draft')}</span>
        )}{' '}
        {call.publishedAt && <a href={ctx.href(`${config.path}/calls/${call.id}`)}>{t('programmes.manage.publicPage')}</a>}
      </p>
      <CallFacts ctx={ctx} call={call} />
      {!call.publishedAt && (
        <form method="post" action={ctx.href(`${base}/calls/${call.id}/publish`)}>
          <CsrfField token={csrf} />
          <p>{t('programmes.manage.publishHint')}</p>
          <button type="submit" class="button">
            {t('programmes.manage.publish')}
          </button>
        </form>
      )}
      <section aria-labelledby="panel">
        <h2 id="panel">{t('programmes.panel.heading')}</h2>
        <p class={late ? 'warning' : undefined}>
          {t(panel.timing.closed ? 'programmes.panel.due' : 'programmes.panel.dueAfterClosing', {
            due: formatWhen(ctx.locale, panel.timing.due, { dateOnly: true }),
            undecided: panel.timing.undecided,
          })}
        </p>
        <Standing ctx={ctx} call={call} panel={panel} />
        {panel.rows.length ? <PanelTable ctx={ctx} config={config} panel={panel} /> : <p>{t('programmes.panel.none')}</p>}
      </section>
      {changeable && (
        <>
          <section aria-labelledby="terms">
            <h2 id="terms">{t('programmes.manage.terms')}</h2>
            <form method="post" action={ctx.href(`${base}/calls/${call.id}`)} novalidate>
              <CsrfField token={csrf} />
              <TermsFields
                ctx={ctx}
                config={config}
                values={values && !('definition' in values) ? values : termsValues(call)}
                errors={errors}
                schemeFixed
              />
              <button type="submit" class="button secondary">
                {t('programmes.manage.saveTerms')}
              </button>
            </form>
          </section>
          <section aria-labelledby="definition">
            <h2 id="definition">{t('programmes.manage.definition')}</h2>
            <p>{t('programmes.manage.definitionHint')}</p>
            {issues.length > 0 && (
              <ul class="field-error">
                {issues.slice(0, 50).map((i) => (
                  <li key={i} lang="en" dir="ltr">
                    {i}
                  </li>
                ))}
              </ul>
            )}
            <form method="post" action={ctx.href(`${base}/calls/${call.id}/definition`)} novalidate>
              <CsrfField token={csrf} />
              <TextArea
                ctx={ctx}
                name="definition"
                label={t('programmes.manage.definitionField')}
                errors={errors}
                values={{ definition: (values?.definition as string | undefined) ?? JSON.stringify(call.definition, null, 2) }}
                rows={16}
                lang="en"
              />
              <button type="submit" class="button secondary">
                {t('programmes.manage.saveDefinition')}
              </button>
            </form>
          </section>
        </>
      )}
      <section aria-labelledby="rubric-now">
        <h2 id="rubric-now">{t('programmes.call.rubric')}</h2>
        <ul>
          {call.definition.criteria.map((c) => (
            <li key={c.id}>
              <Local ctx={ctx} text={c.title} />
            </li>
          ))}
        </ul>
      </section>
    </Layout>
  )
}
