import { DataTable } from '../../../platform/data-table.tsx'
import { Choices, CsrfField, Select, TextArea, TextField, type FieldErrors } from '../../../platform/forms.tsx'
import { formatWhen } from '../../../platform/i18n.ts'
import { Fact } from '../../../platform/key-facts.tsx'
import { rupeesTyped } from '../../../platform/money.ts'
import type { PageContext } from '../../../platform/page.ts'
import type { Participation } from '../participation.service.ts'
import type { ProgrammeConfig } from '../programmes.config.ts'
import { exitOutcomes, outputKinds } from '../programmes.vocabulary.ts'
import { Money, PaymentStepForm } from './parts.tsx'

type Props = {
  ctx: PageContext
  csrf: string
  config: ProgrammeConfig
  applicationId: string
  participation: Participation
  view: 'applicant' | 'staff'
  errors: FieldErrors
  values: Record<string, unknown>
}

const day = (ctx: PageContext, d: string) => formatWhen(ctx.locale, d)

/** The agreed sandbox plan: proposed by the Directorate, accepted by the participant; suspension and its reason. */
function Plan({ ctx, csrf, config, applicationId, participation, view, errors, values }: Props) {
  const { t } = ctx
  const plan = participation.plan
  const base = `${config.path}/manage/applications/${applicationId}`
  const field = { ctx, errors, values: Object.keys(values).length ? values : (plan ?? {}) }
  return (
    <section aria-labelledby="plan">
      <h2 id="plan">{t('programmes.plan.heading')}</h2>
      {plan ? (
        <>
          <p>
            <span class="badge">{t(`programmes.plan.states.${plan.state}`)}</span>
            {plan.state === 'suspended' && plan.suspensionReason && (
              <> {t('programmes.plan.suspendedBecause', { reason: plan.suspensionReason })}</>
            )}
          </p>
          <dl class="key-facts">
            <Fact label={t('programmes.plan.period')}>
              {day(ctx, plan.startsOn)} – {day(ctx, plan.endsOn)}
            </Fact>
            <Fact label={t('programmes.plan.conditions')}>{plan.conditions}</Fact>
            <Fact label={t('programmes.plan.parameters')}>{plan.parameters}</Fact>
            <Fact label={t('programmes.plan.contacts')}>{plan.contacts}</Fact>
          </dl>
        </>
      ) : (
        <p>{t('programmes.plan.none')}</p>
      )}
      {view === 'applicant' && plan?.state === 'proposed' && (
        <form method="post" action={ctx.href(`/programmes/applications/${applicationId}/plan/accept`)}>
          <CsrfField token={csrf} />
          <p>{t('programmes.plan.acceptHint')}</p>
          <button type="submit" class="button">
            {t('programmes.plan.accept')}
          </button>
        </form>
      )}
      {view === 'staff' && (
        <>
          <form method="post" action={ctx.href(`${base}/plan`)} novalidate>
            <CsrfField token={csrf} />
            <h3>{t(plan ? 'programmes.plan.change' : 'programmes.plan.propose')}</h3>
            <TextArea {...field} name="conditions" label={t('programmes.plan.conditions')} rows={4} />
            <TextArea
              {...field}
              name="parameters"
              label={t('programmes.plan.parameters')}
              hint={t('programmes.plan.parametersHint')}
              rows={4}
            />
            <TextField {...field} type="date" name="startsOn" label={t('programmes.plan.startsOn')} dir="ltr" />
            <TextField {...field} type="date" name="endsOn" label={t('programmes.plan.endsOn')} dir="ltr" />
            <TextArea {...field} name="contacts" label={t('programmes.plan.contacts')} rows={2} />
            <button type="submit" class="button secondary">
              {t('programmes.plan.send')}
            </button>
          </form>
          {plan && plan.state !== 'proposed' && (
            <form method="post" action={ctx.href(`${base}/suspend`)} novalidate>
              <CsrfField token={csrf} />
              {plan.state === 'agreed' ? (
                <>
                  <TextArea
                    ctx={ctx}
                    errors={errors}
                    values={values}
                    name="reason"
                    label={t('programmes.plan.suspendReason')}
                    rows={3}
                  />
                  <button type="submit" class="button secondary">
                    {t('programmes.plan.suspend')}
                  </button>
                </>
              ) : (
                <button type="submit" class="button secondary">
                  {t('programmes.plan.resume')}
                </button>
              )}
            </form>
          )}
        </>
      )}
    </section>
  )
}

