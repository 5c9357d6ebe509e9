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
}: {
  ctx: PageContext
  en: string | null | undefined
  ur: string | null | undefined
  notice?: boolean
}) {
  if (ctx.locale === 'ur' && ur) return <>{ur}</>
  if (ctx.locale === 'en' || !en) return <>{en ?? ''}</>
  return (
    <>
      <span lang="en" dir="ltr">
        {en}
      </span>
      {notice && <small class="untranslated">{` (${ctx.t('layout.notTranslated')})`}</small>}
    </>
  )
}
