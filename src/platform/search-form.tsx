import type { PageContext } from './page.ts'

type Query = Record<string, string | number | undefined> & { page?: number | undefined }

/** A link to the same search with some parameters changed; empty ones are left out, so URLs stay short. */
export function searchHref(ctx: PageContext, path: string, query: Query, change: Query = {}) {
  const params = new URLSearchParams()
  for (const [k, v] of Object.entries({ ...query, ...change }))
    if (v !== undefined && v !== '' && !(k === 'page' && v === 1)) params.set(k, String(v))
  const qs = params.toString()
  return ctx.href(qs ? `${path}?${qs}` : path)
}

/** The words box of a search form, with its button. */
export function SearchBox({
  ctx,
  label,
  hint,
  value,
}: {
  ctx: PageContext
  label: string
  hint?: string
  value: string | undefined
}) {
  return (
    <div class="field">
      <label for="f-q">{label}</label>
      {hint && (
        <p class="hint" id="f-q-hint">
          {hint}
        </p>
      )}
      <div class="search-row">
        <input
          id="f-q"
          name="q"
          type="search"
          value={value ?? ''}
          maxLength={200}
          aria-describedby={hint ? 'f-q-hint' : undefined}
        />
        <button type="submit" class="button">
          {ctx.t('register.search.submit')}
        </button>
      </div>
    </div>
  )
}

/** A filter of a search form: "any" first, then the choices. */
export function FilterSelect({
  ctx,
  name,
  value,
  options,
  label,
}: {
  ctx: PageContext
  name: string
  value: string | number | undefined
  options: readonly { value: string; label: string }[]
  label: string
}) {
  return (
    <div class="field">
      <label for={`f-${name}`}>{label}</label>
      <select id={`f-${name}`} name={name}>
        <option value="">{ctx.t('register.search.any')}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value} selected={String(value ?? '') === o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  )
}

/** Previous and next links of a search's results, each keeping the search. */
export function Pagination({
  ctx,
  path,
  query,
  total,
  perPage,
  more = false,
}: {
  ctx: PageContext
  path: string
  query: Query
  total: number
  perPage: number
  /** There are more than `total`, which was counted only so far: the pages go on past the last one counted. */
  more?: boolean
}) {
  const page = query.page ?? 1
  const pages = Math.max(1, Math.ceil(total / perPage))
  if (pages === 1 && !more) return null
  return (
    <nav class="pagination" aria-label={ctx.t('register.search.pages')}>
      {page > 1 && (
        <a href={searchHref(ctx, path, query, { page: page - 1 })} rel="prev">
          {ctx.t('register.search.previous')}
        </a>
      )}
      <span>{ctx.t(more ? 'register.search.pageOfMore' : 'register.search.pageOf', { page, pages })}</span>
      {(page < pages || more) && (
        <a href={searchHref(ctx, path, query, { page: page + 1 })} rel="next">
          {ctx.t('register.search.next')}
        </a>
      )}
    </nav>
  )
}
