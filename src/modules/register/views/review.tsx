import { DataTable } from '../../../platform/data-table.tsx'
import {
  Choices,
  CsrfField,
  ErrorSummary,
  FileField,
  Select,
  TextArea,
  TextField,
  type FieldErrors,
} from '../../../platform/forms.tsx'
import { formatCount, formatWhen, inlineList } from '../../../platform/i18n.ts'
import { Layout } from '../../../platform/layout.tsx'
import type { PageContext } from '../../../platform/page.ts'
import { fieldSpecs, keysOf, textKeysOf, textLanguageOf, type SystemRecord } from '../register.record.ts'
import {
  CHECK_KEPT_DAYS,
  MAX_IMPORT_BYTES,
  PROBLEMS_PER_PAGE,
  readAs,
  type ImportProblem,
  type ImportWarning,
} from '../register.import-file.ts'
import { VersionDiff } from './diff.tsx'
import { AssessmentPanel, type AssessmentStatus, type WorkingCopy } from './manage.tsx'
import { Localised } from '../../../platform/localised.tsx'
import { Pagination } from '../../../platform/search-form.tsx'
import { megabytes, ProblemsTable } from '../../../platform/file-problems.tsx'
import { inLanguage, RecordSections } from './record.tsx'

type PendingAssessment = {
  id: string
  submittedAt: Date
  level: string
  system: { nameEn: string; nameUr: string | null; organisationId: string }
}

type PendingImport = { id: string; filename: string; rows: number; importedAt: Date }

type PendingEvaluation = { id: string; submittedAt: Date | null; system: { nameEn: string; nameUr: string | null } }

