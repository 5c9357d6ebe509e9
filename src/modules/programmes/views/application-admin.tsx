import { DataTable } from '../../../platform/data-table.tsx'
import { Choices, CsrfField, ErrorSummary, Select, TextArea, TextField, type FieldErrors } from '../../../platform/forms.tsx'
import { formatWhen } from '../../../platform/i18n.ts'
import { Layout } from '../../../platform/layout.tsx'
import type { PageContext } from '../../../platform/page.ts'
import type { applicationFor } from '../applications.service.ts'
import type { callPanel } from '../decisions.service.ts'
import type { Participation } from '../participation.service.ts'
import type { ProgrammeConfig } from '../programmes.config.ts'
import { outcomes } from '../programmes.vocabulary.ts'
import type { reviewerChoices, reviewsForStaff } from '../reviews.service.ts'
import { thresholds } from '../review-scoring.ts'
import { Standing } from './calls-admin.tsx'
import { ApplicationRead, Attachments, Local, localText, Pair, pairText, Points, type Attachment } from './parts.tsx'
import { ParticipationSection } from './participation.tsx'
import { ScoreFields } from './review.tsx'

type Data = Awaited<ReturnType<typeof applicationFor>>
type Reviews = Awaited<ReturnType<typeof reviewsForStaff>>
type Choices = Awaited<ReturnType<typeof reviewerChoices>>
type Panel = Awaited<ReturnType<typeof callPanel>>

/** Every reviewer's declaration and scores, criterion by criterion, with the spread and its flag. */
function ReviewsTable({ ctx, data, reviews }: { ctx: PageContext; data: Data; reviews: Reviews }) {
  const { t } = ctx
  const criteria = data.call.definition.criteria
  return (
    <DataTable
      caption={t('programmes.reviews.caption')}
      columns={[
        t('programmes.reviews.reviewer'),
        t('programmes.reviews.state'),
        ...criteria.map((c) => localText(ctx, c.title)),
        t('programmes.reviews.recommendation'),
      ]}
    >
      {reviews.reviews.map(({ review, reviewerName }) => (
        <tr key={review.id}>
          <th scope="row">{reviewerName}</th>
          <td>
            {t(`programmes.reviewStates.${review.state}`)}
            {review.conflict && (
              <>
                {': '}
                {t(`programmes.conflicts.${review.conflict}`)}
              </>
            )}
          </td>
          {criteria.map((c) => (
            <td key={c.id}>
              {review.state === 'submitted' && review.scores[c.id] ? <Points tenths={review.scores[c.id]!.tenths} /> : '—'}
            </td>
          ))}
          <td>
            {review.recommendation && review.state === 'submitted'
              ? t(`programmes.recommendations.${review.recommendation}`)
              : '—'}
          </td>
        </tr>
      ))}
      <tr>
        <th scope="row">{t('programmes.reviews.spread')}</th>
        <td>{t('programmes.reviews.submittedCount', { count: reviews.submitted })}</td>
        {reviews.spreads.map((s) => (
          <td key={s.criterion} class={s.wide ? 'warning' : undefined}>
            <Points tenths={s.spread} />
            {s.wide && <> ({t('programmes.reviews.wide')})</>}
          </td>
        ))}
        <td />
      </tr>
    </DataTable>
  )
}

