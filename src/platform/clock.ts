/** Time comes from here, never from `new Date()` in a rule, so tests move time instead of sleeping. */
export type Clock = { now(): Date }

export const systemClock: Clock = { now: () => new Date() }

/** Pakistan Standard Time is UTC+5 all year (no daylight saving since 2009); deadlines are Pakistan dates. */
export const PAKISTAN_OFFSET_MS = 5 * 60 * 60 * 1000

/**
 * A time in Pakistan as a form gives it ("2027-03-31T17:00", the value of a `datetime-local` field, seconds optional)
 * as the instant it names; undefined when it is not a real time.
 */
export function pakistanInstant(local: string): Date | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(local.trim())
  if (!m) return undefined
  const [y, mo, d, h, mi, s] = m.slice(1).map((x) => Number(x ?? 0)) as [number, number, number, number, number, number]
  const utc = Date.UTC(y, mo - 1, d, h, mi, s)
  const back = new Date(utc)
  if (back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return undefined
  return new Date(utc - PAKISTAN_OFFSET_MS)
}

/** An instant as a `datetime-local` field shows it: Pakistan time, to the minute. */
export const pakistanLocal = (at: Date) => new Date(at.getTime() + PAKISTAN_OFFSET_MS).toISOString().slice(0, 16)
