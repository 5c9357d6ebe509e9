import type { ComponentChildren } from 'preact'
import { z } from 'zod'
import { directionOf } from './content-language.ts'
import type { PageContext } from './page.ts'

/** Field name → catalogue key of the message to show beside it. */
export type FieldErrors = Record<string, string>

export type Parsed<S extends z.ZodType> = { ok: true; data: z.output<S> } | { ok: false; errors: FieldErrors }

/**
 * Validates a submitted form. Schemas name catalogue keys as their messages, so the error
 * is shown in the reader's language next to the field that needs fixing.
 */
export function parseForm<S extends z.ZodType>(schema: S, body: unknown): Parsed<S> {
  const result = schema.safeParse(body ?? {})
  if (result.success) return { ok: true, data: result.data }
  const errors: FieldErrors = {}
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? '_form')
    errors[field] ??= issue.message
  }
  return { ok: false, errors }
}

/** Trims text fields and turns blank optional fields into undefined, as people expect of a form. */
/** A route's `:number` parameter: the public number of a record (a system, an incident), a positive 32-bit integer. */
export const NumberParams = z.object({
  number: z.coerce
    .number()
    .int()
    .min(1)
    .max(2 ** 31 - 1),
})

export const blankToUndefined = (v: unknown) =>
  typeof v === 'string' && v.trim() === '' ? undefined : typeof v === 'string' ? v.trim() : v

type FieldProps = {
  ctx: PageContext
  name: string
  /** Usually a string; markup where part of it is in another language than the page's. */
  label: ComponentChildren
  /** Usually a string; markup where part of it is in another language than the page's. */
  hint?: ComponentChildren
  errors: FieldErrors
  values: Record<string, unknown>
}

const idOf = (name: string) => `f-${name}`
const describedBy = (name: string, hint: unknown, error: unknown) =>
  [hint && `${idOf(name)}-hint`, error && `${idOf(name)}-error`].filter(Boolean).join(' ') || undefined

