import { z } from 'zod'
import { blankToUndefined } from './forms.tsx'

/**
 * Personal data in a text the public will read, as people in Pakistan really write it: CNIC numbers, mobile and
 * landline numbers in every common layout, e-mail addresses (also as `name [at] example [dot] pk`), passport, NTN
 * and IBAN numbers, and the names a person gave. Every feature that publishes free text checks it with this
 * detector before publication; it proposes redactions and refuses what still looks personal, a person decides.
 *
 * Matching runs on a normalised copy: invisible characters (bidi marks, zero-width characters, soft hyphens) are
 * dropped, NFKC folds full-width and mathematical letters and digits, Urdu and Arabic-Indic digits become ASCII,
 * Arabic letter forms become their Urdu twins and diacritics go (as `mizan_normalise_urdu` does for search). Each
 * unit of the copy remembers where it came from, so findings are spans of the original text.
 */
export type PersonalKind = 'cnic' | 'phone' | 'email' | 'passport' | 'ntn' | 'iban' | 'name'
export type Finding = { kind: PersonalKind; start: number; end: number; text: string }

// As code point ranges: written as a character class they would hold combining marks, which read ambiguously.
const INVISIBLE: [number, number][] = [
  [0x00ad, 0x00ad],
  [0x034f, 0x034f],
  [0x061c, 0x061c],
  [0x115f, 0x1160],
  [0x17b4, 0x17b5],
  [0x180e, 0x180e],
  [0x200b, 0x200f],
  [0x202a, 0x202e],
  [0x2060, 0x2064],
  [0x2066, 0x206f],
  [0x3164, 0x3164],
  [0xfe00, 0xfe0f],
  [0xfeff, 0xfeff],
  [0xffa0, 0xffa0],
]
// Tatweel, Arabic harakat and the superscript alef, which `mizan_normalise_urdu` removes too.
const DIACRITICS: [number, number][] = [
  [0x0640, 0x0640],
  [0x064b, 0x065f],
  [0x0670, 0x0670],
]
const within = (ranges: [number, number][], code: number) => ranges.some(([low, high]) => code >= low && code <= high)
const URDU_FORMS: Record<string, string> = { ي: 'ی', ى: 'ی', ك: 'ک', ه: 'ہ', ة: 'ۃ' }

type Normalised = { text: string; from: number[]; to: number[] }

function normalise(original: string): Normalised {
  let text = ''
  const from: number[] = []
  const to: number[] = []
  let at = 0
  for (const ch of original) {
    const end = at + ch.length
    const code = ch.codePointAt(0)!
    // ASCII is its own NFKC form and none of it is invisible or a diacritic: most of a text, taken as it is.
    if (code < 0x80) {
      text += ch
      from.push(at)
      to.push(end)
    } else if (!within(INVISIBLE, code) && !within(DIACRITICS, code)) {
      const folded = [...ch.normalize('NFKC')]
        .map((c) => {
          const code = c.codePointAt(0)!
          if (code >= 0x06f0 && code <= 0x06f9) return String(code - 0x06f0)
          if (code >= 0x0660 && code <= 0x0669) return String(code - 0x0660)
          return URDU_FORMS[c] ?? c
        })
        .join('')
      for (let i = 0; i < folded.length; i++) {
        from.push(at)
        to.push(end)
      }
      text += folded
    }
    at = end
  }
  return { text, from, to }
}

// One separator between digit groups: a space, dot or any dash (never a slash, which dates use).
const S = '[\\s.\\-\\u2010-\\u2015\\u2212]'
// CNIC groups are also written with a spaced dash: "42101 - 1234567 - 3".
const CNIC_S = `(?:\\s?[.\\-\\u2010-\\u2015\\u2212]\\s?|\\s)`
const NOT_AFTER_DIGITS = `(?<![\\d+])(?<!\\d${S})`
const NOT_BEFORE_DIGITS = `(?!${S}?\\d)`
const INTERNATIONAL = `(?:\\+\\s?|00)?92${S}?(?:\\(0\\)${S}?)?`
// Separators inside a landline may include the bracket closing its area code: "(051) 9246326".
const LANDLINE_DIGIT = `(?:[\\s.\\-\\u2010-\\u2015\\u2212)]{0,2}\\d)`
const AT = '(?:\\s*@\\s*|\\s*[\\[({<]\\s*at\\s*[\\])}>]\\s*|\\s+at\\s+)'
const DOT = '(?:\\.|\\s*[\\[({<]\\s*dot\\s*[\\])}>]\\s*|\\s+dot\\s+)'

