import { DataTable } from '../../../platform/data-table.tsx'
import { formatWhen } from '../../../platform/i18n.ts'
import { Layout } from '../../../platform/layout.tsx'
import type { PageContext } from '../../../platform/page.ts'
import type { financeQueue } from '../participation.service.ts'
import { Money, Pair, PaymentStepForm } from './parts.tsx'

/** Payment requests approved by programme staff, for finance to approve and then record as paid. */
export function FinancePage({
  ctx,
  csrf,
  rows,
}: {
  ctx: PageContext
  csrf: string
  rows: Awaited<ReturnType<typeof financeQueue>>
}) {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('programmes.finance.title')}>
      <h1>{t('programmes.finance.title')}</h1>
      <p class="lead">{t('programmes.finance.lead')}</p>
      {rows.length === 0 ? (
        <p>{t('programmes.finance.none')}</p>
      ) : (
        <DataTable
          caption={t('programmes.finance.caption', { count: rows.length })}
          columns={[
            t('programmes.finance.project'),
            t('programmes.payments.amount'),
            t('programmes.finance.state'),
            t('programmes.payments.step'),
          ]}
        >
          {rows.map(({ payment, milestone, titleEn, titleUr }) => (
            <tr key={payment.id}>
              <th scope="row">
                <Pair ctx={ctx} en={titleEn} ur={titleUr} />
                <br />
                <small>
                  {milestone.title} · {formatWhen(ctx.locale, payment.requestedAt, { dateOnly: true })} · {payment.note}
                </small>
              </th>
              <td>
                <Money ctx={ctx} paisa={payment.amountPaisa} />
              </td>
              <td>{t(`programmes.payments.states.${payment.state}`)}</td>
              <td>
                <PaymentStepForm
                  ctx={ctx}
                  csrf={csrf}
                  action={`/fund/finance/payments/${payment.id}`}
                  steps={payment.state === 'finance_approved' ? ['paid'] : ['approve', 'changes', 'decline']}
                />
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </Layout>
  )
}
