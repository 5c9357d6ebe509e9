import { CsrfField, ErrorSummary, TextArea, type FieldErrors } from '../../../platform/forms.tsx'
import { FormAnswers, QuestionField } from '../../../platform/question-fields.tsx'
import { inReaderLanguage, type TextIn } from '../../../platform/content-language.ts'
import { DataTable } from '../../../platform/data-table.tsx'
import { formatWhen } from '../../../platform/i18n.ts'
import { Layout } from '../../../platform/layout.tsx'
import { InReaderLanguage } from '../../../platform/localised.tsx'
import type { PageContext } from '../../../platform/page.ts'
import type { AssessmentRow } from '../assessments.repository.ts'
import {
  explain,
  questionsFor,
  score,
  type Contribution,
  type Explanation,
  type LevelBound,
  type Questionnaire,
  type Score,
} from '../questionnaire.ts'
import { answersNoLongerApplying, isChoice, visibleQuestions, type Answers, type Question } from '../../../platform/questions.ts'

type System = { id: string; number: number; nameEn: string; nameUr: string | null; published: boolean }

/** A definition's text as a string, for a page title or a caption: the reader's language where the text has it. */
const local = (ctx: PageContext, text: TextIn) => inReaderLanguage(text, ctx.locale).text
/** A definition's text in the page, marked with its own language where that is not the page's. */
const Local = ({ ctx, text }: { ctx: PageContext; text: TextIn }) => <InReaderLanguage ctx={ctx} text={text} />
const systemName = (ctx: PageContext, s: System) => (ctx.locale === 'ur' && s.nameUr) || s.nameEn
const percent = (ctx: PageContext, share: number) =>
  new Intl.NumberFormat(ctx.locale === 'ur' ? 'ur-PK' : 'en-GB', { style: 'percent', maximumFractionDigits: 0 }).format(share)
const number = (ctx: PageContext, n: number) =>
  new Intl.NumberFormat(ctx.locale === 'ur' ? 'ur-PK' : 'en-GB', { maximumFractionDigits: 2 }).format(n)

/** How the scheme turned the answers into a level: the maximum, the threshold and deduction, and the level bounds. */
function HowScored({ ctx, scoring, score }: { ctx: PageContext; scoring: Questionnaire['scoring']; score: Score }) {
  const { t } = ctx
  const deduction = percent(ctx, scoring.deduction)
  if (scoring.scheme === 1) {
    const threshold = percent(ctx, scoring.mitigationThreshold)
    const vars = { mitigation: score.mitigation, max: score.maxMitigation, threshold, deduction }
    const [i, ii, iii] = score.bounds.map((b) => percent(ctx, b.value))
    return (
      <>
        <p>{t(score.deducted ? 'assessments.level.deducted' : 'assessments.level.notDeducted', vars)}</p>
        <p>{t('assessments.level.thresholds', { i, ii, iii })}</p>
      </>
    )
  }
  const share = 'share' in scoring.threshold ? percent(ctx, scoring.threshold.share) : ''
  const boundText = (b: LevelBound) =>
    t(`assessments.level.bound.${b.rule}`, {
      value:
        b.unit === 'share'
          ? t('assessments.level.ofMaximum', { share: percent(ctx, b.value) })
          : t('assessments.level.points', { count: b.value }),
    })
  const [i, ii, iii] = score.bounds.map(boundText)
  return (
    <>
      <p>{t(`assessments.level.maximum.${score.maxOver}`, { max: number(ctx, score.maxRisk) })}</p>
      <p>{t(`assessments.level.threshold.${score.thresholdOver}`, { threshold: number(ctx, score.threshold), share })}</p>
      <p>
        {score.deducted
          ? t('assessments.level.deductedPoints', {
              mitigation: number(ctx, score.mitigation),
              deduction,
              raw: number(ctx, score.raw),
              score: number(ctx, score.score),
              rounding: t(`assessments.level.rounding.${score.rounding}`),
            })
          : t('assessments.level.notDeductedPoints', { mitigation: number(ctx, score.mitigation), deduction })}
      </p>
      <p>{t('assessments.level.bounds', { i, ii, iii })}</p>
    </>
  )
}

