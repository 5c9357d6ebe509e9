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
import type { PageContext } from '../../../platform/page.ts'
import { provinces } from '../../accounts/accounts.vocabulary.ts'
import type { Lookup } from '../incidents.service.ts'
import { affectedGroups, harmKinds, reportedSeverities } from '../incidents.vocabulary.ts'
import { formatTrackingCode } from '../tracking-code.ts'
import { Timeline } from './triage.tsx'

type FormProps = {
  ctx: PageContext
  csrf: string
  values: Record<string, unknown>
  errors: FieldErrors
  systemName?: string | undefined
}

export function ReportPage({ ctx, csrf, values, errors, systemName }: FormProps) {
  const { t } = ctx
  const field = { ctx, values, errors }
  const title = t('incidents.report.title')
  return (
    <Layout ctx={ctx} title={Object.keys(errors).length ? `${t('errors.title')}: ${title}` : title}>
      <ErrorSummary ctx={ctx} errors={errors} />
      <h1>{title}</h1>
      <p class="lead">{t('incidents.report.lead')}</p>
      <form
        method="post"
        action={`${ctx.href('/report')}?_csrf=${encodeURIComponent(csrf)}`}
        encType="multipart/form-data"
        novalidate
      >
        <TextArea
          {...field}
          name="narrative"
          label={t('incidents.fields.narrative')}
          hint={t('incidents.hints.narrative')}
          rows={6}
        />
        <TextField
          {...field}
          name="system"
          label={t('incidents.fields.system')}
          hint={systemName ? t('incidents.hints.systemChosen', { name: systemName }) : t('incidents.hints.system')}
          maxLength={200}
        />
        <Choices
          {...field}
          type="checkbox"
          name="harmKinds"
          label={t('incidents.fields.harmKinds')}
          options={harmKinds.map((k) => ({ value: k, label: t(`incidents.harm.${k}`) }))}
        />
        <Choices
          {...field}
          type="radio"
          name="severity"
          label={t('incidents.fields.severity')}
          options={reportedSeverities.map((s) => ({ value: s, label: t(`incidents.severity.${s}`) }))}
        />
        <Choices
          {...field}
          type="checkbox"
          name="affected"
          label={t('incidents.fields.affected')}
          hint={t('incidents.hints.optional')}
          options={affectedGroups.map((g) => ({ value: g, label: t(`incidents.affected.${g}`) }))}
        />
        <TextField
          {...field}
          name="occurredOn"
          type="date"
          label={t('incidents.fields.occurredOn')}
          hint={t('incidents.hints.optional')}
        />
        <Select
          {...field}
          name="province"
          label={t('incidents.fields.province')}
          options={[
            { value: '', label: t('incidents.report.notSay') },
            ...provinces.map((p) => ({ value: p, label: t(`administration.provinces.${p}`) })),
          ]}
        />
        <TextField
          {...field}
          name="district"
          label={t('incidents.fields.district')}
          hint={t('incidents.hints.optional')}
          maxLength={100}
        />
        <FileField
          {...field}
          name="evidence"
          label={t('incidents.fields.evidence')}
          hint={t('incidents.hints.evidence')}
          accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
          multiple
        />
        <fieldset class="field-comment">
          <legend>{t('incidents.report.contactHeading')}</legend>
          <p class="hint">{t('incidents.report.contactHint')}</p>
          <TextField {...field} name="name" label={t('incidents.fields.name')} autocomplete="name" maxLength={200} />
          <TextField {...field} name="phone" type="tel" label={t('incidents.fields.phone')} autocomplete="tel" maxLength={30} />
          <TextField
            {...field}
            name="email"
            type="email"
            label={t('incidents.fields.email')}
            autocomplete="email"
            maxLength={254}
          />
          <div class="radio">
            <input type="checkbox" id="f-consent" name="consent" value="yes" checked={values.consent === 'yes'} />
            <label for="f-consent">{t('incidents.fields.consent')}</label>
          </div>
        </fieldset>
        <div class="honeypot" aria-hidden="true">
          <label for="f-website">{t('contact.website.label')}</label>
          <input id="f-website" name="website" type="text" tabIndex={-1} autocomplete="off" />
        </div>
        <section class="privacy-note" aria-labelledby="privacy-heading">
          <h2 id="privacy-heading">{t('incidents.privacy.heading')}</h2>
          <ul>
            <li>{t('incidents.privacy.kept')}</li>
            <li>{t('incidents.privacy.who')}</li>
            <li>{t('incidents.privacy.published')}</li>
            <li>{t('incidents.privacy.howLong')}</li>
          </ul>
        </section>
        <button type="submit" class="button">
          {t('incidents.report.submit')}
        </button>
      </form>
    </Layout>
  )
}

