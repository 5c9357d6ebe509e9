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
import { formatWhen } from '../../../platform/i18n.ts'
import { Layout } from '../../../platform/layout.tsx'
import { rupeesTyped } from '../../../platform/money.ts'
import type { PageContext } from '../../../platform/page.ts'
import { QuestionField } from '../../../platform/question-fields.tsx'
import { visibleQuestions, type Answers } from '../../../platform/questions.ts'
import { provinces } from '../../accounts/accounts.vocabulary.ts'
import { sectors } from '../../register/register.record.ts'
import type { applicationFor, applicationsFor } from '../applications.service.ts'
import type { Participation } from '../participation.service.ts'
import { programmeConfigs, schemeConfig } from '../programmes.config.ts'
import { MAX_BUDGET_LINES } from '../programmes.forms.ts'
import { ApplicationRead, ApplicationsTable, Attachments, CallFacts, Local, Money, Pair, pairText, Points } from './parts.tsx'
import type { Attachment } from './parts.tsx'
import { ParticipationSection } from './participation.tsx'

type Data = Awaited<ReturnType<typeof applicationFor>>
const titled = (ctx: PageContext, errors: FieldErrors, title: string) =>
  Object.keys(errors).length ? `${ctx.t('errors.title')}: ${title}` : title

export function ApplicationsPage({ ctx, rows }: { ctx: PageContext; rows: Awaited<ReturnType<typeof applicationsFor>> }) {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('programmes.application.listTitle')}>
      <h1>{t('programmes.application.listTitle')}</h1>
      <p>
        <a href={ctx.href('/sandbox')}>{t('programmes.sandbox.title')}</a> ·{' '}
        <a href={ctx.href('/fund')}>{t('programmes.fund.title')}</a>
      </p>
      {rows.length === 0 ? (
        <p>{t('programmes.application.none')}</p>
      ) : (
        <ApplicationsTable
          ctx={ctx}
          caption={t('programmes.application.listCaption', { count: rows.length })}
          rows={rows.map((a) => ({
            ...a,
            href: `/programmes/applications/${a.id}`,
            state: a.outcome ? t(`programmes.outcomes.${a.outcome}`) : t(`programmes.states.${a.state}`),
          }))}
        />
      )}
    </Layout>
  )
}

