import type { ComponentChildren } from 'preact'
import type { TextIn } from '../../../platform/content-language.ts'
import { DataTable } from '../../../platform/data-table.tsx'
import { CsrfField, ErrorSummary, FileField, TextArea, type FieldErrors } from '../../../platform/forms.tsx'
import { formatWhen } from '../../../platform/i18n.ts'
import { Layout } from '../../../platform/layout.tsx'
import { InReaderLanguage } from '../../../platform/localised.tsx'
import type { PageContext } from '../../../platform/page.ts'
import type { Trial } from '../questionnaire-authoring.service.ts'
import type { Questionnaire } from '../questionnaire.ts'
import { SectionBody } from './assessment.tsx'

type Version = {
  id: string
  key: string
  version: number
  issuedAt: Date
  title: TextIn
  retiredAt: Date | null
  retiredReason: string | null
}
type Draft = { id: string; key: string; version: number; filename: string; createdAt: Date; definition: Questionnaire }

/** A refused file's one field error, beside the file field and in the summary. */
const fileErrors = (problems: string[]): FieldErrors => (problems.length ? { file: 'assessments.questionnaires.refused' } : {})

/** Problems with a file an author sent, as the checks word them (in English: they name the file's own keys). */
function FileProblems({ ctx, problems }: { ctx: PageContext; problems: string[] }) {
  return (
    <ErrorSummary ctx={ctx} errors={fileErrors(problems)}>
      <ul dir="ltr" lang="en">
        {problems.map((p, i) => (
          <li key={i}>
            <code>{p}</code>
          </li>
        ))}
      </ul>
    </ErrorSummary>
  )
}

/** A form that sends one file with the page's CSRF token (multipart bodies are read after the token is checked). */
function UploadForm({
  ctx,
  csrf,
  action,
  problems,
  label,
  hint,
  button,
}: {
  ctx: PageContext
  csrf: string
  action: string
  problems: string[]
  label: string
  hint: string
  button: string
}) {
  return (
    <form method="post" action={`${ctx.href(action)}?_csrf=${encodeURIComponent(csrf)}`} encType="multipart/form-data" novalidate>
      <FileField
        ctx={ctx}
        values={{}}
        errors={fileErrors(problems)}
        name="file"
        label={label}
        hint={hint}
        accept=".json,.yaml,.yml,application/json"
      />
      <button type="submit" class="button">
        {button}
      </button>
    </form>
  )
}

/** Versions of questionnaires, issued or drafted: each one's name (a link, for a draft), key, number and date. */
function VersionsTable({
  ctx,
  caption,
  when,
  rows,
}: {
  ctx: PageContext
  caption: string
  when: string
  rows: { id: string; key: string; version: number; title: TextIn; at: Date; href?: string; status?: ComponentChildren }[]
}) {
  const { t } = ctx
  const withStatus = rows.some((r) => r.status !== undefined)
  const columns = [
    t('assessments.questionnaires.name'),
    t('assessments.questionnaires.key'),
    t('assessments.questionnaires.version'),
    when,
  ]
  return (
    <DataTable caption={caption} columns={withStatus ? [...columns, t('assessments.retire.status')] : columns}>
      {rows.map((v) => (
        <tr key={v.id}>
          <td>
            {v.href ? (
              <a href={ctx.href(v.href)}>
                <InReaderLanguage ctx={ctx} text={v.title} />
              </a>
            ) : (
              <InReaderLanguage ctx={ctx} text={v.title} />
            )}
          </td>
          <td>
            <code dir="ltr">{v.key}</code>
          </td>
          <td>
            <bdi>{v.version}</bdi>
          </td>
          <td>{formatWhen(ctx.locale, v.at)}</td>
          {withStatus && <td>{v.status}</td>}
        </tr>
      ))}
    </DataTable>
  )
}

/** Whether new assessments are offered an issued version, and if not since when and why; else the way to retire it. */
function VersionStatus({ ctx, version }: { ctx: PageContext; version: Version }) {
  const { t } = ctx
  if (version.retiredAt)
    return (
      <>
        {t('assessments.retire.retiredOn', { date: formatWhen(ctx.locale, version.retiredAt) })} <q>{version.retiredReason}</q>
      </>
    )
  return (
    <>
      {t('assessments.retire.offered')}{' '}
      <a href={ctx.href(`/admin/questionnaires/${version.id}/retire`)}>
        {t('assessments.retire.link')}
        <span class="visually-hidden">
          {' '}
          <bdi>{version.key}</bdi> <bdi>{version.version}</bdi>
        </span>
      </a>
    </>
  )
}

