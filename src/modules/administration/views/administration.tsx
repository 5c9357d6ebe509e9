import { megabytes, ProblemsTable, type FileProblem } from '../../../platform/file-problems.tsx'
import { CsrfField, ErrorSummary, FileField, Select, TextField, type FieldErrors } from '../../../platform/forms.tsx'
import { Layout } from '../../../platform/layout.tsx'
import { formatWhen } from '../../../platform/i18n.ts'
import type { PageContext } from '../../../platform/page.ts'
import type { VerifyReport } from '../../../platform/audit-log.ts'
import { DataTable } from '../../../platform/data-table.tsx'

const when = (ctx: PageContext, d: Date | null) => (d ? formatWhen(ctx.locale, d) : '—')

type Entry = {
  seq: number
  at: Date
  actorKind: string
  actorId: string | null
  action: string
  subjectType: string
  subjectId: string | null
}

export function AuditPage({ ctx, report, entries }: { ctx: PageContext; report: VerifyReport; entries: Entry[] }) {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('administration.audit.title')}>
      <h1>{t('administration.audit.title')}</h1>
      <div class={report.ok ? 'confirmation' : 'error-summary'} role="status">
        <p>
          {report.ok
            ? t('administration.audit.intact', { entries: report.entries, checkpoints: report.checkpoints })
            : t('administration.audit.tampered', { count: report.problems.length })}
        </p>
        {!report.ok && (
          <ul dir="ltr">
            {report.problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        )}
      </div>
      <DataTable
        caption={t('administration.audit.latest')}
        columns={[
          '#',
          t('administration.audit.when'),
          t('administration.audit.who'),
          t('administration.audit.what'),
          t('administration.audit.subject'),
        ]}
      >
        {entries.map((e) => (
          <tr key={e.seq}>
            <td>{e.seq}</td>
            <td>{when(ctx, e.at)}</td>
            <td dir="ltr">{e.actorId ? `${e.actorKind}:${e.actorId.slice(0, 8)}` : e.actorKind}</td>
            <td dir="ltr">
              <code>{e.action}</code>
            </td>
            <td dir="ltr">{e.subjectId ? `${e.subjectType}:${e.subjectId.slice(0, 8)}` : e.subjectType}</td>
          </tr>
        ))}
      </DataTable>
    </Layout>
  )
}

type Message = {
  id: string
  kind: string
  toAddress: string
  subject: string
  bodyText: string
  createdAt: Date
  sentAt: Date | null
  attempts: number
  lastError: string | null
}

export function OutboxPage({ ctx, messages, smtp }: { ctx: PageContext; messages: Message[]; smtp: boolean }) {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('administration.outbox.title')}>
      <h1>{t('administration.outbox.title')}</h1>
      <p class="lead">{smtp ? t('administration.outbox.smtp') : t('administration.outbox.noSmtp')}</p>
      {messages.map((m) => (
        <details key={m.id} class="message">
          <summary>
            <span dir="ltr">{m.toAddress}</span> · {m.subject} · {when(ctx, m.createdAt)} ·{' '}
            {m.sentAt
              ? t('administration.outbox.sent')
              : m.attempts > 0
                ? t('administration.outbox.failing', { attempts: m.attempts })
                : t('administration.outbox.waiting')}
          </summary>
          <pre>{m.bodyText}</pre>
        </details>
      ))}
    </Layout>
  )
}

type Organisation = { id: string; slug: string; nameEn: string; nameUr: string; type: string; province: string }
export type OrganisationsProps = {
  ctx: PageContext
  csrf: string
  organisations: Organisation[]
  types: readonly string[]
  provinces: readonly string[]
  values: Record<string, unknown>
  errors: FieldErrors
  /** A list of bodies refused, with its problems; or what the last list added. */
  refused?: { filename?: string; problems: FileProblem[] } | undefined
  imported?: { added: number; unchanged: number } | undefined
  maxFileBytes: number
}

