import { DataTable } from '../../../platform/data-table.tsx'
import { Choices, CsrfField, ErrorSummary, TextArea, TextField, type FieldErrors } from '../../../platform/forms.tsx'
import { formatWhen } from '../../../platform/i18n.ts'
import { Layout } from '../../../platform/layout.tsx'
import type { PageContext } from '../../../platform/page.ts'
import type { CallDefinition } from '../call-definition.ts'
import { conflictKinds, recommendations } from '../programmes.vocabulary.ts'
import type { reviewFor, reviewsOf } from '../reviews.service.ts'
import { ApplicationRead, ApplicationsTable, Attachments, CallCriteria, Local, Pair, pairText, Points } from './parts.tsx'

type Data = Awaited<ReturnType<typeof reviewFor>>

export function ReviewsPage({ ctx, rows }: { ctx: PageContext; rows: Awaited<ReturnType<typeof reviewsOf>> }) {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('programmes.reviews.listTitle')}>
      <h1>{t('programmes.reviews.listTitle')}</h1>
      {rows.length === 0 ? (
        <p>{t('programmes.reviews.noneAssigned')}</p>
      ) : (
        <ApplicationsTable
          ctx={ctx}
          caption={t('programmes.reviews.listCaption', { count: rows.length })}
          rows={rows.map((r) => ({ ...r, href: `/programmes/reviews/${r.id}`, state: t(`programmes.reviewStates.${r.state}`) }))}
        />
      )}
    </Layout>
  )
}

/** A score and a comment for each criterion, with its guidance: the reviewer's form and the rapporteur's. */
export function ScoreFields({
  ctx,
  def,
  errors,
  values,
}: {
  ctx: PageContext
  def: CallDefinition
  errors: FieldErrors
  values: Record<string, unknown>
}) {
  const { t } = ctx
  return (
    <>
      <p class="hint">{t('programmes.call.scale')}</p>
      {def.criteria.map((c) => (
        <fieldset class="form-section" key={c.id}>
          <legend>
            <Local ctx={ctx} text={c.title} />
          </legend>
          <p class="hint">
            <Local ctx={ctx} text={c.guidance} />
          </p>
          <TextField
            ctx={ctx}
            name={`score_${c.id}`}
            label={t('programmes.reviews.score')}
            hint={t('programmes.reviews.scoreHint')}
            errors={errors}
            values={values}
            inputMode="decimal"
            dir="ltr"
          />
          <TextArea
            ctx={ctx}
            name={`comment_${c.id}`}
            label={t('programmes.reviews.comment')}
            errors={errors}
            values={values}
            rows={4}
          />
        </fieldset>
      ))}
    </>
  )
}

const savedValues = (data: Data): Record<string, unknown> => ({
  recommendation: data.review.recommendation ?? '',
  ...Object.fromEntries(
    Object.entries(data.review.scores).flatMap(([id, s]) => [
      [`score_${id}`, String(s.tenths / 10)],
      [`comment_${id}`, s.comment],
    ]),
  ),
})

export function ReviewPage({
  ctx,
  csrf,
  data,
  errors,
  values,
}: {
  ctx: PageContext
  csrf: string
  data: Data
  errors: FieldErrors
  values: Record<string, unknown> | undefined
}) {
  const { t } = ctx
  const { review, call } = data
  const title = pairText(ctx, data.title.en, data.title.ur)
  const sent = values ?? savedValues(data)
  return (
    <Layout ctx={ctx} title={Object.keys(errors).length ? `${t('errors.title')}: ${title}` : title}>
      <ErrorSummary ctx={ctx} errors={errors} />
      <p class="breadcrumb">
        <a href={ctx.href('/programmes/reviews')}>{t('programmes.reviews.listTitle')}</a>
      </p>
      <h1>{title}</h1>
      <p>
        <Pair ctx={ctx} en={data.applicant.en} ur={data.applicant.ur} /> · <Pair ctx={ctx} en={call.titleEn} ur={call.titleUr} />{' '}
        · <span class="badge">{t(`programmes.reviewStates.${review.state}`)}</span>
      </p>
      {review.state === 'assigned' && (
        <section aria-labelledby="declare">
          <h2 id="declare">{t('programmes.conflict.heading')}</h2>
          <p>{t('programmes.conflict.lead')}</p>
          <form method="post" action={ctx.href(`/programmes/reviews/${review.id}/declare`)} novalidate>
            <CsrfField token={csrf} />
            <Choices
              ctx={ctx}
              type="radio"
              name="conflict"
              label={t('programmes.conflict.question')}
              errors={errors}
              values={sent}
              options={[...conflictKinds, 'none'].map((k) => ({ value: k, label: t(`programmes.conflicts.${k}`) }))}
            />
            <TextArea
              ctx={ctx}
              name="conflictNote"
              label={t('programmes.conflict.note')}
              errors={errors}
              values={sent}
              rows={3}
            />
            <button type="submit" class="button">
              {t('programmes.conflict.declare')}
            </button>
          </form>
        </section>
      )}
      {review.state === 'conflicted' && (
        <p>
          {t('programmes.conflict.removed', {
            conflict: t(`programmes.conflicts.${review.conflict}`),
            when: formatWhen(ctx.locale, review.declaredAt!),
          })}
        </p>
      )}
      {review.state === 'accepted' && (
        <section aria-labelledby="score">
          <h2 id="score">{t('programmes.reviews.yourReview')}</h2>
          <p>{t('programmes.reviews.blind')}</p>
          <form method="post" action={ctx.href(`/programmes/reviews/${review.id}`)} novalidate>
            <CsrfField token={csrf} />
            <ScoreFields ctx={ctx} def={call.definition} errors={errors} values={sent} />
            <Choices
              ctx={ctx}
              type="radio"
              name="recommendation"
              label={t('programmes.reviews.recommendation')}
              errors={errors}
              values={sent}
              options={recommendations.map((r) => ({ value: r, label: t(`programmes.recommendations.${r}`) }))}
            />
            <div class="actions">
              <button type="submit" name="action" value="save" class="button secondary">
                {t('programmes.reviews.save')}
              </button>{' '}
              <button type="submit" name="action" value="submit" class="button">
                {t('programmes.reviews.submit')}
              </button>
            </div>
          </form>
        </section>
      )}
      {review.state === 'submitted' && (
        <section aria-labelledby="scores">
          <h2 id="scores">{t('programmes.reviews.allScores')}</h2>
          <DataTable
            caption={t('programmes.reviews.allScoresCaption')}
            columns={[
              t('programmes.call.criterion'),
              t('programmes.reviews.yours'),
              ...data.others.map((_, i) => t('programmes.reviews.otherN', { n: i + 1 })),
            ]}
          >
            {call.definition.criteria.map((c) => (
              <tr key={c.id}>
                <th scope="row">
                  <Local ctx={ctx} text={c.title} />
                </th>
                <td>{review.scores[c.id] ? <Points tenths={review.scores[c.id]!.tenths} /> : '—'}</td>
                {data.others.map((o) => (
                  <td key={o.id}>{o.scores[c.id] ? <Points tenths={o.scores[c.id]!.tenths} /> : '—'}</td>
                ))}
              </tr>
            ))}
          </DataTable>
        </section>
      )}
      {data.application && (
        <section aria-labelledby="application">
          <h2 id="application">{t('programmes.application.heading')}</h2>
          <ApplicationRead ctx={ctx} call={call} application={data.application} lines={data.lines} />
          <Attachments ctx={ctx} files={data.attachments} />
          <CallCriteria ctx={ctx} def={call.definition} />
        </section>
      )}
    </Layout>
  )
}
