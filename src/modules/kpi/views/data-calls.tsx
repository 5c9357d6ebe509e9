import { DataTable } from '../../../platform/data-table.tsx'
import { CsrfField, Select, TextArea, TextField, type FieldErrors } from '../../../platform/forms.tsx'
import { clauseRef, formatWhen, inlineList } from '../../../platform/i18n.ts'
import { Layout } from '../../../platform/layout.tsx'
import { TrackerFormPage } from './tracker-page.tsx'
import type { PageContext } from '../../../platform/page.ts'
import type { BodyAnswer } from '../data-calls.service.ts'
import type { CallRow } from '../kpi.repository.ts'
import type { PolicyData } from '../policy-data.ts'
import { periodName } from '../reporting-periods.ts'

const callHref = (ctx: PageContext, id: string) => ctx.href(`/progress/calls/${id}`)
const day = (ctx: PageContext, date: string | Date) => formatWhen(ctx.locale, date, { dateOnly: true })

/** Where a body stands in a call: answered, part answered, not started, or past the due date without every answer. */
export function answerState(body: BodyAnswer, call: CallRow, today: string) {
  if (body.complete) return 'answered'
  if (call.dueOn < today) return 'overdue'
  return body.given ? 'partly' : 'not_started'
}

type CallsPageProps = {
  ctx: PageContext
  csrf: string
  calls: { call: CallRow; answered: number; bodies: number }[]
  periods: string[]
  values: Record<string, unknown>
  errors: FieldErrors
}

/** Every data call with how many lead bodies have answered it, and the Cell's form to open the next one. */
export function DataCallsPage({ ctx, csrf, calls, periods, values, errors }: CallsPageProps) {
  const { t } = ctx
  const title = t('progress.calls.title')
  const field = { ctx, values, errors }
  return (
    <TrackerFormPage ctx={ctx} title={title} lead={t('progress.calls.lead')} errors={errors}>
      {calls.length === 0 ? (
        <p>{t('progress.calls.none')}</p>
      ) : (
        <DataTable
          caption={t('progress.calls.listCaption')}
          columns={[t('progress.calls.period'), t('progress.calls.dueOn'), t('progress.calls.answered')]}
        >
          {calls.map(({ call, answered, bodies }) => (
            <tr key={call.id}>
              <th scope="row">
                <a href={callHref(ctx, call.id)}>{periodName(ctx.locale, call.period)}</a>
              </th>
              <td>{day(ctx, call.dueOn)}</td>
              <td>{t('progress.calls.answeredCount', { answered, bodies })}</td>
            </tr>
          ))}
        </DataTable>
      )}
      {ctx.can('progress.report') &&
        (periods.length === 0 ? (
          <p>{t('progress.calls.noneToOpen')}</p>
        ) : (
          <form method="post" action={ctx.href('/progress/calls')} novalidate>
            <CsrfField token={csrf} />
            <h2>{t('progress.calls.open')}</h2>
            <Select
              {...field}
              name="period"
              label={t('progress.calls.period')}
              options={periods.map((p) => ({ value: p, label: periodName(ctx.locale, p) }))}
            />
            <TextField {...field} name="dueOn" type="date" label={t('progress.calls.dueOn')} hint={t('progress.calls.dueHint')} />
            <TextArea
              {...field}
              name="message"
              label={t('progress.calls.message')}
              hint={t('progress.calls.messageHint')}
              rows={3}
            />
            <button type="submit" class="button">
              {t('progress.calls.openButton')}
            </button>
          </form>
        ))}
    </TrackerFormPage>
  )
}

