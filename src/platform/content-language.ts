import { iso6393 } from 'iso-639-3'
import { translator, type Locale } from './i18n.ts'

/**
 * The language a text is written in, as distinct from the interface's language: a body may write its record in
 * Sindhi, Pashto or Dutch while the pages around it stay in English or Urdu. Codes are ISO 639 (the register of
 * `iso-639-3`), kept in their shortest form, as BCP 47 asks: `sd`, not `snd`; `skr`, which has no two-letter code.
 */
const canonical = new Map<string, string>()
const englishNames = new Map<string, string>()
for (const l of iso6393) {
  // "Special" codes say that a language is unknown or several (und, mul, zxx): not a language to mark text with.
  if (l.type === 'special') continue
  const code = l.iso6391 ?? l.iso6393
  englishNames.set(code, l.name)
  for (const alias of [l.iso6391, l.iso6392B, l.iso6392T, l.iso6393]) if (alias) canonical.set(alias, code)
}

export const DEFAULT_TEXT_LANGUAGE = 'en'

/** The canonical code of an ISO 639 language (any of its codes, any case), or undefined when there is none. */
export const contentLanguage = (code: string): string | undefined => canonical.get(code.trim().toLowerCase())

// Scripts written right to left (Unicode's list, as far as any language of the register may use them).
const RTL_SCRIPTS = new Set(['Arab', 'Hebr', 'Syrc', 'Thaa', 'Nkoo', 'Adlm', 'Rohg', 'Mand', 'Samr', 'Yezi'])

/**
 * Which way a language is written, from the script it is most likely written in (CLDR's likely subtags, through
 * `Intl.Locale`): Sindhi, Pashto, Saraiki and Balochi are written in Arabic script, right to left.
 */
export function directionOf(code: string): 'ltr' | 'rtl' {
  try {
    return RTL_SCRIPTS.has(new Intl.Locale(code).maximize().script ?? '') ? 'rtl' : 'ltr'
  } catch {
    return 'ltr'
  }
}

const displayNames = {
  en: new Intl.DisplayNames('en', { type: 'language' }),
  ur: new Intl.DisplayNames('ur', { type: 'language' }),
}

/**
 * A language's name in the reader's language: the catalogues name the languages of Pakistan (CLDR has no Urdu name
 * for Saraiki or Hindko, and calls `pnb` "lah"); CLDR names most others; where it has none (it answers with a code),
 * the name ISO 639 gives in English stands in.
 */
export function languageName(code: string, locale: Locale): string {
  const catalogued = translator(locale)(`languages.${code}`, { defaultValue: '' })
  if (catalogued) return catalogued
  const named = displayNames[locale].of(code)
  return named && !/^[a-z]{2,3}$/.test(named) ? named : (englishNames.get(code) ?? code)
}

/** A text given in several languages: ISO 639 code → the text, in the order its author wrote them. */
export type TextIn = Record<string, string>

/** The reader's language where the text has it, and otherwise the language it was first written in. */
export function inReaderLanguage(text: TextIn, locale: Locale): { text: string; lang: string } {
  const lang = locale in text ? locale : Object.keys(text)[0]!
  return { text: text[lang]!, lang }
}
