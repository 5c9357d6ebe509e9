import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { Deps } from '../../platform/deps.ts'
import { parseForm } from '../../platform/forms.tsx'
import { pageContext, sendPage } from '../../platform/page.ts'
import { ContactForm, submitFeedback } from './feedback.service.ts'
import { ContactPage, ContactThanksPage } from './views/contact.tsx'

const ContactQuery = z.object({ page: z.string().max(500).optional() })

/** Generous per address: many phones share one carrier address. */
const CONTACT_LIMIT = { max: 20, timeWindow: 60 * 60 * 1000 }

export async function feedbackRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>()

  r.get('/contact', { config: { access: 'public' }, schema: { querystring: ContactQuery } }, async (req, reply) => {
    const csrf = reply.generateCsrf()
    const values = { pageUrl: req.query.page }
    return sendPage(reply, <ContactPage ctx={pageContext(req)} csrf={csrf} values={values} errors={{}} />)
  })

  r.post('/contact', { config: { access: 'public', rateLimit: CONTACT_LIMIT } }, async (req, reply) => {
    const parsed = parseForm(ContactForm, req.body)
    if (!parsed.ok) {
      const values = (req.body ?? {}) as Record<string, unknown>
      const page = <ContactPage ctx={pageContext(req)} csrf={reply.generateCsrf()} values={values} errors={parsed.errors} />
      return sendPage(reply, page, 400)
    }
    await submitFeedback(deps, parsed.data, req.locale)
    return reply.redirect(pageContext(req).href('/contact/thanks'), 303)
  })

  r.get('/contact/thanks', { config: { access: 'public' } }, async (req, reply) =>
    sendPage(reply, <ContactThanksPage ctx={pageContext(req)} />),
  )
}
