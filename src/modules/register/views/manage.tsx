import type { VNode } from 'preact'
import { DataTable } from '../../../platform/data-table.tsx'
import { languageName, type TextIn } from '../../../platform/content-language.ts'
import { Choices, CsrfField, ErrorSummary, Select, TextArea, TextField, type FieldErrors } from '../../../platform/forms.tsx'
import { formatCount, formatWhen } from '../../../platform/i18n.ts'
import { Layout } from '../../../platform/layout.tsx'
import type { PageContext } from '../../../platform/page.ts'
import {
  fields,
  fieldsOf,
  incompleteSections,
  keysOf,
  languageKeyOf,
  languageOf,
  maxLengthOf,
  sections,
  textLanguageOf,
  textLanguages,
  type FieldSpec,
  type Section,
  type SystemRecord,
} from '../register.record.ts'
import type { ReviewComments } from '../register.tables.ts'
import { InReaderLanguage, Localised } from '../../../platform/localised.tsx'
import { inLanguage, optionLabel, RecordSections } from './record.tsx'

const fieldSection = new Map(fields.flatMap((f) => keysOf(f).map((k) => [k, f.section] as const)))

export type WorkingCopy = {
  id: string
  number: number
  draftState: 'draft' | 'submitted' | 'returned' | null
  currentVersion: number | null
  nameEn: string
  nameUr: string | null
  textLanguage: string
  updatedAt: Date
  organisation: { nameEn: string; nameUr: string }
}

export const stateOf = (w: Pick<WorkingCopy, 'draftState' | 'currentVersion'>) =>
  w.draftState ?? (w.currentVersion ? 'published' : 'draft')

export function StateBadge({ ctx, copy }: { ctx: PageContext; copy: Pick<WorkingCopy, 'draftState' | 'currentVersion'> }) {
  const state = stateOf(copy)
  return <span class={`badge state-${state}`}>{ctx.t(`register.manage.states.${state}`)}</span>
}

