import { CsrfField, ErrorSummary, TextField, type FieldErrors } from '../../../platform/forms.tsx'
import { Layout } from '../../../platform/layout.tsx'
import type { PageContext } from '../../../platform/page.ts'

type SetPasswordProps = {
  ctx: PageContext
  csrf: string
  kind: 'invitation' | 'reset'
  token: string
  values: Record<string, unknown>
  errors: FieldErrors
  /** For an invitation: who invited them where. */
  context?: string
}

/** Accepting an invitation or choosing a new password: the token travels in the form, never in a later URL. */
export function SetPasswordPage({ ctx, csrf, kind, token, values, errors, context }: SetPasswordProps) {
  const { t } = ctx
  const action = kind === 'invitation' ? '/invitation' : '/password/reset'
  return (
    <Layout ctx={ctx} title={t(`accounts.${kind}.title`)}>
      <ErrorSummary ctx={ctx} errors={errors} />
      <h1>{t(`accounts.${kind}.title`)}</h1>
      {context && <p class="lead">{context}</p>}
      <form method="post" action={ctx.href(action)} novalidate>
        <CsrfField token={csrf} />
        <input type="hidden" name="token" value={token} />
        {kind === 'invitation' && (
          <TextField
            ctx={ctx}
            values={values}
            errors={errors}
            name="name"
            label={t('accounts.invitation.name')}
            autocomplete="name"
            maxLength={200}
          />
        )}
        <TextField
          ctx={ctx}
          values={values}
          errors={errors}
          name="password"
          type="password"
          label={t('accounts.password.new')}
          hint={t('accounts.password.hint')}
          autocomplete="new-password"
        />
        <TextField
          ctx={ctx}
          values={values}
          errors={errors}
          name="confirm"
          type="password"
          label={t('accounts.password.confirm')}
          autocomplete="new-password"
        />
        <button type="submit" class="button">
          {t(`accounts.${kind}.submit`)}
        </button>
      </form>
    </Layout>
  )
}

export function ChangePasswordPage({
  ctx,
  csrf,
  errors,
  notice,
}: {
  ctx: PageContext
  csrf: string
  errors: FieldErrors
  notice?: string | undefined
}) {
  const { t } = ctx
  const field = { ctx, values: {}, errors }
  return (
    <Layout ctx={ctx} title={t('accounts.change.title')}>
      <ErrorSummary ctx={ctx} errors={errors} />
      {notice && (
        <div class="error-summary" role="alert">
          <p>{notice}</p>
        </div>
      )}
      <h1>{t('accounts.change.title')}</h1>
      <p class="lead">{t('accounts.change.lead')}</p>
      <form method="post" action={ctx.href('/account/password')} novalidate>
        <CsrfField token={csrf} />
        <TextField
          {...field}
          name="current"
          type="password"
          label={t('accounts.change.current')}
          autocomplete="current-password"
        />
        <TextField
          {...field}
          name="password"
          type="password"
          label={t('accounts.password.new')}
          hint={t('accounts.password.hint')}
          autocomplete="new-password"
        />
        <TextField {...field} name="confirm" type="password" label={t('accounts.password.confirm')} autocomplete="new-password" />
        <button type="submit" class="button">
          {t('accounts.reset.submit')}
        </button>
      </form>
    </Layout>
  )
}

export function ForgotPasswordPage({
  ctx,
  csrf,
  values,
  errors,
}: {
  ctx: PageContext
  csrf: string
  values: Record<string, unknown>
  errors: FieldErrors
}) {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('accounts.forgot.title')}>
      <ErrorSummary ctx={ctx} errors={errors} />
      <h1>{t('accounts.forgot.title')}</h1>
      <p class="lead">{t('accounts.forgot.lead')}</p>
      <form method="post" action={ctx.href('/password/forgot')} novalidate>
        <CsrfField token={csrf} />
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
        <button type="submit" class="button">
          {t('accounts.forgot.submit')}
        </button>
      </form>
    </Layout>
  )
}

/** A short page that says what happened and where to go next. */
export function MessagePage({
  ctx,
  title,
  body,
  link,
}: {
  ctx: PageContext
  title: string
  body: string
  link?: { href: string; text: string }
}) {
  return (
    <Layout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <p>{body}</p>
      {link && (
        <p>
          <a href={link.href}>{link.text}</a>
        </p>
      )}
    </Layout>
  )
}
