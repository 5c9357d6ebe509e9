import type { ComponentChildren } from 'preact'
import { inReaderLanguage, type TextIn } from '../../../platform/content-language.ts'
import { DataTable } from '../../../platform/data-table.tsx'
import { CsrfField, Select, TextField } from '../../../platform/forms.tsx'
import { formatWhen, inlineList } from '../../../platform/i18n.ts'
import { Fact } from '../../../platform/key-facts.tsx'
import { Localised, InReaderLanguage } from '../../../platform/localised.tsx'
import { rupees } from '../../../platform/money.ts'
import type { PageContext } from '../../../platform/page.ts'
import { FormAnswers } from '../../../platform/question-fields.tsx'
import type { CallDefinition } from '../call-definition.ts'
import type { CallRow } from '../calls.service.ts'
import { windowOf } from '../calls.service.ts'
import type { ApplicationRow, BudgetLine } from '../applications.service.ts'
import { pointsText } from '../review-scoring.ts'

/** A text of the call's definition, in the reader's language where it has it, marked with its own language otherwise. */
export const Local = ({ ctx, text }: { ctx: PageContext; text: TextIn }) => <InReaderLanguage ctx={ctx} text={text} />

/** A text of the call's definition as a plain string (a column heading, a label). */
export const localText = (ctx: PageContext, text: TextIn) => inReaderLanguage(text, ctx.locale).text

/** A record's English and Urdu pair, in the reader's language where there is one. */
export const Pair = ({ ctx, en, ur }: { ctx: PageContext; en: string; ur: string | null }) => (
  <Localised ctx={ctx} en={en} ur={ur} />
)
export const pairText = (ctx: PageContext, en: string, ur: string | null | undefined) => (ctx.locale === 'ur' && ur) || en

/** Codes, numbers and amounts keep their own direction inside Urdu text. */
export const Code = ({ children }: { children: ComponentChildren }) => <bdi dir="ltr">{children}</bdi>

export const Money = ({ ctx, paisa }: { ctx: PageContext; paisa: bigint }) => <bdi>{rupees(ctx, paisa)}</bdi>

export const Points = ({ tenths }: { tenths: number }) => <bdi dir="ltr">{pointsText(tenths)}</bdi>

export function WindowBadge({ ctx, call, now }: { ctx: PageContext; call: CallRow; now: Date }) {
  const window = windowOf(call, now)
  return <span class={`badge window-${window}`}>{ctx.t(`programmes.window.${window}`)}</span>
}

/** A call's terms at a glance: when it opens and closes (Pakistan time), what it gives, how it is judged. */
export function CallFacts({ ctx, call }: { ctx: PageContext; call: CallRow }) {
  const { t } = ctx
  const def = call.definition
  return (
    <dl class="key-facts">
      <Fact label={t('programmes.call.scheme')}>{t(`programmes.schemes.${call.scheme}`)}</Fact>
      <Fact label={t('programmes.call.opens')}>{formatWhen(ctx.locale, call.opensAt)}</Fact>
      <Fact label={t('programmes.call.closes')}>{formatWhen(ctx.locale, call.closesAt)}</Fact>
      {call.capPaisa !== null && (
        <Fact label={t('programmes.call.cap')}>
          <Money ctx={ctx} paisa={call.capPaisa} />
        </Fact>
      )}
      {call.budgetPaisa !== null && (
        <Fact label={t('programmes.call.budget')}>
          <Money ctx={ctx} paisa={call.budgetPaisa} />
        </Fact>
      )}
      {call.places !== null && <Fact label={t('programmes.call.places')}>{call.places}</Fact>}
      <Fact label={t('programmes.call.reviewers')}>{def.reviewersPerApplication}</Fact>
      <Fact label={t('programmes.call.decisionWithin')}>{t('programmes.call.months', { count: def.decisionWithinMonths })}</Fact>
      {call.prioritySectors.length > 0 && (
        <Fact label={t('programmes.call.prioritySectors')}>
          {inlineList(
            ctx.locale,
            call.prioritySectors.map((s) => t(`register.options.sector.${s}`)),
          )}
        </Fact>
      )}
    </dl>
  )
}