/** Each part's risk and mitigation points out of its maximum, for the parts that can score. */
function ScoreByPart({
  ctx,
  questionnaire,
  explanation,
}: {
  ctx: PageContext
  questionnaire: Questionnaire
  explanation: Explanation
}) {
  const { t } = ctx
  const rows = explanation.sections.filter((s) => s.maxRisk > 0 || s.maxMitigation > 0)
  const ofMax = (points: number, max: number) =>
    max > 0 ? t('assessments.level.ofMax', { points: number(ctx, points), max: number(ctx, max) }) : '–'
  if (rows.length === 0) return null
  return (
    <DataTable
      caption={t('assessments.level.byPart')}
      columns={[t('assessments.level.part'), t('assessments.level.riskPoints'), t('assessments.level.mitigationPoints')]}
      dense
    >
      {rows.map((s) => (
        <tr key={s.section}>
          <th scope="row">
            <Local ctx={ctx} text={questionnaire.sections.find((x) => x.id === s.section)!.title} />
          </th>
          <td>{ofMax(s.risk, s.maxRisk)}</td>
          <td>{ofMax(s.mitigation, s.maxMitigation)}</td>
        </tr>
      ))}
    </DataTable>
  )
}

/** The chosen options that added points, largest first: the "why" behind a level. */
function ContributionList({
  ctx,
  questionnaire,
  lead,
  items,
}: {
  ctx: PageContext
  questionnaire: Questionnaire
  lead: string
  items: Contribution[]
}) {
  if (items.length === 0) return null
  const questions = new Map(
    questionnaire.sections
      .flatMap((s) => s.questions)
      .filter(isChoice)
      .map((q) => [q.id, q]),
  )
  return (
    <>
      <p>{lead}</p>
      <ul>
        {items.map((c) => {
          const question = questions.get(c.question)!
          return (
            <li key={`${c.question}-${c.option}`}>
              <Local ctx={ctx} text={question.text} />{' '}
              <strong>
                <Local ctx={ctx} text={question.options.find((o) => o.id === c.option)!.label} />
              </strong>
              {` (${ctx.t('assessments.level.points', { count: c.points })})`}
            </li>
          )
        })}
      </ul>
    </>
  )
}

/** The level, and why: the answers that raised it, the mitigation and the deduction, and the thresholds. */
export function LevelExplained({
  ctx,
  questionnaire,
  answers,
  score,
  headingLevel = 2,
}: {
  ctx: PageContext
  questionnaire: Questionnaire
  answers: Answers
  score: Score
  headingLevel?: 2 | 3
}) {
  const { t } = ctx
  const H = headingLevel === 2 ? 'h2' : 'h3'
  const { scoring } = questionnaire
  const why = explain(questionnaire, answers)
  return (
    <section class="level-explained" aria-labelledby="level-heading">
      <H id="level-heading">{t('assessments.level.heading')}</H>
      <p class="level-now">
        <span class={`badge impact impact-${score.level.toLowerCase()}`}>{t(`register.options.impactLevel.${score.level}`)}</span>
      </p>
      {score.prohibited.length > 0 && <p class="review-comment">{t('assessments.level.prohibited')}</p>}
      <p>
        {t('assessments.level.scoreLine', {
          score: number(ctx, score.score),
          max: score.maxRisk,
          share: percent(ctx, score.share),
        })}
      </p>
      <HowScored ctx={ctx} scoring={scoring} score={score} />
      <ScoreByPart ctx={ctx} questionnaire={questionnaire} explanation={why} />
      <ContributionList ctx={ctx} questionnaire={questionnaire} lead={t('assessments.level.raisedBy')} items={why.risk} />
      <ContributionList
        ctx={ctx}
        questionnaire={questionnaire}
        lead={t('assessments.level.mitigatedBy')}
        items={why.mitigation}
      />
    </section>
  )
}

