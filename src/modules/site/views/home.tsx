import { Layout } from '../../../platform/layout.tsx'
import type { PageContext } from '../../../platform/page.ts'
import { SearchBox } from '../../../platform/search-form.tsx'
import type { Pillar } from '../../kpi/kpi.service.ts'

const journeys = [
  { path: '/register', key: 'find' },
  { path: '/report', key: 'report' },
  { path: '/track', key: 'track' },
  { path: '/progress', key: 'progress' },
] as const

export function HomePage({ ctx, pillars }: { ctx: PageContext; pillars: Pillar[] }) {
  const { t, locale } = ctx
  const services = t('home.services', { returnObjects: true }) as string[]
  return (
    <Layout ctx={ctx} title={t('home.title')}>
      <h1>{t('home.title')}</h1>
      {/* What people come to do, first: each is one press away, and the register can be searched from here. */}
      <form method="get" action={ctx.href('/register')} role="search" class="home-search">
        <SearchBox ctx={ctx} label={t('home.search')} value={undefined} />
      </form>
      <ul class="journeys">
        {journeys.map((j) => (
          <li key={j.path}>
            <a class="journey" href={ctx.href(j.path)}>
              <span class="journey-title">{t(`home.journeys.${j.key}.title`)}</span>
              <span class="journey-text">{t(`home.journeys.${j.key}.text`)}</span>
            </a>
          </li>
        ))}
      </ul>
      <p class="lead">{t('home.lead')}</p>

      <section aria-labelledby="services-heading">
        <h2 id="services-heading">{t('home.servicesHeading')}</h2>
        <ul class="services">
          {services.map((s) => (
            <li key={s}>{s}</li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="policy-heading">
        <h2 id="policy-heading">{t('home.policyHeading')}</h2>
        <p>{t('home.policyText')}</p>
        <p>{t('home.policyPillars')}</p>
        <ol class="pillars">
          {pillars.map((p) => (
            <li key={p.number}>
              <h3>{locale === 'ur' ? p.titleUr : p.titleEn}</h3>
              <p>{locale === 'ur' ? p.summaryUr : p.summaryEn}</p>
              <p class="source">{t('home.pillarSource', { clause: p.sourceClause })}</p>
            </li>
          ))}
        </ol>
      </section>

      <section aria-labelledby="help-heading">
        <h2 id="help-heading">{t('home.helpHeading')}</h2>
        <p>
          <a href={ctx.href('/contact')}>{t('home.helpText')}</a>
        </p>
      </section>
    </Layout>
  )
}
