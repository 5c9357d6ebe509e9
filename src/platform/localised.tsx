import { Markdown } from './markdown.tsx'
import type { PageContext } from './page.ts'

/**
 * Text stored in English and Urdu, in the reader's language. Urdu is optional: where it is missing, the Urdu page
 * shows the English text, marked as English so screen readers pronounce it right, with a short notice.
 */
export function Localised({
  ctx,
  en,
  ur,
  notice = true,
  markdown = false,
}: {
  ctx: PageContext
  en: string | null | undefined
  ur: string | null | undefined
  notice?: boolean
  /** A long text, rendered as the safe Markdown of `markdown.tsx`. */
  markdown?: boolean
}) {
  if (ctx.locale === 'ur' && ur) return markdown ? <Markdown text={ur} /> : <>{ur}</>
  if (ctx.locale === 'en' || !en) return markdown ? <Markdown text={en ?? ''} /> : <>{en ?? ''}</>
  const untranslated = notice && <small class="untranslated">{` (${ctx.t('layout.notTranslated')})`}</small>
  return markdown ? (
    <>
      <Markdown text={en} lang="en" dir="ltr" />
      {untranslated}
    </>
  ) : (
    <>
      <span lang="en" dir="ltr">
        {en}
      </span>
      {untranslated}
    </>
  )
}