export function QuestionnairesPage({
  ctx,
  csrf,
  versions,
  drafts,
  problems,
}: {
  ctx: PageContext
  csrf: string
  versions: Version[]
  drafts: Draft[]
  problems: string[]
}) {
  const { t } = ctx
  const title = t('assessments.questionnaires.title')
  return (
    <Layout ctx={ctx} title={problems.length ? `${t('errors.title')}: ${title}` : title}>
      <FileProblems ctx={ctx} problems={problems} />
      <h1>{title}</h1>
      <p class="lead">{t('assessments.questionnaires.lead')}</p>
      <VersionsTable
        ctx={ctx}
        caption={t('assessments.questionnaires.caption')}
        when={t('assessments.questionnaires.issued')}
        rows={versions.map((v) => ({ ...v, at: v.issuedAt, status: <VersionStatus ctx={ctx} version={v} /> }))}
      />
      <h2>{t('assessments.drafts.heading')}</h2>
      {drafts.length === 0 ? (
        <p>{t('assessments.drafts.none')}</p>
      ) : (
        <VersionsTable
          ctx={ctx}
          caption={t('assessments.drafts.caption')}
          when={t('assessments.drafts.uploaded')}
          rows={drafts.map((d) => ({
            ...d,
            title: d.definition.title,
            at: d.createdAt,
            href: `/admin/questionnaires/drafts/${d.id}`,
          }))}
        />
      )}
      <h2>{t('assessments.questionnaires.issueHeading')}</h2>
      <p>{t('assessments.drafts.how')}</p>
      <p>
        <a href="/api/v1/questionnaire-definition.schema.json" hreflang="en">
          {t('assessments.questionnaires.schemaLink')}
        </a>
      </p>
      <UploadForm
        ctx={ctx}
        csrf={csrf}
        action="/admin/questionnaires"
        problems={problems}
        label={t('assessments.questionnaires.file')}
        hint={t('assessments.questionnaires.fileHint')}
        button={t('assessments.questionnaires.issue')}
      />
    </Layout>
  )
}

/**
 * One draft: what it is, a preview in each language, a trial against answer sets with expected levels, and the two
 * ways out, issuing it (after which it never changes) or discarding it.
 */
export function DraftPage({
  ctx,
  csrf,
  draft,
  trial,
  problems,
}: {
  ctx: PageContext
  csrf: string
  draft: Draft
  trial: Trial | undefined
  problems: string[]
}) {
  const { t } = ctx
  const def = draft.definition
  const questions = def.sections.flatMap((s) => s.questions)
  const base = `/admin/questionnaires/drafts/${draft.id}`
  const title = t('assessments.drafts.title', { version: draft.version })
  return (
    <Layout ctx={ctx} title={problems.length ? `${t('errors.title')}: ${title}` : title}>
      <FileProblems ctx={ctx} problems={problems} />
      <h1>
        {title}: <InReaderLanguage ctx={ctx} text={def.title} />
      </h1>
      <dl class="summary">
        <dt>{t('assessments.questionnaires.key')}</dt>
        <dd>
          <code dir="ltr">{draft.key}</code>
        </dd>
        <dt>{t('assessments.drafts.file')}</dt>
        <dd>
          <bdi>{draft.filename}</bdi>, {formatWhen(ctx.locale, draft.createdAt)}
        </dd>
        <dt>{t('assessments.drafts.size')}</dt>
        <dd>{t('assessments.drafts.sizeValue', { sections: def.sections.length, questions: questions.length })}</dd>
        <dt>{t('assessments.drafts.languages')}</dt>
        <dd>
          <code dir="ltr">{Object.keys(def.title).join(', ')}</code>
        </dd>
      </dl>

      <h2>{t('assessments.drafts.previewHeading')}</h2>
      <p>{t('assessments.drafts.previewText')}</p>
      <ul>
        <li>
          <a href={`${base}/preview`} hreflang="en" lang="en">
            Preview in English
          </a>
        </li>
        <li>
          <a href={`/ur${base}/preview`} hreflang="ur" lang="ur" dir="rtl">
            اردو میں پیش منظر
          </a>
        </li>
      </ul>

      <h2>{t('assessments.drafts.trialHeading')}</h2>
      <p>{t('assessments.drafts.trialText', { max: 5000 })}</p>
      {trial && <TrialResults ctx={ctx} trial={trial} />}
      <UploadForm
        ctx={ctx}
        csrf={csrf}
        action={`${base}/trial`}
        problems={problems}
        label={t('assessments.drafts.trialFile')}
        hint={t('assessments.drafts.trialFileHint')}
        button={t('assessments.drafts.trialButton')}
      />

      <h2>{t('assessments.drafts.issueHeading')}</h2>
      <p>{t('assessments.drafts.issueText')}</p>
      <form method="post" action={ctx.href(`${base}/issue`)}>
        <CsrfField token={csrf} />
        <button type="submit" class="button">
          {t('assessments.drafts.issueButton', { version: draft.version })}
        </button>
      </form>
      <form method="post" action={ctx.href(`${base}/discard`)}>
        <CsrfField token={csrf} />
        <button type="submit" class="button warning">
          {t('assessments.drafts.discardButton')}
        </button>
      </form>
    </Layout>
  )
}