/** The published criteria: eligibility with its indicators (as the FCA publishes them) and the scoring rubric. */
export function CallCriteria({ ctx, def }: { ctx: PageContext; def: CallDefinition }) {
  const { t } = ctx
  return (
    <>
      <section aria-labelledby="eligibility">
        <h2 id="eligibility">{t('programmes.call.eligibility')}</h2>
        {def.eligibility.map((e) => (
          <div class="criterion" key={e.id}>
            <h3>
              <Local ctx={ctx} text={e.title} />
            </h3>
            {e.positive.length > 0 && (
              <>
                <p class="hint">{t('programmes.call.positive')}</p>
                <ul>
                  {e.positive.map((p, i) => (
                    <li key={i}>
                      <Local ctx={ctx} text={p} />
                    </li>
                  ))}
                </ul>
              </>
            )}
            {e.negative.length > 0 && (
              <>
                <p class="hint">{t('programmes.call.negative')}</p>
                <ul>
                  {e.negative.map((p, i) => (
                    <li key={i}>
                      <Local ctx={ctx} text={p} />
                    </li>
                  ))}
                </ul>
              </>
            )}
          </div>
        ))}
      </section>
      <section aria-labelledby="rubric">
        <h2 id="rubric">{t('programmes.call.rubric')}</h2>
        <p>{t('programmes.call.scale')}</p>
        <DataTable
          caption={t('programmes.call.rubricCaption')}
          columns={[
            t('programmes.call.criterion'),
            t('programmes.call.guidance'),
            t('programmes.call.threshold'),
            t('programmes.call.weight'),
          ]}
        >
          {def.criteria.map((c) => (
            <tr key={c.id}>
              <th scope="row">
                <Local ctx={ctx} text={c.title} />
              </th>
              <td>
                <Local ctx={ctx} text={c.guidance} />
              </td>
              <td>
                <Points tenths={Math.round(c.threshold * 10)} />
              </td>
              <td>{c.weight}</td>
            </tr>
          ))}
        </DataTable>
        <p>
          {t('programmes.call.totalThreshold', {
            total: pointsText(Math.round(def.totalThreshold * 10)),
            max: def.criteria.length * 5,
          })}
        </p>
      </section>
      {def.quotas.length > 0 && (
        <section aria-labelledby="quotas">
          <h2 id="quotas">{t('programmes.call.quotas')}</h2>
          <ul>
            {def.quotas.map((q) => (
              <li key={q.id}>
                <Local ctx={ctx} text={q.label} />
                {': '}
                <bdi>
                  {new Intl.NumberFormat(ctx.locale === 'ur' ? 'ur-PK' : 'en-PK', { style: 'percent' }).format(q.minShare)}
                </bdi>
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  )
}

/** What an application says: its one line, sectors and province, the call's questions answered, and its budget. */
export function ApplicationRead({
  ctx,
  call,
  application,
  lines,
}: {
  ctx: PageContext
  call: CallRow
  application: ApplicationRow
  lines: readonly BudgetLine[]
}) {
  const { t } = ctx
  return (
    <>
      <dl class="key-facts">
        <Fact label={t('programmes.application.summary')}>
          <Pair ctx={ctx} en={application.summaryEn} ur={application.summaryUr} />
        </Fact>
        <Fact label={t('programmes.application.sectors')}>
          {inlineList(
            ctx.locale,
            application.sectors.map((s) => t(`register.options.sector.${s}`)),
          )}
        </Fact>
        <Fact label={t('programmes.application.province')}>{t(`administration.provinces.${application.province}`)}</Fact>
      </dl>
      <FormAnswers
        ctx={ctx}
        form={call.definition.form}
        answers={application.answers}
        listed={(q) => q.type !== 'note'}
        heading={t('programmes.application.answers')}
      />
      {lines.length > 0 && <BudgetTable ctx={ctx} lines={lines} />}
    </>
  )
}

export function BudgetTable({ ctx, lines }: { ctx: PageContext; lines: readonly BudgetLine[] }) {
  const { t } = ctx
  return (
    <DataTable caption={t('programmes.budget.caption')} columns={[t('programmes.budget.item'), t('programmes.budget.amount')]}>
      {lines.map((l, i) => (
        <tr key={i}>
          <td>{l.item}</td>
          <td>
            <Money ctx={ctx} paisa={l.amountPaisa} />
          </td>
        </tr>
      ))}
      <tr>
        <th scope="row">{t('programmes.budget.total')}</th>
        <td>
          <Money ctx={ctx} paisa={lines.reduce((a, l) => a + l.amountPaisa, 0n)} />
        </td>
      </tr>
    </DataTable>
  )
}

/** Applications listed by title, with their call and where each stands: an applicant's own, or a reviewer's. */
export function ApplicationsTable({
  ctx,
  caption,
  rows,
}: {
  ctx: PageContext
  caption: string
  rows: readonly {
    id: string
    href: string
    titleEn: string
    titleUr: string | null
    callTitleEn: string
    callTitleUr: string | null
    state: string
  }[]
}) {
  const { t } = ctx
  return (
    <DataTable
      caption={caption}
      columns={[t('programmes.application.title'), t('programmes.call.title'), t('programmes.application.state')]}
    >
      {rows.map((r) => (
        <tr key={r.id}>
          <th scope="row">
            <a href={ctx.href(r.href)}>
              <Pair ctx={ctx} en={r.titleEn} ur={r.titleUr} />
            </a>
          </th>
          <td>
            <Pair ctx={ctx} en={r.callTitleEn} ur={r.callTitleUr} />
          </td>
          <td>{r.state}</td>
        </tr>
      ))}
    </DataTable>
  )
}

/** The next step on a payment request, with an optional reason: programme staff's, or finance's. */
export function PaymentStepForm({
  ctx,
  csrf,
  action,
  steps,
  applicationId,
}: {
  ctx: PageContext
  csrf: string
  action: string
  steps: readonly ('approve' | 'changes' | 'decline' | 'paid')[]
  applicationId?: string
}) {
  const { t } = ctx
  return (
    <form method="post" action={ctx.href(action)} class="inline-form">
      <CsrfField token={csrf} />
      {applicationId && <input type="hidden" name="applicationId" value={applicationId} />}
      <Select
        ctx={ctx}
        errors={{}}
        values={{}}
        name="step"
        label={t('programmes.payments.step')}
        options={steps.map((s) => ({ value: s, label: t(`programmes.payments.steps.${s}`) }))}
      />
      <TextField ctx={ctx} errors={{}} values={{}} name="reason" label={t('programmes.payments.reason')} />
      <button type="submit" class="button small">
        {t('programmes.payments.send')}
      </button>
    </form>
  )
}

export type Attachment = { id: string; filename: string; size: number }

/** An application's attached files, each a download for those who may read them. */
export function Attachments({ ctx, files }: { ctx: PageContext; files: readonly Attachment[] }) {
  const { t } = ctx
  if (!files.length) return null
  return (
    <section aria-labelledby="attachments">
      <h2 id="attachments">{t('programmes.attachments.heading')}</h2>
      <ul>
        {files.map((f) => (
          <li key={f.id}>
            <a href={ctx.href(`/files/${f.id}`)}>
              <bdi>{f.filename}</bdi>
            </a>{' '}
            ({t('programmes.attachments.kb', { kb: Math.ceil(f.size / 1024) })})
          </li>
        ))}
      </ul>
    </section>
  )
}