/** The draft as a form: the core fields, the call's own questions, the budget lines, the supervisor for a thesis. */
function DraftForm({
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
  values: Record<string, unknown>
}) {
  const { t } = ctx
  const { application, call, lines } = data
  const field = { ctx, values, errors }
  const answers: Answers = values.__answers as Answers
  const shown = new Set(visibleQuestions(call.definition.form, answers).map((q) => q.id))
  const money = programmeConfigs[call.programme].money
  const rows = Math.min(MAX_BUDGET_LINES, Math.max(lines.length, values.__lineCount as number) + 3)
  return (
    <form method="post" action={ctx.href(`/programmes/applications/${application.id}`)} novalidate>
      <CsrfField token={csrf} />
      <h2>{t('programmes.application.about')}</h2>
      <TextField {...field} name="titleEn" label={t('programmes.application.titleEn')} maxLength={300} />
      <TextField {...field} name="titleUr" label={t('programmes.application.titleUr')} lang="ur" maxLength={300} />
      <TextField
        {...field}
        name="summaryEn"
        label={t('programmes.application.summaryEn')}
        hint={t('programmes.application.summaryHint')}
        maxLength={300}
      />
      <TextField {...field} name="summaryUr" label={t('programmes.application.summaryUr')} lang="ur" maxLength={300} />
      <Choices
        {...field}
        type="checkbox"
        name="sectors"
        label={t('programmes.application.sectors')}
        options={sectors.map((s) => ({ value: s, label: t(`register.options.sector.${s}`) }))}
      />
      <Select
        {...field}
        name="province"
        label={t('programmes.application.province')}
        options={provinces.map((p) => ({ value: p, label: t(`administration.provinces.${p}`) }))}
      />
      {schemeConfig(call.programme, call.scheme)!.endorsement && (
        <TextField
          {...field}
          type="email"
          name="supervisorEmail"
          label={t('programmes.application.supervisorEmail')}
          hint={t('programmes.application.supervisorHint')}
        />
      )}
      {call.definition.form.sections.map((s) => (
        <fieldset key={s.id} class="form-section">
          <legend>
            <Local ctx={ctx} text={s.title} />
          </legend>
          {s.questions
            .filter((q) => shown.has(q.id))
            .map((q) => (
              <QuestionField key={q.id} ctx={ctx} question={q} answers={answers} error={errors[q.id]} />
            ))}
        </fieldset>
      ))}
      {money && (
        <fieldset class="form-section">
          <legend>{t('programmes.budget.heading')}</legend>
          <p class="hint">
            {t('programmes.budget.hint')}
            {call.capPaisa !== null && (
              <>
                {' '}
                {t('programmes.budget.cap')} <Money ctx={ctx} paisa={call.capPaisa} />
              </>
            )}
          </p>
          {Array.from({ length: rows }, (_, i) => (
            <div class="budget-line" key={i}>
              <TextField {...field} name={`item_${i}`} label={t('programmes.budget.itemN', { n: i + 1 })} maxLength={300} />
              <TextField
                {...field}
                name={`amount_${i}`}
                label={t('programmes.budget.amountN', { n: i + 1 })}
                inputMode="decimal"
                dir="ltr"
              />
            </div>
          ))}
        </fieldset>
      )}
      <p class="hint">{t('programmes.application.saveHint')}</p>
      <div class="actions">
        <button type="submit" name="action" value="save" class="button secondary">
          {t('programmes.application.save')}
        </button>{' '}
        <button type="submit" name="action" value="submit" class="button">
          {t('programmes.application.submit')}
        </button>
      </div>
    </form>
  )
}

/** The saved draft as its form's values, for a first view. */
function draftValues(data: Data): Record<string, unknown> {
  const a = data.application
  const values: Record<string, unknown> = {
    titleEn: a.titleEn,
    titleUr: a.titleUr ?? '',
    summaryEn: a.summaryEn,
    summaryUr: a.summaryUr ?? '',
    sectors: a.sectors,
    province: a.province,
    supervisorEmail: data.supervisor?.email ?? '',
    __answers: a.answers,
    __lineCount: data.lines.length,
  }
  data.lines.forEach((l, i) => {
    values[`item_${i}`] = l.item
    values[`amount_${i}`] = rupeesTyped(l.amountPaisa)
  })
  return values
}

/** The form's values as they were sent, with the answers to the call's questions gathered for the question fields. */
function sentValues(data: Data, sent: Record<string, unknown>): Record<string, unknown> {
  const ids = new Set(data.call.definition.form.sections.flatMap((s) => s.questions.map((q) => q.id)))
  const answers: Answers = {}
  for (const [k, v] of Object.entries(sent)) if (ids.has(k)) answers[k] = [v].flat().map(String)
  const lineCount = Object.keys(sent).filter((k) => /^item_\d+$/.test(k) && String(sent[k]).trim()).length
  return { ...sent, __answers: answers, __lineCount: lineCount }
}

