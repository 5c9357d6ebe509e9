import { diffWords } from 'diff'
import type { ComponentChildren } from 'preact'
import { isDeepStrictEqual } from 'node:util'
import { directionOf, languageName } from '../../../platform/content-language.ts'
import { inlineList } from '../../../platform/i18n.ts'
import type { PageContext } from '../../../platform/page.ts'
import { fields, keysOf, languageKeyOf, languageOf, type FieldSpec, type SystemRecord } from '../register.record.ts'
import { FieldValue, inLanguage, optionLabel } from './record.tsx'

type Change = { field: FieldSpec; key: string }

/** The fields whose stored value differs between two records, in the order of the form. */
export function changes(before: SystemRecord, after: SystemRecord): Change[] {
  const a = before as Record<string, unknown>
  const b = after as Record<string, unknown>
  return fields.flatMap((field) =>
    keysOf(field)
      .filter((key) => !isDeepStrictEqual(a[key], b[key]))
      .map((key) => ({ field, key })),
  )
}

function TextDiff({ ctx, before, after, lang }: { ctx: PageContext; before: string; after: string; lang: string }) {
  const added = <span class="visually-hidden">{`[${ctx.t('register.history.added')}] `}</span>
  const removed = <span class="visually-hidden">{`[${ctx.t('register.history.removed')}] `}</span>
  return (
    <p class="text-diff" lang={lang} dir={directionOf(lang)}>
      {diffWords(before, after).map((part, i) =>
        part.added ? (
          <ins key={i}>
            {added}
            {part.value}
          </ins>
        ) : part.removed ? (
          <del key={i}>
            {removed}
            {part.value}
          </del>
        ) : (
          <span key={i}>{part.value}</span>
        ),
      )}
    </p>
  )
}

/** A list's change as the items added and the items removed, which reads better than two whole lists. */
function ListDiff({ ctx, field, before, after }: { ctx: PageContext; field: string; before: string[]; after: string[] }) {
  const added = after.filter((v) => !before.includes(v))
  const removed = before.filter((v) => !after.includes(v))
  const items = (values: string[]) =>
    inlineList(
      ctx.locale,
      values.map((v) => optionLabel(ctx, field, v)),
    )
  return (
    <ul class="list-diff">
      {added.length > 0 && (
        <li>
          {`${ctx.t('register.history.addedItems')}: `}
          <ins>{items(added)}</ins>
        </li>
      )}
      {removed.length > 0 && (
        <li>
          {`${ctx.t('register.history.removedItems')}: `}
          <del>{items(removed)}</del>
        </li>
      )}
    </ul>
  )
}

/** A value's change: the old one struck out, then the new one, each announced in words, not by colour alone. */
function WasNow({ ctx, was, now }: { ctx: PageContext; was: ComponentChildren; now: ComponentChildren }) {
  return (
    <p>
      <span class="visually-hidden">{`${ctx.t('register.history.was')}: `}</span>
      <del>{was}</del> <span aria-hidden="true">→</span>{' '}
      <span class="visually-hidden">{`${ctx.t('register.history.now')}: `}</span>
      <ins>{now}</ins>
    </p>
  )
}

/**
 * What changed from one version to the next, readable without comparing two pages: words added and removed in
 * text, and the old and new value of everything else. Insertions and deletions are announced in words, not colour only.
 */
export function VersionDiff({ ctx, before, after }: { ctx: PageContext; before: SystemRecord; after: SystemRecord }) {
  const list = changes(before, after)
  if (list.length === 0) return <p>{ctx.t('register.history.noChanges')}</p>
  const b = before as Record<string, unknown>
  const a = after as Record<string, unknown>
  return (
    <dl class="record-diff">
      {list.map(({ field, key }) => {
        const label = ctx.t(`register.fields.${field.key}.label`)
        const ownLanguage = key === languageKeyOf(field)
        const suffix = ownLanguage
          ? ` (${ctx.t('register.history.language')})`
          : field.bilingual
            ? ` (${inLanguage(ctx, key, after)})`
            : ''
        const language = (record: SystemRecord) => languageName(languageOf(record, field.key), ctx.locale)
        return (
          <div key={key}>
            <dt>{label + suffix}</dt>
            <dd>
              {ownLanguage ? (
                <WasNow ctx={ctx} was={language(before)} now={language(after)} />
              ) : field.bilingual || field.kind === 'line' ? (
                <TextDiff ctx={ctx} before={String(b[key] ?? '')} after={String(a[key] ?? '')} lang={languageOf(after, key)} />
              ) : field.kind === 'multi' ? (
                <ListDiff
                  ctx={ctx}
                  field={field.key}
                  before={(b[key] as string[] | undefined) ?? []}
                  after={(a[key] as string[] | undefined) ?? []}
                />
              ) : (
                <WasNow
                  ctx={ctx}
                  was={FieldValue({ ctx, field, value: before }) ?? ctx.t('register.record.notGiven')}
                  now={FieldValue({ ctx, field, value: after }) ?? ctx.t('register.record.notGiven')}
                />
              )}
            </dd>
          </div>
        )
      })}
    </dl>
  )
}
