import { TextArea, TextField } from './forms.tsx'
import { InReaderLanguage } from './localised.tsx'
import type { PageContext } from './page.ts'
import { isChoice, TEXT_LIMITS, type Answers, type ChoiceQuestion, type FormDefinition, type Question } from './questions.ts'
import { inReaderLanguage, type TextIn } from './content-language.ts'

/** A definition's text in the page, marked with its own language where that is not the page's. */
const Local = ({ ctx, text }: { ctx: PageContext; text: TextIn }) => <InReaderLanguage ctx={ctx} text={text} />
const number = (ctx: PageContext, n: number) =>
  new Intl.NumberFormat(ctx.locale === 'ur' ? 'ur-PK' : 'en-GB', { maximumFractionDigits: 2 }).format(n)

/** What a typed answer takes, for its hint: its limit, its range, or the form of a date. */
function entryHint(ctx: PageContext, q: Exclude<Question, ChoiceQuestion>): string | undefined {
  const { t } = ctx
  if (q.type === 'text' || q.type === 'long_text')
    return t('questions.form.upTo', { max: number(ctx, q.maxLength ?? TEXT_LIMITS[q.type]) })
  if (q.type === 'date') return t('questions.form.dateHint', { example: '2026-12-01' })
  if (q.type === 'number') {
    const kind = q.integer ? 'whole' : 'any'
    if (q.min !== undefined && q.max !== undefined)
      return t(`questions.form.number.${kind}Between`, { min: number(ctx, q.min), max: number(ctx, q.max) })
    if (q.min !== undefined) return t(`questions.form.number.${kind}From`, { min: number(ctx, q.min) })
    if (q.max !== undefined) return t(`questions.form.number.${kind}UpTo`, { max: number(ctx, q.max) })
    return t(`questions.form.number.${kind}`)
  }
  return undefined
}

/** A question as its kind asks it: options to choose, a box to type in, a date or a number, or a note to read. */
export function QuestionField({
  ctx,
  question,
  answers,
  error,
}: {
  ctx: PageContext
  question: Question
  answers: Answers
  error: string | undefined
}) {
  const helpShown = question.help && <Local ctx={ctx} text={question.help} />
  if (question.type === 'note')
    return (
      <div class="question-note">
        <p>
          <Local ctx={ctx} text={question.text} />
        </p>
        {helpShown && <p class="hint">{helpShown}</p>}
      </div>
    )
  if (!isChoice(question)) {
    const field = {
      ctx,
      name: question.id,
      label: (
        <>
          <Local ctx={ctx} text={question.text} />
          {question.required ? '' : ` ${ctx.t('questions.form.optional')}`}
        </>
      ),
      hint: (
        <>
          {helpShown}
          {helpShown && ' '}
          {entryHint(ctx, question)}
        </>
      ),
      errors: error ? { [question.id]: error } : {},
      values: { [question.id]: answers[question.id]?.[0] },
    }
    if (question.type === 'long_text') return <TextArea {...field} rows={5} />
    if (question.type === 'date') return <TextField {...field} type="date" dir="ltr" />
    if (question.type === 'number') return <TextField {...field} inputMode="decimal" dir="ltr" />
    return <TextField {...field} />
  }
  const id = `f-${question.id}`
  const chosen = answers[question.id] ?? []
  return (
    <div class={error ? 'field has-error' : 'field'}>
      <fieldset
        id={id}
        aria-describedby={[helpShown && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ') || undefined}
      >
        <legend>
          <Local ctx={ctx} text={question.text} />
        </legend>
        {helpShown && (
          <p class="hint" id={`${id}-hint`}>
            {helpShown}
          </p>
        )}
        {question.type === 'multiple' && <p class="hint">{ctx.t('questions.form.chooseAll')}</p>}
        {error && (
          <p class="field-error" id={`${id}-error`}>
            {ctx.t(error)}
          </p>
        )}
        {question.options.map((o) => (
          <div class="radio" key={o.id}>
            <input
              type={question.type === 'single' ? 'radio' : 'checkbox'}
              id={`${id}-${o.id}`}
              name={question.id}
              value={o.id}
              checked={chosen.includes(o.id)}
            />
            <label for={`${id}-${o.id}`}>
              <Local ctx={ctx} text={o.label} />
            </label>
          </div>
        ))}
      </fieldset>
    </div>
  )
}

function answerText(ctx: PageContext, q: Question, answer: readonly string[]): string {
  if (isChoice(q))
    return q.options
      .filter((o) => answer.includes(o.id))
      .map((o) => inReaderLanguage(o.label, ctx.locale).text)
      .join(ctx.locale === 'ur' ? '، ' : '; ')
  if (q.type === 'number' && answer[0]) return number(ctx, Number(answer[0]))
  return answer[0] ?? ''
}

/** A form's answers to read, section by section: the questions `listed` lets this reader see, each with its answer. */
export function FormAnswers({
  ctx,
  form,
  answers,
  listed,
  heading,
}: {
  ctx: PageContext
  form: FormDefinition
  answers: Answers
  listed: (q: Question) => boolean
  heading: string
}) {
  return (
    <section aria-labelledby="answers-heading">
      <h2 id="answers-heading">{heading}</h2>
      {form.sections.map((s) => (
        <div key={s.id} class="record-section">
          <h3>
            <Local ctx={ctx} text={s.title} />
          </h3>
          <dl class="record-fields">
            {s.questions.filter(listed).map((q) => (
              <div key={q.id}>
                <dt>
                  <Local ctx={ctx} text={q.text} />
                </dt>
                <dd class={isChoice(q) ? undefined : 'typed-answer'}>
                  {answerText(ctx, q, answers[q.id] ?? []) || ctx.t('questions.notAnswered')}
                </dd>
              </div>
            ))}
          </dl>
        </div>
      ))}
    </section>
  )
}