type SectionBodyProps = {
  ctx: PageContext
  questionnaire: Questionnaire
  sectionId: string
  answers: Answers
  errors: FieldErrors
}

/**
 * The questions a section shows for these answers, and the level they lead to. Without JavaScript it is part of the
 * page; with it, htmx asks the server for it again whenever an answer changes, so a revealed question and the new level
 * appear at once. Nothing is saved until "save and continue".
 */
export function SectionBody({ ctx, questionnaire, sectionId, answers, errors }: SectionBodyProps) {
  const section = questionnaire.sections.find((s) => s.id === sectionId)!
  const visible = new Set(visibleQuestions(questionnaire, answers).map((q) => q.id))
  return (
    <div id="section-body">
      {section.questions
        .filter((q) => visible.has(q.id))
        .map((q) => (
          <QuestionField key={q.id} ctx={ctx} question={q} answers={answers} error={errors[q.id]} />
        ))}
      <div class="level-live" aria-live="polite">
        <LevelExplained
          ctx={ctx}
          questionnaire={questionnaire}
          answers={answers}
          score={score(questionnaire, answers)}
          headingLevel={2}
        />
      </div>
    </div>
  )
}

type SectionProps = {
  ctx: PageContext
  csrf: string
  id: string
  system: System
  questionnaire: Questionnaire
  sectionId: string
  answers: Answers
  errors: FieldErrors
  appeared: boolean
}

export function AssessmentSectionPage({
  ctx,
  csrf,
  id,
  system,
  questionnaire,
  sectionId,
  answers,
  errors,
  appeared,
}: SectionProps) {
  const { t } = ctx
  const index = questionnaire.sections.findIndex((s) => s.id === sectionId)
  const section = questionnaire.sections[index]!
  const title = `${local(ctx, section.title)}: ${t('assessments.title')}`
  const action = `/assessments/${id}/sections/${sectionId}`
  return (
    <Layout ctx={ctx} title={Object.keys(errors).length ? `${t('errors.title')}: ${title}` : title} enhanced>
      <ErrorSummary ctx={ctx} errors={errors} />
      <p class="breadcrumb">
        <a href={ctx.href(`/assessments/${id}`)}>{`${t('assessments.title')}: ${systemName(ctx, system)}`}</a>
      </p>
      <p class="caption">
        {t('register.form.step', { step: index + 1, steps: questionnaire.sections.length, heading: systemName(ctx, system) })}
      </p>
      <h1>
        <Local ctx={ctx} text={section.title} />
      </h1>
      {appeared && (
        <p class="notice" role="status">
          {t('assessments.form.appeared')}
        </p>
      )}
      <form
        method="post"
        action={ctx.href(action)}
        novalidate
        hx-post={ctx.href(`${action}/preview`)}
        hx-trigger="change"
        hx-target="#section-body"
        hx-swap="outerHTML"
      >
        <CsrfField token={csrf} />
        <SectionBody ctx={ctx} questionnaire={questionnaire} sectionId={sectionId} answers={answers} errors={errors} />
        <p class="hint">{t('assessments.form.saveHint')}</p>
        <button type="submit" class="button">
          {t('register.form.saveContinue')}
        </button>
      </form>
    </Layout>
  )
}

type SummaryProps = {
  ctx: PageContext
  csrf: string
  assessment: AssessmentRow
  system: System
  questionnaire: Questionnaire
  score: Score
  errors: FieldErrors
  values: Record<string, unknown>
}

