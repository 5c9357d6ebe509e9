import { CsrfField } from '../../../platform/forms.tsx'
import { Layout } from '../../../platform/layout.tsx'
import { formatWhen, inlineList } from '../../../platform/i18n.ts'
import type { PageContext } from '../../../platform/page.ts'
import type { Role } from '../../../platform/rbac.ts'
import type { User } from '../accounts.repository.ts'

type Props = { ctx: PageContext; csrf: string; user: User; roles: Role[]; organisation: string | null }

export function AccountPage({ ctx, csrf, user, roles, organisation }: Props) {
  const { t } = ctx
  const when = (d: Date | null) => (d ? formatWhen(ctx.locale, d) : '—')
  return (
    <Layout ctx={ctx} title={t('accounts.account.title')}>
      <h1>{t('accounts.account.title')}</h1>
      <dl class="summary">
        <dt>{t('accounts.account.name')}</dt>
        <dd>{user.name}</dd>
        <dt>{t('accounts.account.email')}</dt>
        <dd dir="ltr">{user.email}</dd>
        <dt>{t('accounts.account.organisation')}</dt>
        <dd>{organisation ?? '—'}</dd>
        <dt>{t('accounts.account.roles')}</dt>
        <dd>
          {inlineList(
            ctx.locale,
            roles.map((r) => t(`accounts.roles.${r}`)),
          ) || '—'}
        </dd>
        <dt>{t('accounts.account.mfa')}</dt>
        <dd>{user.mfaEnrolledAt ? t('accounts.account.mfaSince', { date: when(user.mfaEnrolledAt) }) : '—'}</dd>
        <dt>{t('accounts.account.lastSignIn')}</dt>
        <dd>{when(user.lastSignInAt)}</dd>
      </dl>
      <p>
        <a href={ctx.href('/account/inbox')}>{t('accounts.inbox.title')}</a>
      </p>
      <p>
        <a href={ctx.href('/account/password')}>{t('accounts.change.title')}</a>
      </p>
      <form method="post" action={ctx.href('/sign-out')}>
        <CsrfField token={csrf} />
        <button type="submit" class="button secondary">
          {t('accounts.account.signOut')}
        </button>
      </form>
    </Layout>
  )
}
