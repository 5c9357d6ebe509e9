import type { PageContext } from './page.ts'

/** Paisa as rupees, exactly: "Rs 1,250,000.50" (in Urdu, "روپے" and the page's grouping). */
export function rupees(ctx: PageContext, paisa: bigint) {
  const sign = paisa < 0n ? '-' : ''
  const abs = paisa < 0n ? -paisa : paisa
  const whole = new Intl.NumberFormat(ctx.locale === 'ur' ? 'ur-PK' : 'en-PK').format(abs / 100n)
  return `${ctx.t('money.rs')} ${sign}${whole}.${String(abs % 100n).padStart(2, '0')}`
}

/** Paisa as a form field shows them, for typing again: "1000000.50". */
export const rupeesTyped = (paisa: bigint) => `${paisa / 100n}.${String(paisa % 100n).padStart(2, '0')}`