export function ReviewListPage({
  ctx,
  copies,
  imports,
  assessments,
  evaluations,
}: {
  ctx: PageContext
  copies: WorkingCopy[]
  imports: PendingImport[]
  assessments: PendingAssessment[]
  evaluations: PendingEvaluation[]
}) {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('register.review.title')}>
      <h1>{t('register.review.title')}</h1>
      {copies.length === 0 && imports.length === 0 && assessments.length === 0 && evaluations.length === 0 && (
        <p>{t('register.review.empty')}</p>
      )}
      {evaluations.length > 0 && (
        <DataTable
          caption={t('evaluations.caption', { count: evaluations.length })}
          columns={[t('register.fields.name.label'), t('register.review.submitted')]}
        >
          {evaluations.map((e) => (
            <tr key={e.id}>
              <td>
                <a href={ctx.href(`/evaluations/${e.id}`)}>
                  <Localised ctx={ctx} en={e.system.nameEn} ur={e.system.nameUr} notice={false} />
                </a>
              </td>
              <td>{e.submittedAt ? formatWhen(ctx.locale, e.submittedAt) : ''}</td>
            </tr>
          ))}
        </DataTable>
      )}
      {assessments.length > 0 && (
        <DataTable
          caption={t('assessments.review.caption', { count: assessments.length })}
          columns={[t('register.fields.name.label'), t('register.record.impactLevel'), t('register.review.submitted')]}
        >
          {assessments.map((a) => (
            <tr key={a.id}>
              <td>
                <a href={ctx.href(`/assessments/${a.id}/review`)}>
                  <Localised ctx={ctx} en={a.system.nameEn} ur={a.system.nameUr} notice={false} />
                </a>
              </td>
              <td>{t(`register.options.impactLevel.${a.level}`)}</td>
              <td>{formatWhen(ctx.locale, a.submittedAt)}</td>
            </tr>
          ))}
        </DataTable>
      )}
      {copies.length > 0 && (
        <DataTable
          caption={t('register.review.caption', { count: copies.length })}
          columns={[t('register.fields.name.label'), t('register.record.organisation'), t('register.review.submitted')]}
        >
          {copies.map((c) => (
            <tr key={c.id}>
              <td>
                <a href={ctx.href(`/register/review/${c.id}`)}>
                  <Localised ctx={ctx} en={c.nameEn} ur={c.nameUr} lang={c.textLanguage} notice={false} />
                </a>
                {c.currentVersion !== null && ` (${t('register.review.change')})`}
              </td>
              <td>{ctx.locale === 'ur' ? c.organisation.nameUr : c.organisation.nameEn}</td>
              <td>{formatWhen(ctx.locale, c.updatedAt)}</td>
            </tr>
          ))}
        </DataTable>
      )}
      {imports.length > 0 && (
        <DataTable
          caption={t('register.review.importsCaption', { count: imports.length })}
          columns={[t('register.import.file'), t('register.import.rows'), t('register.review.submitted')]}
        >
          {imports.map((i) => (
            <tr key={i.id}>
              <td>
                <a href={ctx.href(`/register/review/imports/${i.id}`)} dir="ltr">
                  {i.filename}
                </a>
              </td>
              <td>
                <bdi>{i.rows}</bdi>
              </td>
              <td>{formatWhen(ctx.locale, i.importedAt)}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </Layout>
  )
}

/** Up to this many field comments per return: enough for a review, still one short form without JavaScript. */
export const FIELD_COMMENTS = 3

type ReviewProps = {
  ctx: PageContext
  csrf: string
  id: string
  copy: WorkingCopy
  record: SystemRecord
  published: SystemRecord | null
  errors: FieldErrors
  values: Record<string, unknown>
  assessment: AssessmentStatus
}

export function ReviewPage({ ctx, csrf, id, copy, record, published, errors, values, assessment }: ReviewProps) {
  const { t } = ctx
  const fieldOptions = [
    { value: '', label: t('register.review.chooseField') },
    ...fieldSpecs.flatMap((f) =>
      textKeysOf(f).map((k) => ({
        value: k,
        label: t(`register.fields.${f.key}.label`) + (f.bilingual ? ` (${inLanguage(ctx, k, record)})` : ''),
      })),
    ),
  ]
  const name = (ctx.locale === 'ur' && record.nameUr) || record.nameEn || ''
  return (
    <Layout ctx={ctx} title={Object.keys(errors).length ? `${t('errors.title')}: ${name}` : name}>
      <ErrorSummary ctx={ctx} errors={errors} />
      <p class="breadcrumb">
        <a href={ctx.href('/register/review')}>{t('register.review.title')}</a>
      </p>
      <h1>
        <Localised ctx={ctx} en={record.nameEn} ur={record.nameUr} lang={textLanguageOf(record)} notice={false} />
      </h1>
      <p>
        {t('register.review.from', {
          organisation: ctx.locale === 'ur' ? copy.organisation.nameUr : copy.organisation.nameEn,
          date: formatWhen(ctx.locale, copy.updatedAt),
        })}
      </p>
      <AssessmentPanel ctx={ctx} id={id} status={assessment} mayFill={false} />
      {published && (
        <section aria-labelledby="diff-heading">
          <h2 id="diff-heading">{t('register.review.changes')}</h2>
          <VersionDiff ctx={ctx} before={published} after={record} />
        </section>
      )}
      <div class="decision-forms">
        <form method="post" action={ctx.href(`/register/review/${id}/approve`)} novalidate>
          <CsrfField token={csrf} />
          <h2>{t('register.review.approveHeading')}</h2>
          <TextArea ctx={ctx} values={values} errors={errors} name="note" label={t('register.review.note')} rows={2} />
          <button type="submit" class="button">
            {t('register.review.approve')}
          </button>
        </form>
        <form method="post" action={ctx.href(`/register/review/${id}/return`)} novalidate>
          <CsrfField token={csrf} />
          <h2>{t('register.review.returnHeading')}</h2>
          <TextArea ctx={ctx} values={values} errors={errors} name="general" label={t('register.review.general')} rows={3} />
          {Array.from({ length: FIELD_COMMENTS }, (_, i) => (
            <fieldset key={i} class="field-comment">
              <legend>{t('register.review.fieldComment', { n: i + 1 })}</legend>
              <Select
                ctx={ctx}
                values={values}
                errors={errors}
                name={`field${i + 1}`}
                label={t('register.review.field')}
                options={fieldOptions}
              />
              <TextField
                ctx={ctx}
                values={values}
                errors={errors}
                name={`comment${i + 1}`}
                label={t('register.review.comment')}
                maxLength={1000}
              />
            </fieldset>
          ))}
          <button type="submit" class="button secondary">
            {t('register.review.return')}
          </button>
        </form>
      </div>
      <h2>{t('register.review.record')}</h2>
      <RecordSections ctx={ctx} value={record} headingLevel={3} />
    </Layout>
  )
}

/** One choice of the import form, a checkbox with its legend and hint: `register.import.<name>`, `…Hint`, `…Yes`. */
const ImportChoice = (props: { ctx: PageContext; choices: Record<string, string | string[]>; name: string; value: string }) => (
  <Choices
    ctx={props.ctx}
    values={props.choices}
    errors={{}}
    type="checkbox"
    name={props.name}
    label={props.ctx.t(`register.import.${props.name}`)}
    hint={props.ctx.t(`register.import.${props.name}Hint`)}
    options={[{ value: props.value, label: props.ctx.t(`register.import.${props.name}Yes`) }]}
  />
)

/** A refused file's problems as kept for its sender: one page of them, and where it falls in the whole list. */
export type CheckedFile = {
  id?: string | undefined
  filename: string
  format: 'csv' | 'json'
  separator?: string | null | undefined
  records: number
  total: number
  from: number
  page: number
  problems: ImportProblem[]
}

export function ImportPage({
  ctx,
  csrf,
  problems = [],
  check,
  mayAddBodies,
  choices = {},
}: {
  ctx: PageContext
  csrf: string
  /** Problems with the form itself (no file chosen). */
  problems?: ImportProblem[]
  check?: CheckedFile | undefined
  /** A system administrator may have the bodies a file names added with its records. */
  mayAddBodies: boolean
  /** The form's choices as sent, kept when the file is refused. */
  choices?: Record<string, string | string[]>
}) {
  const { t } = ctx
  const shown = check?.problems ?? problems
  const errors: FieldErrors = shown.length ? { file: 'register.import.failed' } : {}
  return (
    <Layout ctx={ctx} title={shown.length ? `${t('errors.title')}: ${t('register.import.title')}` : t('register.import.title')}>
      <ErrorSummary ctx={ctx} errors={errors} />
      <h1>{t('register.import.title')}</h1>
      <p class="lead">{t('register.import.lead')}</p>
      <p>
        {t('register.import.columns')} <a href={ctx.href('/api/docs')}>{t('register.openData.docs')}</a>
      </p>
      <p>
        <a href={ctx.href('/register/bodies')}>{t('register.import.bodiesLink')}</a>
      </p>
      {check && check.records > 0 && <p>{t(...readAs(check.format, check.separator ?? undefined, check.records))}</p>}
      {check && <CheckPages ctx={ctx} check={check} />}
      {shown.length > 0 && (
        <ProblemsTable
          ctx={ctx}
          caption={t('register.import.problems', { count: check?.total ?? shown.length, filename: check?.filename })}
          problems={shown}
        />
      )}
      {check && <CheckPages ctx={ctx} check={check} />}
      <form
        method="post"
        action={`${ctx.href('/register/import')}?_csrf=${encodeURIComponent(csrf)}`}
        encType="multipart/form-data"
        novalidate
      >
        {/* Before the file: the server reads the choices first, then the file as it streams in. */}
        <ImportChoice ctx={ctx} choices={choices} name="incomplete" value="drafts" />
        {mayAddBodies && <ImportChoice ctx={ctx} choices={choices} name="addBodies" value="yes" />}
        <FileField
          ctx={ctx}
          values={{}}
          errors={errors}
          name="file"
          label={t('register.import.file')}
          hint={t('register.import.fileHint', { size: megabytes(MAX_IMPORT_BYTES) })}
          accept=".csv,.json,text/csv,application/json"
        />
        <button type="submit" class="button">
          {t('register.import.submit')}
        </button>
      </form>
    </Layout>
  )
}

/** Where a page of problems falls in the whole list, the way to the other pages, and the list to download. */
function CheckPages({ ctx, check }: { ctx: PageContext; check: CheckedFile }) {
  if (!check.id) return null
  const path = `/register/import/checks/${check.id}`
  return (
    <div class="check-pages">
      {check.total > PROBLEMS_PER_PAGE && (
        <p>
          {ctx.t('register.import.shown', {
            from: formatCount(ctx.locale, check.from + 1),
            to: formatCount(ctx.locale, check.from + check.problems.length),
            total: formatCount(ctx.locale, check.total),
          })}
        </p>
      )}
      <Pagination ctx={ctx} path={path} query={{ page: check.page }} total={check.total} perPage={PROBLEMS_PER_PAGE} />
      <p>
        <a href={ctx.href(`${path}/problems.csv`)} download>
          {ctx.t('register.import.download')}
        </a>{' '}
        {ctx.t('register.import.kept', { days: CHECK_KEPT_DAYS })}
      </p>
    </div>
  )
}

type ImportBatch = PendingImport & {
  publishedAt: Date | null
  format: 'csv' | 'json'
  separator: string | null
  changed: number
  drafts: number
  unchanged: number
  warnings: ImportWarning[]
}
type ImportedCopy = WorkingCopy & { missing: string[] }

/** A record key's field label: `summaryEn` is "One-sentence summary". */
const labelOfKey = (ctx: PageContext, key: string) =>
  ctx.t(`register.fields.${fieldSpecs.find((f) => keysOf(f).includes(key))?.key ?? key}.label`)

/** What an import brought: how the file was read, new and changed records, and what a reviewer should look at. */
function ImportSummary({ ctx, batch }: { ctx: PageContext; batch: ImportBatch }) {
  const { t } = ctx
  return (
    <>
      <p>{t('register.import.summary', { count: batch.rows, date: formatWhen(ctx.locale, batch.importedAt) })}</p>
      <p>{t(...readAs(batch.format, batch.separator, batch.rows + batch.drafts + batch.unchanged))}</p>
      <ul>
        <li>{t('register.import.created', { count: batch.rows - batch.changed })}</li>
        <li>{t('register.import.changed', { count: batch.changed })}</li>
        {batch.drafts > 0 && <li>{t('register.import.drafts', { count: batch.drafts })}</li>}
        <li>{t('register.import.unchanged', { count: batch.unchanged })}</li>
      </ul>
      {batch.warnings.length > 0 && (
        <section aria-labelledby="import-warnings" class="review-comments">
          <h2 id="import-warnings">{t('register.import.warnings')}</h2>
          <ul>
            {batch.warnings.map((w, i) => (
              <li key={i}>
                {t('files.problems.at', { lines: w.line })}: {t(w.message, w.vars)}
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  )
}

/** The first records of an import: each new, or a proposed next version of a known system (linked to its changes). */
function ImportRecords({ ctx, sample, link }: { ctx: PageContext; sample: ImportedCopy[]; link: boolean }) {
  const { t } = ctx
  return (
    <DataTable
      caption={t('register.import.sample', { count: sample.length })}
      columns={[
        t('register.record.number'),
        t('register.fields.name.label'),
        t('register.record.organisation'),
        t('register.import.kindOfRecord'),
      ]}
    >
      {sample.map((c) => {
        const name = <Localised ctx={ctx} en={c.nameEn} ur={c.nameUr} lang={c.textLanguage} notice={false} />
        return (
          <tr key={c.id}>
            <td>
              <bdi>{c.number}</bdi>
            </td>
            <td>{link ? <a href={ctx.href(`/register/review/${c.id}`)}>{name}</a> : name}</td>
            <td>{ctx.locale === 'ur' ? c.organisation.nameUr : c.organisation.nameEn}</td>
            <td>
              {c.draftState === 'draft'
                ? t('register.import.draftRecord', {
                    missing: inlineList(
                      ctx.locale,
                      c.missing.map((k) => labelOfKey(ctx, k)),
                    ),
                  })
                : c.currentVersion === null
                  ? t('register.import.newRecord')
                  : t('register.import.nextVersion', { version: c.currentVersion + 1 })}
            </td>
          </tr>
        )
      })}
    </DataTable>
  )
}

/** Where a successful import lands: what was received, how it was read, and where it stands. */
export function ImportReceivedPage({
  ctx,
  batch,
  reviewer,
  sample,
}: {
  ctx: PageContext
  batch: ImportBatch
  reviewer: boolean
  sample: ImportedCopy[]
}) {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={batch.filename}>
      <div class="confirmation" role="status">
        <p>
          {batch.publishedAt
            ? t('register.import.alreadyPublished')
            : batch.rows > 0
              ? t('register.import.done', { count: batch.rows })
              : t('register.import.draftsOnly', { count: batch.drafts })}
        </p>
      </div>
      <h1 dir="ltr">{batch.filename}</h1>
      <ImportSummary ctx={ctx} batch={batch} />
      {reviewer && !batch.publishedAt && (
        <p>
          <a href={ctx.href(`/register/review/imports/${batch.id}`)}>{t('register.import.reviewIt')}</a>
        </p>
      )}
      <ImportRecords ctx={ctx} sample={sample} link={false} />
    </Layout>
  )
}

type ImportReviewProps = {
  ctx: PageContext
  csrf: string
  batch: ImportBatch
  sample: ImportedCopy[]
}

export function ImportReviewPage({ ctx, csrf, batch, sample }: ImportReviewProps) {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={batch.filename}>
      <p class="breadcrumb">
        <a href={ctx.href('/register/review')}>{t('register.review.title')}</a>
      </p>
      <h1 dir="ltr">{batch.filename}</h1>
      <ImportSummary ctx={ctx} batch={batch} />
      <ImportRecords ctx={ctx} sample={sample} link />
      {batch.publishedAt ? (
        <p>{t('register.import.alreadyPublished')}</p>
      ) : batch.rows === 0 ? (
        <p>{t('register.import.nothingToPublish')}</p>
      ) : (
        <form method="post" action={ctx.href(`/register/review/imports/${batch.id}/publish`)} novalidate>
          <CsrfField token={csrf} />
          <TextArea ctx={ctx} values={{}} errors={{}} name="note" label={t('register.review.note')} rows={2} />
          <button type="submit" class="button">
            {t('register.import.publish', { count: batch.rows })}
          </button>
        </form>
      )}
    </Layout>
  )
}
