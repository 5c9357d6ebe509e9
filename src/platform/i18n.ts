import { readFileSync } from 'node:fs'
import i18next, { type TFunction } from 'i18next'

export const locales = ['en', 'ur'] as const
export type Locale = (typeof locales)[number]
export type T = TFunction

const catalogueUrl = (locale: Locale) => new URL(`../../locales/${locale}.json`, import.meta.url)
export const loadCatalogue = (locale: Locale): Record<string, unknown> =>
  JSON.parse(readFileSync(catalogueUrl(locale), 'utf8')) as Record<string, unknown>

const i18n = i18next.createInstance()
void i18n.init({
  initAsync: false,
  resources: Object.fromEntries(locales.map((l) => [l, { translation: loadCatalogue(l) }])),
  fallbackLng: false,
  supportedLngs: [...locales],
  // Pages are rendered by preact, which escapes every string once; escaping here would double it.
  interpolation: { escapeValue: false },
  returnNull: false,
})

const fixed = new Map(locales.map((l) => [l, i18n.getFixedT(l)]))
export const translator = (locale: Locale): T => fixed.get(locale)!

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