/** What a body still owes, each a link to the page where it is given. */
function Missing({ ctx, data, body }: { ctx: PageContext; data: PolicyData; body: BodyAnswer }) {
  const { t } = ctx
  const rows = body.rows.filter((r) => !r.done)
  const figures = body.figures.filter((f) => !f.done)
  if (!rows.length && !figures.length) return <>{t('progress.calls.nothingMissing')}</>
  const targetName = (key: string) => {
    const target = data.targets.find((x) => `target:${x.id}` === key)
    return target ? `${ctx.locale === 'ur' ? target.ur : target.en} (${clauseRef(ctx.locale, target.clause)})` : key
  }
  const link = (key: string, anchor: string, label: string) => (
    <a href={ctx.href(`/progress/items/${encodeURIComponent(key)}#${anchor}`)}>
      <bdi>{label}</bdi>
    </a>
  )
  return (
    <ul class="plain-list">
      {rows.length > 0 && (
        <li>
          {t('progress.calls.ratingsMissing')}{' '}
          {rows.map((r, i) => (
            <>
              {i > 0 && (ctx.locale === 'ur' ? '، ' : ', ')}
              {link(r.key, 'confidence', r.key.slice('action:'.length))}
            </>
          ))}
        </li>
      )}
      {figures.length > 0 && (
        <li>
          {t('progress.calls.figuresMissing')}{' '}
          {figures.map((f, i) => (
            <>
              {i > 0 && (ctx.locale === 'ur' ? '، ' : ', ')}
              {link(f.key, 'record', targetName(f.key))}
            </>
          ))}
        </li>
      )}
    </ul>
  )
}

type CallPageProps = {
  ctx: PageContext
  csrf: string
  call: CallRow
  bodies: BodyAnswer[]
  data: PolicyData
  today: string
  remindable: Set<string>
}

/** One call: its due date and message, and for each lead body what it has given, what it still owes, and reminders. */
export function DataCallPage({ ctx, csrf, call, bodies, data, today, remindable }: CallPageProps) {
  const { t } = ctx
  const title = t('progress.calls.callTitle', { period: periodName(ctx.locale, call.period) })
  const answered = bodies.filter((b) => b.complete).length
  return (
    <Layout ctx={ctx} title={title}>
      <p class="breadcrumb">
        <a href={ctx.href('/progress')}>{t('progress.title')}</a> ›{' '}
        <a href={ctx.href('/progress/calls')}>{t('progress.calls.title')}</a>
      </p>
      <h1>{title}</h1>
      <p class="lead">
        {t('progress.calls.dueLine', { date: day(ctx, call.dueOn) })}{' '}
        {t('progress.calls.answeredCount', { answered, bodies: bodies.length })}
      </p>
      {call.message && (
        <p>
          <span dir="auto">{call.message}</span>
        </p>
      )}
      <DataTable
        caption={t('progress.calls.completenessCaption')}
        columns={[t('progress.calls.body'), t('progress.calls.state'), t('progress.calls.missing'), t('progress.calls.notices')]}
      >
        {bodies.map((b) => {
          const state = answerState(b, call, today)
          return (
            <tr key={b.organisationId} id={`body-${b.organisationId}`}>
              <th scope="row">{ctx.locale === 'ur' ? b.nameUr : b.nameEn}</th>
              <td>
                <span class={`badge call-${state}`}>{t(`progress.calls.states.${state}`)}</span>{' '}
                {t('progress.calls.givenCount', { given: b.given, owed: b.owed })}
              </td>
              <td>
                <Missing ctx={ctx} data={data} body={b} />
              </td>
              <td>
                {b.notices.length === 0
                  ? t('progress.calls.noNotices')
                  : inlineList(
                      ctx.locale,
                      b.notices.map((n) => t(`progress.calls.noticeKinds.${n.kind}`, { date: day(ctx, n.sentAt) })),
                    )}
                {remindable.has(b.organisationId) && (
                  <form method="post" action={ctx.href(`/progress/calls/${call.id}/remind/${b.organisationId}`)}>
                    <CsrfField token={csrf} />
                    <button type="submit" class="button secondary">
                      {t('progress.calls.remind')}
                      <span class="visually-hidden"> {ctx.locale === 'ur' ? b.nameUr : b.nameEn}</span>
                    </button>
                  </form>
                )}
              </td>
            </tr>
          )
        })}
      </DataTable>
    </Layout>
  )
}
