import { randomInt } from 'node:crypto'

/**
 * Tracking codes a person can read aloud and write down: sixteen digits in four groups of four, fifteen of them
 * random (about 49.8 bits) and the last a Damm check digit, which catches every single wrong digit and every swap
 * of two neighbours, so a mistyped code is told apart from an unknown one.
 */
const RANDOM_DIGITS = 15

// The Damm algorithm's quasigroup of order 10 (H. Michael Damm, 2004): a weakly totally anti-symmetric table.
const DAMM = [
  [0, 3, 1, 7, 5, 9, 8, 6, 4, 2],
  [7, 0, 9, 2, 1, 5, 4, 8, 6, 3],
  [4, 2, 0, 6, 8, 7, 1, 3, 5, 9],
  [1, 7, 5, 0, 9, 8, 3, 4, 2, 6],
  [6, 1, 2, 3, 0, 4, 5, 9, 7, 8],
  [3, 6, 7, 4, 2, 0, 9, 5, 8, 1],
  [5, 8, 6, 9, 7, 2, 0, 1, 3, 4],
  [8, 9, 4, 5, 3, 6, 2, 0, 1, 7],
  [9, 4, 3, 8, 6, 1, 7, 2, 0, 5],
  [2, 5, 8, 1, 4, 3, 6, 7, 9, 0],
] as const

const dammOf = (digits: string) => [...digits].reduce((interim, d) => DAMM[interim]![Number(d)]!, 0)

/** A new code, as the sixteen digits without spaces. */
export function newTrackingCode(): string {
  const random = Array.from({ length: RANDOM_DIGITS }, () => randomInt(10)).join('')
  return `${random}${dammOf(random)}`
}

/** Four groups of four, the way the receipt prints it. */
export const formatTrackingCode = (code: string) => code.replace(/(\d{4})(?=\d)/g, '$1 ')

/** Urdu (۰–۹) and Arabic-Indic (٠–٩) digits read as the digits they are. */
export const asciiDigits = (text: string) =>
  text
    .replace(/[\u06F0-\u06F9]/g, (d) => String(d.charCodeAt(0) - 0x06f0))
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660))

export type ParsedCode = { ok: true; code: string } | { ok: false; reason: 'length' | 'check' }

/**
 * A code as a person typed it: any digits (Latin, Urdu or Arabic-Indic), with spaces, hyphens or dots between
 * groups. Anything else, a wrong length or a failed check digit is refused with the reason, before any lookup.
 */
export function parseTrackingCode(typed: string): ParsedCode {
  const digits = asciiDigits(typed).replace(/[\s\-.\u200E\u200F\u066B\u066C]/g, '')
  if (!/^\d{16}$/.test(digits)) return { ok: false, reason: 'length' }
  return dammOf(digits) === 0 ? { ok: true, code: digits } : { ok: false, reason: 'check' }
}