/** What each pattern finds, and the fewest digits a match holds: a text with fewer need not be searched with it. */
const patterns: { kind: PersonalKind; re: RegExp; digits: number }[] = [
  { kind: 'iban', re: new RegExp(`(?<![\\p{L}\\p{N}])PK\\d{2}${S}?[A-Z]{4}(?:${S}?\\d){16}(?!\\d)`, 'giu'), digits: 18 },
  {
    kind: 'email',
    // Tried only where a word starts: in text with no address, each try from inside a word ran on to its end again.
    re: new RegExp(
      `(?<![\\p{L}\\p{N}._%+-])[\\p{L}\\p{N}._%+-]+${AT}[\\p{L}\\p{N}-]+(?:${DOT}[\\p{L}\\p{N}-]+)*${DOT}[a-z]{2,}(?![\\p{L}\\p{N}])`,
      'giu',
    ),
    digits: 0,
  },
  {
    kind: 'cnic',
    re: new RegExp(`${NOT_AFTER_DIGITS}\\d{5}${CNIC_S}?\\d{7}${CNIC_S}?\\d${NOT_BEFORE_DIGITS}`, 'gu'),
    digits: 13,
  },
  // After a mobile prefix even a slash separates ("0315/1234567"): nothing else starts 03xx and runs on for seven digits.
  {
    kind: 'phone',
    re: new RegExp(`${NOT_AFTER_DIGITS}(?:${INTERNATIONAL}0?|\\(?0)3\\d{2}\\)?\\/?(?:${S}?\\d){7}${NOT_BEFORE_DIGITS}`, 'gu'),
    digits: 10,
  },
  {
    kind: 'phone',
    re: new RegExp(`${NOT_AFTER_DIGITS}(?:${INTERNATIONAL}|\\(?0)[1-24-9]${LANDLINE_DIGIT}{8,9}${NOT_BEFORE_DIGITS}`, 'gu'),
    digits: 9,
  },
  { kind: 'passport', re: new RegExp(`(?<![\\p{L}\\p{N}])[A-Z]{2}${S}?\\d{7}(?!\\d)`, 'gu'), digits: 7 },
  { kind: 'ntn', re: new RegExp(`${NOT_AFTER_DIGITS}\\d{7}[\\-\\u2010-\\u2015\\u2212]\\d${NOT_BEFORE_DIGITS}`, 'gu'), digits: 8 },
]

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** Names as whole words: the full name, and each part of three letters or more, in the same normal form as the text. */
function namePatterns(names: readonly string[]): RegExp[] {
  const parts = names.flatMap((n) => {
    const clean = normalise(n).text.trim().replace(/\s+/g, ' ')
    return clean ? [clean, ...clean.split(' ').filter((p) => [...p].length >= 3)] : []
  })
  return [...new Set(parts)]
    .sort((a, b) => b.length - a.length)
    .map((p) => new RegExp(`(?<![\\p{L}\\p{M}])${escape(p).replace(/ /g, '\\s+')}(?![\\p{L}\\p{M}])`, 'giu'))
}

// What `normalise` drops: invisible characters and diacritics (which could stand between the letters of "at").
const DROPPED_CHARS = new RegExp(
  `[${[...INVISIBLE, ...DIACRITICS].map(([low, high]) => `\\u{${low.toString(16)}}-\\u{${high.toString(16)}}`).join('')}]`,
  'gu',
)
// An e-mail address needs an "@", or "at" as a word, between its parts.
const MAY_HOLD_EMAIL = /@|(?:^|[\s[({<])at(?:[\s\])}>]|$)/i
const FEWEST_DIGITS = Math.min(...patterns.filter((p) => p.digits > 0).map((p) => p.digits))
// ASCII text is its own NFKC form and holds no invisible characters.
const ASCII = /^\p{ASCII}*$/u
const asPatternsRead = (text: string) => text.normalize('NFKC').replace(DROPPED_CHARS, '')

/** The digits of a text as the patterns read it: ASCII ones, and for other text every decimal digit (Urdu too). */
function digitsIn(text: string, ascii: boolean): number {
  if (!ascii) return text.match(/\p{Nd}/gu)?.length ?? 0
  let count = 0
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (code >= 48 && code <= 57) count++
  }
  return count
}

/** Everything in `text` that looks like personal data, as spans of the original text, earliest first. */
export function findPersonalData(text: string, names: readonly string[] = []): Finding[] {
  const ascii = ASCII.test(text)
  // Most published text holds too few digits for any number and no "@": such text is not searched at all.
  const read = ascii ? text : asPatternsRead(text)
  const digits = digitsIn(read, ascii)
  const email = MAY_HOLD_EMAIL.test(read)
  if (names.length === 0 && digits < FEWEST_DIGITS && !email) return []
  // ASCII text is its own normal form, each unit where it came from: it is matched as it is.
  const n = ascii ? undefined : normalise(text)
  const found: Finding[] = []
  const add = (kind: PersonalKind, index: number, length: number) => {
    const start = n ? n.from[index]! : index
    const end = n ? n.to[index + length - 1]! : index + length
    found.push({ kind, start, end, text: text.slice(start, end) })
  }
  const matched = n?.text ?? text
  for (const { kind, re, digits: needed } of patterns)
    if (kind === 'email' ? email : digits >= needed) for (const m of matched.matchAll(re)) add(kind, m.index, m[0].length)
  for (const re of namePatterns(names)) for (const m of matched.matchAll(re)) add('name', m.index, m[0].length)
  // Overlaps keep the earliest, longest finding, so a number inside an e-mail address is not counted twice.
  found.sort((a, b) => a.start - b.start || b.end - a.end)
  return found.filter((f, i) => !found.slice(0, i).some((g) => f.start < g.end && g.start < f.end))
}

/** For zod schemas of text the public will read: true when nothing in it looks like personal data. */
export const holdsNoPersonalData = (value: string | undefined) => !value || findPersonalData(value).length === 0
export const PERSONAL_DATA_ERROR = 'forms.personalData'

const publishable = (text: z.ZodString) => text.refine(holdsNoPersonalData, { error: PERSONAL_DATA_ERROR })

/** An optional form field whose text is published: blank is absent, over `max` is too long, personal data is refused. */
export const publishedText = (max: number) =>
  z.preprocess(blankToUndefined, publishable(z.string().max(max, { error: 'register.errors.tooLong' })).optional())

/** The same, for a field that must be filled; `missing` is the message when it is not. */
export const requiredPublishedText = (max: number, missing: string) =>
  z.preprocess(blankToUndefined, publishable(z.string({ error: missing }).max(max, { error: 'register.errors.tooLong' })))

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