/** The outcome, with the reasons and the consensus report, in the applicant's language where written in it. */
function Outcome({ ctx, data }: { ctx: PageContext; data: Data }) {
  const { t } = ctx
  const { decision, consensus, call } = data
  if (!decision) return null
  return (
    <section aria-labelledby="outcome">
      <h2 id="outcome">{t('programmes.decision.heading')}</h2>
      <p>
        <strong>{t(`programmes.outcomes.${decision.outcome}`)}</strong>
        {decision.amountPaisa !== null && (
          <>
            {': '}
            <Money ctx={ctx} paisa={decision.amountPaisa} />
          </>
        )}{' '}
        ({formatWhen(ctx.locale, decision.decidedAt, { dateOnly: true })})
      </p>
      <p>
        <Pair ctx={ctx} en={decision.reasonEn} ur={decision.reasonUr} />
      </p>
      {consensus && (
        <>
          <h3>{t('programmes.consensus.report')}</h3>
          <p>
            <Pair ctx={ctx} en={consensus.reportEn} ur={consensus.reportUr} />
          </p>
          <ul>
            {call.definition.criteria.map((c) => (
              <li key={c.id}>
                <Local ctx={ctx} text={c.title} />: <Points tenths={consensus.scores[c.id]?.tenths ?? 0} /> /{' '}
                <bdi dir="ltr">5</bdi>
                {consensus.scores[c.id]?.comment && <> — {consensus.scores[c.id]!.comment}</>}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  )
}

/** Redress: requests made and their answers, and the form to ask while none is waiting. */
function Redress({
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
  values: Record<string, unknown>
}) {
  const { t } = ctx
  if (!data.decision) return null
  const waiting = data.redress.some((r) => !r.answeredAt)
  return (
    <section aria-labelledby="redress">
      <h2 id="redress">{t('programmes.redress.heading')}</h2>
      <p>{t('programmes.redress.lead')}</p>
      {data.redress.map((r) => (
        <div class="record-section" key={r.id}>
          <p>
            <strong>{t('programmes.redress.asked', { when: formatWhen(ctx.locale, r.requestedAt, { dateOnly: true }) })}</strong>{' '}
            {r.ground}
          </p>
          <p>
            {r.answeredAt
              ? `${t(r.upheld === 'yes' ? 'programmes.redress.upheld' : 'programmes.redress.notUpheld')}: ${r.answer}`
              : t('programmes.redress.waiting')}
          </p>
        </div>
      ))}
      {data.view === 'applicant' && !waiting && (
        <form method="post" action={ctx.href(`/programmes/applications/${data.application.id}/redress`)} novalidate>
          <CsrfField token={csrf} />
          <TextArea
            ctx={ctx}
            name="ground"
            label={t('programmes.redress.ground')}
            hint={t('programmes.redress.groundHint')}
            errors={errors}
            values={values}
            rows={4}
          />
          <button type="submit" class="button secondary">
            {t('programmes.redress.ask')}
          </button>
        </form>
      )}
    </section>
  )
}

export function ApplicationPage({
  ctx,
  csrf,
  data,
  errors,
  values,
  outstanding,
  participation,
  attachments,
}: {
  ctx: PageContext
  csrf: string
  data: Data
  errors: FieldErrors
  values: Record<string, unknown> | undefined
  outstanding: FieldErrors
  participation: Participation | undefined
  attachments: readonly Attachment[]
}) {
  const { t } = ctx
  const { application, call } = data
  const title = pairText(ctx, application.titleEn, application.titleUr)
  const editing = data.view === 'applicant' && application.state === 'draft'
  const endorsement = schemeConfig(call.programme, call.scheme)!.endorsement
  const formErrors = errors._form ? { _form: errors._form } : {}
  return (
    <Layout ctx={ctx} title={titled(ctx, errors, title)}>
      <ErrorSummary ctx={ctx} errors={errors} hrefOf={(f) => (f === '_form' ? '#state' : `#f-${f}`)} />
      <p class="breadcrumb">
        <a href={ctx.href(data.view === 'applicant' ? '/programmes/applications' : '/work')}>
          {t(data.view === 'applicant' ? 'programmes.application.listTitle' : 'layout.nav.work')}
        </a>
      </p>
      <h1>{title}</h1>
      <p id="state">
        <span class="badge">{t(`programmes.states.${application.state}`)}</span> {t('programmes.application.to')}{' '}
        <a href={ctx.href(`${programmeConfigs[call.programme].path}/calls/${call.id}`)}>
          <Pair ctx={ctx} en={call.titleEn} ur={call.titleUr} />
        </a>
        {application.submittedAt && (
          <> · {t('programmes.application.submittedAt', { when: formatWhen(ctx.locale, application.submittedAt) })}</>
        )}
      </p>
      {Object.keys(formErrors).length > 0 && <p class="field-error">{t(errors._form!)}</p>}
      <CallFacts ctx={ctx} call={call} />
      {editing && endorsement && (
        <section aria-labelledby="endorsement">
          <h2 id="endorsement">{t('programmes.endorsement.heading')}</h2>
          <p>
            {application.endorsedAt
              ? t('programmes.endorsement.done', {
                  name: data.supervisor?.name ?? '',
                  when: formatWhen(ctx.locale, application.endorsedAt),
                })
              : data.supervisor
                ? t('programmes.endorsement.waiting', { name: data.supervisor.name })
                : t('programmes.endorsement.nameFirst')}
          </p>
          {data.supervisor && !application.endorsedAt && (
            <form method="post" action={ctx.href(`/programmes/applications/${application.id}/ask-endorsement`)}>
              <CsrfField token={csrf} />
              <button type="submit" class="button secondary">
                {t('programmes.endorsement.ask')}
              </button>
            </form>
          )}
        </section>
      )}
      {editing && Object.keys(outstanding).length > 0 && !Object.keys(errors).length && (
        <div class="notice">
          <h2>{t('programmes.application.outstanding')}</h2>
          <ul>
            {Object.entries(outstanding).map(([f, key]) => (
              <li key={f}>{t(key)}</li>
            ))}
          </ul>
        </div>
      )}
      <Attachments ctx={ctx} files={attachments} />
      {editing && (
        <form
          method="post"
          action={`${ctx.href(`/programmes/applications/${application.id}/attachments`)}?_csrf=${encodeURIComponent(csrf)}`}
          encType="multipart/form-data"
        >
          <FileField
            ctx={ctx}
            name="attachment"
            label={t('programmes.attachments.add')}
            hint={t('programmes.attachments.hint')}
            accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
            errors={errors}
            values={{}}
          />
          <button type="submit" class="button secondary">
            {t('programmes.attachments.upload')}
          </button>
        </form>
      )}
      {editing ? (
        <DraftForm
          ctx={ctx}
          csrf={csrf}
          data={data}
          errors={errors}
          values={values ? sentValues(data, values) : draftValues(data)}
        />
      ) : (
        <>
          {data.view === 'supervisor' && application.state === 'draft' && (
            <section aria-labelledby="endorse">
              <h2 id="endorse">{t('programmes.endorsement.heading')}</h2>
              {application.endorsedAt ? (
                <p>{t('programmes.endorsement.youEndorsed', { when: formatWhen(ctx.locale, application.endorsedAt) })}</p>
              ) : (
                <form method="post" action={ctx.href(`/programmes/applications/${application.id}/endorse`)}>
                  <CsrfField token={csrf} />
                  <p>{t('programmes.endorsement.endorseHint')}</p>
                  <button type="submit" class="button">
                    {t('programmes.endorsement.endorse')}
                  </button>
                </form>
              )}
            </section>
          )}
          <Outcome ctx={ctx} data={data} />
          {participation && (
            <ParticipationSection
              ctx={ctx}
              csrf={csrf}
              config={programmeConfigs[call.programme]}
              applicationId={application.id}
              participation={participation}
              view={data.view === 'applicant' ? 'applicant' : 'staff'}
              errors={errors}
              values={values ?? {}}
            />
          )}
          <Redress ctx={ctx} csrf={csrf} data={data} errors={errors} values={values ?? {}} />
          <ApplicationRead ctx={ctx} call={call} application={application} lines={data.lines} />
        </>
      )}
    </Layout>
  )
}
