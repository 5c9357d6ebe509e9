import { DataTable } from '../../../platform/data-table.tsx'
import { Choices, CsrfField, ErrorSummary, Select, TextArea, TextField, type FieldErrors } from '../../../platform/forms.tsx'
import { formatWhen } from '../../../platform/i18n.ts'
import { Fact } from '../../../platform/key-facts.tsx'
import { Layout } from '../../../platform/layout.tsx'
import type { PageContext } from '../../../platform/page.ts'
import { provinces } from '../../accounts/accounts.vocabulary.ts'
import { harmKinds, outcomes, reportedSeverities, reportStates } from '../incidents.vocabulary.ts'
import type { Finding } from '../../../platform/personal-data.ts'
import type { Contact, incidentForStaff, incidentsToWorkOn, reportForTriage, reportsToTriage } from '../triage.service.ts'

type Named = { nameEn: string; nameUr: string | null }
const name = (ctx: PageContext, s: Named) => (ctx.locale === 'ur' && s.nameUr) || s.nameEn
const titleOf = (ctx: PageContext, i: { titleEn: string; titleUr: string | null }) =>
  (ctx.locale === 'ur' && i.titleUr) || i.titleEn
const titled = (ctx: PageContext, errors: FieldErrors, title: string) =>
  Object.keys(errors).length ? `${ctx.t('errors.title')}: ${title}` : title
const excerpt = (text: string, max = 140) => (text.length > max ? `${text.slice(0, max)}…` : text)

export const StateBadge = ({ ctx, state }: { ctx: PageContext; state: string }) => (
  <span class={`badge state-${state}`}>{ctx.t(`incidents.status.${state}.title`)}</span>
)