/** The exit report, its outcome, and whether each side has consented to publish it. */
function Exit({ ctx, csrf, config, applicationId, participation, view, errors, values }: Props) {
  const { t } = ctx
  const exit = participation.exit
  const plan = participation.plan
  if (!plan || plan.state === 'proposed') return null
  const base = `${config.path}/manage/applications/${applicationId}`
  const field = { ctx, errors, values: Object.keys(values).length ? values : (exit ?? {}) }
  const mine = view === 'staff' ? exit?.directorateConsentAt : exit?.participantConsentAt
  return (
    <section aria-labelledby="exit">
      <h2 id="exit">{t('programmes.exit.heading')}</h2>
      {exit ? (
        <>
          <p>
            <strong>{t(`programmes.exit.outcomes.${exit.outcome}`)}</strong> ·{' '}
            {t(exit.published ? 'programmes.exit.published' : 'programmes.exit.notPublished')}
          </p>
          <dl class="key-facts">
            <Fact label={t('programmes.exit.activities')}>{exit.activities}</Fact>
            <Fact label={t('programmes.exit.results')}>{exit.results}</Fact>
            <Fact label={t('programmes.exit.lessons')}>{exit.lessons}</Fact>
            <Fact label={t('programmes.exit.consents')}>
              {t(exit.participantConsentAt ? 'programmes.exit.participantYes' : 'programmes.exit.participantNo')};{' '}
              {t(exit.directorateConsentAt ? 'programmes.exit.directorateYes' : 'programmes.exit.directorateNo')}
            </Fact>
          </dl>
          {!mine && (
            <form
              method="post"
              action={ctx.href(
                view === 'staff' ? `${base}/exit/consent` : `/programmes/applications/${applicationId}/exit/consent`,
              )}
            >
              <CsrfField token={csrf} />
              <p>{t('programmes.exit.consentHint')}</p>
              <button type="submit" class="button secondary">
                {t('programmes.exit.consent')}
              </button>
            </form>
          )}
        </>
      ) : (
        <p>{t('programmes.exit.none')}</p>
      )}
      {view === 'staff' && (
        <form method="post" action={ctx.href(`${base}/exit`)} novalidate>
          <CsrfField token={csrf} />
          <h3>{t(exit ? 'programmes.exit.rewrite' : 'programmes.exit.write')}</h3>
          <Choices
            {...field}
            type="radio"
            name="outcome"
            label={t('programmes.exit.outcome')}
            options={exitOutcomes.map((o) => ({ value: o, label: t(`programmes.exit.outcomes.${o}`) }))}
          />
          <TextArea {...field} name="activities" label={t('programmes.exit.activities')} rows={4} />
          <TextArea {...field} name="results" label={t('programmes.exit.results')} rows={4} />
          <TextArea
            {...field}
            name="lessons"
            label={t('programmes.exit.lessons')}
            hint={t('programmes.exit.lessonsHint')}
            rows={4}
          />
          <button type="submit" class="button secondary">
            {t('programmes.exit.save')}
          </button>
        </form>
      )}
    </section>
  )
}