export function AssessmentSummaryPage({ ctx, csrf, assessment, system, questionnaire, score, errors, values }: SummaryProps) {
  const { t } = ctx
  const editable = assessment.state === 'draft' || assessment.state === 'returned'
  const unanswered = new Set(score.unanswered)
  const title = `${t('assessments.title')}: ${systemName(ctx, system)}`
  return (
    <Layout ctx={ctx} title={Object.keys(errors).length ? `${t('errors.title')}: ${title}` : title}>
      <ErrorSummary ctx={ctx} errors={errors} hrefOf={(key) => (key === 'summaryEn' ? '#f-summaryEn' : '#sections-heading')} />
      <p class="breadcrumb">
        <a href={ctx.href(`/register/manage/${system.id}`)}>{systemName(ctx, system)}</a>
      </p>
      <h1>{t('assessments.title')}</h1>
      <p>
        <span class={`badge state-${assessment.state}`}>{t(`assessments.states.${assessment.state}`)}</span>{' '}
        {t(`assessments.stateHelp.${assessment.state}`)}
      </p>
      <p class="caption">
        <Local ctx={ctx} text={questionnaire.title} />
        {t('assessments.versionAfterTitle', { version: questionnaire.version })}
      </p>
      {assessment.state === 'returned' && assessment.reviewComment && (
        <div class="review-comments">
          <h2>{t('register.review.returnedHeading')}</h2>
          <p>{assessment.reviewComment}</p>
        </div>
      )}
      <LevelExplained ctx={ctx} questionnaire={questionnaire} answers={assessment.answers} score={score} />
      {editable && <NoLongerApplying ctx={ctx} questions={answersNoLongerApplying(questionnaire, assessment.answers)} />}
      <h2 id="sections-heading">{t('assessments.sections')}</h2>
      <ol class="task-list">
        {questionnaire.sections.map((s) => {
          const open = s.questions.some((q) => unanswered.has(q.id))
          return (
            <li key={s.id}>
              {editable ? (
                <a href={ctx.href(`/assessments/${assessment.id}/sections/${s.id}`)}>
                  <Local ctx={ctx} text={s.title} />
                </a>
              ) : (
                <Local ctx={ctx} text={s.title} />
              )}{' '}
              <span class={open ? 'badge state-draft' : 'badge state-published'}>
                {t(open ? 'register.manage.incomplete' : 'register.manage.complete')}
              </span>
            </li>
          )
        })}
      </ol>
      {editable && (
        <form method="post" action={ctx.href(`/assessments/${assessment.id}/submit`)} novalidate class="submit-form">
          <CsrfField token={csrf} />
          <h2>{t('assessments.submitHeading')}</h2>
          <TextArea
            ctx={ctx}
            values={values}
            errors={errors}
            name="summaryEn"
            label={t('assessments.summary.en')}
            hint={t('assessments.summary.hint')}
            rows={4}
            lang="en"
          />
          <TextArea
            ctx={ctx}
            values={values}
            errors={errors}
            name="summaryUr"
            label={t('assessments.summary.ur')}
            rows={4}
            lang="ur"
          />
          <button type="submit" class="button">
            {t('assessments.submit')}
          </button>
        </form>
      )}
      <AnswersList ctx={ctx} questionnaire={questionnaire} answers={assessment.answers} audience="staff" />
    </Layout>
  )
}

/** Answers kept for questions that later answers took away: the person is told they will not be submitted. */
function NoLongerApplying({ ctx, questions }: { ctx: PageContext; questions: Question[] }) {
  if (questions.length === 0) return null
  return (
    <div class="notice" role="status">
      <p>{ctx.t('assessments.noLongerApplying', { count: questions.length })}</p>
      <ul>
        {questions.map((q) => (
          <li key={q.id}>
            <Local ctx={ctx} text={q.text} />
          </li>
        ))}
      </ul>
    </div>
  )
}

/** An answer as a reader sees it: the options chosen, or what was typed. */
/** Every shown question with the answer given, as `questionsFor` lets this reader see them. */
export function AnswersList({
  ctx,
  questionnaire,
  answers,
  audience,
}: {
  ctx: PageContext
  questionnaire: Questionnaire
  answers: Answers
  audience: 'public' | 'staff'
}) {
  const shown = new Set(questionsFor(questionnaire, answers, audience).map((q) => q.id))
  return (
    <FormAnswers
      ctx={ctx}
      form={questionnaire}
      answers={answers}
      listed={(q) => shown.has(q.id)}
      heading={ctx.t('assessments.answers')}
    />
  )
}

