import { asciiDigits } from './tracking-code.ts'

/**
 * Personal data a report's narrative may carry, found before anything is published: CNIC numbers, Pakistani mobile
 * numbers, e-mail addresses (digits in Latin, Urdu or Arabic-Indic script alike) and the names the reporter gave.
 * Nothing is published until a reviewer has confirmed what was found; this only proposes.
 */
export type PersonalKind = 'cnic' | 'phone' | 'email' | 'name'
export type Finding = { kind: PersonalKind; start: number; end: number; text: string }

// Digits are matched on a copy with every digit in ASCII; each Urdu or Arabic-Indic digit is one UTF-16 unit, like
// its ASCII twin, so positions found in the copy are positions in the original.
const patterns: { kind: PersonalKind; re: RegExp }[] = [
  { kind: 'cnic', re: /(?<![\d-])\d{5}-\d{7}-\d(?![\d-])/g },
  { kind: 'cnic', re: /(?<![\d-])\d{13}(?![\d-])/g },
  { kind: 'phone', re: /(?<![\d+])(?:\+92|0092|92)[\s-]?3\d{2}[\s-]?\d{3}[\s-]?\d{4}(?!\d)/g },
  { kind: 'phone', re: /(?<![\d+])03\d{2}[\s-]?\d{3}[\s-]?\d{4}(?!\d)/g },
  { kind: 'email', re: /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.[A-Za-z]{2,}/gu },
]

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** Names as whole words: the full name, and each part of three letters or more. */
function namePatterns(names: readonly string[]): RegExp[] {
  const parts = names.flatMap((n) => {
    const clean = n.trim().replace(/\s+/g, ' ')
    return clean ? [clean, ...clean.split(' ').filter((p) => [...p].length >= 3)] : []
  })
  return [...new Set(parts)].sort((a, b) => b.length - a.length).map((p) => new RegExp(`(?<![\\p{L}\\p{M}])${escape(p)}(?![\\p{L}\\p{M}])`, 'giu'))
}

export function findPersonalData(text: string, names: readonly string[] = []): Finding[] {
  const digits = asciiDigits(text)
  const found: Finding[] = []
  for (const { kind, re } of patterns) for (const m of digits.matchAll(re)) found.push({ kind, start: m.index, end: m.index + m[0].length, text: text.slice(m.index, m.index + m[0].length) })
  for (const re of namePatterns(names)) for (const m of text.matchAll(re)) found.push({ kind: 'name', start: m.index, end: m.index + m[0].length, text: m[0] })
  // Overlaps keep the earliest, longest finding, so a number inside an e-mail address is not counted twice.
  found.sort((a, b) => a.start - b.start || b.end - a.end)
  return found.filter((f, i) => !found.slice(0, i).some((g) => f.start < g.end && g.start < f.end))
}

/** The text with each finding replaced by a marker naming what was removed. */
export function redact(text: string, findings: readonly Finding[], marker: (kind: PersonalKind) => string): string {
  let out = ''
  let at = 0
  for (const f of [...findings].sort((a, b) => a.start - b.start)) {
    out += text.slice(at, f.start) + marker(f.kind)
    at = f.end
  }
  return out + text.slice(at)
}