/** The scheduled reports: due dates, what was submitted, and the participant's form for the next one. */
function Reports({ ctx, csrf, participation, view, errors, values }: Props) {
  const { t } = ctx
  if (!participation.reports.length) return null
  const next = participation.reports.find((r) => !r.submittedAt)
  return (
    <section aria-labelledby="reports">
      <h2 id="reports">{t('programmes.reports.heading')}</h2>
      <DataTable
        caption={t('programmes.reports.caption')}
        columns={[t('programmes.reports.due'), t('programmes.reports.kind'), t('programmes.reports.state')]}
      >
        {participation.reports.map((r) => (
          <tr key={r.id}>
            <td>{day(ctx, r.dueOn)}</td>
            <td>{t(r.final === 'yes' ? 'programmes.reports.final' : 'programmes.reports.progress')}</td>
            <td>
              {r.submittedAt
                ? t('programmes.reports.submitted', { when: formatWhen(ctx.locale, r.submittedAt, { dateOnly: true }) })
                : t('programmes.reports.due')}
            </td>
          </tr>
        ))}
      </DataTable>
      {participation.reports
        .filter((r) => r.submittedAt)
        .map((r) => (
          <details key={r.id}>
            <summary>{t('programmes.reports.of', { when: day(ctx, r.dueOn) })}</summary>
            <p class="typed-answer">{r.body}</p>
          </details>
        ))}
      {view === 'applicant' && next && (
        <form method="post" action={ctx.href(`/programmes/reports/${next.id}`)} novalidate>
          <CsrfField token={csrf} />
          <TextArea
            ctx={ctx}
            errors={errors}
            values={Object.keys(values).length ? values : { body: next.body ?? '' }}
            name="body"
            label={t('programmes.reports.write', { when: day(ctx, next.dueOn) })}
            rows={6}
          />
          <div class="actions">
            <button type="submit" name="action" value="save" class="button secondary">
              {t('programmes.reports.save')}
            </button>{' '}
            <button type="submit" name="action" value="submit" class="button">
              {t('programmes.reports.submit')}
            </button>
          </div>
        </form>
      )}
    </section>
  )
}

/** A funded project's milestones with their payments, and the forms for each side's next step. */
function Milestones({ ctx, csrf, config, applicationId, participation, view, errors, values }: Props) {
  const { t } = ctx
  const base = `${config.path}/manage/applications/${applicationId}`
  const anyPayment = participation.milestones.some((m) => m.payments.length)
  return (
    <section aria-labelledby="milestones">
      <h2 id="milestones">{t('programmes.milestones.heading')}</h2>
      {participation.milestones.length === 0 && <p>{t('programmes.milestones.none')}</p>}
      {participation.milestones.map((m) => {
        const open = m.payments
          .filter((p) => !['declined', 'changes_requested'].includes(p.state))
          .reduce((a, p) => a + p.amountPaisa, 0n)
        return (
          <div class="record-section" key={m.id}>
            <h3>
              {m.title} · <Money ctx={ctx} paisa={m.amountPaisa} /> · {day(ctx, m.dueOn)}
            </h3>
            {m.payments.length > 0 && (
              <ul>
                {m.payments.map((p) => (
                  <li key={p.id}>
                    <Money ctx={ctx} paisa={p.amountPaisa} /> · {t(`programmes.payments.states.${p.state}`)} · {p.note}
                    {p.reason && <> ({p.reason})</>}
                    {view === 'staff' && p.state === 'submitted' && (
                      <PaymentStepForm
                        ctx={ctx}
                        csrf={csrf}
                        action={`${config.path}/manage/payments/${p.id}`}
                        steps={['approve', 'changes', 'decline']}
                        applicationId={applicationId}
                      />
                    )}
                  </li>
                ))}
              </ul>
            )}
            {view === 'applicant' && open < m.amountPaisa && (
              <form method="post" action={ctx.href(`/programmes/milestones/${m.id}/payments`)} novalidate>
                <CsrfField token={csrf} />
                <TextField
                  ctx={ctx}
                  errors={errors}
                  values={values}
                  name={`amount_${m.id}`}
                  label={t('programmes.payments.amount')}
                  hint={t('programmes.payments.amountHint')}
                  inputMode="decimal"
                  dir="ltr"
                />
                <TextField
                  ctx={ctx}
                  errors={errors}
                  values={values}
                  name={`note_${m.id}`}
                  label={t('programmes.payments.note')}
                />
                <button type="submit" class="button secondary">
                  {t('programmes.payments.request')}
                </button>
              </form>
            )}
          </div>
        )
      })}
      {view === 'staff' && !anyPayment && (
        <form method="post" action={ctx.href(`${base}/milestones`)} novalidate>
          <CsrfField token={csrf} />
          <h3>{t('programmes.milestones.set')}</h3>
          <p class="hint">{t('programmes.milestones.hint')}</p>
          {Array.from({ length: Math.max(3, participation.milestones.length + 1) }, (_, i) => {
            const m = participation.milestones[i]
            const v = Object.keys(values).length
              ? values
              : m
                ? { [`title_${i}`]: m.title, [`amount_${i}`]: rupeesTyped(m.amountPaisa), [`due_${i}`]: m.dueOn }
                : {}
            return (
              <div class="budget-line" key={i}>
                <TextField
                  ctx={ctx}
                  errors={errors}
                  values={v}
                  name={`title_${i}`}
                  label={t('programmes.milestones.titleN', { n: i + 1 })}
                />
                <TextField
                  ctx={ctx}
                  errors={errors}
                  values={v}
                  name={`amount_${i}`}
                  label={t('programmes.milestones.amountN', { n: i + 1 })}
                  inputMode="decimal"
                  dir="ltr"
                />
                <TextField
                  ctx={ctx}
                  errors={errors}
                  values={v}
                  type="date"
                  name={`due_${i}`}
                  label={t('programmes.milestones.dueN', { n: i + 1 })}
                  dir="ltr"
                />
              </div>
            )
          })}
          <button type="submit" class="button secondary">
            {t('programmes.milestones.save')}
          </button>
        </form>
      )}
    </section>
  )
}