/** Every answer set's expected and computed level, disagreements first. */
function TrialResults({ ctx, trial }: { ctx: PageContext; trial: Trial }) {
  const { t } = ctx
  const total = trial.rows.length
  return (
    <div role="status">
      <p class={trial.disagreed + trial.unreadable > 0 ? 'warning-text' : undefined}>
        {t('assessments.drafts.trialSummary', {
          agreed: trial.agreed,
          total,
          disagreed: trial.disagreed,
          unreadable: trial.unreadable,
        })}
      </p>
      <DataTable
        caption={t('assessments.drafts.trialCaption')}
        columns={[
          t('assessments.drafts.trialSet'),
          t('assessments.drafts.trialExpected'),
          t('assessments.drafts.trialComputed'),
          t('assessments.drafts.trialResult'),
        ]}
        dense
      >
        {trial.rows.map((r) => (
          <tr key={r.number}>
            <th scope="row">
              <bdi>{r.number}</bdi>
              {r.name && (
                <>
                  {' '}
                  <bdi>{r.name}</bdi>
                </>
              )}
            </th>
            <td>{t(`register.options.impactLevel.${r.expected}`)}</td>
            <td>{r.computed ? t(`register.options.impactLevel.${r.computed}`) : '–'}</td>
            <td>
              {r.computed === undefined ? (
                <>
                  {t('assessments.drafts.trialUnknown')} <code dir="ltr">{r.unknown.join(', ')}</code>
                </>
              ) : r.computed === r.expected ? (
                t('assessments.drafts.trialAgrees')
              ) : (
                <strong>{t('assessments.drafts.trialDiffers')}</strong>
              )}
            </td>
          </tr>
        ))}
      </DataTable>
    </div>
  )
}

/** The draft as a body will see it, every section in turn, before any answer is given. Nothing here is saved. */
export function DraftPreviewPage({ ctx, draft }: { ctx: PageContext; draft: Draft }) {
  const { t } = ctx
  const def = draft.definition
  return (
    <Layout ctx={ctx} title={t('assessments.drafts.previewTitle', { version: draft.version })}>
      <h1>
        <InReaderLanguage ctx={ctx} text={def.title} />
      </h1>
      <div class="notice" role="note">
        <p>{t('assessments.drafts.previewNotice', { version: draft.version })}</p>
        <p>
          <a href={ctx.href(`/admin/questionnaires/drafts/${draft.id}`)}>{t('assessments.drafts.back')}</a>
        </p>
      </div>
      <p>
        <InReaderLanguage ctx={ctx} text={def.description} />
      </p>
      {def.sections.map((section) => (
        <section key={section.id} aria-labelledby={`preview-${section.id}`}>
          <h2 id={`preview-${section.id}`}>
            <InReaderLanguage ctx={ctx} text={section.title} />
          </h2>
          <SectionBody ctx={ctx} questionnaire={def} sectionId={section.id} answers={{}} errors={{}} />
        </section>
      ))}
    </Layout>
  )
}

/** Retiring a version: what it is, what retiring does and does not do, and why, in the author's words. */
export function RetirePage({
  ctx,
  csrf,
  version,
  values,
  errors,
}: {
  ctx: PageContext
  csrf: string
  version: Version
  values: Record<string, unknown>
  errors: FieldErrors
}) {
  const { t } = ctx
  const title = t('assessments.retire.title', { version: version.version })
  return (
    <Layout ctx={ctx} title={Object.keys(errors).length ? `${t('errors.title')}: ${title}` : title}>
      <ErrorSummary ctx={ctx} errors={errors} />
      <h1>
        {title}: <InReaderLanguage ctx={ctx} text={version.title} />
      </h1>
      <p>{t('assessments.retire.what')}</p>
      <form method="post" action={ctx.href(`/admin/questionnaires/${version.id}/retire`)} novalidate>
        <CsrfField token={csrf} />
        <TextArea
          ctx={ctx}
          values={values}
          errors={errors}
          name="reason"
          label={t('assessments.retire.reason')}
          hint={t('assessments.retire.reasonHint')}
          rows={3}
          required
        />
        <button type="submit" class="button warning">
          {t('assessments.retire.button', { version: version.version })}
        </button>
      </form>
      <p>
        <a href={ctx.href('/admin/questionnaires')}>{t('assessments.retire.back')}</a>
      </p>
    </Layout>
  )
}
