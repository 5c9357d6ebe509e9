import type { TextIn } from '../../../platform/content-language.ts'
import { DataTable } from '../../../platform/data-table.tsx'
import { ErrorSummary, FileField, type FieldErrors } from '../../../platform/forms.tsx'
import { formatWhen } from '../../../platform/i18n.ts'
import { Layout } from '../../../platform/layout.tsx'
import { InReaderLanguage } from '../../../platform/localised.tsx'
import type { PageContext } from '../../../platform/page.ts'

type Version = { id: string; key: string; version: number; issuedAt: Date; title: TextIn }

export function QuestionnairesPage({
  ctx,
  csrf,
  versions,
  problems,
}: {
  ctx: PageContext
  csrf: string
  versions: Version[]
  problems: string[]
}) {
  const { t } = ctx
  const errors: FieldErrors = problems.length ? { file: 'assessments.questionnaires.refused' } : {}
  return (
    <Layout
      ctx={ctx}
      title={
        problems.length ? `${t('errors.title')}: ${t('assessments.questionnaires.title')}` : t('assessments.questionnaires.title')
      }
    >
      <ErrorSummary ctx={ctx} errors={errors}>
        <ul dir="ltr" lang="en">
          {problems.map((p, i) => (
            <li key={i}>
              <code>{p}</code>
            </li>
          ))}
        </ul>
      </ErrorSummary>
      <h1>{t('assessments.questionnaires.title')}</h1>
      <p class="lead">{t('assessments.questionnaires.lead')}</p>
      <DataTable
        caption={t('assessments.questionnaires.caption')}
        columns={[
          t('assessments.questionnaires.name'),
          t('assessments.questionnaires.key'),
          t('assessments.questionnaires.version'),
          t('assessments.questionnaires.issued'),
        ]}
      >
        {versions.map((v) => (
          <tr key={v.id}>
            <td>
              <InReaderLanguage ctx={ctx} text={v.title} />
            </td>
            <td>
              <code dir="ltr">{v.key}</code>
            </td>
            <td>
              <bdi>{v.version}</bdi>
            </td>
            <td>{formatWhen(ctx.locale, v.issuedAt)}</td>
          </tr>
        ))}
      </DataTable>
      <form
        method="post"
        action={`${ctx.href('/admin/questionnaires')}?_csrf=${encodeURIComponent(csrf)}`}
        encType="multipart/form-data"
        novalidate
      >
        <h2>{t('assessments.questionnaires.issueHeading')}</h2>
        <p>
          <a href="/api/v1/questionnaire-definition.schema.json" hreflang="en">
            {t('assessments.questionnaires.schemaLink')}
          </a>
        </p>
        <FileField
          ctx={ctx}
          values={{}}
          errors={errors}
          name="file"
          label={t('assessments.questionnaires.file')}
          hint={t('assessments.questionnaires.fileHint')}
          accept=".json,.yaml,.yml,application/json"
        />
        <button type="submit" class="button">
          {t('assessments.questionnaires.issue')}
        </button>
      </form>
    </Layout>
  )
}