type ReviewProps = {
  ctx: PageContext
  csrf: string
  assessment: AssessmentRow
  system: System
  questionnaire: Questionnaire
  errors: FieldErrors
  values: Record<string, unknown>
}

export function AssessmentReviewPage({ ctx, csrf, assessment, system, questionnaire, errors, values }: ReviewProps) {
  const { t } = ctx
  const title = `${t('assessments.title')}: ${systemName(ctx, system)}`
  return (
    <Layout ctx={ctx} title={Object.keys(errors).length ? `${t('errors.title')}: ${title}` : title}>
      <ErrorSummary ctx={ctx} errors={errors} />
      <p class="breadcrumb">
        <a href={ctx.href('/register/review')}>{t('register.review.title')}</a>
      </p>
      <h1>{title}</h1>
      <p>{t('assessments.review.submitted', { date: formatWhen(ctx.locale, assessment.submittedAt!) })}</p>
      <LevelExplained ctx={ctx} questionnaire={questionnaire} answers={assessment.answers} score={assessment.result!} />
      <h2>{t('assessments.review.summary')}</h2>
      <p lang="en">{assessment.summaryEn}</p>
      {assessment.summaryUr && <p lang="ur">{assessment.summaryUr}</p>}
      <div class="decision-forms">
        <form method="post" action={ctx.href(`/assessments/${assessment.id}/accept`)} novalidate>
          <CsrfField token={csrf} />
          <h2>{t('assessments.review.acceptHeading')}</h2>
          <TextArea ctx={ctx} values={values} errors={errors} name="note" label={t('register.review.note')} rows={2} />
          <button type="submit" class="button">
            {t('assessments.review.accept')}
          </button>
        </form>
        <form method="post" action={ctx.href(`/assessments/${assessment.id}/return`)} novalidate>
          <CsrfField token={csrf} />
          <h2>{t('assessments.review.returnHeading')}</h2>
          <TextArea ctx={ctx} values={values} errors={errors} name="comment" label={t('assessments.review.comment')} rows={3} />
          <button type="submit" class="button secondary">
            {t('assessments.review.return')}
          </button>
        </form>
      </div>
      <AnswersList ctx={ctx} questionnaire={questionnaire} answers={assessment.answers} audience="staff" />
    </Layout>
  )
}

export function PublicAssessmentPage({
  ctx,
  number,
  system,
  assessment,
  questionnaire,
  version,
}: {
  ctx: PageContext
  number: number
  system: { nameEn: string; nameUr: string | null }
  assessment: AssessmentRow
  questionnaire: Questionnaire
  version: number
}) {
  const { t } = ctx
  const name = (ctx.locale === 'ur' && system.nameUr) || system.nameEn
  const summary = ctx.locale === 'ur' && assessment.summaryUr ? assessment.summaryUr : assessment.summaryEn
  return (
    <Layout ctx={ctx} title={`${t('assessments.public.title')}: ${name}`}>
      <p class="breadcrumb">
        <a href={ctx.href(`/register/${number}`)}>{name}</a>
      </p>
      <h1>{t('assessments.public.title')}</h1>
      <p class="lead" lang={ctx.locale === 'ur' && assessment.summaryUr ? 'ur' : 'en'}>
        {summary}
      </p>
      <p class="caption">
        <Local ctx={ctx} text={questionnaire.title} />
        {`${t('assessments.versionAfterTitle', { version })} · ${t('assessments.public.accepted', { date: formatWhen(ctx.locale, assessment.decidedAt!, { dateOnly: true }) })}`}
      </p>
      <LevelExplained ctx={ctx} questionnaire={questionnaire} answers={assessment.answers} score={assessment.result!} />
      <AnswersList ctx={ctx} questionnaire={questionnaire} answers={assessment.answers} audience="public" />
    </Layout>
  )
}
