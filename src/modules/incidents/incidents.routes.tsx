import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { Deps } from '../../platform/deps.ts'
import { FileRefused } from '../../platform/files.ts'
import { readMultipartForm } from '../../platform/multipart.ts'
import { parseForm, type FieldErrors } from '../../platform/forms.tsx'
import { pageContext, sendPage } from '../../platform/page.ts'
import { publishedSystem } from '../register/register.service.ts'
import { EVIDENCE_MAX_BYTES, EVIDENCE_MAX_FILES } from './evidence.ts'
import { ReportForm, submitReport, trackReport } from './incidents.service.ts'
import { overLimit } from '../../platform/rate-limit-store.ts'
import { HttpError } from '../../platform/errors.ts'
import { asciiDigits } from './tracking-code.ts'
import { ReceiptPage, ReportPage, TrackPage } from './views/report.tsx'

/** Generous per address, because many phones share one carrier address. */
const REPORT_LIMIT = { max: 30, timeWindow: 60 * 60 * 1000 }
/** Tight per form fingerprint: the same account of events sent again and again is a flood, from however many addresses. */
const SAME_REPORT_LIMIT = { max: 3, timeWindow: 24 * 60 * 60 * 1000 }
/** Tight: guessing codes must be slow. */
const TRACK_LIMIT = { max: 10, timeWindow: 15 * 60 * 1000 }

const values = (body: unknown) => (body ?? {}) as Record<string, unknown>

/** What makes two reports "the same form": their words, whatever the spacing, case or digits' script. */
const fingerprint = (narrative: string) =>
  asciiDigits(narrative)
    .toLowerCase()
    .replace(/[\s\p{P}]+/gu, ' ')
    .trim()

/** Reporting a problem with an AI system, and following it with the tracking code; no account needed. */
export async function incidentsRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>()

  r.get(
    '/report',
    {
      config: { access: 'public' },
      schema: {
        querystring: z.object({
          system: z.coerce
            .number()
            .int()
            .min(1)
            .max(2 ** 31 - 1)
            .optional(),
        }),
      },
    },
    async (req, reply) => {
      const system = req.query.system ? await publishedSystem(deps.db, req.query.system) : undefined
      const name = system && ((req.locale === 'ur' && system.nameUr) || system.nameEn)
      return sendPage(
        reply,
        <ReportPage
          ctx={pageContext(req)}
          csrf={reply.generateCsrf()}
          values={{ system: system ? String(system.number) : undefined }}
          errors={{}}
          systemName={name}
        />,
      )
    },
  )

  r.post('/report', { config: { access: 'public', rateLimit: REPORT_LIMIT } }, async (req, reply) => {
    const form = req.isMultipart()
      ? await readMultipartForm(req, { fileSize: EVIDENCE_MAX_BYTES, files: EVIDENCE_MAX_FILES })
      : { fields: values(req.body), files: [], tooLarge: false }
    const again = (errors: FieldErrors) =>
      sendPage(reply, <ReportPage ctx={pageContext(req)} csrf={reply.generateCsrf()} values={form.fields} errors={errors} />, 400)
    const parsed = parseForm(ReportForm, form.fields)
    if (!parsed.ok || form.tooLarge)
      return again({
        ...(parsed.ok ? {} : parsed.errors),
        ...(form.tooLarge ? { evidence: 'incidents.errors.evidenceSize' } : {}),
      })
    const wait = await overLimit(
      { db: deps.db, clock: deps.clock, secret: deps.config.secrets.cookieSecret },
      'incidents.report',
      fingerprint(parsed.data.narrative),
      SAME_REPORT_LIMIT,
    )
    if (wait) throw new HttpError(429, '429', { minutes: wait })
    let outcome
    try {
      outcome = await submitReport(deps, parsed.data, req.locale, form.files)
    } catch (e) {
      if (e instanceof FileRefused)
        return again({ evidence: e.statusCode === 413 ? 'incidents.errors.evidenceSize' : 'incidents.errors.evidenceType' })
      throw e
    }
    // The receipt is this response, never a redirect: a code in a URL would stay in history, logs and shared phones.
    reply.header('cache-control', 'no-store')
    if ('dropped' in outcome)
      return sendPage(reply, <ReportPage ctx={pageContext(req)} csrf={reply.generateCsrf()} values={{}} errors={{}} />)
    return sendPage(reply, <ReceiptPage ctx={pageContext(req)} code={outcome.code} />)
  })

  r.get('/track', { config: { access: 'public' } }, async (req, reply) =>
    sendPage(reply, <TrackPage ctx={pageContext(req)} csrf={reply.generateCsrf()} />),
  )

  r.post('/track', { config: { access: 'public', rateLimit: TRACK_LIMIT } }, async (req, reply) => {
    const parsed = parseForm(z.object({ code: z.string().max(60).default('') }), req.body)
    const typed = parsed.ok ? parsed.data.code : ''
    const lookup = await trackReport(deps, typed)
    reply.header('cache-control', 'no-store')
    return sendPage(
      reply,
      <TrackPage ctx={pageContext(req)} csrf={reply.generateCsrf()} lookup={lookup} typed={lookup.found ? undefined : typed} />,
      lookup.found ? 200 : 404,
    )
  })
}
