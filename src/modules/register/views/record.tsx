import { languageName } from '../../../platform/content-language.ts'
import { formatCount, formatWhen } from '../../../platform/i18n.ts'
import { Localised } from '../../../platform/localised.tsx'
import type { PageContext } from '../../../platform/page.ts'
import {
  fields,
  languageOf,
  sections,
  textLanguageOf,
  type FieldSpec,
  type Section,
  type SystemRecord,
} from '../register.record.ts'

/** The label of one option of a choice field, in the reader's language. */
export const optionLabel = (ctx: PageContext, field: string, value: string) =>
  field === 'provinces' ? ctx.t(`administration.provinces.${value}`) : ctx.t(`register.options.${field}.${value}`)

const record = (r: SystemRecord) => r as Record<string, unknown>

/** "In Urdu", "In Sindhi": which of a field's texts a label is about. */
export const inLanguage = (ctx: PageContext, key: string, value: SystemRecord) =>
  key.endsWith('Ur')
    ? ctx.t('register.form.ur')
    : ctx.t('register.form.inLanguage', { language: languageName(languageOf(value, key), ctx.locale) })

/** One field's value as a reader sees it, or null when the record leaves it empty. */
export function FieldValue({ ctx, field, value }: { ctx: PageContext; field: FieldSpec; value: SystemRecord }) {
  const r = record(value)
  if (field.bilingual) {
    const en = r[`${field.key}En`] as string | undefined
    const ur = r[`${field.key}Ur`] as string | undefined
    if (!en && !ur) return null
    return (
      <div class="prose-value">
        <Localised ctx={ctx} en={en} ur={ur} lang={languageOf(value, field.key)} markdown={field.kind === 'prose'} />
      </div>
    )
  }
  // A record that names no language is written in English: the default is stated, not left blank.
  if (field.kind === 'language') return <>{languageName(textLanguageOf(value), ctx.locale)}</>
  const v = r[field.key]
  if (v === undefined || v === null || v === '') return null
  switch (field.kind) {
    case 'choice':
      return <>{optionLabel(ctx, field.key, String(v))}</>
    case 'multi':
      return (
        <ul class="inline-list">
          {(v as string[]).map((item) => (
            <li key={item}>{optionLabel(ctx, field.key, item)}</li>
          ))}
        </ul>
      )
    case 'date':
      return <>{formatWhen(ctx.locale, String(v))}</>
    case 'count':
      return <bdi>{formatCount(ctx.locale, Number(v))}</bdi>
    case 'email':
      return (
        <a href={`mailto:${String(v)}`} dir="ltr">
          {String(v)}
        </a>
      )
    case 'url':
      return (
        <a href={String(v)} dir="ltr" rel="noopener noreferrer">
          {String(v)}
        </a>
      )
    case 'phone':
      return <bdi dir="ltr">{String(v)}</bdi>
    default:
      return <>{String(v)}</>
  }
}

/** The whole record, section by section, as a description list per section. */
export function RecordSections({
  ctx,
  value,
  only,
  headingLevel = 2,
}: {
  ctx: PageContext
  value: SystemRecord
  only?: readonly Section[]
  headingLevel?: 2 | 3
}) {
  const H = headingLevel === 2 ? 'h2' : 'h3'
  return (
    <>
      {(only ?? sections).map((section) => (
        <section key={section} class="record-section" aria-labelledby={`s-${section}`}>
          <H id={`s-${section}`}>{ctx.t(`register.sections.${section}`)}</H>
          <dl class="record-fields">
            {fields
              .filter((f) => f.section === section)
              .map((f) => (
                <div key={f.key}>
                  <dt>{ctx.t(`register.fields.${f.key}.label`)}</dt>
                  <dd>
                    {FieldValue({ ctx, field: f, value }) ?? <span class="empty">{ctx.t('register.record.notGiven')}</span>}
                  </dd>
                </div>
              ))}
          </dl>
        </section>
      ))}
    </>
  )
}

export function ImpactBadge({ ctx, level }: { ctx: PageContext; level: string }) {
  return <span class={`badge impact impact-${level.toLowerCase()}`}>{ctx.t(`register.options.impactLevel.${level}`)}</span>
}

export function StatusBadge({ ctx, status }: { ctx: PageContext; status: string }) {
  return <span class={`badge status status-${status}`}>{ctx.t(`register.options.status.${status}`)}</span>
}
