import { CsrfField, ErrorSummary, TextField, type FieldErrors } from '../../../platform/forms.tsx'
import { Layout } from '../../../platform/layout.tsx'
import type { PageContext } from '../../../platform/page.ts'

type FormProps = {
  ctx: PageContext
  csrf: string
  next: string
  values: Record<string, unknown>
  errors: FieldErrors
  notice?: string | undefined
}

const Notice = ({ text }: { text: string | undefined }) =>
  text ? (
    <div class="error-summary" role="alert">
      <p>{text}</p>
    </div>
  ) : null

export function SignInPage({ ctx, csrf, next, values, errors, notice }: FormProps) {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('accounts.signIn.title')}>
      <ErrorSummary ctx={ctx} errors={errors} />
      <Notice text={notice} />
      <h1>{t('accounts.signIn.title')}</h1>
      <p class="lead">{t('accounts.signIn.lead')}</p>
      <form method="post" action={ctx.href('/sign-in')} novalidate>
        <CsrfField token={csrf} />
        <input type="hidden" name="next" value={next} />
        <TextField
          ctx={ctx}
          values={values}
          errors={errors}
          name="email"
          type="email"
          label={t('accounts.signIn.email')}
          autocomplete="username"
          spellcheck={false}
        />
        <TextField
          ctx={ctx}
          values={values}
          errors={errors}
          name="password"
          type="password"
          label={t('accounts.signIn.password')}
          autocomplete="current-password"
        />
        <button type="submit" class="button">
          {t('accounts.signIn.submit')}
        </button>
      </form>
      <p>
        <a href={ctx.href('/password/forgot')}>{t('accounts.signIn.forgot')}</a>
      </p>
    </Layout>
  )
}

export function SecondFactorPage({ ctx, csrf, next, values, errors, notice }: FormProps) {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('accounts.verify.title')}>
      <ErrorSummary ctx={ctx} errors={errors} />
      <Notice text={notice} />
      <h1>{t('accounts.verify.title')}</h1>
      <p class="lead">{t('accounts.verify.lead')}</p>
      <form method="post" action={ctx.href('/sign-in/verify')} novalidate>
        <CsrfField token={csrf} />
        <input type="hidden" name="next" value={next} />
        <TextField
          ctx={ctx}
          values={values}
          errors={errors}
          name="code"
          label={t('accounts.verify.code')}
          hint={t('accounts.verify.hint')}
          autocomplete="one-time-code"
          spellcheck={false}
        />
        <button type="submit" class="button">
          {t('accounts.verify.submit')}
        </button>
      </form>
    </Layout>
  )
}
