import { Choices, CsrfField, ErrorSummary, Select, TextField, type FieldErrors } from '../../../platform/forms.tsx'
import { Layout } from '../../../platform/layout.tsx'
import { formatWhen } from '../../../platform/i18n.ts'
import type { PageContext } from '../../../platform/page.ts'
import type { Role } from '../../../platform/rbac.ts'
import type { AccountRow } from '../admin.service.ts'
import { DataTable } from '../../../platform/data-table.tsx'

const when = (ctx: PageContext, d: Date | null) => (d ? formatWhen(ctx.locale, d, { dateOnly: true }) : ctx.t('admin.never'))

const orgName = (ctx: PageContext, org: AccountRow['organisation']) =>
  org ? (ctx.locale === 'ur' ? org.nameUr : org.nameEn) : '—'
const roleNames = (ctx: PageContext, roles: Role[]) =>
  roles.map((r) => ctx.t(`accounts.roles.${r}`)).join(ctx.locale === 'ur' ? '، ' : ', ') || ctx.t('admin.noRoles')

/** A one-button form that acts on one account. */
function AccountAction({
  ctx,
  csrf,
  action,
  userId,
  label,
  name,
  value,
}: {
  ctx: PageContext
  csrf: string
  action: string
  userId: string
  label: string
  name?: string
  value?: string
}) {
  return (
    <form method="post" action={ctx.href(action)} class="inline-form">
      <CsrfField token={csrf} />
      <input type="hidden" name="userId" value={userId} />
      {name && <input type="hidden" name={name} value={value} />}
      <button type="submit" class="button secondary small">
        {label}
      </button>
    </form>
  )
}

type UsersProps = {
  ctx: PageContext
  csrf: string
  accounts: AccountRow[]
  canResetMfa: boolean
  grantable: readonly Role[]
  selfId: string
  notice?: string | undefined
}

/** Ticks for the roles this administrator may grant; saving sets exactly those. */
function RolesEditor({
  ctx,
  csrf,
  account,
  grantable,
}: {
  ctx: PageContext
  csrf: string
  account: AccountRow
  grantable: readonly Role[]
}) {
  return (
    <details class="roles-editor">
      <summary>{ctx.t('admin.users.changeRoles')}</summary>
      <form method="post" action={ctx.href('/admin/users/roles')}>
        <CsrfField token={csrf} />
        <input type="hidden" name="userId" value={account.id} />
        <fieldset>
          <legend class="visually-hidden">{ctx.t('admin.users.rolesOf', { name: account.name })}</legend>
          {grantable.map((r) => (
            <div class="radio" key={r}>
              <input type="checkbox" id={`roles-${account.id}-${r}`} name="roles" value={r} checked={account.roles.includes(r)} />
              <label for={`roles-${account.id}-${r}`}>{ctx.t(`accounts.roles.${r}`)}</label>
            </div>
          ))}
        </fieldset>
        <button type="submit" class="button secondary small">
          {ctx.t('admin.users.saveRoles')}
        </button>
      </form>
    </details>
  )
}

export function UsersPage({ ctx, csrf, accounts, canResetMfa, grantable, selfId, notice }: UsersProps) {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('admin.users.title')}>
      {notice && (
        <div class="confirmation" role="status">
          <p>{notice}</p>
        </div>
      )}
      <h1>{t('admin.users.title')}</h1>
      <p>
        <a class="button" href={ctx.href('/admin/users/invite')}>
          {t('admin.users.invite')}
        </a>{' '}
        <a href={ctx.href('/admin/access-review')}>{t('admin.review.title')}</a>
      </p>
      <DataTable
        caption={t('admin.users.caption', { count: accounts.length })}
        columns={[
          t('accounts.account.name'),
          t('accounts.account.organisation'),
          t('accounts.account.roles'),
          t('admin.mfa'),
          t('accounts.account.lastSignIn'),
          t('admin.actions'),
        ]}
      >
        {accounts.map((a) => (
          <tr key={a.id}>
            <th scope="row">
              {a.name}
              <br />
              <span class="muted" dir="ltr">
                {a.email}
              </span>
              {a.status === 'deactivated' && <span class="tag">{t('admin.deactivated')}</span>}
            </th>
            <td>{orgName(ctx, a.organisation)}</td>
            <td>{roleNames(ctx, a.roles)}</td>
            <td>{a.mfa ? t('admin.yes') : t('admin.no')}</td>
            <td>{when(ctx, a.lastSignInAt)}</td>
            <td>
              {a.status === 'active' && a.id !== selfId && (
                <>
                  <AccountAction
                    ctx={ctx}
                    csrf={csrf}
                    action="/admin/users/deactivate"
                    userId={a.id}
                    label={t('admin.users.deactivate')}
                  />
                  {canResetMfa && a.mfa && (
                    <AccountAction
                      ctx={ctx}
                      csrf={csrf}
                      action="/admin/users/reset-mfa"
                      userId={a.id}
                      label={t('admin.users.resetMfa')}
                    />
                  )}
                  <RolesEditor ctx={ctx} csrf={csrf} account={a} grantable={grantable} />
                </>
              )}
            </td>
          </tr>
        ))}
      </DataTable>
    </Layout>
  )
}

