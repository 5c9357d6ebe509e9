import { DataTable } from '../../../platform/data-table.tsx'
import { formatWhen, inlineList } from '../../../platform/i18n.ts'
import { Fact } from '../../../platform/key-facts.tsx'
import { Layout } from '../../../platform/layout.tsx'
import type { PageContext } from '../../../platform/page.ts'
import type { ProgrammeConfig } from '../programmes.config.ts'
import type { publicParticipant, PublicAward, totalsByYear } from '../transparency.service.ts'
import { FUND_TARGETS } from '../transparency.service.ts'
import { Money, Pair, pairText } from './parts.tsx'

type Totals = ReturnType<typeof totalsByYear>

function Downloads({ ctx, config }: { ctx: PageContext; config: ProgrammeConfig }) {
  const { t } = ctx
  const list = `${config.path}/${config.publicList}`
  return (
    <p class="downloads">
      {t('programmes.public.download')} <a href={ctx.href(`${list}.csv`)}>CSV</a> · <a href={ctx.href(`${list}.json`)}>JSON</a>
      {config.money && (
        <>
          {' '}
          · <a href={ctx.href('/fund/daoip5/grant-pools.json')}>{t('programmes.public.daoipPools')}</a> ·{' '}
          <a href={ctx.href('/fund/daoip5/applications.json')}>{t('programmes.public.daoipApplications')}</a>
        </>
      )}
    </p>
  )
}

/** The fund's totals per fiscal year against the policy's yearly targets (2.1.1(a) and (d)). */
function FundTotals({ ctx, totals, chart }: { ctx: PageContext; totals: Totals; chart: string | null }) {
  const { t } = ctx
  return (
    <section aria-labelledby="totals">
      <h2 id="totals">{t('programmes.public.totals')}</h2>
      {chart && <div class="chart" aria-hidden="true" dangerouslySetInnerHTML={{ __html: chart }} />}
      <DataTable
        caption={t('programmes.public.totalsCaption', { projects: FUND_TARGETS.project, theses: FUND_TARGETS.thesis })}
        columns={[
          t('programmes.public.fiscalYear'),
          t('programmes.public.projects'),
          t('programmes.public.theses'),
          t('programmes.public.awarded'),
          t('programmes.public.paid'),
        ]}
        dense
      >
        {totals.map((y) => (
          <tr key={y.year}>
            <th scope="row">
              <bdi dir="ltr">{y.year}</bdi>
            </th>
            <td>{t('programmes.public.ofTarget', { count: y.projects, target: FUND_TARGETS.project })}</td>
            <td>{t('programmes.public.ofTarget', { count: y.theses, target: FUND_TARGETS.thesis })}</td>
            <td>
              <Money ctx={ctx} paisa={y.awardedPaisa} />
            </td>
            <td>
              <Money ctx={ctx} paisa={y.paidPaisa} />
            </td>
          </tr>
        ))}
      </DataTable>
    </section>
  )
}