export function OrganisationsPage(props: OrganisationsProps) {
  const { ctx, csrf, organisations, types, provinces, values, errors, refused, imported } = props
  const { t } = ctx
  const field = { ctx, values, errors }
  const fileErrors: FieldErrors = refused ? { file: 'administration.import.failed' } : {}
  return (
    <Layout
      ctx={ctx}
      title={
        refused || Object.keys(errors).length
          ? `${t('errors.title')}: ${t('administration.organisations.title')}`
          : t('administration.organisations.title')
      }
    >
      <ErrorSummary ctx={ctx} errors={{ ...errors, ...fileErrors }} />
      <h1>{t('administration.organisations.title')}</h1>
      {imported && (
        <p class="notice" role="status">
          {t('administration.import.done', { count: imported.added })}
          {imported.unchanged > 0 && ` ${t('administration.import.unchanged', { count: imported.unchanged })}`}
        </p>
      )}
      <DataTable
        caption={t('administration.organisations.caption', { count: organisations.length })}
        columns={[
          t('administration.organisations.name'),
          t('administration.organisations.slugColumn'),
          t('administration.organisations.type'),
          t('administration.organisations.province'),
        ]}
      >
        {organisations.map((o) => (
          <tr key={o.id}>
            <th scope="row">{ctx.locale === 'ur' ? o.nameUr : o.nameEn}</th>
            <td>
              <code dir="ltr">{o.slug}</code>
            </td>
            <td>{t(`administration.types.${o.type}`)}</td>
            <td>{t(`administration.provinces.${o.province}`)}</td>
          </tr>
        ))}
      </DataTable>
      <h2>{t('administration.organisations.add')}</h2>
      <form method="post" action={ctx.href('/admin/organisations')} novalidate>
        <CsrfField token={csrf} />
        <TextField {...field} name="nameEn" label={t('administration.organisations.nameEn')} maxLength={200} />
        <TextField {...field} name="nameUr" label={t('administration.organisations.nameUr')} maxLength={200} />
        <TextField
          {...field}
          name="slug"
          label={t('administration.organisations.slug')}
          hint={t('administration.organisations.slugHint')}
          maxLength={60}
          spellcheck={false}
        />
        <Select
          {...field}
          name="type"
          label={t('administration.organisations.type')}
          options={types.map((v) => ({ value: v, label: t(`administration.types.${v}`) }))}
        />
        <Select
          {...field}
          name="province"
          label={t('administration.organisations.province')}
          options={provinces.map((v) => ({ value: v, label: t(`administration.provinces.${v}`) }))}
        />
        <Select
          {...field}
          name="parentId"
          label={t('administration.organisations.parent')}
          options={[
            { value: '', label: t('administration.organisations.noParent') },
            ...organisations.map((o) => ({ value: o.id, label: ctx.locale === 'ur' ? o.nameUr : o.nameEn })),
          ]}
        />
        <button type="submit" class="button">
          {t('administration.organisations.submit')}
        </button>
      </form>
      <h2 id="import">{t('administration.import.title')}</h2>
      {refused && refused.problems.length > 0 && (
        <ProblemsTable
          ctx={ctx}
          caption={t('administration.import.problems', { count: refused.problems.length, filename: refused.filename })}
          problems={refused.problems}
        />
      )}
      <form
        method="post"
        action={`${ctx.href('/admin/organisations/import')}?_csrf=${encodeURIComponent(csrf)}`}
        encType="multipart/form-data"
        novalidate
      >
        <FileField
          ctx={ctx}
          values={{}}
          errors={fileErrors}
          name="file"
          label={t('administration.import.file')}
          hint={t('administration.import.hint', { size: megabytes(props.maxFileBytes) })}
          accept=".csv,text/csv"
        />
        <button type="submit" class="button secondary">
          {t('administration.import.submit')}
        </button>
      </form>
    </Layout>
  )
}