/** What a funded project produced, and the recipient's form to add to it. */
function Outputs({ ctx, csrf, applicationId, participation, view, errors, values }: Props) {
  const { t } = ctx
  return (
    <section aria-labelledby="outputs">
      <h2 id="outputs">{t('programmes.outputs.heading')}</h2>
      {participation.outputs.length ? (
        <ul>
          {participation.outputs.map((o) => (
            <li key={o.id}>
              {t(`programmes.outputs.kinds.${o.kind}`)}: {o.url ? <a href={o.url}>{o.title}</a> : o.title}
              {o.kind === 'jobs' && <> ({o.count})</>}
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('programmes.outputs.none')}</p>
      )}
      {view === 'applicant' && (
        <form method="post" action={ctx.href(`/programmes/applications/${applicationId}/outputs`)} novalidate>
          <CsrfField token={csrf} />
          <Select
            ctx={ctx}
            errors={errors}
            values={values}
            name="kind"
            label={t('programmes.outputs.kind')}
            options={outputKinds.map((k) => ({ value: k, label: t(`programmes.outputs.kinds.${k}`) }))}
          />
          <TextField ctx={ctx} errors={errors} values={values} name="title" label={t('programmes.outputs.title')} />
          <TextField ctx={ctx} errors={errors} values={values} type="url" name="url" label={t('programmes.outputs.url')} />
          <TextField
            ctx={ctx}
            errors={errors}
            values={values}
            name="count"
            label={t('programmes.outputs.count')}
            hint={t('programmes.outputs.countHint')}
            inputMode="numeric"
            dir="ltr"
          />
          <button type="submit" class="button secondary">
            {t('programmes.outputs.record')}
          </button>
        </form>
      )}
    </section>
  )
}

/** Everything after an award: the sandbox's plan and exit, or the fund's milestones and outputs, and the reports of both. */
export function ParticipationSection(props: Props) {
  return props.config.money ? (
    <>
      <Milestones {...props} />
      <Reports {...props} />
      <Outputs {...props} />
    </>
  ) : (
    <>
      <Plan {...props} />
      <Reports {...props} />
      <Exit {...props} />
    </>
  )
}
