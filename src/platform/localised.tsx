import { DEFAULT_TEXT_LANGUAGE, directionOf, inReaderLanguage, type TextIn } from './content-language.ts'
import { Markdown } from './markdown.tsx'
import type { PageContext } from './page.ts'

/**
 * Text stored in its own language (English unless `lang` names another) and in Urdu, in the reader's language. Urdu
 * is optional: where it is missing, the Urdu page shows the other text with a short notice. Text in a language that
 * is not the page's is marked with its own `lang` and `dir`, so that screen readers pronounce it right and it runs the
 * right way.
 */
export function Localised({
  ctx,
  en,
  ur,
  lang = DEFAULT_TEXT_LANGUAGE,
  notice = true,
  markdown = false,
}: {
  ctx: PageContext
  en: string | null | undefined
  ur: string | null | undefined
  /** The language `en` is written in (a record may be written in Sindhi, say), as an ISO 639 code. */
  lang?: string
  notice?: boolean
  /** A long text, rendered as the safe Markdown of `markdown.tsx`. */
  markdown?: boolean
}) {
  if (ctx.locale === 'ur' && ur) return markdown ? <Markdown text={ur} /> : <>{ur}</>
  if (lang === ctx.locale || !en) return markdown ? <Markdown text={en ?? ''} /> : <>{en ?? ''}</>
  const dir = directionOf(lang)
  const untranslated = notice && (
    <small class="untranslated">{` (${ctx.t(ctx.locale === 'ur' ? 'layout.notTranslated' : 'layout.notInEnglish')})`}</small>
  )
  return markdown ? (
    <>
      <Markdown text={en} lang={lang} dir={dir} />
      {untranslated}
    </>
  ) : (
    <>
      <span lang={lang} dir={dir}>
        {en}
      </span>
      {untranslated}
    </>
  )
}

/**
 * A text given in any languages, in the reader's where it has it, else in its first: marked with its own `lang`
 * and `dir` whenever that is not the page's language.
 */
export function InReaderLanguage({ ctx, text }: { ctx: PageContext; text: TextIn }) {
  const shown = inReaderLanguage(text, ctx.locale)
  return shown.lang === ctx.locale ? (
    <>{shown.text}</>
  ) : (
    <span lang={shown.lang} dir={directionOf(shown.lang)}>
      {shown.text}
    </span>
  )
}