function FieldMessages({ ctx, name, hint, errors }: Pick<FieldProps, 'ctx' | 'name' | 'hint' | 'errors'>) {
  const error = errors[name]
  return (
    <>
      {hint && (
        <p class="hint" id={`${idOf(name)}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p class="field-error" id={`${idOf(name)}-error`}>
          {ctx.t(error)}
        </p>
      )}
    </>
  )
}

const stringValue = (v: unknown) => (typeof v === 'string' ? v : '')

export function TextField(
  props: FieldProps & {
    type?: 'text' | 'email' | 'url' | 'password' | 'tel' | 'date' | 'datetime-local'
    autocomplete?: string
    maxLength?: number
    inputMode?: 'numeric' | 'decimal' | 'text'
    spellcheck?: boolean
    /** For text in a language other than the page's (an Urdu field on an English page), as an ISO 639 code. */
    lang?: string
    /** For codes and numbers, which read left to right in either language, as they are printed. */
    dir?: 'ltr'
  },
) {
  const { name, errors } = props
  return (
    <div class={errors[name] ? 'field has-error' : 'field'}>
      <label for={idOf(name)}>{props.label}</label>
      <FieldMessages {...props} />
      <input
        id={idOf(name)}
        name={name}
        type={props.type ?? 'text'}
        value={props.type === 'password' ? undefined : stringValue(props.values[name])}
        autocomplete={props.autocomplete}
        inputMode={props.inputMode}
        spellcheck={props.spellcheck}
        maxLength={props.maxLength}
        aria-invalid={errors[name] ? 'true' : undefined}
        aria-describedby={describedBy(name, props.hint, errors[name])}
        lang={props.lang}
        dir={
          props.dir ??
          (props.lang
            ? directionOf(props.lang)
            : props.type === 'email' || props.type === 'url' || props.type === 'password' || props.type === 'tel'
              ? 'ltr'
              : undefined)
        }
      />
    </div>
  )
}

export function TextArea(props: FieldProps & { rows?: number; required?: boolean; lang?: string }) {
  const { name, errors } = props
  return (
    <div class={errors[name] ? 'field has-error' : 'field'}>
      <label for={idOf(name)}>{props.label}</label>
      <FieldMessages {...props} />
      <textarea
        id={idOf(name)}
        name={name}
        rows={props.rows ?? 6}
        required={props.required}
        lang={props.lang}
        dir={props.lang ? directionOf(props.lang) : undefined}
        aria-invalid={errors[name] ? 'true' : undefined}
        aria-describedby={describedBy(name, props.hint, errors[name])}
      >
        {stringValue(props.values[name])}
      </textarea>
    </div>
  )
}

/** One choice (radio buttons) or several (checkboxes) from a list, in a fieldset with its legend. */
export function Choices(
  props: FieldProps & { type: 'radio' | 'checkbox'; options: readonly { value: string; label: ComponentChildren }[] },
) {
  const { name, errors } = props
  const chosen = [props.values[name]].flat()
  return (
    <div class={errors[name] ? 'field has-error' : 'field'}>
      <fieldset id={idOf(name)} aria-describedby={describedBy(name, props.hint, errors[name])}>
        <legend>{props.label}</legend>
        <FieldMessages {...props} />
        {props.options.map((o) => (
          <div class="radio" key={o.value}>
            <input
              type={props.type}
              id={`${idOf(name)}-${o.value}`}
              name={name}
              value={o.value}
              checked={chosen.includes(o.value)}
            />
            <label for={`${idOf(name)}-${o.value}`}>{o.label}</label>
          </div>
        ))}
      </fieldset>
    </div>
  )
}

export function Select(props: FieldProps & { options: readonly { value: string; label: string }[] }) {
  const { name, errors } = props
  return (
    <div class={errors[name] ? 'field has-error' : 'field'}>
      <label for={idOf(name)}>{props.label}</label>
      <FieldMessages {...props} />
      <select
        id={idOf(name)}
        name={name}
        aria-invalid={errors[name] ? 'true' : undefined}
        aria-describedby={describedBy(name, props.hint, errors[name])}
      >
        {props.options.map((o) => (
          <option key={o.value} value={o.value} selected={props.values[name] === o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  )
}

/** A file to upload, with its label, hint and error; the form around it is multipart with its token in the action. */
export function FileField(props: FieldProps & { accept: string; multiple?: boolean }) {
  const { name, errors } = props
  return (
    <div class={errors[name] ? 'field has-error' : 'field'}>
      <label for={idOf(name)}>{props.label}</label>
      <FieldMessages {...props} />
      <input
        id={idOf(name)}
        name={name}
        type="file"
        accept={props.accept}
        multiple={props.multiple}
        aria-invalid={errors[name] ? 'true' : undefined}
        aria-describedby={describedBy(name, props.hint, errors[name])}
      />
    </div>
  )
}

/** Listed at the top of a form that failed, each linking to its field (the GOV.UK pattern, WCAG 3.3.1). */
export function ErrorSummary({
  ctx,
  errors,
  children,
  hrefOf = (field) => `#${idOf(field)}`,
}: {
  ctx: PageContext
  errors: FieldErrors
  children?: ComponentChildren
  hrefOf?: (field: string) => string
}) {
  const entries = Object.entries(errors)
  if (entries.length === 0) return null
  return (
    <div class="error-summary" role="alert" tabIndex={-1}>
      <h2>{ctx.t('forms.errorSummary')}</h2>
      <ul>
        {entries.map(([field, key]) => (
          <li key={field}>
            <a href={hrefOf(field)}>{ctx.t(key)}</a>
          </li>
        ))}
      </ul>
      {children}
    </div>
  )
}

/** Every state-changing form carries this token; see platform/security.ts. */
export const CsrfField = ({ token }: { token: string }) => <input type="hidden" name="_csrf" value={token} />
