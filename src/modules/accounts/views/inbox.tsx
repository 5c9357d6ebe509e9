import { Layout } from '../../../platform/layout.tsx'
import { formatWhen, localVars } from '../../../platform/i18n.ts'
import type { PageContext } from '../../../platform/page.ts'

type Notification = {
  id: string
  kind: string
  vars: Record<string, string>
  link: string | null
  createdAt: Date
  readAt: Date | null
}

export function InboxPage({ ctx, items }: { ctx: PageContext; items: Notification[] }) {
  const { t } = ctx
  const when = (d: Date) => formatWhen(ctx.locale, d)
  return (
    <Layout ctx={ctx} title={t('accounts.inbox.title')}>
      <h1>{t('accounts.inbox.title')}</h1>
      {items.length === 0 ? (
        <p>{t('accounts.inbox.empty')}</p>
      ) : (
        <ul class="inbox">
          {items.map((n) => (
            <li key={n.id} class={n.readAt ? undefined : 'unread'}>
              <h2>
                {n.readAt ? null : <span class="tag">{t('accounts.inbox.new')}</span>}{' '}
                {t(`notifications.${n.kind}.title`, localVars(n.vars, ctx.locale))}
              </h2>
              <p>{t(`notifications.${n.kind}.body`, localVars(n.vars, ctx.locale))}</p>
              <p class="muted">
                {when(n.createdAt)}
                {n.link && (
                  <>
                    {' · '}
                    <a href={ctx.href(n.link)}>{t('accounts.inbox.open')}</a>
                  </>
                )}
              </p>
            </li>
          ))}
        </ul>
      )}
    </Layout>
  )
}
