import { Choices, CsrfField, ErrorSummary, TextArea, TextField, type FieldErrors } from '../../../platform/forms.tsx'
import { formatWhen } from '../../../platform/i18n.ts'
import { Layout } from '../../../platform/layout.tsx'
import type { PageContext } from '../../../platform/page.ts'
import { recommendations } from '../assessments.vocabulary.ts'
import { FAIRNESS_ROWS, type EvaluationRow } from '../evaluations.service.ts'

type System = { id: string; nameEn: string; nameUr: string | null }
const name = (ctx: PageContext, s: System) => (ctx.locale === 'ur' && s.nameUr) || s.nameEn

type Incident = { number: number; titleEn: string; titleUr: string | null; state: string; openedAt: Date }
type FormProps = {
  ctx: PageContext
  csrf: string
  system: System
  action: string
  values: Record<string, unknown>
  errors: FieldErrors
  evaluation: EvaluationRow | null
  incidents: readonly Incident[]
}

export function EvaluationFormPage({ ctx, csrf, system, action, values, errors, evaluation, incidents }: FormProps) {
  const { t } = ctx
  const field = { ctx, values, errors }
  const title = `${t('evaluations.title')}: ${name(ctx, system)}`
  return (
    <Layout ctx={ctx} title={Object.keys(errors).length ? `${t('errors.title')}: ${title}` : title}>
      <ErrorSummary ctx={ctx} errors={errors} />
      <p class="breadcrumb">
        <a href={ctx.href(`/obligations/systems/${system.id}`)}>{name(ctx, system)}</a>
      </p>
      <h1>{t('evaluations.title')}</h1>
      <p class="lead">{t('evaluations.lead')}</p>
      {evaluation?.state === 'queried' && evaluation.reviewComment && (
        <div class="review-comments">
          <h2>{t('evaluations.question')}</h2>
          <p>{evaluation.reviewComment}</p>
        </div>
      )}
      <form method="post" action={ctx.href(action)} novalidate>
        <CsrfField token={csrf} />
        <TextField {...field} name="periodFrom" type="date" label={t('evaluations.fields.periodFrom')} />
        <TextField {...field} name="periodTo" type="date" label={t('evaluations.fields.periodTo')} />
        <TextArea
          {...field}
          name="performance"
          label={t('evaluations.fields.performance')}
          hint={t('evaluations.hints.performance')}
          rows={5}
        />
        <fieldset class="field-comment">
          <legend>{t('evaluations.fields.fairness')}</legend>
          <p class="hint">{t('evaluations.hints.fairness')}</p>
          {Array.from({ length: FAIRNESS_ROWS }, (_, i) => (
            <div key={i} class="fairness-row">
              <TextField {...field} name={`group${i + 1}`} label={t('evaluations.fields.group', { n: i + 1 })} maxLength={200} />
              <TextField
                {...field}
                name={`result${i + 1}`}
                label={t('evaluations.fields.result', { n: i + 1 })}
                maxLength={1000}
              />
            </div>
          ))}
        </fieldset>
        <section aria-labelledby="incidents-since">
          <h2 id="incidents-since">{t('evaluations.incidentsSince')}</h2>
          {incidents.length === 0 ? (
            <p>{t('evaluations.noIncidents')}</p>
          ) : (
            <ul>
              {incidents.map((i) => (
                <li key={i.number}>
                  <a href={ctx.href(`/incidents/${i.number}`)}>
                    <bdi>#{i.number}</bdi> {(ctx.locale === 'ur' && i.titleUr) || i.titleEn}
                  </a>{' '}
                  ({t(`incidents.status.${i.state}.title`)}, {formatWhen(ctx.locale, i.openedAt, { dateOnly: true })})
                </li>
              ))}
            </ul>
          )}
        </section>
        <TextArea
          {...field}
          name="incidents"
          label={t('evaluations.fields.incidents')}
          hint={t('evaluations.hints.incidents')}
          rows={4}
        />
        <TextArea {...field} name="changes" label={t('evaluations.fields.changes')} rows={4} />
        <Choices
          {...field}
          type="radio"
          name="recommendation"
          label={t('evaluations.fields.recommendation')}
          options={recommendations.map((r) => ({ value: r, label: t(`evaluations.recommendations.${r}`) }))}
        />
        <p class="actions">
          <button type="submit" name="intent" value="submit" class="button">
            {t('evaluations.submit')}
          </button>{' '}
          <button type="submit" name="intent" value="save" class="button secondary">
            {t('evaluations.save')}
          </button>
        </p>
      </form>
    </Layout>
  )
}

type ViewProps = {
  ctx: PageContext
  csrf: string
  system: System
  evaluation: EvaluationRow
  mayDecide: boolean
  errors: FieldErrors
}

export function EvaluationPage({ ctx, csrf, system, evaluation, mayDecide, errors }: ViewProps) {
  const { t } = ctx
  const e = evaluation
  const title = `${t('evaluations.title')}: ${name(ctx, system)}`
  const row = (label: string, value: string | null) => (
    <div>
      <dt>{label}</dt>
      <dd>{value ?? t('register.record.notGiven')}</dd>
    </div>
  )
  return (
    <Layout ctx={ctx} title={Object.keys(errors).length ? `${t('errors.title')}: ${title}` : title}>
      <ErrorSummary ctx={ctx} errors={errors} />
      <p class="breadcrumb">
        <a href={ctx.href(`/obligations/systems/${system.id}`)}>{name(ctx, system)}</a>
      </p>
      <h1>{title}</h1>
      <p>
        <span class={`badge state-${e.state}`}>{t(`evaluations.states.${e.state}`)}</span>
        {e.submittedAt && ` ${t('assessments.review.submitted', { date: formatWhen(ctx.locale, e.submittedAt) })}`}
      </p>
      <dl class="record-fields">
        {row(
          t('evaluations.fields.period'),
          e.periodFrom && e.periodTo ? `${formatWhen(ctx.locale, e.periodFrom)} – ${formatWhen(ctx.locale, e.periodTo)}` : null,
        )}
        {row(t('evaluations.fields.performance'), e.performance)}
        {row(t('evaluations.fields.fairness'), e.fairness.map((f) => `${f.group}: ${f.result}`).join('\n') || null)}
        {row(t('evaluations.fields.incidents'), e.incidents)}
        {row(t('evaluations.fields.changes'), e.changes)}
        {row(t('evaluations.fields.recommendation'), e.recommendation && t(`evaluations.recommendations.${e.recommendation}`))}
        {e.reviewComment && row(t('evaluations.reviewComment'), e.reviewComment)}
      </dl>
      {mayDecide && e.state === 'submitted' && (
        <div class="decision-forms">
          <form method="post" action={ctx.href(`/evaluations/${e.id}/decide`)} novalidate>
            <CsrfField token={csrf} />
            <input type="hidden" name="decision" value="accept" />
            <h2>{t('evaluations.acceptHeading')}</h2>
            <TextArea ctx={ctx} values={{}} errors={errors} name="note" label={t('register.review.note')} rows={2} />
            <button type="submit" class="button">
              {t('evaluations.accept')}
            </button>
          </form>
          <form method="post" action={ctx.href(`/evaluations/${e.id}/decide`)} novalidate>
            <CsrfField token={csrf} />
            <input type="hidden" name="decision" value="query" />
            <h2>{t('evaluations.queryHeading')}</h2>
            <TextArea ctx={ctx} values={{}} errors={errors} name="question" label={t('evaluations.question')} rows={3} />
            <button type="submit" class="button secondary">
              {t('evaluations.query')}
            </button>
          </form>
        </div>
      )}
    </Layout>
  )
}