export function ReportsQueuePage({
  ctx,
  state,
  rows,
}: {
  ctx: PageContext
  state: (typeof reportStates)[number]
  rows: Awaited<ReturnType<typeof reportsToTriage>>
}) {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('incidents.triage.title')}>
      <h1>{t('incidents.triage.title')}</h1>
      <nav aria-label={t('incidents.triage.states')}>
        <ul class="tabs">
          {reportStates.map((s) => (
            <li key={s}>
              <a href={ctx.href(`/incidents/reports?state=${s}`)} aria-current={s === state ? 'page' : undefined}>
                {t(`incidents.status.${s}.title`)}
              </a>
            </li>
          ))}
          <li>
            <a href={ctx.href('/incidents/manage')}>{t('incidents.manage.title')}</a>
          </li>
        </ul>
      </nav>
      {rows.length === 0 ? (
        <p>{t('incidents.triage.none')}</p>
      ) : (
        <DataTable
          caption={t('incidents.triage.caption', { count: rows.length })}
          columns={[t('incidents.triage.received'), t('incidents.fields.severity'), t('incidents.fields.narrative')]}
        >
          {rows.map((r) => (
            <tr key={r.id}>
              <td>{formatWhen(ctx.locale, r.receivedAt)}</td>
              <td>{t(`incidents.severity.${r.severity}`)}</td>
              <td>
                <a href={ctx.href(`/incidents/reports/${r.id}`)} dir="auto">
                  {excerpt(r.narrative)}
                </a>
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </Layout>
  )
}

/** Incidents as a list of links, each with its number, title and state; `path` is the public or the working page. */
export function IncidentList({
  ctx,
  rows,
  path,
}: {
  ctx: PageContext
  rows: readonly { number: number; titleEn: string; titleUr: string | null; state: string }[]
  path: '/incidents' | '/incidents/manage'
}) {
  return (
    <ul>
      {rows.map((i) => (
        <li key={i.number}>
          <a href={ctx.href(`${path}/${i.number}`)}>
            <bdi>#{i.number}</bdi> {titleOf(ctx, i)}
          </a>{' '}
          <StateBadge ctx={ctx} state={i.state} />
        </li>
      ))}
    </ul>
  )
}

/** What the personal-data check found in text meant for the public, so the reviewer sees exactly what to remove. */
export function FoundPersonalData({ ctx, findings }: { ctx: PageContext; findings: Record<string, Finding[]> | undefined }) {
  if (!findings) return null
  return (
    <ul>
      {Object.entries(findings).flatMap(([field, found]) =>
        found.map((f, i) => (
          <li key={`${field}-${i}`}>
            {ctx.t(`incidents.redacted.${f.kind}`)}: <bdi>{f.text}</bdi>
          </li>
        )),
      )}
    </ul>
  )
}

type ReportProps = {
  ctx: PageContext
  csrf: string
  data: Awaited<ReturnType<typeof reportForTriage>>
  evidence: { id: string; filename: string }[]
  contact?: (Contact & { consent: boolean }) | undefined
  values: Record<string, unknown>
  errors: FieldErrors
  findings?: Record<string, Finding[]> | undefined
}

export function ReportTriagePage({ ctx, csrf, data, evidence, contact, values, errors, findings }: ReportProps) {
  const { t } = ctx
  const { report, system, linked, similar, incidents } = data
  const field = { ctx, values, errors }
  const title = t('incidents.triage.report', { date: formatWhen(ctx.locale, report.receivedAt) })
  const action = (path: string) => ctx.href(`/incidents/reports/${report.id}${path}`)
  const open = report.state !== 'closed'
  return (
    <Layout ctx={ctx} title={titled(ctx, errors, title)}>
      <ErrorSummary ctx={ctx} errors={errors}>
        <FoundPersonalData ctx={ctx} findings={findings} />
      </ErrorSummary>
      <p class="breadcrumb">
        <a href={ctx.href('/incidents/reports')}>{t('incidents.triage.title')}</a>
      </p>
      <h1>{title}</h1>
      <dl class="key-facts">
        <Fact label={t('incidents.triage.state')}>
          <StateBadge ctx={ctx} state={report.state} />
          {report.closeReason && ` (${t(`incidents.closeReasons.${report.closeReason}`)})`}
        </Fact>
        <Fact label={t('incidents.fields.severity')}>{t(`incidents.severity.${report.severity}`)}</Fact>
        <Fact label={t('incidents.fields.harmKinds')}>{report.harmKinds.map((k) => t(`incidents.harm.${k}`)).join('، ')}</Fact>
        <Fact label={t('incidents.fields.affected')}>
          {report.affected.map((k) => t(`incidents.affected.${k}`)).join('، ') || '—'}
        </Fact>
        <Fact label={t('incidents.fields.occurredOn')}>
          {report.occurredOn ? formatWhen(ctx.locale, report.occurredOn, { dateOnly: true }) : '—'}
        </Fact>
        <Fact label={t('incidents.fields.province')}>
          {[report.province && t(`administration.provinces.${report.province}`), report.district].filter(Boolean).join(', ') ||
            '—'}
        </Fact>
        <Fact label={t('incidents.fields.system')}>
          {system ? (
            <a href={ctx.href(`/register/${system.number}`)}>
              {name(ctx, system)} (<bdi>{system.number}</bdi>)
            </a>
          ) : (
            <span dir="auto">{report.systemText ?? '—'}</span>
          )}
        </Fact>
        <Fact label={t('incidents.triage.language')}>{t(`incidents.triage.languages.${report.locale}`)}</Fact>
      </dl>
      <h2>{t('incidents.fields.narrative')}</h2>
      <blockquote class="narrative" dir="auto" lang={report.locale}>
        {report.narrative}
      </blockquote>
      {evidence.length > 0 && (
        <>
          <h2>{t('incidents.evidence.heading')}</h2>
          <ul>
            {evidence.map((f) => (
              <li key={f.id}>
                <a href={ctx.href(`/files/${f.id}`)}>{f.filename}</a>
              </li>
            ))}
          </ul>
        </>
      )}
      <h2>{t('incidents.triage.contact')}</h2>
      {contact ? (
        <dl class="key-facts">
          <Fact label={t('incidents.fields.name')}>{contact.name ?? '—'}</Fact>
          <Fact label={t('incidents.fields.phone')}>
            <bdi>{contact.phone ?? '—'}</bdi>
          </Fact>
          <Fact label={t('incidents.fields.email')}>
            <bdi>{contact.email ?? '—'}</bdi>
          </Fact>
          <Fact label={t('incidents.fields.consent')}>{t(contact.consent ? 'incidents.triage.yes' : 'incidents.triage.no')}</Fact>
        </dl>
      ) : report.hasContact ? (
        <form method="post" action={action('/contact')} class="inline-form">
          <CsrfField token={csrf} />
          <p class="hint">{t('incidents.triage.contactAudited')}</p>
          <button type="submit" class="button secondary">
            {t('incidents.triage.showContact')}
          </button>
        </form>
      ) : (
        <p>{t('incidents.triage.anonymous')}</p>
      )}
      {linked.length > 0 && (
        <>
          <h2>{t('incidents.triage.linked')}</h2>
          <IncidentList ctx={ctx} rows={linked} path="/incidents/manage" />
        </>
      )}
      {open && (
        <>
          <h2>{t('incidents.triage.similar')}</h2>
          {similar.length === 0 ? (
            <p>{t('incidents.triage.noSimilar')}</p>
          ) : (
            <DataTable
              caption={t('incidents.triage.similarCaption')}
              columns={[t('incidents.fields.narrative'), t('incidents.triage.why'), t('incidents.triage.merge')]}
            >
              {similar.map((s) => (
                <tr key={s.id}>
                  <td>
                    <a href={ctx.href(`/incidents/reports/${s.id}`)} dir="auto">
                      {excerpt(s.narrative, 100)}
                    </a>
                  </td>
                  <td>
                    {[
                      s.words && t('incidents.triage.reasons.words'),
                      s.wording > 0.3 && t('incidents.triage.reasons.wording', { percent: Math.round(s.wording * 100) }),
                      s.same_system && t('incidents.triage.reasons.system'),
                      s.close_date && t('incidents.triage.reasons.date'),
                    ]
                      .filter(Boolean)
                      .join('; ')}
                  </td>
                  <td>
                    <form method="post" action={action('/merge')} class="inline-form">
                      <CsrfField token={csrf} />
                      <input type="hidden" name="into" value={s.id} />
                      <button type="submit" class="button small secondary">
                        {t('incidents.triage.mergeInto')}
                      </button>
                    </form>
                  </td>
                </tr>
              ))}
            </DataTable>
          )}
          <h2 id="link">{t('incidents.triage.linkHeading')}</h2>
          {incidents.length > 0 && <IncidentList ctx={ctx} rows={incidents} path="/incidents/manage" />}
          <form method="post" action={action('/link')} novalidate>
            <CsrfField token={csrf} />
            <TextField
              {...field}
              name="incident"
              label={t('incidents.triage.incidentNumber')}
              inputMode="numeric"
              maxLength={10}
            />
            <button type="submit" class="button secondary">
              {t('incidents.triage.link')}
            </button>
          </form>
          <h2 id="open">{t('incidents.triage.openHeading')}</h2>
          <p class="hint">{t('incidents.triage.openHint')}</p>
          <form method="post" action={action('/open')} novalidate>
            <CsrfField token={csrf} />
            <TextField {...field} name="titleEn" label={t('incidents.manage.titleEn')} maxLength={200} lang="en" />
            <TextField
              {...field}
              name="titleUr"
              label={t('incidents.manage.titleUr')}
              hint={t('incidents.hints.optional')}
              maxLength={200}
              lang="ur"
            />
            <TextArea
              {...field}
              name="summaryEn"
              label={t('incidents.manage.summaryEn')}
              hint={t('incidents.manage.summaryHint')}
              rows={6}
              lang="en"
            />
            <TextArea
              {...field}
              name="summaryUr"
              label={t('incidents.manage.summaryUr')}
              hint={t('incidents.hints.optional')}
              rows={6}
              lang="ur"
            />
            <TextField
              {...field}
              name="system"
              label={t('incidents.manage.systemNumber')}
              hint={t('incidents.manage.systemHint')}
              inputMode="numeric"
              maxLength={10}
            />
            <TextField
              {...field}
              name="systemText"
              label={t('incidents.manage.systemText')}
              hint={t('incidents.hints.optional')}
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
              label={t('incidents.manage.severity')}
              options={reportedSeverities.map((s) => ({ value: s, label: t(`incidents.severity.${s}`) }))}
            />
            <Select
              {...field}
              name="province"
              label={t('incidents.fields.province')}
              options={[
                { value: '', label: '—' },
                ...provinces.map((p) => ({ value: p, label: t(`administration.provinces.${p}`) })),
              ]}
            />
            <TextField
              {...field}
              name="occurredOn"
              type="date"
              label={t('incidents.fields.occurredOn')}
              hint={t('incidents.hints.optional')}
            />
            {similar.some((s) => s.state !== 'closed') && (
              <Choices
                {...field}
                type="checkbox"
                name="also"
                label={t('incidents.triage.also')}
                options={similar
                  .filter((s) => s.state !== 'closed')
                  .map((s) => ({ value: s.id, label: excerpt(s.narrative, 80) }))}
              />
            )}
            <div class="radio">
              <input
                type="checkbox"
                id="f-checked"
                name="checked"
                value="yes"
                aria-describedby={errors.checked ? 'f-checked-error' : undefined}
              />
              <label for="f-checked">{t('incidents.triage.checked')}</label>
            </div>
            {errors.checked && (
              <p class="field-error" id="f-checked-error">
                {t(errors.checked)}
              </p>
            )}
            <button type="submit" class="button">
              {t('incidents.triage.open')}
            </button>
          </form>
          <h2 id="close">{t('incidents.triage.closeHeading')}</h2>
          <form method="post" action={action('/close')} novalidate>
            <CsrfField token={csrf} />
            <Choices
              {...field}
              type="radio"
              name="reason"
              label={t('incidents.triage.closeReason')}
              options={(['spam', 'out_of_scope'] as const).map((r) => ({ value: r, label: t(`incidents.closeReasons.${r}`) }))}
            />
            <TextArea
              {...field}
              name="note"
              label={t('incidents.triage.closeNote')}
              hint={t('incidents.triage.closeNoteHint')}
              rows={3}
            />
            <button type="submit" class="button secondary">
              {t('incidents.triage.close')}
            </button>
          </form>
        </>
      )}
    </Layout>
  )
}

export function IncidentsWorkPage({ ctx, rows }: { ctx: PageContext; rows: Awaited<ReturnType<typeof incidentsToWorkOn>> }) {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('incidents.manage.title')}>
      <h1>{t('incidents.manage.title')}</h1>
      {ctx.can('incidents.triage') && (
        <p>
          <a href={ctx.href('/incidents/reports')}>{t('incidents.triage.title')}</a>
        </p>
      )}
      {rows.length === 0 ? (
        <p>{t('incidents.manage.none')}</p>
      ) : (
        <DataTable
          caption={t('incidents.manage.caption', { count: rows.length })}
          columns={[
            t('incidents.public.number'),
            t('incidents.public.titleColumn'),
            t('incidents.triage.state'),
            t('incidents.manage.dueOn'),
          ]}
        >
          {rows.map((i) => (
            <tr key={i.id}>
              <td>
                <bdi>{i.number}</bdi>
              </td>
              <td>
                <a href={ctx.href(`/incidents/manage/${i.number}`)}>{titleOf(ctx, i)}</a>
              </td>
              <td>
                <StateBadge ctx={ctx} state={i.state} />
              </td>
              <td>
                {i.responseDueOn && i.state === 'referred' ? formatWhen(ctx.locale, i.responseDueOn, { dateOnly: true }) : '—'}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </Layout>
  )
}

/**
 * An incident's steps, each in plain words. The reporter's tracking page explains each step to them; the public and
 * working pages give the step, its date, and any deadline or reason.
 */
export function Timeline({
  ctx,
  events,
  forReporter = false,
}: {
  ctx: PageContext
  events: readonly { at: Date; state: string; note: string | null }[]
  forReporter?: boolean
}) {
  const { t } = ctx
  return (
    <ol class="timeline">
      {events.map((e, i) => (
        <li key={i}>
          <strong>{t(`incidents.status.${e.state}.title`)}</strong> · {formatWhen(ctx.locale, e.at, { dateOnly: true })}
          {forReporter && <p>{t(`incidents.status.${e.state}.body`)}</p>}
          {e.state === 'referred' && e.note && (
            <p>{t('incidents.timeline.dueOn', { date: formatWhen(ctx.locale, e.note, { dateOnly: true }) })}</p>
          )}
          {e.note && e.state !== 'referred' && (
            <p dir="auto">
              {t('incidents.timeline.reason')}: {e.note}
            </p>
          )}
        </li>
      ))}
    </ol>
  )
}

/** The organisation's answer, as the public and the working pages show it. */
export function Response({
  ctx,
  incident,
}: {
  ctx: PageContext
  incident: { explanation: string | null; remediation: string | null; redress: string | null }
}) {
  const { t } = ctx
  if (!incident.explanation) return null
  return (
    <section aria-labelledby="response-heading">
      <h2 id="response-heading">{t('incidents.response.heading')}</h2>
      {(['explanation', 'remediation', 'redress'] as const).map((f) =>
        incident[f] ? (
          <div key={f}>
            <h3>{t(`incidents.response.${f}`)}</h3>
            <p dir="auto">{incident[f]}</p>
          </div>
        ) : null,
      )}
    </section>
  )
}

type WorkProps = {
  ctx: PageContext
  csrf: string
  data: Awaited<ReturnType<typeof incidentForStaff>>
  values: Record<string, unknown>
  errors: FieldErrors
  findings?: Record<string, Finding[]> | undefined
  defaultDue: string
}

export function IncidentWorkPage({ ctx, csrf, data, values, errors, findings, defaultDue }: WorkProps) {
  const { t } = ctx
  const { incident, view, system, events, reports } = data
  const field = { ctx, values, errors }
  const title = `${t('incidents.public.incident', { number: incident.number })}: ${titleOf(ctx, incident)}`
  const action = (path: string) => ctx.href(`/incidents/manage/${incident.number}${path}`)
  const decided = (outcomes as readonly string[]).includes(incident.state)
  return (
    <Layout ctx={ctx} title={titled(ctx, errors, title)}>
      <ErrorSummary ctx={ctx} errors={errors}>
        <FoundPersonalData ctx={ctx} findings={findings} />
      </ErrorSummary>
      <p class="breadcrumb">
        <a href={ctx.href('/incidents/manage')}>{t('incidents.manage.title')}</a>
      </p>
      <h1>{title}</h1>
      <p>
        <a href={ctx.href(`/incidents/${incident.number}`)}>{t('incidents.manage.publicPage')}</a>
      </p>
      <dl class="key-facts">
        <Fact label={t('incidents.triage.state')}>
          <StateBadge ctx={ctx} state={incident.state} />
        </Fact>
        <Fact label={t('incidents.public.system')}>
          {system ? `${name(ctx, system)} (${system.number})` : (incident.systemText ?? '—')}
        </Fact>
        <Fact label={t('incidents.manage.severity')}>{t(`incidents.severity.${incident.severity}`)}</Fact>
        <Fact label={t('incidents.fields.harmKinds')}>{incident.harmKinds.map((k) => t(`incidents.harm.${k}`)).join('، ')}</Fact>
        {incident.responseDueOn && (
          <Fact label={t('incidents.manage.dueOn')}>{formatWhen(ctx.locale, incident.responseDueOn, { dateOnly: true })}</Fact>
        )}
      </dl>
      <h2>{t('incidents.public.summary')}</h2>
      <p lang="en" dir="ltr">
        {incident.summaryEn}
      </p>
      {incident.summaryUr && (
        <p lang="ur" dir="rtl">
          {incident.summaryUr}
        </p>
      )}
      <Response ctx={ctx} incident={incident} />
      <h2>{t('incidents.timeline.heading')}</h2>
      <Timeline ctx={ctx} events={events} />
      {reports.length > 0 && (
        <>
          <h2>{t('incidents.manage.reports')}</h2>
          <ul>
            {reports.map((r) => (
              <li key={r.id}>
                <a href={ctx.href(`/incidents/reports/${r.id}`)}>
                  {t('incidents.triage.report', { date: formatWhen(ctx.locale, r.receivedAt) })}
                </a>
              </li>
            ))}
          </ul>
        </>
      )}
      {view === 'directorate' && incident.state === 'open' && system && (
        <form method="post" action={action('/refer')} novalidate>
          <CsrfField token={csrf} />
          <h2>{t('incidents.manage.referHeading')}</h2>
          <TextField
            {...field}
            values={{ dueOn: defaultDue, ...values }}
            name="dueOn"
            type="date"
            label={t('incidents.manage.dueOn')}
            hint={t('incidents.manage.dueHint')}
          />
          <button type="submit" class="button">
            {t('incidents.manage.refer')}
          </button>
        </form>
      )}
      {view === 'organisation' && incident.state === 'referred' && (
        <form method="post" action={action('/respond')} novalidate>
          <CsrfField token={csrf} />
          <h2>{t('incidents.manage.respondHeading')}</h2>
          <p class="hint">{t('incidents.manage.respondHint')}</p>
          <TextArea {...field} name="explanation" label={t('incidents.response.explanation')} rows={5} />
          <TextArea
            {...field}
            name="remediation"
            label={t('incidents.response.remediation')}
            hint={t('incidents.hints.optional')}
            rows={4}
          />
          <TextArea
            {...field}
            name="redress"
            label={t('incidents.response.redress')}
            hint={t('incidents.hints.optional')}
            rows={4}
          />
          <button type="submit" class="button">
            {t('incidents.manage.respond')}
          </button>
        </form>
      )}
      {view === 'directorate' && !decided && (
        <form method="post" action={action('/decide')} novalidate>
          <CsrfField token={csrf} />
          <h2>{t('incidents.manage.decideHeading')}</h2>
          <Choices
            {...field}
            type="radio"
            name="outcome"
            label={t('incidents.manage.outcome')}
            options={outcomes.map((o) => ({ value: o, label: t(`incidents.status.${o}.title`) }))}
          />
          <TextArea
            {...field}
            name="reason"
            label={t('incidents.manage.reason')}
            hint={t('incidents.manage.reasonHint')}
            rows={3}
          />
          <button type="submit" class="button">
            {t('incidents.manage.decide')}
          </button>
        </form>
      )}
      {view === 'directorate' && decided && (
        <form method="post" action={action('/reopen')} novalidate>
          <CsrfField token={csrf} />
          <h2>{t('incidents.manage.reopenHeading')}</h2>
          <TextArea
            {...field}
            name="reason"
            label={t('incidents.manage.reason')}
            hint={t('incidents.manage.reasonHint')}
            rows={3}
          />
          <button type="submit" class="button secondary">
            {t('incidents.manage.reopen')}
          </button>
        </form>
      )}
    </Layout>
  )
}
