import { DataTable } from '../../../platform/data-table.tsx'
import { CsrfField, ErrorSummary, TextArea, type FieldErrors } from '../../../platform/forms.tsx'
import { formatWhen } from '../../../platform/i18n.ts'
import { Layout } from '../../../platform/layout.tsx'
import type { PageContext } from '../../../platform/page.ts'
import type { ObligationRow } from '../obligations.service.ts'

type Duty = ObligationRow & { overdue: boolean }
type System = { id: string; number: number; nameEn: string; nameUr: string | null; published: boolean }

const name = (ctx: PageContext, s: { nameEn: string; nameUr: string | null }) => (ctx.locale === 'ur' && s.nameUr) || s.nameEn

export function DutyStatus({ ctx, duty }: { ctx: PageContext; duty: Pick<Duty, 'status' | 'overdue'> }) {
  const state = duty.overdue ? 'overdue' : duty.status
  return <span class={`badge duty-${state}`}>{ctx.t(`obligations.statuses.${state}`)}</span>
}

/** A system's duties as the public sees them: what is owed, by when, and whether it is late. */
export function DutiesList({
  ctx,
  duties,
  published,
  headingLevel = 2,
}: {
  ctx: PageContext
  duties: Duty[]
  published: boolean
  headingLevel?: 2 | 3
}) {
  const { t } = ctx
  const H = headingLevel === 2 ? 'h2' : 'h3'
  return (
    <section aria-labelledby="duties-heading" class="duties">
      <H id="duties-heading">{t('obligations.heading')}</H>
      <ul class="duty-list">
        <li>
          {t('obligations.kinds.publication')}{' '}
          <span class={`badge duty-${published ? 'met' : 'open'}`}>
            {t(`obligations.statuses.${published ? 'met' : 'open'}`)}
          </span>
        </li>
        {duties.map((d) => (
          <li key={d.id}>
            {t(`obligations.kinds.${d.kind}`)} <DutyStatus ctx={ctx} duty={d} />{' '}
            {d.status === 'open'
              ? t('obligations.due', { date: formatWhen(ctx.locale, d.dueOn) })
              : d.closedAt && t('obligations.closed', { date: formatWhen(ctx.locale, d.closedAt, { dateOnly: true }) })}
          </li>
        ))}
      </ul>
    </section>
  )
}

type Evaluation = { id: string; state: string; createdAt: Date; periodTo: string | null }
type SystemDutiesProps = {
  ctx: PageContext
  csrf: string
  system: System
  duties: Duty[]
  mayDeclare: (kind: Duty['kind']) => boolean
  errors: FieldErrors
  evaluations: Evaluation[]
  mayFile: boolean
}

export function SystemDutiesPage({ ctx, csrf, system, duties, mayDeclare, errors, evaluations, mayFile }: SystemDutiesProps) {
  const { t } = ctx
  const title = `${t('obligations.heading')}: ${name(ctx, system)}`
  return (
    <Layout ctx={ctx} title={Object.keys(errors).length ? `${t('errors.title')}: ${title}` : title}>
      <ErrorSummary ctx={ctx} errors={errors} />
      <p class="breadcrumb">
        <a href={ctx.href(ctx.can('assessments.fill') ? `/register/manage/${system.id}` : '/obligations')}>
          {ctx.can('assessments.fill') ? name(ctx, system) : t('obligations.dashboard.title')}
        </a>
      </p>
      <h1>{title}</h1>
      <p class="lead">{t('obligations.lead')}</p>
      <DutiesList ctx={ctx} duties={duties} published={system.published} />
      {duties
        .filter((d) => d.status === 'open' && mayDeclare(d.kind))
        .map((d) => (
          <form key={d.id} method="post" action={ctx.href(`/obligations/${d.id}/declare`)} novalidate class="submit-form">
            <CsrfField token={csrf} />
            <h2>{t(`obligations.kinds.${d.kind}`)}</h2>
            <TextArea
              ctx={ctx}
              values={{}}
              errors={errors}
              name="statement"
              label={t(`obligations.declare.${d.kind}.label`)}
              hint={t(`obligations.declare.${d.kind}.hint`)}
              rows={4}
            />
            <button type="submit" class="button">
              {t(`obligations.declare.${d.kind}.submit`)}
            </button>
          </form>
        ))}
      <section aria-labelledby="evaluations-heading">
        <h2 id="evaluations-heading">{t('evaluations.listHeading')}</h2>
        {evaluations.length === 0 ? (
          <p>{t('evaluations.none')}</p>
        ) : (
          <ul>
            {evaluations.map((e) => (
              <li key={e.id}>
                <a href={ctx.href(`/evaluations/${e.id}`)}>
                  {t('evaluations.filedOn', { date: formatWhen(ctx.locale, e.createdAt, { dateOnly: true }) })}
                </a>{' '}
                <span class={`badge state-${e.state}`}>{t(`evaluations.states.${e.state}`)}</span>
              </li>
            ))}
          </ul>
        )}
        {mayFile && (
          <p>
            <a class="button secondary" href={ctx.href(`/evaluations/new/${system.id}`)}>
              {t('evaluations.file')}
            </a>
          </p>
        )}
      </section>
    </Layout>
  )
}

type DashboardRow = Duty & { system: System & { organisationId: string } }

export function DutiesTable({ ctx, rows, caption }: { ctx: PageContext; rows: DashboardRow[]; caption: string }) {
  const { t } = ctx
  return (
    <DataTable
      caption={caption}
      columns={[
        t('obligations.dashboard.system'),
        t('obligations.dashboard.duty'),
        t('obligations.dashboard.due'),
        t('obligations.dashboard.status'),
      ]}
    >
      {rows.map((r) => (
        <tr key={r.id} class={r.overdue ? 'overdue' : undefined}>
          <td>
            <a href={ctx.href(`/obligations/systems/${r.system.id}`)}>{name(ctx, r.system)}</a>
          </td>
          <td>{t(`obligations.kinds.${r.kind}`)}</td>
          <td>{formatWhen(ctx.locale, r.dueOn)}</td>
          <td>
            <DutyStatus ctx={ctx} duty={r} />
          </td>
        </tr>
      ))}
    </DataTable>
  )
}

export function DutiesDashboardPage({
  ctx,
  rows,
  overdueOnly,
}: {
  ctx: PageContext
  rows: DashboardRow[]
  overdueOnly: boolean
}) {
  const { t } = ctx
  const shown = overdueOnly ? rows.filter((r) => r.overdue) : rows
  return (
    <Layout ctx={ctx} title={t('obligations.dashboard.title')}>
      <h1>{t('obligations.dashboard.title')}</h1>
      <p class="lead">{t('obligations.dashboard.lead', { overdue: rows.filter((r) => r.overdue).length, open: rows.length })}</p>
      <form method="get" action={ctx.href('/obligations')} class="filters">
        <div class="radio">
          <input type="checkbox" id="f-overdue" name="overdue" value="1" checked={overdueOnly} />
          <label for="f-overdue">{t('work.overdueOnly')}</label>
        </div>
        <button type="submit" class="button secondary small">
          {t('work.filter')}
        </button>
      </form>
      {shown.length === 0 ? (
        <p>{t('obligations.dashboard.none')}</p>
      ) : (
        <DutiesTable ctx={ctx} rows={shown} caption={t('obligations.dashboard.caption', { count: shown.length })} />
      )}
    </Layout>
  )
}
