import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { HttpError } from './errors.ts'
import { Layout } from './layout.tsx'
import { pageContext, sendPage } from './page.ts'

/** Statuses with a page of their own in the catalogues; other 4xx answers use the 400 page. */
const KNOWN = new Set(['400', '401', '403', '404', '405', '413', '415', '429', '500', '503'])

type Answer = { status: number; key: string; detail: Record<string, unknown> }

function classify(error: FastifyError | HttpError): Answer {
  if (error instanceof HttpError) return { status: error.statusCode, key: error.key, detail: error.detail }
  if (error.code?.startsWith('FST_CSRF')) return { status: 403, key: 'csrf', detail: {} }
  const status = error.statusCode ?? 500
  if (error.validation) return { status: 400, key: '400', detail: {} }
  if (status >= 400 && status < 500) return { status, key: KNOWN.has(String(status)) ? String(status) : '400', detail: {} }
  return { status: 500, key: '500', detail: {} }
}

const wantsJson = (req: FastifyRequest) =>
  req.url.startsWith('/api/') ||
  (/application\/json/.test(req.headers.accept ?? '') && !/text\/html/.test(req.headers.accept ?? ''))

function ErrorPage({ req, answer }: { req: FastifyRequest; answer: Answer }) {
  const ctx = pageContext(req)
  const { t } = ctx
  const minutes = answer.detail.minutes
  return (
    <Layout ctx={ctx} title={t(`errors.${answer.key}.title`)}>
      <h1>{t(`errors.${answer.key}.title`)}</h1>
      <p>{t(`errors.${answer.key}.body`)}</p>
      {typeof minutes === 'number' && <p>{t('errors.429.retry', { minutes })}</p>}
      <p>
        <a href={ctx.href('/')}>{t('errors.backHome')}</a>
      </p>
      {answer.status >= 500 && <p>{t('errors.contactUs')}</p>}
    </Layout>
  )
}

function answerWith(req: FastifyRequest, reply: FastifyReply, answer: Answer) {
  if (wantsJson(req)) {
    return reply.code(answer.status).send({
      error: answer.key,
      message: `${req.t(`errors.${answer.key}.title`)}. ${req.t(`errors.${answer.key}.body`)}`,
      ...(answer.status < 500 ? answer.detail : {}),
    })
  }
  return sendPage(reply, <ErrorPage req={req} answer={answer} />, answer.status)
}

/** One place turns every failure into a page or JSON in the reader's language; 5xx details stay in the log. */
export function registerErrorHandling(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError | HttpError, req, reply) => {
    const answer = classify(error)
    if (answer.status >= 500) req.log.error({ err: error }, 'request failed')
    else req.log.info({ status: answer.status, code: (error as FastifyError).code ?? answer.key }, 'request refused')
    return answerWith(req, reply, answer)
  })
  app.setNotFoundHandler((req, reply) => answerWith(req, reply, { status: 404, key: '404', detail: {} }))
}
