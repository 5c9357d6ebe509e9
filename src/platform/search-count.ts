/**
 * Matches are counted exactly up to this many, and beyond it only said to be more: a count of every match costs as
 * much as reading every match, and nobody pages through a thousand. The register and the incident database share it.
 */
export const COUNT_CAP = 1000

/** What a page of results says of a count taken up to one past `COUNT_CAP`: the number shown, and whether more match. */
export const cappedCount = (count: number) => ({ total: Math.min(count, COUNT_CAP), more: count > COUNT_CAP })

/**
 * The rows of a page read by key in a second step, put back in the order the first step ranked the keys. A row gone
 * between the two steps (withdrawn, say) is left out rather than shown empty.
 */
export function inKeyOrder<K, R>(keys: readonly K[], rows: readonly R[], keyOf: (row: R) => K): R[] {
  const byKey = new Map(rows.map((row) => [keyOf(row), row]))
  return keys.flatMap((key) => byKey.get(key) ?? [])
}
