import { readFileSync } from 'node:fs'
import i18next, { type TFunction } from 'i18next'

export const locales = ['en', 'ur'] as const
export type Locale = (typeof locales)[number]
export type T = TFunction

const catalogueUrl = (locale: Locale) => new URL(`../../locales/${locale}.json`, import.meta.url)
export const loadCatalogue = (locale: Locale): Record<string, unknown> =>
  JSON.parse(readFileSync(catalogueUrl(locale), 'utf8')) as Record<string, unknown>

/**
 * Unicode's first-strong isolate and its end. A value set into Urdu text (a number, a code, a clause, an English
 * name) keeps its own direction and cannot pull the punctuation around it out of place, as `<bdi>` does in HTML; the
 * characters also work in e-mails and PDFs, where there is no markup. Project Fluent isolates placeables the same way.
 */
export const isolate = (value: string) => `\u2068${value}\u2069`

/** The values that are counts or places in a file: their thousands are grouped ("45,000 records", "line 2,502"). */
const countingValues = new Set(['count', 'line', 'max', 'min', 'length', 'byte'])

/**
 * i18next's formatter module, called for every value (`alwaysFormat`): a count has its thousands grouped, and in
 * Urdu each value is isolated, but an address, which mail programs must still recognise as a link. The catalogues
 * use no named formats.
 */
const isolatingFormatter = {
  type: 'formatter' as const,
  init() {},
  add() {},
  addCached() {},
  format(value: unknown, _format: string | undefined, lng: string | undefined, options?: { interpolationkey?: string }) {
    const key = options?.interpolationkey ?? ''
    const shown = typeof value === 'number' && countingValues.has(key) ? formatCount(lng === 'ur' ? 'ur' : 'en', value) : value
    if (lng !== 'ur' || shown === undefined || shown === null || shown === '' || key === 'url') return shown
    return isolate(String(shown))
  },
}

const i18n = i18next.createInstance().use(isolatingFormatter)
void i18n.init({
  initAsync: false,
  resources: Object.fromEntries(locales.map((l) => [l, { translation: loadCatalogue(l) }])),
  fallbackLng: false,
  supportedLngs: [...locales],
  // Pages are rendered by preact, which escapes every string once; escaping here would double it.
  interpolation: { escapeValue: false, alwaysFormat: true },
  returnNull: false,
})

/**
 * i18next copies its options on every call, which profiling showed as a tenth of a page's render time.
 * Catalogues do not change while the process runs, so a key asked for without options is looked up once.
 */
function memoised(t: T): T {
  const plain = new Map<string, unknown>()
  const fast = (key: string, options?: unknown) => {
    if (options !== undefined) return (t as (k: string, o: unknown) => unknown)(key, options)
    let value = plain.get(key)
    if (value === undefined) plain.set(key, (value = t(key)))
    return value
  }
  return fast as unknown as T
}

const fixed = new Map(locales.map((l) => [l, memoised(i18n.getFixedT(l))]))
export const translator = (locale: Locale): T => fixed.get(locale)!

/**
 * Values stored for text that is rendered later, in whichever language the reader uses: a pair
 * `nameEn` / `nameUr` becomes `name` in the reader's language; other values pass through.
 */
export function localVars<V>(vars: Record<string, V>, locale: Locale): Record<string, V> {
  const out: Record<string, V> = {}
  for (const [key, value] of Object.entries(vars)) {
    const pair = /^(.+)(En|Ur)$/.exec(key)
    if (!pair) out[key] ??= value
    else if ((pair[2] === 'Ur') === (locale === 'ur')) out[pair[1]!] = value
  }
  return out
}

const formatters = new Map<string, Intl.DateTimeFormat>()

/**
 * A time as people in Pakistan read it (Pakistan time, Pakistan's conventions: "15 September 2025 at 3:00 pm",
 * "15 ستمبر، 2025"), in the page's language; with `dateOnly`, the date alone. The month is written out: an
 * abbreviation such as "Sept" is one more thing to decode. A calendar date string (YYYY-MM-DD, a legal date) is
 * shown as that day, whatever the time zone.
 */
export function formatWhen(locale: Locale, when: Date | string, opts: { dateOnly?: boolean } = {}): string {
  const calendar = typeof when === 'string'
  const key = `${locale}|${calendar}|${opts.dateOnly}`
  let f = formatters.get(key)
  if (!f) {
    f = new Intl.DateTimeFormat(locale === 'ur' ? 'ur-PK' : 'en-PK', {
      dateStyle: 'long',
      ...(opts.dateOnly || calendar ? {} : { timeStyle: 'short' }),
      timeZone: calendar ? 'UTC' : 'Asia/Karachi',
    })
    formatters.set(key, f)
  }
  return f.format(calendar ? new Date(`${when}T00:00:00Z`) : when)
}

// The letters Pakistan's Urdu statutes give their clauses, in order: (الف), (ب), (ج) …
const urduClauseLetters: Record<string, string> = {
  a: 'الف',
  b: 'ب',
  c: 'ج',
  d: 'د',
  e: 'ہ',
  f: 'و',
  g: 'ز',
  h: 'ح',
  i: 'ط',
  j: 'ی',
  k: 'ک',
  l: 'ل',
  m: 'م',
  n: 'ن',
}

/** The words of the policy's clause labels that are not numbers or letters, as Urdu writes them. */
const urduClauseWords: [RegExp, string][] = [
  [/Action Matrix/g, 'ایکشن میٹرکس'],
  [/\(description\)/g, '(تفصیل)'],
  [/\(desired state\)/g, '(مطلوبہ حالت)'],
  [/\(target\)/g, '(ہدف)'],
  [/CoE-AI/g, 'مرکزِ فضیلت'],
]

/** A clause reference as the reader's language writes it: 3.2(b) in English, 3.2(ب) in Urdu. */
export const clauseRef = (locale: Locale, ref: string) =>
  locale === 'ur'
    ? urduClauseWords
        .reduce((text, [word, urdu]) => text.replace(word, urdu), ref)
        .replace(/\(([a-n])\)/g, (whole, letter: string) => `(${urduClauseLetters[letter] ?? letter})`)
    : ref

/** Items written in a line, separated as a sentence of the language separates them (Urdu with ، ). */
export const inlineList = (locale: Locale, items: readonly string[]) => items.join(locale === 'ur' ? '، ' : ', ')

export const direction = (locale: Locale): 'ltr' | 'rtl' => (locale === 'ur' ? 'rtl' : 'ltr')

/** Urdu pages live under /ur; English is the root, so every URL has one canonical twin. */
export function localisePath(locale: Locale, path: string): string {
  if (locale === 'en') return path
  return path === '/' ? '/ur/' : `/ur${path}`
}

/** Splits `/ur/...` into its locale and the path the routes know. */
export function splitLocale(url: string): { locale: Locale; url: string } {
  if (url === '/ur' || url.startsWith('/ur/') || url.startsWith('/ur?')) {
    const rest = url.slice(3)
    return { locale: 'ur', url: rest === '' || rest.startsWith('?') ? `/${rest}` : rest }
  }
  return { locale: 'en', url }
}

/** A count as the reader's language writes it (Pakistan's conventions: 12,345 in both languages). */
export const formatCount = (locale: Locale, n: number) => n.toLocaleString(locale === 'ur' ? 'ur-PK' : 'en-PK')
