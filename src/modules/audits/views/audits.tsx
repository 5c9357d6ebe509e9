import { DataTable } from '../../../platform/data-table.tsx'
import {
  Choices,
  CsrfField,
  ErrorSummary,
  FileField,
  Select,
  TextArea,
  TextField,
  type FieldErrors,
} from '../../../platform/forms.tsx'
import { formatWhen } from '../../../platform/i18n.ts'
import { Layout } from '../../../platform/layout.tsx'
import type { PageContext } from '../../../platform/page.ts'
import type { auditFor, auditors, auditsFor, publicAuditSummary } from '../audits.service.ts'
import { severities } from '../audits.vocabulary.ts'

type Named = { nameEn: string; nameUr: string | null }
const name = (ctx: PageContext, s: Named) => (ctx.locale === 'ur' && s.nameUr) || s.nameEn
const titled = (ctx: PageContext, errors: FieldErrors, title: string) =>
  Object.keys(errors).length ? `${ctx.t('errors.title')}: ${title}` : title

export function AuditsListPage({ ctx, rows }: { ctx: PageContext; rows: Awaited<ReturnType<typeof auditsFor>> }) {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('audits.title')}>
      <h1>{t('audits.title')}</h1>
      {ctx.can('audits.manage') && (
        <p class="actions">
          <a class="button" href={ctx.href('/audits/new')}>
            {t('audits.assign.title')}
          </a>{' '}
          <a href={ctx.href('/audits/auditors')}>{t('audits.auditors.title')}</a>
        </p>
      )}
      {rows.length === 0 ? (
        <p>{t('audits.none')}</p>
      ) : (
        <DataTable
          caption={t('audits.caption', { count: rows.length })}
          columns={[t('obligations.dashboard.system'), t('audits.fields.dueOn'), t('audits.state')]}
        >
          {rows.map((a) => (
            <tr key={a.id}>
              <td>
                <a href={ctx.href(`/audits/${a.id}`)}>{name(ctx, a.system)}</a>
              </td>
              <td>{formatWhen(ctx.locale, a.dueOn)}</td>
              <td>
                <span class={`badge state-${a.state}`}>{t(`audits.states.${a.state}`)}</span>
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </Layout>
  )
}

export function AuditorsPage({
  ctx,
  csrf,
  rows,
}: {
  ctx: PageContext
  csrf: string
  rows: Awaited<ReturnType<typeof auditors>>
}) {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('audits.auditors.title')}>
      <p class="breadcrumb">
        <a href={ctx.href('/audits')}>{t('audits.title')}</a>
      </p>
      <h1>{t('audits.auditors.title')}</h1>
      <p class="lead">{t('audits.auditors.lead')}</p>
      {rows.length === 0 ? (
        <p>{t('audits.auditors.none')}</p>
      ) : (
        <DataTable
          caption={t('audits.auditors.caption', { count: rows.length })}
          columns={[t('audits.auditors.name'), t('audits.auditors.firm'), t('audits.state'), t('audits.auditors.change')]}
        >
          {rows.map((a) => (
            <tr key={a.id}>
              <td>{a.name}</td>
              <td>{ctx.locale === 'ur' ? a.firmUr : a.firmEn}</td>
              <td>{t(a.accredited ? 'audits.auditors.accredited' : 'audits.auditors.notAccredited')}</td>
              <td>
                <form method="post" action={ctx.href(`/audits/auditors/${a.id}`)} class="inline-form">
                  <CsrfField token={csrf} />
                  <input type="hidden" name="accredited" value={a.accredited ? 'no' : 'yes'} />
                  <button
                    type="submit"
                    class="button small secondary"
                    aria-label={`${t(a.accredited ? 'audits.auditors.revoke' : 'audits.auditors.accredit')}: ${a.name}`}
                  >
                    {t(a.accredited ? 'audits.auditors.revoke' : 'audits.auditors.accredit')}
                  </button>
                </form>
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </Layout>
  )
}

type AssignProps = {
  ctx: PageContext
  csrf: string
  auditorOptions: { value: string; label: string }[]
  values: Record<string, unknown>
  errors: FieldErrors
}

export function AssignAuditPage({ ctx, csrf, auditorOptions, values, errors }: AssignProps) {
  const { t } = ctx
  const field = { ctx, values, errors }
  return (
    <Layout ctx={ctx} title={titled(ctx, errors, t('audits.assign.title'))}>
      <ErrorSummary ctx={ctx} errors={errors} />
      <p class="breadcrumb">
        <a href={ctx.href('/audits')}>{t('audits.title')}</a>
      </p>
      <h1>{t('audits.assign.title')}</h1>
      {auditorOptions.length === 0 ? (
        <p>
          {t('audits.assign.noAuditors')} <a href={ctx.href('/audits/auditors')}>{t('audits.auditors.title')}</a>
        </p>
      ) : (
        <form method="post" action={ctx.href('/audits/new')} novalidate>
          <CsrfField token={csrf} />
          <TextField
            {...field}
            name="number"
            label={t('audits.fields.number')}
            hint={t('audits.hints.number')}
            inputMode="numeric"
            maxLength={10}
          />
          <Select
            {...field}
            name="auditorId"
            label={t('audits.fields.auditor')}
            options={[{ value: '', label: t('audits.assign.chooseAuditor') }, ...auditorOptions]}
          />
          <TextArea {...field} name="scope" label={t('audits.fields.scope')} hint={t('audits.hints.scope')} rows={4} />
          <TextField {...field} name="dueOn" type="date" label={t('audits.fields.dueOn')} />
          <button type="submit" class="button">
            {t('audits.assign.submit')}
          </button>
        </form>
      )}
    </Layout>
  )
}

type AuditPageProps = {
  ctx: PageContext
  csrf: string
  data: Awaited<ReturnType<typeof auditFor>>
  evidence: Map<string, { id: string; filename: string }[]>
  errors: FieldErrors
  values: Record<string, unknown>
}

export function AuditPage({ ctx, csrf, data, evidence, errors, values }: AuditPageProps) {
  const { t } = ctx
  const { audit, system, view, findings, actions } = data
  const field = { ctx, values, errors }
  const working = view === 'auditor' && audit.state === 'assigned'
  const title = `${t('audits.audit')}: ${name(ctx, system)}`
  return (
    <Layout ctx={ctx} title={titled(ctx, errors, title)}>
      <ErrorSummary ctx={ctx} errors={errors} />
      <p class="breadcrumb">
        <a href={ctx.href('/audits')}>{t('audits.title')}</a>
      </p>
      <h1>{title}</h1>
      <dl class="key-facts">
        <div>
          <dt>{t('audits.state')}</dt>
          <dd>
            <span class={`badge state-${audit.state}`}>{t(`audits.states.${audit.state}`)}</span>
          </dd>
        </div>
        <div>
          <dt>{t('audits.fields.dueOn')}</dt>
          <dd>{formatWhen(ctx.locale, audit.dueOn)}</dd>
        </div>
        <div>
          <dt>{t('audits.fields.scope')}</dt>
          <dd>{audit.scope}</dd>
        </div>
      </dl>
      {system.published && (
        <p>
          <a href={ctx.href(`/register/${system.number}`)}>{t('audits.publicRecord')}</a>
        </p>
      )}
      <h2>{t('audits.findings')}</h2>
      {findings.length === 0 ? (
        <p>{t('audits.noFindings')}</p>
      ) : (
        <ol class="findings">
          {findings.map((f) => (
            <li key={f.id}>
              <p>
                <span class={`badge severity-${f.severity}`}>{t(`audits.severities.${f.severity}`)}</span>{' '}
                <strong>{f.criterion}</strong>
              </p>
              <p>{f.description}</p>
              {(evidence.get(f.id) ?? []).map((file) => (
                <p key={file.id}>
                  <a href={`/files/${file.id}`} dir="ltr">
                    {file.filename}
                  </a>
                </p>
              ))}
            </li>
          ))}
        </ol>
      )}
      {working && (
        <form
          method="post"
          action={`${ctx.href(`/audits/${audit.id}/findings`)}?_csrf=${encodeURIComponent(csrf)}`}
          encType="multipart/form-data"
          novalidate
          class="submit-form"
        >
          <h3>{t('audits.addFinding')}</h3>
          <Choices
            {...field}
            type="radio"
            name="severity"
            label={t('audits.fields.severity')}
            options={severities.map((s) => ({ value: s, label: t(`audits.severities.${s}`) }))}
          />
          <TextField
            {...field}
            name="criterion"
            label={t('audits.fields.criterion')}
            hint={t('audits.hints.criterion')}
            maxLength={300}
          />
          <TextArea {...field} name="description" label={t('audits.fields.description')} rows={4} />
          <FileField
            {...field}
            name="evidence"
            label={t('audits.fields.evidence')}
            hint={t('audits.hints.evidence')}
            accept=".pdf,.jpg,.jpeg,.png"
          />
          <button type="submit" class="button secondary">
            {t('audits.addFinding')}
          </button>
        </form>
      )}
      <h2>{t('audits.actions')}</h2>
      {actions.length === 0 ? (
        <p>{t('audits.noActions')}</p>
      ) : (
        <ol class="findings">
          {actions.map((a) => (
            <li key={a.id}>
              <p>
                <strong>{a.action}</strong>
              </p>
              <p>{t('audits.actionLine', { owner: a.owner, date: formatWhen(ctx.locale, a.dueOn) })}</p>
              {a.response ? (
                <p class="notice">
                  <strong>{`${t('audits.response')}: `}</strong>
                  {a.response}
                </p>
              ) : view === 'organisation' && audit.state !== 'closed' ? (
                <form method="post" action={ctx.href(`/audits/actions/${a.id}/respond`)} novalidate>
                  <CsrfField token={csrf} />
                  <TextArea ctx={ctx} values={{}} errors={errors} name="response" label={t('audits.fields.response')} rows={3} />
                  <button type="submit" class="button secondary">
                    {t('audits.respond')}
                  </button>
                </form>
              ) : (
                <p>{t('audits.awaitingResponse')}</p>
              )}
            </li>
          ))}
        </ol>
      )}
      {working && (
        <form method="post" action={ctx.href(`/audits/${audit.id}/actions`)} novalidate class="submit-form">
          <CsrfField token={csrf} />
          <h3>{t('audits.addAction')}</h3>
          <TextArea {...field} name="action" label={t('audits.fields.action')} rows={3} />
          <TextField {...field} name="owner" label={t('audits.fields.owner')} maxLength={200} />
          <TextField {...field} name="actionDueOn" type="date" label={t('audits.fields.actionDueOn')} />
          <button type="submit" class="button secondary">
            {t('audits.addAction')}
          </button>
        </form>
      )}
      {audit.conclusion && (
        <section aria-labelledby="conclusion-heading">
          <h2 id="conclusion-heading">{t('audits.conclusion')}</h2>
          <p>{audit.conclusion}</p>
          <h3>{t('audits.publicSummary')}</h3>
          <p lang="en" dir="ltr">
            {audit.summaryEn}
          </p>
          {audit.summaryUr && (
            <p lang="ur" dir="rtl">
              {audit.summaryUr}
            </p>
          )}
        </section>
      )}
      {working && (
        <form method="post" action={ctx.href(`/audits/${audit.id}/submit`)} novalidate class="submit-form">
          <CsrfField token={csrf} />
          <h2>{t('audits.submitHeading')}</h2>
          <TextArea {...field} name="conclusion" label={t('audits.fields.conclusion')} rows={4} />
          <TextArea
            {...field}
            name="summaryEn"
            label={t('audits.fields.summaryEn')}
            hint={t('audits.hints.summary')}
            rows={3}
            lang="en"
          />
          <TextArea {...field} name="summaryUr" label={t('audits.fields.summaryUr')} rows={3} lang="ur" />
          <button type="submit" class="button">
            {t('audits.submit')}
          </button>
        </form>
      )}
      {view === 'directorate' && audit.state === 'submitted' && (
        <form method="post" action={ctx.href(`/audits/${audit.id}/close`)} novalidate class="submit-form">
          <CsrfField token={csrf} />
          <h2>{t('audits.closeHeading')}</h2>
          <p>{t('audits.closeHelp')}</p>
          <TextArea {...field} name="note" label={t('register.review.note')} rows={2} />
          <button type="submit" class="button">
            {t('audits.close')}
          </button>
        </form>
      )}
    </Layout>
  )
}

/** The latest closed audit, as the register record shows it. */
export function AuditSummary({
  ctx,
  summary,
}: {
  ctx: PageContext
  summary: NonNullable<Awaited<ReturnType<typeof publicAuditSummary>>>
}) {
  const { t } = ctx
  const text = ctx.locale === 'ur' && summary.summaryUr ? summary.summaryUr : summary.summaryEn
  return (
    <section aria-labelledby="audit-heading" class="audit-summary">
      <h2 id="audit-heading">{t('audits.lastAudit')}</h2>
      <p>
        {t('audits.closedBy', {
          firm: ctx.locale === 'ur' ? (summary.firmUr ?? '') : (summary.firmEn ?? ''),
          date: formatWhen(ctx.locale, summary.closedAt!, { dateOnly: true }),
        })}
      </p>
      <p
        lang={ctx.locale === 'ur' && summary.summaryUr ? 'ur' : 'en'}
        dir={ctx.locale === 'ur' && !summary.summaryUr ? 'ltr' : undefined}
      >
        {text}
      </p>
      <p>
        {t('audits.findingsCount', {
          critical: summary.findings.critical,
          high: summary.findings.high,
          medium: summary.findings.medium,
          low: summary.findings.low,
        })}
      </p>
    </section>
  )
}
