import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { Deps } from './deps.ts'
import { formatWhen, localVars } from './i18n.ts'
import { Layout } from './layout.tsx'
import { pageContext, sendPage, type PageContext } from './page.ts'
import { workQueueOf } from './work-queue.ts'
import { DataTable } from './data-table.tsx'

const Query = z.object({ kind: z.string().max(60).optional(), overdue: z.literal('1').optional() })

type Item = Awaited<ReturnType<typeof workQueueOf>>[number]

function WorkQueuePage({
  ctx,
  items,
  kinds,
  filter,
}: {
  ctx: PageContext
  items: Item[]
  kinds: string[]
  filter: z.infer<typeof Query>
}) {
  const { t } = ctx
  const date = (d: string) => formatWhen(ctx.locale, d)
  return (
    <Layout ctx={ctx} title={t('work.title')}>
      <h1>{t('work.title')}</h1>
      <form method="get" action={ctx.href('/work')} class="filters">
        <label for="f-kind">{t('work.kind')}</label>
        <select id="f-kind" name="kind">
          <option value="">{t('work.allKinds')}</option>
          {kinds.map((k) => (
            <option key={k} value={k} selected={filter.kind === k}>
              {t(`work.kinds.${k}`)}
            </option>
          ))}
        </select>
        <div class="radio">
          <input type="checkbox" id="f-overdue" name="overdue" value="1" checked={filter.overdue === '1'} />
          <label for="f-overdue">{t('work.overdueOnly')}</label>
        </div>
        <button type="submit" class="button secondary small">
          {t('work.filter')}
        </button>
      </form>
      {items.length === 0 ? (
        <p>{t('work.empty')}</p>
      ) : (
        <DataTable
          caption={t('work.caption', { count: items.length })}
          columns={[t('work.item'), t('work.arrived'), t('work.urgency'), t('work.due')]}
        >
          {items.map((i) => (
            <tr key={i.id} class={i.overdue ? 'overdue' : undefined}>
              <th scope="row">
                <a href={ctx.href(i.link)}>{t(i.titleKey, localVars(i.titleVars, ctx.locale))}</a>
                <br />
                <span class="muted">{t(`work.kinds.${i.kind}`)}</span>
              </th>
              <td>{formatWhen(ctx.locale, i.openedAt, { dateOnly: true })}</td>
              <td>{t(`work.urgencies.${i.urgency}`)}</td>
              <td>
                {i.dueOn ? date(i.dueOn) : '—'}
                {i.overdue && <strong class="tag">{t('work.overdue')}</strong>}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </Layout>
  )
}

/** Each person's queue of what waits for them, across every feature. */
export function workQueueRoutes(app: FastifyInstance, deps: Deps) {
  app.get('/work', { config: { access: 'account.self' }, schema: { querystring: Query } }, async (req, reply) => {
    const filter = req.query as z.infer<typeof Query>
    const all = await workQueueOf(deps.db, deps.clock, req.actor!)
    const items =
      filter.kind || filter.overdue
        ? await workQueueOf(deps.db, deps.clock, req.actor!, {
            kind: filter.kind || undefined,
            overdueOnly: filter.overdue === '1',
          })
        : all
    const kinds = [...new Set(all.map((i) => i.kind))].sort()
    return sendPage(
      reply.header('cache-control', 'no-store'),
      <WorkQueuePage ctx={pageContext(req)} items={items} kinds={kinds} filter={filter} />,
    )
  })
}
