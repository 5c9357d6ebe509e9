import { DataTable } from '../../../platform/data-table.tsx'
import { CsrfField, Select, TextField } from '../../../platform/forms.tsx'
import { formatWhen } from '../../../platform/i18n.ts'
import { Layout } from '../../../platform/layout.tsx'
import type { PageContext } from '../../../platform/page.ts'
import type { financeQueue } from '../participation.service.ts'
import { Money, Pair } from './parts.tsx'

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
                <form method="post" action={ctx.href(`/fund/finance/payments/${payment.id}`)} class="inline-form">
                  <CsrfField token={csrf} />
                  <Select
                    ctx={ctx}
                    errors={{}}
                    values={{}}
                    name="step"
                    label={t('programmes.payments.step')}
                    options={(payment.state === 'finance_approved'
                      ? (['paid'] as const)
                      : (['approve', 'changes', 'decline'] as const)
                    ).map((s) => ({
                      value: s,
                      label: t(`programmes.payments.steps.${s}`),
                    }))}
                  />
                  <TextField ctx={ctx} errors={{}} values={{}} name="reason" label={t('programmes.payments.reason')} />
                  <button type="submit" class="button small">
                    {t('programmes.payments.send')}
                  </button>
                </form>
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </Layout>
  )
}
