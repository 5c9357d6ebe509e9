import { CsrfField, ErrorSummary, TextField, type FieldErrors } from '../../../platform/forms.tsx'
import { Layout } from '../../../platform/layout.tsx'
import type { PageContext } from '../../../platform/page.ts'
import type { Enrolment } from '../accounts.service.ts'

type Props = {
  ctx: PageContext
  csrf: string
  next: string
  enrolment: Enrolment
  values: Record<string, unknown>
  errors: FieldErrors
}

/** Groups a base32 secret in fours, as people read and type it. */
const grouped = (secret: string) => secret.match(/.{1,4}/g)?.join(' ') ?? secret

export function EnrolPage({ ctx, csrf, next, enrolment, values, errors }: Props) {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('accounts.enrol.title')}>
      <ErrorSummary ctx={ctx} errors={errors} />
      <h1>{t('accounts.enrol.title')}</h1>
      <p class="lead">{t('accounts.enrol.lead')}</p>
      <ol class="steps">
        <li>{t('accounts.enrol.step1')}</li>
        <li>
          {t('accounts.enrol.step2')}
          {/* The SVG is drawn by the qrcode library from our own otpauth URI: no outside markup. */}
          <div
            class="qr"
            role="img"
            aria-label={t('accounts.enrol.qrLabel')}
            dangerouslySetInnerHTML={{ __html: enrolment.qr }}
          />
          <p>
            {t('accounts.enrol.manual')}{' '}
            <code class="secret" dir="ltr">
              {grouped(enrolment.secret)}
            </code>
          </p>
        </li>
        <li>{t('accounts.enrol.step3')}</li>
      </ol>
      <form method="post" action={ctx.href('/account/mfa/enrol')} novalidate>
        <CsrfField token={csrf} />
        <input type="hidden" name="next" value={next} />
        <TextField
          ctx={ctx}
          values={values}
          errors={errors}
          name="code"
          label={t('accounts.enrol.code')}
          autocomplete="one-time-code"
          inputMode="numeric"
          spellcheck={false}
        />
        <button type="submit" class="button">
          {t('accounts.enrol.submit')}
        </button>
      </form>
    </Layout>
  )
}

export function RecoveryCodesPage({ ctx, codes, next }: { ctx: PageContext; codes: string[]; next: string }) {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('accounts.recovery.title')}>
      <div class="confirmation" role="status">
        <h1>{t('accounts.recovery.title')}</h1>
      </div>
      <p class="lead">{t('accounts.recovery.lead')}</p>
      <ul class="recovery-codes" dir="ltr">
        {codes.map((c) => (
          <li key={c}>
            <code>{c}</code>
          </li>
        ))}
      </ul>
      <p>
        <strong>{t('accounts.recovery.warning')}</strong>
      </p>
      <p>
        <a class="button" href={next}>
          {t('accounts.recovery.continue')}
        </a>
      </p>
    </Layout>
  )
}
