import type { ComponentChildren } from 'preact'
import { direction, localisePath } from './i18n.ts'
import type { PageContext } from './page.ts'

/** `enhanced`: the page loads htmx to refresh parts of itself in place; it works the same without it. */
type Props = { ctx: PageContext; title: string; children: ComponentChildren; enhanced?: boolean }

const navItems = [
  { path: '/', key: 'layout.nav.home' },
  { path: '/register', key: 'layout.nav.register' },
  { path: '/incidents', key: 'layout.nav.incidents' },
  { path: '/progress', key: 'layout.nav.progress' },
  { path: '/report', key: 'layout.nav.report' },
  { path: '/contact', key: 'layout.nav.contact' },
] as const

const signInItem = { path: '/sign-in', key: 'layout.nav.signIn' } as const
const accountItem = { path: '/account', key: 'layout.nav.account' } as const
const adminItem = { path: '/admin/users', key: 'layout.nav.admin' } as const
const workItem = { path: '/work', key: 'layout.nav.work' } as const
const manageItem = { path: '/register/manage', key: 'layout.nav.manageSystems' } as const
const reviewItem = { path: '/register/review', key: 'layout.nav.reviewSystems' } as const
const dutiesItem = { path: '/obligations', key: 'layout.nav.duties' } as const
const auditsItem = { path: '/audits', key: 'layout.nav.audits' } as const
const incidentWorkItem = { path: '/incidents/manage', key: 'layout.nav.incidentWork' } as const
const programmeApplicationsItem = { path: '/programmes/applications', key: 'layout.nav.programmes' } as const
const programmeReviewsItem = { path: '/programmes/reviews', key: 'layout.nav.programmeReviews' } as const
const sandboxManageItem = { path: '/sandbox/manage', key: 'layout.nav.sandboxManage' } as const
const fundManageItem = { path: '/fund/manage', key: 'layout.nav.fundManage' } as const
const financeItem = { path: '/fund/finance', key: 'layout.nav.finance' } as const
const systemItems = [
  { path: '/admin/organisations', key: 'layout.nav.organisations' },
  { path: '/admin/outbox', key: 'layout.nav.outbox' },
  { path: '/admin/audit', key: 'layout.nav.audit' },
] as const
/** The assessment policy's own pages, for whoever owns that policy. */
const assessmentPolicyItems = [
  { path: '/admin/questionnaires', key: 'layout.nav.questionnaires' },
  { path: '/admin/obligation-rules', key: 'layout.nav.obligationRules' },
] as const

const footerItems = [
  { path: '/sandbox', key: 'layout.footer.sandbox' },
  { path: '/fund', key: 'layout.footer.fund' },
  { path: '/accessibility', key: 'layout.footer.accessibility' },
  { path: '/privacy', key: 'layout.footer.privacy' },
  { path: '/cookies', key: 'layout.footer.cookies' },
  { path: '/contact', key: 'layout.footer.contact' },
] as const

const pathOnly = (url: string) => url.split('?')[0]

export function Layout({ ctx, title, children, enhanced }: Props) {
  const { t, locale, assets } = ctx
  const other = locale === 'en' ? 'ur' : 'en'
  const current = pathOnly(ctx.path)
  const links = [
    ...navItems,
    ...(ctx.signedIn ? [workItem] : []),
    ...(ctx.can('register.draft') ? [manageItem] : []),
    ...(ctx.can('register.review') ? [reviewItem, dutiesItem] : []),
    ...(ctx.can('audits.manage') || ctx.can('audits.perform') ? [auditsItem] : []),
    ...(ctx.can('incidents.triage') || ctx.can('incidents.respond') ? [incidentWorkItem] : []),
    ...(ctx.can('programmes.apply') ? [programmeApplicationsItem] : []),
    ...(ctx.can('programmes.review') ? [programmeReviewsItem] : []),
    ...(ctx.can('programmes.sandbox.manage') ? [sandboxManageItem] : []),
    ...(ctx.can('programmes.fund.manage') ? [fundManageItem] : []),
    ...(ctx.can('programmes.finance') ? [financeItem] : []),
    ...(ctx.can('users.manage') ? [adminItem] : []),
    ...(ctx.can('organisations.manage') ? systemItems : []),
    ...(ctx.can('assessments.questionnaires') ? assessmentPolicyItems : []),
    ctx.signedIn ? accountItem : signInItem,
  ].map((item) => (
    <li key={item.path}>
      <a href={ctx.href(item.path)} aria-current={current === item.path ? 'page' : undefined}>
        {t(item.key)}
      </a>
    </li>
  ))
  return (
    <html lang={locale} dir={direction(locale)}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} · ${t('site.name')}`}</title>
        <meta name="description" content={t('site.tagline')} />
        <link rel="stylesheet" href={assets.url('css/main.css')} />
        {locale === 'ur' && <link rel="stylesheet" href={assets.url('css/urdu.css')} />}
        <link rel="icon" href={assets.url('favicon.svg')} type="image/svg+xml" />
        {enhanced && (
          <>
            {/* No inline styles and no eval: htmx keeps to the page's Content Security Policy. */}
            <meta name="htmx-config" content='{"includeIndicatorStyles":false,"allowEval":false,"allowScriptTags":false}' />
            <script src={assets.url('js/htmx.min.js')} defer />
          </>
        )}
        <link rel="alternate" hrefLang="en" href={localisePath('en', ctx.path)} />
        <link rel="alternate" hrefLang="ur" href={localisePath('ur', ctx.path)} />
      </head>
      <body>
        <a class="skip-link" href="#main">
          {t('layout.skip')}
        </a>
        <header class="site-header">
          <p class="gov-bar">{t('site.government')}</p>
          <div class="header-inner">
            <a class="brand" href={ctx.href('/')}>
              <span class="brand-name">{t('site.name')}</span>
              <span class="brand-tagline">{t('site.tagline')}</span>
            </a>
            <div class="header-actions">
              <a class="lang-switch" href={localisePath(other, ctx.path)} hrefLang={other}>
                <span class="visually-hidden">{`${t('layout.language.label')}: `}</span>
                <span lang={other}>{t('layout.language.switch')}</span>
              </a>
              {/* On a phone the links fold into a disclosure, which opens without JavaScript. */}
              <details class="site-menu">
                <summary>{t('layout.menu')}</summary>
                <nav class="site-nav" aria-label={t('layout.nav.label')}>
                  <ul>{links}</ul>
                </nav>
              </details>
            </div>
          </div>
          <nav class="site-nav site-nav-wide" aria-label={t('layout.nav.label')}>
            <ul>{links}</ul>
          </nav>
        </header>
        <main id="main" tabIndex={-1}>
          {children}
        </main>
        <footer class="site-footer">
          <nav aria-label={t('layout.footer.label')}>
            <ul>
              {footerItems.map((item) => (
                <li key={item.path}>
                  <a href={ctx.href(item.path)}>{t(item.key)}</a>
                </li>
              ))}
            </ul>
          </nav>
          <p>{t('layout.footer.policy')}</p>
          <p>{t('layout.footer.openData')}</p>
        </footer>
      </body>
    </html>
  )
}
