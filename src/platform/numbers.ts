// Thousands grouped as Pakistan writes them (1,25,000) or as most of the world does (125,000). A comma anywhere else
// ("12,5") may be a decimal comma: it is refused, never guessed.
const GROUPED = /^-?\d{1,3}(?:(?:,\d{2})*,\d{3}|(?:,\d{3})+)(?:\.\d+)?$/

/**
 * Digits as people type them (Urdu and Arabic-Indic too), with spaces and thousands separators, as plain ASCII; or
 * undefined when the commas are not thousands.
 */
export function plainNumber(typed: string): string | undefined {
  const ascii = typed
    .replace(/[\u06f0-\u06f9]/g, (d) => String(d.charCodeAt(0) - 0x06f0))
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/\u066b/g, '.')
    .replace(/\u066c/g, ',')
    .replace(/\s/g, '')
    .replace(/^[\u2212\u2013]/, '-')
  if (!ascii.includes(',')) return ascii
  return GROUPED.test(ascii) ? ascii.replace(/,/g, '') : undefined
}

/**
 * Rupees as people type them ("12,50,000.50", in any of Pakistan's digits) as a whole number of paisa, exactly; or
 * undefined when it is not an amount of at most two decimals.
 */
export function paisaOf(typed: string): bigint | undefined {
  const plain = plainNumber(typed.replace(/^(Rs\.?|PKR)\s*/i, ''))
  const m = plain === undefined ? null : /^(\d{1,15})(?:\.(\d{1,2}))?$/.exec(plain)
  if (!m) return undefined
  return BigInt(m[1]!) * 100n + BigInt((m[2] ?? '').padEnd(2, '0'))
}