/** The hint's example: the shape of a code, not one that could be anyone's (its check digit is wrong). */
const EXAMPLE_CODE = '1234567890123456'

/** The only place a tracking code is ever shown: printed in groups, to read aloud or write down. */
export function ReceiptPage({ ctx, code }: { ctx: PageContext; code: string }) {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('incidents.receipt.title')}>
      <div class="confirmation" role="status">
        <h1>{t('incidents.receipt.title')}</h1>
        <p>{t('incidents.receipt.codeIs')}</p>
        <p class="tracking-code" dir="ltr" lang="en">
          {formatTrackingCode(code)}
        </p>
      </div>
      <p>{t('incidents.receipt.keep')}</p>
      <p>{t('incidents.receipt.next')}</p>
      <p>
        <a href={ctx.href('/track')}>{t('incidents.track.title')}</a>
      </p>
    </Layout>
  )
}

export function TrackPage({
  ctx,
  csrf,
  lookup,
  typed,
}: {
  ctx: PageContext
  csrf: string
  lookup?: Lookup | undefined
  typed?: string | undefined
}) {
  const { t } = ctx
  const errors: FieldErrors = lookup && !lookup.found ? { code: `incidents.track.${lookup.reason}` } : {}
  return (
    <Layout
      ctx={ctx}
      title={Object.keys(errors).length ? `${t('errors.title')}: ${t('incidents.track.title')}` : t('incidents.track.title')}
    >
      <ErrorSummary ctx={ctx} errors={errors} />
      <h1>{t('incidents.track.title')}</h1>
      {lookup?.found && (
        <section class="confirmation" role="status" aria-labelledby="status-heading">
          <h2 id="status-heading">{t(`incidents.status.${lookup.report.state}.title`)}</h2>
          <p>{t(`incidents.status.${lookup.report.state}.body`)}</p>
          <p>{t('incidents.track.received', { date: formatWhen(ctx.locale, lookup.report.receivedAt, { dateOnly: true }) })}</p>
          {lookup.report.closeReason && <p>{t(`incidents.closeReasons.${lookup.report.closeReason}`)}</p>}
          {lookup.report.closeNote && <p dir="auto">{lookup.report.closeNote}</p>}
        </section>
      )}
      {lookup?.found &&
        lookup.incidents.map((i) => (
          <section key={i.number} aria-labelledby={`incident-${i.number}`}>
            <h2 id={`incident-${i.number}`}>
              <a href={ctx.href(`/incidents/${i.number}`)}>
                {t('incidents.public.incident', { number: i.number })}: {(ctx.locale === 'ur' && i.titleUr) || i.titleEn}
              </a>
            </h2>
            <Timeline ctx={ctx} events={i.events} forReporter />
          </section>
        ))}
      <p class="lead">{t('incidents.track.lead')}</p>
      <form method="post" action={ctx.href('/track')} novalidate autocomplete="off">
        <CsrfField token={csrf} />
        <TextField
          ctx={ctx}
          values={{ code: typed }}
          errors={errors}
          name="code"
          label={t('incidents.track.code')}
          hint={t('incidents.track.hint', { example: formatTrackingCode(EXAMPLE_CODE) })}
          inputMode="numeric"
          dir="ltr"
          spellcheck={false}
          maxLength={40}
        />
        <button type="submit" class="button">
          {t('incidents.track.submit')}
        </button>
      </form>
    </Layout>
  )
}
