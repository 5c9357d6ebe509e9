import { DataTable } from '../../../platform/data-table.tsx'
import { Choices, CsrfField, Select, TextArea, TextField, type FieldErrors } from '../../../platform/forms.tsx'
import { clauseRef, formatWhen } from '../../../platform/i18n.ts'
import { TrackerFormPage } from './tracker-page.tsx'
import type { PageContext } from '../../../platform/page.ts'
import { logKinds, severities } from '../kpi.vocabulary.ts'
import { contradictionsOf, type PolicyData } from '../policy-data.ts'
import type { LogRow, PolicyLog } from '../policy-log.service.ts'

const itemHref = (ctx: PageContext, key: string) => ctx.href(`/progress/items/${encodeURIComponent(key)}`)

/** What an entry is about: a matrix row or a target by its clause, or the whole policy. */
function AboutOf({ ctx, data, entry }: { ctx: PageContext; data: PolicyData; entry: LogRow }) {
  if (!entry.itemKey) return <>{ctx.t('progress.log.wholePolicy')}</>
  const target = data.targets.find((x) => `target:${x.id}` === entry.itemKey)
  const label = target
    ? clauseRef(ctx.locale, target.clause)
    : entry.itemKey.startsWith('action:')
      ? ctx.t('progress.matrixRowShort', { number: entry.itemKey.slice(7) })
      : entry.itemKey
  return (
    <a href={itemHref(ctx, entry.itemKey)}>
      <bdi>{label}</bdi>
    </a>
  )
}

const ownerName = (ctx: PageContext, data: PolicyData, id: string | null) => {
  const s = id ? data.stakeholders.find((x) => x.id === id) : undefined
  return s ? (ctx.locale === 'ur' ? s.ur : s.en) : ''
}

/** Entries of the log as a table: open issues and risks, or decisions. */
export function LogTable({
  ctx,
  data,
  entries,
  caption,
}: {
  ctx: PageContext
  data: PolicyData
  entries: LogRow[]
  caption: string
}) {
  const { t } = ctx
  const when = (d: string | Date) => formatWhen(ctx.locale, d, { dateOnly: true })
  return (
    <DataTable caption={caption} columns={[t('progress.log.entry'), t('progress.log.about'), t('progress.log.details')]}>
      {entries.map((e) => (
        <tr key={e.id}>
          <td>
            <strong>{t(`progress.log.kinds.${e.kind}`)}</strong>: <span dir="auto">{e.title}</span>
          </td>
          <td>
            <AboutOf ctx={ctx} data={data} entry={e} />
          </td>
          <td>
            <span dir="auto">{e.detail}</span>
            <br />
            {e.kind === 'decision'
              ? t('progress.log.decided', { date: when(e.decidedOn!), reference: e.reference ?? '' })
              : t('progress.log.raised', {
                  date: when(e.raisedAt),
                  severity: t(`progress.log.severities.${e.severity!}`),
                  owner: ownerName(ctx, data, e.owner),
                })}
            {e.escalated && ` ${t('progress.log.escalated')}`}
            {e.operativeTarget && (
              <>
                {' '}
                {t('progress.log.operative', {
                  clause: clauseRef(ctx.locale, data.targets.find((x) => x.id === e.operativeTarget)?.clause ?? ''),
                })}
              </>
            )}
          </td>
        </tr>
      ))}
    </DataTable>
  )
}

type LogPageProps = {
  ctx: PageContext
  csrf: string
  data: PolicyData
  log: PolicyLog
  items: { key: string; label: string }[]
  values: Record<string, unknown>
  errors: FieldErrors
}

/** The issues, risks and decisions log of the whole policy, and the Cell's form for a new entry. */
export function PolicyLogPage({ ctx, csrf, data, log, items, values, errors }: LogPageProps) {
  const { t } = ctx
  const field = { ctx, values, errors }
  const title = t('progress.log.title')
  const contradictionTargets = contradictionsOf(data).flatMap((c) => c.targets)
  return (
    <TrackerFormPage ctx={ctx} title={title} lead={t('progress.log.lead')} errors={errors}>
      {log.open.length === 0 ? (
        <p>{t('progress.log.noneOpen')}</p>
      ) : (
        <LogTable ctx={ctx} data={data} entries={log.open} caption={t('progress.log.openCaption')} />
      )}
      {log.decisions.length === 0 ? (
        <p>{t('progress.log.noDecisions')}</p>
      ) : (
        <LogTable ctx={ctx} data={data} entries={log.decisions} caption={t('progress.log.decisionsCaption')} />
      )}
      {ctx.can('progress.override') && (
        <form method="post" action={ctx.href('/progress/log')} novalidate>
          <CsrfField token={csrf} />
          <h2>{t('progress.log.add')}</h2>
          <Choices
            {...field}
            type="radio"
            name="kind"
            label={t('progress.log.kind')}
            options={logKinds.map((k) => ({ value: k, label: t(`progress.log.kinds.${k}`) }))}
          />
          <Select
            {...field}
            name="item"
            label={t('progress.log.about')}
            options={[
              { value: '', label: t('progress.log.wholePolicy') },
              ...items.map((i) => ({ value: i.key, label: i.label })),
            ]}
          />
          <TextField {...field} name="title" label={t('progress.log.entryTitle')} maxLength={200} />
          <TextArea {...field} name="detail" label={t('progress.log.detail')} rows={4} />
          <Choices
            {...field}
            type="radio"
            name="severity"
            label={t('progress.log.severity')}
            hint={t('progress.log.issuesAndRisks')}
            options={severities.map((s) => ({ value: s, label: t(`progress.log.severities.${s}`) }))}
          />
          <Select
            {...field}
            name="owner"
            label={t('progress.log.owner')}
            hint={t('progress.log.issuesAndRisks')}
            options={[
              { value: '', label: '' },
              ...data.stakeholders.map((s) => ({ value: s.id, label: ctx.locale === 'ur' ? s.ur : s.en })),
            ]}
          />
          <Choices
            {...field}
            type="checkbox"
            name="escalated"
            label={t('progress.log.council')}
            options={[{ value: 'yes', label: t('progress.log.escalatedChoice') }]}
          />
          <Select
            {...field}
            name="resolves"
            label={t('progress.log.resolves')}
            hint={t('progress.log.decisionsOnly')}
            options={[{ value: '', label: '' }, ...log.open.map((e) => ({ value: e.id, label: e.title }))]}
          />
          <Select
            {...field}
            name="operativeTarget"
            label={t('progress.log.operativeTarget')}
            hint={t('progress.log.decisionsOnly')}
            options={[
              { value: '', label: '' },
              ...contradictionTargets.map((x) => ({
                value: x.id,
                label: `${clauseRef(ctx.locale, x.clause)}: ${ctx.locale === 'ur' ? x.ur : x.en}`,
              })),
            ]}
          />
          <TextField
            {...field}
            name="decidedOn"
            type="date"
            label={t('progress.log.decidedOn')}
            hint={t('progress.log.decisionsOnly')}
          />
          <TextField
            {...field}
            name="reference"
            label={t('progress.log.reference')}
            hint={t('progress.log.referenceHint')}
            maxLength={300}
          />
          <button type="submit" class="button">
            {t('progress.log.save')}
          </button>
        </form>
      )}
    </TrackerFormPage>
  )
}
