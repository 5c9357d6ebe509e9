import type { ComponentChildren } from 'preact'
import { ErrorSummary, type FieldErrors } from '../../../platform/forms.tsx'
import { Layout } from '../../../platform/layout.tsx'
import type { PageContext } from '../../../platform/page.ts'

/** A page of the tracker with a form: its problems first when it came back, the way back to the tracker, the title and any lead. */
export function TrackerFormPage({
  ctx,
  title,
  lead,
  errors,
  children,
}: {
  ctx: PageContext
  title: string
  lead?: string
  errors: FieldErrors
  children: ComponentChildren
}) {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={Object.keys(errors).length ? `${t('errors.title')}: ${title}` : title}>
      <ErrorSummary ctx={ctx} errors={errors} />
      <p class="breadcrumb">
        <a href={ctx.href('/progress')}>{t('progress.title')}</a>
      </p>
      <h1>{title}</h1>
      {lead && <p class="lead">{lead}</p>}
      {children}
    </Layout>
  )
}