export function ApplicationAdminPage({
  ctx,
  csrf,
  config,
  data,
  reviews,
  choices,
  panel,
  errors,
  values,
  participation,
  notes,
  attachments,
}: {
  ctx: PageContext
  csrf: string
  config: ProgrammeConfig
  data: Data
  reviews: Reviews
  choices: Choices
  panel: Panel
  errors: FieldErrors
  values: Record<string, unknown> | undefined
  participation: Participation | undefined
  notes: readonly { id: string; body: string; createdAt: Date; author: string }[]
  attachments: readonly Attachment[]
}) {
  const { t } = ctx
  const { application, call, consensus, decision } = data
  const base = `${config.path}/manage`
  const title = pairText(ctx, application.titleEn, application.titleUr)
  const sent = values ?? {}
  const assigned = new Set(reviews.reviews.map((r) => r.review.reviewerId))
  const options = choices.filter((c) => !c.barred && !assigned.has(c.id))
  const enoughReviews = reviews.submitted >= call.definition.reviewersPerApplication
  const consensusValues: Record<string, unknown> = values ?? {
    reportEn: consensus?.reportEn ?? '',
    reportUr: consensus?.reportUr ?? '',
    ...Object.fromEntries(
      Object.entries(consensus?.scores ?? {}).flatMap(([id, s]) => [
        [`score_${id}`, String(s.tenths / 10)],
        [`comment_${id}`, s.comment],
      ]),
    ),
  }
  const result = consensus
    ? thresholds(call.definition, Object.fromEntries(Object.entries(consensus.scores).map(([k, v]) => [k, v.tenths])))
    : null
  const mayDecide = consensus && (!decision || decision.outcome === 'reserve')
  return (
    <Layout ctx={ctx} title={Object.keys(errors).length ? `${t('errors.title')}: ${title}` : title}>
      <ErrorSummary ctx={ctx} errors={errors} />
      <p class="breadcrumb">
        <a href={ctx.href(`${base}/calls/${call.id}`)}>
          <Pair ctx={ctx} en={call.titleEn} ur={call.titleUr} />
        </a>
      </p>
      <h1>{title}</h1>
      <p>
        <Pair ctx={ctx} en={data.organisation.nameEn} ur={data.organisation.nameUr} />
        {application.submittedAt && (
          <> · {t('programmes.application.submittedAt', { when: formatWhen(ctx.locale, application.submittedAt) })}</>
        )}
      </p>

      <section aria-labelledby="reviews">
        <h2 id="reviews">{t('programmes.reviews.heading')}</h2>
        <p>{t('programmes.reviews.needed', { count: call.definition.reviewersPerApplication })}</p>
        {reviews.reviews.length > 0 && <ReviewsTable ctx={ctx} data={data} reviews={reviews} />}
        {!decision && (
          <form method="post" action={ctx.href(`${base}/applications/${application.id}/assign`)} novalidate>
            <CsrfField token={csrf} />
            {options.length ? (
              <>
                <Select
                  ctx={ctx}
                  name="reviewerId"
                  label={t('programmes.reviews.assign')}
                  hint={t('programmes.reviews.assignHint')}
                  errors={errors}
                  values={sent}
                  options={options.map((c) => ({
                    value: c.id,
                    label: `${c.name}${c.organisationEn ? ` (${pairText(ctx, c.organisationEn, c.organisationUr)})` : ''}`,
                  }))}
                />
                <button type="submit" class="button secondary">
                  {t('programmes.reviews.assignButton')}
                </button>
              </>
            ) : (
              <p>{t('programmes.reviews.noneToAssign')}</p>
            )}
            {choices.some((c) => c.barred) && (
              <p class="hint">
                {t('programmes.reviews.barredList', {
                  names: choices
                    .filter((c) => c.barred)
                    .map((c) => `${c.name}: ${t(`programmes.barredReasons.${c.barred}`)}`)
                    .join(ctx.locale === 'ur' ? '؛ ' : '; '),
                })}
              </p>
            )}
          </form>
        )}
      </section>

      <section aria-labelledby="consensus">
        <h2 id="consensus">{t('programmes.consensus.heading')}</h2>
        {result && (
          <p>
            {t('programmes.consensus.total')} <Points tenths={result.total} /> ·{' '}
            {t(result.passes ? 'programmes.consensus.passes' : 'programmes.consensus.fails')}
          </p>
        )}
        {!enoughReviews ? (
          <p>{t('programmes.consensus.waiting', { count: call.definition.reviewersPerApplication })}</p>
        ) : decision ? null : (
          <form method="post" action={ctx.href(`${base}/applications/${application.id}/consensus`)} novalidate>
            <CsrfField token={csrf} />
            <ScoreFields ctx={ctx} def={call.definition} errors={errors} values={consensusValues} />
            <TextArea
              ctx={ctx}
              name="reportEn"
              label={t('programmes.consensus.reportEn')}
              hint={t('programmes.consensus.reportHint')}
              errors={errors}
              values={consensusValues}
              rows={6}
            />
            <TextArea
              ctx={ctx}
              name="reportUr"
              label={t('programmes.consensus.reportUr')}
              lang="ur"
              errors={errors}
              values={consensusValues}
              rows={6}
            />
            <button type="submit" class="button secondary">
              {t('programmes.consensus.save')}
            </button>
          </form>
        )}
      </section>

      <section aria-labelledby="decision">
        <h2 id="decision">{t('programmes.decision.heading')}</h2>
        <Standing ctx={ctx} call={call} panel={panel} />
        {decision && (
          <p>
            <strong>{t(`programmes.outcomes.${decision.outcome}`)}</strong>:{' '}
            <Pair ctx={ctx} en={decision.reasonEn} ur={decision.reasonUr} />
          </p>
        )}
        {mayDecide ? (
          <form method="post" action={ctx.href(`${base}/applications/${application.id}/decide`)} novalidate>
            <CsrfField token={csrf} />
            <Choices
              ctx={ctx}
              type="radio"
              name="outcome"
              label={t('programmes.decision.outcome')}
              errors={errors}
              values={sent}
              options={outcomes.map((o) => ({ value: o, label: t(`programmes.outcomes.${o}`) }))}
            />
            {config.money && (
              <TextField
                ctx={ctx}
                name="amount"
                label={t('programmes.decision.amount')}
                hint={t('programmes.decision.amountHint')}
                errors={errors}
                values={sent}
                inputMode="decimal"
                dir="ltr"
              />
            )}
            <TextArea
              ctx={ctx}
              name="reasonEn"
              label={t('programmes.decision.reasonEn')}
              errors={errors}
              values={sent}
              rows={4}
            />
            <TextArea
              ctx={ctx}
              name="reasonUr"
              label={t('programmes.decision.reasonUr')}
              lang="ur"
              errors={errors}
              values={sent}
              rows={4}
            />
            <button type="submit" class="button">
              {t('programmes.decision.save')}
            </button>
          </form>
        ) : (
          !consensus && <p>{t('programmes.decision.needsConsensus')}</p>
        )}
      </section>

      {participation && (
        <ParticipationSection
          ctx={ctx}
          csrf={csrf}
          config={config}
          applicationId={application.id}
          participation={participation}
          view="staff"
          errors={errors}
          values={values ?? {}}
        />
      )}

      <section aria-labelledby="notes">
        <h2 id="notes">{t('programmes.notes.heading')}</h2>
        <p class="hint">{t('programmes.notes.private')}</p>
        {notes.map((n) => (
          <div class="record-section" key={n.id}>
            <p class="hint">
              {n.author} · {formatWhen(ctx.locale, n.createdAt)}
            </p>
            <p class="typed-answer">{n.body}</p>
          </div>
        ))}
        <form method="post" action={ctx.href(`${base}/applications/${application.id}/notes`)} novalidate>
          <CsrfField token={csrf} />
          <TextArea ctx={ctx} name="note" label={t('programmes.notes.add')} errors={errors} values={sent} rows={3} />
          <button type="submit" class="button secondary">
            {t('programmes.notes.save')}
          </button>
        </form>
      </section>

      {data.redress.length > 0 && (
        <section aria-labelledby="redress">
          <h2 id="redress">{t('programmes.redress.heading')}</h2>
          {data.redress.map((r) => (
            <div class="record-section" key={r.id}>
              <p>
                <strong>
                  {t('programmes.redress.asked', { when: formatWhen(ctx.locale, r.requestedAt, { dateOnly: true }) })}
                </strong>{' '}
                {r.ground}
              </p>
              {r.answeredAt ? (
                <p>{`${t(r.upheld === 'yes' ? 'programmes.redress.upheld' : 'programmes.redress.notUpheld')}: ${r.answer}`}</p>
              ) : (
                <form method="post" action={ctx.href(`${base}/applications/${application.id}/redress/${r.id}`)} novalidate>
                  <CsrfField token={csrf} />
                  <TextArea
                    ctx={ctx}
                    name="answer"
                    label={t('programmes.redress.answer')}
                    errors={errors}
                    values={sent}
                    rows={4}
                  />
                  <Choices
                    ctx={ctx}
                    type="radio"
                    name="upheld"
                    label={t('programmes.redress.upheldQuestion')}
                    errors={errors}
                    values={sent}
                    options={[
                      { value: 'yes', label: t('programmes.redress.upheld') },
                      { value: 'no', label: t('programmes.redress.notUpheld') },
                    ]}
                  />
                  <button type="submit" class="button secondary">
                    {t('programmes.redress.send')}
                  </button>
                </form>
              )}
            </div>
          ))}
        </section>
      )}

      <section aria-labelledby="application">
        <h2 id="application">{t('programmes.application.heading')}</h2>
        <ApplicationRead ctx={ctx} call={call} application={application} lines={data.lines} />
        <Attachments ctx={ctx} files={attachments} />
        <h3>{t('programmes.call.rubric')}</h3>
        <ul>
          {call.definition.criteria.map((c) => (
            <li key={c.id}>
              <Local ctx={ctx} text={c.title} />
            </li>
          ))}
        </ul>
      </section>
    </Layout>
  )
}