/** Who was admitted to the sandbox or funded, with one line each, as the FCA publishes its cohorts. */
export function AwardsPage({
  ctx,
  config,
  awards,
  totals,
  chart,
}: {
  ctx: PageContext
  config: ProgrammeConfig
  awards: readonly PublicAward[]
  totals: Totals
  chart: string | null
}) {
  const { t } = ctx
  const key = `programmes.public.${config.publicList}`
  return (
    <Layout ctx={ctx} title={t(`${key}.title`)}>
      <p class="breadcrumb">
        <a href={ctx.href(config.path)}>{t(`programmes.${config.programme}.title`)}</a>
      </p>
      <h1>{t(`${key}.title`)}</h1>
      <p class="lead">{t(`${key}.lead`)}</p>
      <Downloads ctx={ctx} config={config} />
      {config.money && totals.length > 0 && <FundTotals ctx={ctx} totals={totals} chart={chart} />}
      {awards.length === 0 ? (
        <p>{t(`${key}.none`)}</p>
      ) : (
        <DataTable
          caption={t(`${key}.caption`, { count: awards.length })}
          columns={[
            t('programmes.public.recipient'),
            t('programmes.public.what'),
            config.money ? t('programmes.public.amount') : t('programmes.public.period'),
            config.money ? t('programmes.public.paid') : t('programmes.public.outcome'),
          ]}
        >
          {awards.map((a) => (
            <tr key={a.id}>
              <th scope="row">
                <a href={ctx.href(`${config.path}/${config.publicList}/${a.id}`)}>
                  <Pair ctx={ctx} en={a.recipientEn} ur={a.recipientUr} />
                </a>
              </th>
              <td>
                <Pair ctx={ctx} en={a.summaryEn || a.titleEn} ur={a.summaryUr} />
                <br />
                <small>
                  {t(`programmes.schemes.${a.scheme}`)} · {t(`administration.provinces.${a.province}`)}
                </small>
              </td>
              <td>
                {config.money
                  ? a.amountPaisa !== null && <Money ctx={ctx} paisa={a.amountPaisa} />
                  : a.startsOn
                    ? `${formatWhen(ctx.locale, a.startsOn)} – ${formatWhen(ctx.locale, a.endsOn!)}`
                    : t('programmes.public.planPending')}
              </td>
              <td>
                {config.money ? (
                  <Money ctx={ctx} paisa={a.paidPaisa} />
                ) : a.exitOutcome ? (
                  t(`programmes.exit.outcomes.${a.exitOutcome}`)
                ) : a.planState === 'suspended' ? (
                  t('programmes.plan.states.suspended')
                ) : (
                  t('programmes.public.testing')
                )}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </Layout>
  )
}

/** One participant or award: the public line, the period or the money, milestones paid, outputs, a published exit report. */
export function AwardPage({
  ctx,
  config,
  data,
}: {
  ctx: PageContext
  config: ProgrammeConfig
  data: Awaited<ReturnType<typeof publicParticipant>>
}) {
  const { t } = ctx
  const { award, exit } = data
  const title = pairText(ctx, award.recipientEn, award.recipientUr)
  return (
    <Layout ctx={ctx} title={title}>
      <p class="breadcrumb">
        <a href={ctx.href(`${config.path}/${config.publicList}`)}>{t(`programmes.public.${config.publicList}.title`)}</a>
      </p>
      <h1>
        <Pair ctx={ctx} en={award.recipientEn} ur={award.recipientUr} />
      </h1>
      <p class="lead">
        <Pair ctx={ctx} en={award.summaryEn || award.titleEn} ur={award.summaryUr} />
      </p>
      <dl class="key-facts">
        <Fact label={t('programmes.public.what')}>
          <Pair ctx={ctx} en={award.titleEn} ur={award.titleUr} />
        </Fact>
        <Fact label={t('programmes.call.title')}>
          <a href={ctx.href(`${config.path}/calls/${award.callId}`)}>
            <Pair ctx={ctx} en={award.callTitleEn} ur={award.callTitleUr} />
          </a>
        </Fact>
        <Fact label={t('programmes.call.scheme')}>{t(`programmes.schemes.${award.scheme}`)}</Fact>
        <Fact label={t('programmes.application.province')}>{t(`administration.provinces.${award.province}`)}</Fact>
        <Fact label={t('programmes.application.sectors')}>
          {inlineList(
            ctx.locale,
            award.sectors.map((s) => t(`register.options.sector.${s}`)),
          )}
        </Fact>
        <Fact label={t('programmes.public.decided')}>{formatWhen(ctx.locale, award.decidedAt, { dateOnly: true })}</Fact>
        {award.amountPaisa !== null && (
          <Fact label={t('programmes.public.amount')}>
            <Money ctx={ctx} paisa={award.amountPaisa} />
          </Fact>
        )}
        {config.money && (
          <Fact label={t('programmes.public.paid')}>
            <Money ctx={ctx} paisa={award.paidPaisa} />
          </Fact>
        )}
        {award.startsOn && (
          <Fact label={t('programmes.plan.period')}>
            {formatWhen(ctx.locale, award.startsOn)} – {formatWhen(ctx.locale, award.endsOn!)}
          </Fact>
        )}
      </dl>
      {data.milestones.length > 0 && (
        <DataTable
          caption={t('programmes.milestones.heading')}
          columns={[t('programmes.public.milestone'), t('programmes.public.amount'), t('programmes.public.paid')]}
        >
          {data.milestones.map((m) => (
            <tr key={m.id}>
              <th scope="row">{m.title}</th>
              <td>
                <Money ctx={ctx} paisa={m.amountPaisa} />
              </td>
              <td>
                <Money ctx={ctx} paisa={m.paidPaisa} />
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      {data.outputs.length > 0 && (
        <section aria-labelledby="outputs">
          <h2 id="outputs">{t('programmes.outputs.heading')}</h2>
          <ul>
            {data.outputs.map((o) => (
              <li key={o.id}>
                {t(`programmes.outputs.kinds.${o.kind}`)}: {o.title}
                {o.kind === 'jobs' && <> ({o.count})</>}
              </li>
            ))}
          </ul>
        </section>
      )}
      {!config.money && (
        <section aria-labelledby="exit">
          <h2 id="exit">{t('programmes.exit.heading')}</h2>
          {exit ? (
            <>
              <p>
                <strong>{t(`programmes.exit.outcomes.${exit.outcome}`)}</strong>
              </p>
              <dl class="key-facts">
                <Fact label={t('programmes.exit.activities')}>{exit.activities}</Fact>
                <Fact label={t('programmes.exit.results')}>{exit.results}</Fact>
                <Fact label={t('programmes.exit.lessons')}>{exit.lessons}</Fact>
              </dl>
            </>
          ) : (
            <p>{t(award.exitOutcome ? 'programmes.public.exitNotPublished' : 'programmes.public.noExitYet')}</p>
          )}
        </section>
      )}
    </Layout>
  )
}
