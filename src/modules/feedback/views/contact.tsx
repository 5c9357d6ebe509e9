import { Choices, CsrfField, ErrorSummary, TextArea, TextField, type FieldErrors } from '../../../platform/forms.tsx'
import { Layout } from '../../../platform/layout.tsx'
import type { PageContext } from '../../../platform/page.ts'
import { feedbackTopics } from '../feedback.vocabulary.ts'

type Props = { ctx: PageContext; csrf: string; values: Record<string, unknown>; errors: FieldErrors }

export function ContactPage({ ctx, csrf, values, errors }: Props) {
  const { t } = ctx
  const field = { ctx, values, errors }
  const hasErrors = Object.keys(errors).length > 0
  return (
    <Layout ctx={ctx} title={hasErrors ? `${t('errors.title')}: ${t('contact.title')}` : t('contact.title')}>
      <ErrorSummary ctx={ctx} errors={errors} />
      <h1>{t('contact.title')}</h1>
      <p class="lead">{t('contact.lead')}</p>
      <form method="post" action={ctx.href('/contact')} novalidate>
        <CsrfField token={csrf} />
        <Choices
          {...field}
          type="radio"
          name="topic"
          label={t('contact.topic.label')}
          options={feedbackTopics.map((v) => ({ value: v, label: t(`contact.topic.${v}`) }))}
        />
        <TextArea {...field} name="message" label={t('contact.message.label')} hint={t('contact.message.hint')} rows={8} />
        <TextField {...field} name="name" label={t('contact.name.label')} autocomplete="name" maxLength={200} />
        <TextField
          {...field}
          name="email"
          type="email"
          label={t('contact.email.label')}
          hint={t('contact.email.hint')}
          autocomplete="email"
          maxLength={254}
        />
        <TextField {...field} name="pageUrl" label={t('contact.pageUrl.label')} maxLength={500} />
        <div class="honeypot" aria-hidden="true">
          <label for="f-website">{t('contact.website.label')}</label>
          <input id="f-website" name="website" type="text" tabIndex={-1} autocomplete="off" />
        </div>
        <p class="privacy-note">
          {t('contact.privacy')} <a href={ctx.href('/privacy')}>{t('pages.privacy.title')}</a>
        </p>
        <button type="submit" class="button">
          {t('contact.submit')}
        </button>
      </form>
    </Layout>
  )
}

export function ContactThanksPage({ ctx }: { ctx: PageContext }) {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('contact.thanks.title')}>
      <div class="confirmation" role="status">
        <h1>{t('contact.thanks.title')}</h1>
      </div>
      <p>{t('contact.thanks.body')}</p>
      <p>
        <a href={ctx.href('/')}>{t('contact.thanks.home')}</a>
      </p>
    </Layout>
  )
}
