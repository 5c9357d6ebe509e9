import type { FastifyInstance } from 'fastify'
import type { Deps } from '../../platform/deps.ts'
import { pageContext, sendPage } from '../../platform/page.ts'
import { READ_OWN_WRITES_SECONDS, wroteCookieName } from '../../platform/reading.ts'
import { csrfCookieName } from '../../platform/security.ts'
import * as kpi from '../kpi/kpi.service.ts'
import { CookiesPage } from './views/cookies.tsx'
import { HomePage } from './views/home.tsx'
import { StatementPage } from './views/statement.tsx'

/** The home page and the statements every government service publishes. */
export async function siteRoutes(app: FastifyInstance, deps: Deps) {
  app.get('/', { config: { access: 'public', keptPage: true } }, async (req, reply) => {
    const pillars = await kpi.listPillars(req.reads)
    return sendPage(reply, <HomePage ctx={pageContext(req)} pillars={pillars} />)
  })

  for (const page of ['accessibility', 'privacy'] as const) {
    app.get(`/${page}`, { config: { access: 'public' } }, async (req, reply) =>
      sendPage(reply, <StatementPage ctx={pageContext(req)} page={page} />),
    )
  }

  const https = deps.config.publicUrl.protocol === 'https:'
  const csrfCookie = csrfCookieName(https)
  // Set only where public pages read a replica.
  const wrote = deps.config.readUrl ? { cookie: wroteCookieName(https), seconds: READ_OWN_WRITES_SECONDS } : undefined
  app.get('/cookies', { config: { access: 'public' } }, async (req, reply) =>
    sendPage(reply, <CookiesPage ctx={pageContext(req)} csrfCookie={csrfCookie} wrote={wrote} />),
  )
}
