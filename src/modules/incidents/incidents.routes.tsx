import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { Deps } from '../../platform/deps.ts'
import { parseForm } from '../../platform/forms.tsx'
import { pageContext, sendPage } from '../../platform/page.ts'
import { publishedSystem } from '../register/register.service.ts'
import { ReportForm, submitReport, trackReport } from './incidents.service.ts'
import { ReceiptPage, ReportPage, TrackPage } from './views/report.tsx'

/** Generous per address, because many phones share one carrier address. */
const REPORT_LIMIT = { max: 30, timeWindow: 60 * 60 * 1000 }
/** Tight: guessing codes must be slow. */
const TRACK_LIMIT = { max: 10, timeWindow: 15 * 60 * 1000 }

const values = (body: unknown) => (body ?? {}) as Record<string, unknown>

/** Reporting a problem with an AI system, and following it with the tracking code; no account needed. */
export async function incidentsRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>()

  r.get('/report', { config: { access: 'public' }, schema: { querystring: z.object({ system: z.coerce.number().int().min(1).max(2 ** 31 - 1).optional() }) } }, async (req, reply) => {
    const system = req.query.system ? await publishedSystem(deps.db, req.query.system) : undefined
    const name = system && ((req.locale === 'ur' && system.nameUr) || system.nameEn)
    return sendPage(reply, <ReportPage ctx={pageContext(req)} csrf={reply.generateCsrf()} values={{ system: system ? String(system.number) : undefined }} errors={{}} systemName={name} />)
  })

  r.post('/report', { config: { access: 'public', rateLimit: REPORT_LIMIT } }, async (req, reply) => {
    const parsed = parseForm(ReportForm, req.body)
    if (!parsed.ok) return sendPage(reply, <ReportPage ctx={pageContext(req)} csrf={reply.generateCsrf()} values={values(req.body)} errors={parsed.errors} />, 400)
    const outcome = await submitReport(deps, parsed.data, req.locale)
    // The receipt is this response, never a redirect: a code in a URL would stay in history, logs and shared phones.
    reply.header('cache-control', 'no-store')
    if ('dropped' in outcome) return sendPage(reply, <ReportPage ctx={pageContext(req)} csrf={reply.generateCsrf()} values={{}} errors={{}} />)
    return sendPage(reply, <ReceiptPage ctx={pageContext(req)} code={outcome.code} />)
  })

  r.get('/track', { config: { access: 'public' } }, async (req, reply) => sendPage(reply, <TrackPage ctx={pageContext(req)} csrf={reply.generateCsrf()} />))

  r.post('/track', { config: { access: 'public', rateLimit: TRACK_LIMIT } }, async (req, reply) => {
    const parsed = parseForm(z.object({ code: z.string().max(60).default('') }), req.body)
    const typed = parsed.ok ? parsed.data.code : ''
    const lookup = await trackReport(deps, typed)
    reply.header('cache-control', 'no-store')
    return sendPage(reply, <TrackPage ctx={pageContext(req)} csrf={reply.generateCsrf()} lookup={lookup} typed={lookup.found ? undefined : typed} />, lookup.found ? 200 : 404)
  })
}
