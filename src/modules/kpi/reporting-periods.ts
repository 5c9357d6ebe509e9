import type { Clock } from '../../platform/clock.ts'
import { HttpError } from '../../platform/errors.ts'
import { translator, type Locale } from '../../platform/i18n.ts'
import { pakistanToday } from '../../platform/work-queue.ts'

/** A half-year as the policy's biannual reports name it: `2026-H1` is January to June 2026. */
export const PERIOD = /^(20\d\d)-H([12])$/

/** A half-year's first and last days, and the day before it began. */
export function periodOf(period: string): { start: string; end: string; before: string } {
  const m = PERIOD.exec(period)
  if (!m) throw new HttpError(404, '404')
  const year = Number(m[1])
  return m[2] === '1'
    ? { start: `${year}-01-01`, end: `${year}-06-30`, before: `${year - 1}-12-31` }
    : { start: `${year}-07-01`, end: `${year}-12-31`, before: `${year}-06-30` }
}

/** The half-year a Pakistan date falls in. */
export const periodOn = (date: string) => `${date.slice(0, 4)}-H${Number(date.slice(5, 7)) <= 6 ? 1 : 2}`

/** A half-year as people say it: "January–June 2026", "جنوری تا جون 2026". */
export const periodName = (locale: Locale, period: string) =>
  translator(locale)(`progress.halfYear.${period.slice(5)}`, { year: period.slice(0, 4) })

/** A half-year's name in both languages, as values stored for messages read later in either (`periodEn`, `periodUr`). */
export const periodNames = (period: string) => ({ periodEn: periodName('en', period), periodUr: periodName('ur', period) })

/** The half-year before this one. */
export const previousPeriod = (period: string) =>
  period.endsWith('H2') ? `${period.slice(0, 4)}-H1` : `${Number(period.slice(0, 4)) - 1}-H2`

/** The half-years that have ended since the policy began, newest first. */
export function endedPeriods(clock: Clock): string[] {
  const today = pakistanToday(clock)
  const out: string[] = []
  for (let year = 2025; year <= Number(today.slice(0, 4)); year++)
    for (const half of [1, 2]) if (periodOf(`${year}-H${half}`).end < today) out.push(`${year}-H${half}`)
  return out.reverse()
}
