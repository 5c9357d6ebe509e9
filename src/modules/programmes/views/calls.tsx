import { DataTable } from '../../../platform/data-table.tsx'
import { CsrfField, ErrorSummary, TextField, type FieldErrors } from '../../../platform/forms.tsx'
import { formatWhen } from '../../../platform/i18n.ts'
import { Layout } from '../../../platform/layout.tsx'
import type { PageContext } from '../../../platform/page.ts'
import { windowOf, type CallRow } from '../calls.service.ts'
import type { ProgrammeConfig } from '../programmes.config.ts'
import { CallCriteria, CallFacts, pairText, Pair, WindowBadge } from './parts.tsx'

const titled = (ctx: PageContext, errors: FieldErrors, title: string) =>
  Object.keys(errors).length ? `${ctx.t('errors.title')}: ${title}` : title

/** A list of calls: title, when it closes, and where it stands. */
export function CallsTable({
  ctx,
  calls,
  now,
  caption,
  hrefOf,
}: {
  ctx: PageContext
  calls: readonly CallRow[]
  now: Date
  caption: string
  hrefOf: (call: CallRow) => string
}) {
  const { t } = ctx
  return (
    <DataTable caption={caption} columns={[t('programmes.call.title'), t('programmes.call.closes'), t('programmes.call.state')]}>
      {calls.map((c) => (
        <tr key={c.id}>
          <th scope="row">
            <a href={ctx.href(hrefOf(c))}>
              <Pair ctx={ctx} en={c.titleEn} ur={c.titleUr} />
            </a>
          </th>
          <td>{formatWhen(ctx.locale, c.closesAt)}</td>
          <td>
            {c.publishedAt ? (
              <WindowBadge ctx={ctx} call={c} now={now} />
            ) : (
              <span class="badge">{t('programmes.call.draft')}</span>
            )}
          </td>
        </tr>
      ))}
    </DataTable>
  )
}

/** A programme's public home: what it is, in the policy's words, and its calls, open ones first. */
export function ProgrammePage({
  ctx,
  config,
  calls,
  now,
}: {
  ctx: PageContext
  config: ProgrammeConfig
  calls: readonly CallRow[]
  now: Date
}) {
  const { t } = ctx
  const key = `programmes.${config.programme}`
  const open = calls.filter((c) => windowOf(c, now) !== 'closed')
  const past = calls.filter((c) => windowOf(c, now) === 'closed')
  return (
    <Layout ctx={ctx} title={t(`${key}.title`)}>
      <h1>{t(`${key}.title`)}</h1>
      <p class="lead">{t(`${key}.lead`)}</p>
      <p>
        <a href={ctx.href(`${config.path}/${config.publicList}`)}>{t(`programmes.public.${config.publicList}.title`)}</a>
      </p>
      {(ctx.can(config.manage) || ctx.can('programmes.apply')) && (
        <p class="actions">
          {ctx.can(config.manage) && (
            <a class="button" href={ctx.href(`${config.path}/manage`)}>
              {t('programmes.manage.title')}
            </a>
          )}{' '}
          {ctx.can('programmes.apply') && (
            <a href={ctx.href('/programmes/applications')}>{t('programmes.application.listTitle')}</a>
          )}
        </p>
      )}
      <h2>{t('programmes.call.openHeading')}</h2>
      {open.length ? (
        <CallsTable
          ctx={ctx}
          calls={open}
          now={now}
          caption={t('programmes.call.openCaption')}
          hrefOf={(c) => `${config.path}/calls/${c.id}`}
        />
      ) : (
        <p>{t('programmes.call.noneOpen')}</p>
      )}
      {past.length > 0 && (
        <>
          <h2>{t('programmes.call.pastHeading')}</h2>
          <CallsTable
            ctx={ctx}
            calls={past}
            now={now}
            caption={t('programmes.call.pastCaption')}
            hrefOf={(c) => `${config.path}/calls/${c.id}`}
          />
        </>
      )}
    </Layout>
  )
}

/** A call as applicants read it, with the way to apply while it is open. */
export function CallPage({
  ctx,
  csrf,
  call,
  now,
  errors,
  values,
}: {
  ctx: PageContext
  csrf: string
  call: CallRow
  now: Date
  errors: FieldErrors
  values: Record<string, unknown>
}) {
  const { t } = ctx
  const title = pairText(ctx, call.titleEn, call.titleUr)
  const path = call.programme === 'sandbox' ? '/sandbox' : '/fund'
  const window = windowOf(call, now)
  return (
    <Layout ctx={ctx} title={titled(ctx, errors, title)}>
      <ErrorSummary ctx={ctx} errors={errors} />
      <p class="breadcrumb">
        <a href={ctx.href(path)}>{t(`programmes.${call.programme}.title`)}</a>
      </p>
      <h1>
        <Pair ctx={ctx} en={call.titleEn} ur={call.titleUr} />
      </h1>
      <p>
        <WindowBadge ctx={ctx} call={call} now={now} />
      </p>
      <p class="lead">
        <Pair ctx={ctx} en={call.themeEn} ur={call.themeUr} />
      </p>
      <CallFacts ctx={ctx} call={call} />
      <section aria-labelledby="apply">
        <h2 id="apply">{t('programmes.call.howToApply')}</h2>
        {window === 'open' ? (
          ctx.can('programmes.apply') ? (
            <form method="post" action={ctx.href(`${path}/calls/${call.id}/apply`)} novalidate>
              <CsrfField token={csrf} />
              <p>{t('programmes.call.applyIntro')}</p>
              <TextField
                ctx={ctx}
                name="titleEn"
                label={t('programmes.application.titleEn')}
                errors={errors}
                values={values}
                maxLength={300}
              />
              <button type="submit" class="button">
                {t('programmes.call.start')}
              </button>
            </form>
          ) : (
            <p>
              {t(ctx.signedIn ? 'programmes.call.applyAsOrganisation' : 'programmes.call.signInToApply')}{' '}
              {!ctx.signedIn && (
                <a href={ctx.href(`/sign-in?next=${encodeURIComponent(`${path}/calls/${call.id}`)}`)}>{t('layout.nav.signIn')}</a>
              )}
            </p>
          )
        ) : (
          <p>
            {t(window === 'upcoming' ? 'programmes.call.notYetOpen' : 'programmes.call.closed', {
              when: formatWhen(ctx.locale, window === 'upcoming' ? call.opensAt : call.closesAt),
            })}
          </p>
        )}
      </section>
      <CallCriteria ctx={ctx} def={call.definition} />
    </Layout>
  )
}