type InviteProps = {
  ctx: PageContext
  csrf: string
  organisations: { value: string; label: string }[]
  grantable: readonly Role[]
  values: Record<string, unknown>
  errors: FieldErrors
}

export function InvitePage({ ctx, csrf, organisations, grantable, values, errors }: InviteProps) {
  const { t } = ctx
  const field = { ctx, values, errors }
  return (
    <Layout ctx={ctx} title={t('admin.users.invite')}>
      <ErrorSummary ctx={ctx} errors={errors} />
      <h1>{t('admin.users.invite')}</h1>
      <p class="lead">{t('admin.invite.lead')}</p>
      <form method="post" action={ctx.href('/admin/users/invite')} novalidate>
        <CsrfField token={csrf} />
        <TextField {...field} name="name" label={t('accounts.invitation.name')} autocomplete="off" maxLength={200} />
        <TextField
          {...field}
          name="email"
          type="email"
          label={t('accounts.signIn.email')}
          autocomplete="off"
          spellcheck={false}
        />
        <Select {...field} name="organisationId" label={t('accounts.account.organisation')} options={organisations} />
        <Choices
          {...field}
          type="checkbox"
          name="roles"
          label={t('accounts.account.roles')}
          options={grantable.map((r) => ({ value: r, label: t(`accounts.roles.${r}`) }))}
        />
        <button type="submit" class="button">
          {t('admin.invite.submit')}
        </button>
      </form>
    </Layout>
  )
}

type ReviewProps = {
  ctx: PageContext
  csrf: string
  accounts: AccountRow[]
  decisions: Map<string, 'confirmed' | 'revoked'>
  pending: number
  startedAt: Date
  history: { startedAt: Date; completedAt: Date | null; reviewer: string }[]
}

/** `accounts` are those to decide in this review; `pending` how many of them are still undecided. */
export function AccessReviewPage({ ctx, csrf, accounts, decisions, pending, startedAt, history }: ReviewProps) {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('admin.review.title')}>
      <h1>{t('admin.review.title')}</h1>
      <p class="lead">{t('admin.review.lead')}</p>
      <p>{t('admin.review.progress', { started: when(ctx, startedAt), pending, total: accounts.length })}</p>
      <DataTable
        caption={t('admin.review.caption')}
        columns={[
          t('accounts.account.name'),
          t('accounts.account.roles'),
          t('admin.mfa'),
          t('accounts.account.lastSignIn'),
          t('admin.review.decision'),
        ]}
      >
        {accounts.map((a) => (
          <tr key={a.id}>
            <th scope="row">
              {a.name}
              <br />
              <span class="muted">{orgName(ctx, a.organisation)}</span>
            </th>
            <td>{roleNames(ctx, a.roles)}</td>
            <td>{a.mfa ? t('admin.yes') : t('admin.no')}</td>
            <td>{when(ctx, a.lastSignInAt)}</td>
            <td>
              {decisions.has(a.id) ? (
                <strong>{t(`admin.review.${decisions.get(a.id)}`)}</strong>
              ) : (
                <>
                  <AccountAction
                    ctx={ctx}
                    csrf={csrf}
                    action="/admin/access-review/decide"
                    userId={a.id}
                    name="decision"
                    value="confirmed"
                    label={t('admin.review.confirm')}
                  />
                  <AccountAction
                    ctx={ctx}
                    csrf={csrf}
                    action="/admin/access-review/decide"
                    userId={a.id}
                    name="decision"
                    value="revoked"
                    label={t('admin.review.revoke')}
                  />
                </>
              )}
            </td>
          </tr>
        ))}
      </DataTable>
      <form method="post" action={ctx.href('/admin/access-review/complete')}>
        <CsrfField token={csrf} />
        <button type="submit" class="button" disabled={pending > 0}>
          {t('admin.review.complete')}
        </button>
      </form>
      <h2>{t('admin.review.history')}</h2>
      <ul>
        {history.map((h) => (
          <li key={h.startedAt.toISOString()}>
            {t('admin.review.historyItem', {
              reviewer: h.reviewer,
              started: when(ctx, h.startedAt),
              completed: h.completedAt ? when(ctx, h.completedAt) : t('admin.review.inProgress'),
            })}
          </li>
        ))}
      </ul>
    </Layout>
  )
}