export function ManageListPage({ ctx, copies, duties }: { ctx: PageContext; copies: WorkingCopy[]; duties: VNode | null }) {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('register.manage.title')}>
      <h1>{t('register.manage.title')}</h1>
      <p class="lead">{t('register.manage.lead')}</p>
      <p class="actions">
        <a class="button" href={ctx.href('/register/manage/new')}>
          {t('register.manage.new')}
        </a>{' '}
        {ctx.can('register.import') && <a href={ctx.href('/register/import')}>{t('register.import.title')}</a>}
      </p>
      {duties}
      {copies.length === 0 ? (
        <p>{t('register.manage.empty')}</p>
      ) : (
        <DataTable
          caption={t('register.manage.caption', { count: copies.length })}
          columns={[
            t('register.record.number'),
            t('register.fields.name.label'),
            t('register.manage.state'),
            t('register.manage.updated'),
          ]}
        >
          {copies.map((c) => (
            <tr key={c.id}>
              <td>
                <bdi>{c.number}</bdi>
              </td>
              <td>
                <a href={ctx.href(`/register/manage/${c.id}`)}>
                  <Localised ctx={ctx} en={c.nameEn} ur={c.nameUr} lang={c.textLanguage} notice={false} />
                </a>
              </td>
              <td>
                <StateBadge ctx={ctx} copy={c} />
              </td>
              <td>{formatWhen(ctx.locale, c.updatedAt)}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </Layout>
  )
}

/** Where a reviewer's comment on a field is shown to the people fixing it. */
function ReviewNote({ ctx, comment }: { ctx: PageContext; comment: string | undefined }) {
  if (!comment) return null
  return (
    <p class="review-comment">
      <strong>{`${ctx.t('register.review.commentLabel')}: `}</strong>
      {comment}
    </p>
  )
}

/** The languages a form offers: the country's, and whichever other language a file gave (`also`). */
const languageOptions = (ctx: PageContext, also: string) =>
  [...new Set<string>([...textLanguages, ...(also ? [also] : [])])].map((code) => ({
    value: code,
    label: languageName(code, ctx.locale),
  }))

/**
 * The language of one long text, where it is not the record's (a Sindhi description in an English record): folded
 * away until it is used, as most texts are in the record's language.
 */
function OwnLanguage({
  ctx,
  field,
  values,
  errors,
}: {
  ctx: PageContext
  field: FieldSpec
  values: Record<string, unknown>
  errors: FieldErrors
}) {
  const name = languageKeyOf(field)
  const chosen = typeof values[name] === 'string' ? (values[name] as string) : ''
  const recordLanguage = languageName(textLanguageOf(values as SystemRecord), ctx.locale)
  return (
    <details class="own-language" open={chosen !== '' || errors[name] !== undefined}>
      <summary>{ctx.t('register.form.ownLanguage')}</summary>
      <Select
        ctx={ctx}
        values={values}
        errors={errors}
        name={name}
        label={ctx.t('register.form.ownLanguageLabel')}
        options={[
          { value: '', label: ctx.t('register.form.asRecord', { language: recordLanguage }) },
          ...languageOptions(ctx, chosen),
        ]}
      />
    </details>
  )
}

function Field({
  ctx,
  field,
  values,
  errors,
  comments,
}: {
  ctx: PageContext
  field: FieldSpec
  values: Record<string, unknown>
  errors: FieldErrors
  comments: Record<string, string>
}) {
  const { t } = ctx
  const label = t(`register.fields.${field.key}.label`)
  // The limit is stated, not enforced by the browser: `maxlength` would cut a pasted text short without a word.
  const max = maxLengthOf(field)
  const limit = max ? t('register.form.limit', { max: formatCount(ctx.locale, max) }) : ''
  const hint = [t(`register.fields.${field.key}.hint`), limit].filter(Boolean).join(' ') || undefined
  const common = { ctx, values, errors }
  if (field.kind === 'language') {
    // The country's languages, and whichever other language a file gave the record.
    return (
      <Select
        {...common}
        name={field.key}
        label={label}
        hint={hint}
        options={languageOptions(ctx, textLanguageOf(values as SystemRecord))}
      />
    )
  }
  if (field.bilingual) {
    const record = values as SystemRecord
    const Input = field.kind === 'prose' ? TextArea : TextField
    const extra = field.kind === 'prose' ? { rows: 5 } : {}
    return (
      <fieldset class="bilingual">
        <legend>
          {label}
          {field.required ? '' : ` (${t('register.form.optional')})`}
        </legend>
        {hint && <p class="hint">{hint}</p>}
        <ReviewNote ctx={ctx} comment={comments[`${field.key}En`] ?? comments[`${field.key}Ur`]} />
        <Input
          {...common}
          {...extra}
          name={`${field.key}En`}
          label={inLanguage(ctx, `${field.key}En`, record)}
          lang={languageOf(record, `${field.key}En`)}
        />
        {field.kind === 'prose' && <OwnLanguage {...common} field={field} />}
        <Input {...common} {...extra} name={`${field.key}Ur`} label={t('register.form.urOptional')} lang="ur" />
      </fieldset>
    )
  }
  const fullLabel = field.required ? label : `${label} (${t('register.form.optional')})`
  const note = <ReviewNote ctx={ctx} comment={comments[field.key]} />
  if (field.kind === 'choice' || field.kind === 'multi') {
    return (
      <>
        {note}
        <Choices
          {...common}
          type={field.kind === 'choice' ? 'radio' : 'checkbox'}
          name={field.key}
          label={fullLabel}
          hint={hint}
          options={field.options!.map((o) => ({ value: o, label: optionLabel(ctx, field.key, o) }))}
        />
      </>
    )
  }
  const type = ({ email: 'email', url: 'url', phone: 'tel', date: 'date' } as const)[field.kind as 'email'] ?? 'text'
  return (
    <>
      {note}
      <TextField
        {...common}
        name={field.key}
        label={fullLabel}
        hint={hint}
        type={type}
        inputMode={field.kind === 'count' ? 'numeric' : undefined}
      />
    </>
  )
}

type SectionProps = {
  ctx: PageContext
  csrf: string
  section: Section
  action: string
  values: Record<string, unknown>
  errors: FieldErrors
  comments?: Record<string, string> | undefined
  heading: string
}

export function SectionPage({ ctx, csrf, section, action, values, errors, comments = {}, heading }: SectionProps) {
  const { t } = ctx
  const index = sections.indexOf(section)
  const title = `${t(`register.sections.${section}`)}: ${heading}`
  return (
    <Layout ctx={ctx} title={Object.keys(errors).length ? `${t('errors.title')}: ${title}` : title}>
      <ErrorSummary ctx={ctx} errors={errors} />
      <p class="caption">{t('register.form.step', { step: index + 1, steps: sections.length, heading })}</p>
      <h1>{t(`register.sections.${section}`)}</h1>
      <form method="post" action={ctx.href(action)} novalidate>
        <CsrfField token={csrf} />
        {fieldsOf(section).map((f) => (
          <Field key={f.key} ctx={ctx} field={f} values={values} errors={errors} comments={comments} />
        ))}
        <p class="hint">{t('register.form.saveHint')}</p>
        <button type="submit" class="button">
          {t('register.form.saveContinue')}
        </button>
      </form>
    </Layout>
  )
}

/** Where a system's impact assessment stands, as its pages show it. */
export type AssessmentStatus = {
  open: { id: string; state: string } | null
  acceptedLevel: string | null
  /** The frameworks a new assessment may answer; a choice is offered when there is more than one. */
  frameworks?: { key: string; title: TextIn }[]
}

/** The assessment's state, what it means for publication, and the way into it. */
export function AssessmentPanel({
  ctx,
  csrf,
  id,
  status,
  mayFill,
}: {
  ctx: PageContext
  csrf?: string
  id: string
  status: AssessmentStatus
  mayFill: boolean
}) {
  const { t } = ctx
  return (
    <section class="assessment-panel" aria-labelledby="assessment-heading">
      <h2 id="assessment-heading">{t('assessments.panel.heading')}</h2>
      <p>
        {status.acceptedLevel
          ? t('assessments.panel.accepted', { level: t(`register.options.impactLevel.${status.acceptedLevel}`) })
          : t('assessments.panel.none')}{' '}
        {status.open && t(`assessments.panel.open.${status.open.state}`)}
      </p>
      <p>
        <a href={ctx.href(`/obligations/systems/${id}`)}>{t('assessments.panel.duties')}</a>
      </p>
      {mayFill && status.open && (
        <p>
          <a href={ctx.href(`/assessments/${status.open.id}`)}>{t('assessments.panel.continue')}</a>
        </p>
      )}
      {!mayFill && status.open?.state === 'submitted' && (
        <p>
          <a href={ctx.href(`/assessments/${status.open.id}/review`)}>{t('assessments.panel.review')}</a>
        </p>
      )}
      {mayFill && !status.open && csrf && (
        <form method="post" action={ctx.href(`/register/manage/${id}/assessment`)}>
          <CsrfField token={csrf} />
          {(status.frameworks?.length ?? 0) > 1 && (
            <Choices
              ctx={ctx}
              values={{ framework: status.frameworks![0]!.key }}
              errors={{}}
              type="radio"
              name="framework"
              label={t('assessments.panel.framework')}
              options={status.frameworks!.map((f) => ({ value: f.key, label: <InReaderLanguage ctx={ctx} text={f.title} /> }))}
            />
          )}
          <button type="submit" class="button secondary">
            {t(status.acceptedLevel ? 'assessments.panel.startAgain' : 'assessments.panel.start')}
          </button>
        </form>
      )}
    </section>
  )
}

type OverviewProps = {
  ctx: PageContext
  assessment: AssessmentStatus
  csrf: string
  id: string
  copy: WorkingCopy
  record: SystemRecord
  comments: ReviewComments | null
  errors: FieldErrors
  changeNote?: string | undefined
  mayRetire: boolean
  retired: boolean
}

export function OverviewPage({
  ctx,
  csrf,
  id,
  copy,
  record,
  comments,
  errors,
  changeNote,
  mayRetire,
  retired,
  assessment,
}: OverviewProps) {
  const { t } = ctx
  const state = stateOf(copy)
  const incomplete = incompleteSections(record)
  const editable = state !== 'submitted'
  const name = (ctx.locale === 'ur' && record.nameUr) || record.nameEn || ''
  return (
    <Layout ctx={ctx} title={Object.keys(errors).length ? `${t('errors.title')}: ${name}` : name}>
      <ErrorSummary
        ctx={ctx}
        errors={errors}
        hrefOf={(key) =>
          fieldSection.has(key) ? ctx.href(`/register/manage/${id}/${fieldSection.get(key)}#f-${key}`) : `#f-${key}`
        }
      />
      <p class="breadcrumb">
        <a href={ctx.href('/register/manage')}>{t('register.manage.title')}</a>
      </p>
      <h1>
        <Localised ctx={ctx} en={record.nameEn} ur={record.nameUr} lang={textLanguageOf(record)} notice={false} />
      </h1>
      <p>
        <StateBadge ctx={ctx} copy={copy} /> {t(`register.manage.stateHelp.${state}`)}
        {copy.currentVersion !== null && (
          <>
            {' '}
            <a href={ctx.href(`/register/${copy.number}`)}>{t('register.manage.publicPage')}</a>
          </>
        )}
      </p>
      {comments && state === 'returned' && (
        <section class="review-comments" aria-labelledby="comments-heading">
          <h2 id="comments-heading">{t('register.review.returnedHeading')}</h2>
          {comments.general && <p>{comments.general}</p>}
          <ul>
            {Object.entries(comments.fields).map(([key, comment]) => (
              <li key={key}>
                <strong>{t(`register.fields.${key.replace(/(En|Ur)$/, '')}.label`)}</strong>: {comment}
              </li>
            ))}
          </ul>
        </section>
      )}
      <AssessmentPanel ctx={ctx} csrf={csrf} id={id} status={assessment} mayFill={ctx.can('assessments.fill')} />
      <h2>{t('register.manage.sectionsHeading')}</h2>
      <ol class="task-list">
        {sections.map((s) => (
          <li key={s}>
            {editable ? (
              <a href={ctx.href(`/register/manage/${id}/${s}`)}>{t(`register.sections.${s}`)}</a>
            ) : (
              t(`register.sections.${s}`)
            )}{' '}
            <span class={incomplete.has(s) ? 'badge state-draft' : 'badge state-published'}>
              {t(incomplete.has(s) ? 'register.manage.incomplete' : 'register.manage.complete')}
            </span>
          </li>
        ))}
      </ol>
      {editable && state !== 'published' && (
        <form method="post" action={ctx.href(`/register/manage/${id}/submit`)} novalidate class="submit-form">
          <CsrfField token={csrf} />
          <h2>{t('register.manage.submitHeading')}</h2>
          <p>{t('register.manage.submitHelp')}</p>
          {copy.currentVersion !== null && (
            <TextArea
              ctx={ctx}
              values={{ changeNote }}
              errors={errors}
              name="changeNote"
              label={t('register.manage.changeNote')}
              hint={t('register.manage.changeNoteHint')}
              rows={3}
            />
          )}
          <button type="submit" class="button">
            {t('register.manage.submit')}
          </button>
        </form>
      )}
      {mayRetire && copy.currentVersion !== null && !retired && state !== 'submitted' && (
        <details class="retire">
          <summary>{t('register.retire.heading')}</summary>
          <form method="post" action={ctx.href(`/register/manage/${id}/retire`)} novalidate>
            <CsrfField token={csrf} />
            <p>{t('register.retire.help')}</p>
            <TextField ctx={ctx} values={{}} errors={errors} name="retiredOn" type="date" label={t('register.retire.date')} />
            <TextArea ctx={ctx} values={{}} errors={errors} name="reason" label={t('register.retire.reason')} rows={3} />
            <button type="submit" class="button warning">
              {t('register.retire.submit')}
            </button>
          </form>
        </details>
      )}
      <h2>{t('register.manage.preview')}</h2>
      <RecordSections ctx={ctx} value={record} headingLevel={3} />
    </Layout>
  )
}
