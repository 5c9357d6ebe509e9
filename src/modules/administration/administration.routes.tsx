import type { FastifyInstance, FastifyRequest } from 'fastify'
import { z } from 'zod'
import type { Deps } from '../../platform/deps.ts'
import { blankToUndefined, parseForm } from '../../platform/forms.tsx'
import { recentOutbox } from '../../platform/outbox.ts'
import { pageContext, sendPage } from '../../platform/page.ts'
import { organisationTypes, provinces } from '../accounts/accounts.vocabulary.ts'
import type { AccountsDeps } from '../accounts/accounts.service.ts'
import { allOrganisations, createOrganisation, NewOrganisationSchema } from '../accounts/admin.service.ts'
import { AuditPage, OrganisationsPage, OutboxPage } from './views/administration.tsx'

const OrganisationForm = NewOrganisationSchema.extend({ parentId: z.preprocess(blankToUndefined, z.uuid().optional()) })

/** The system administrator's pages: organisations, the e-mail outbox and the audit log's integrity. */
export async function administrationRoutes(app: FastifyInstance, deps: Deps, accounts: AccountsDeps) {
  const page = (req: FastifyRequest) => pageContext(req)

  const organisationsPage = async (
    req: FastifyRequest,
    csrf: string,
    values: Record<string, unknown>,
    errors: Record<string, string>,
  ) => (
    <OrganisationsPage
      ctx={page(req)}
      csrf={csrf}
      organisations={await allOrganisations(deps.db)}
      types={organisationTypes}
      provinces={provinces}
      values={values}
      errors={errors}
    />
  )

  app.get('/admin/organisations', { config: { access: 'organisations.manage' } }, async (req, reply) =>
    sendPage(reply, await organisationsPage(req, reply.generateCsrf(), { type: 'public_body', province: 'federal' }, {})),
  )

  app.post('/admin/organisations', { config: { access: 'organisations.manage' } }, async (req, reply) => {
    const values = (req.body ?? {}) as Record<string, unknown>
    const parsed = parseForm(OrganisationForm, values)
    if (!parsed.ok) return sendPage(reply, await organisationsPage(req, reply.generateCsrf(), values, parsed.errors), 400)
    const id = await createOrganisation(accounts, req.actor!, parsed.data)
    if (!id)
      return sendPage(
        reply,
        await organisationsPage(req, reply.generateCsrf(), values, { slug: 'administration.errors.slugTaken' }),
        400,
      )
    return reply.redirect(page(req).href('/admin/organisations'), 303)
  })

  app.get('/admin/outbox', { config: { access: 'outbox.read' } }, async (req, reply) => {
    // The outbox holds sign-in links for other people: every reading of it is on the record.
    await deps.audit.record(deps.db, req.actor!, { action: 'outbox.viewed', subject: { type: 'outbox' } })
    const messages = await recentOutbox(deps.db)
    return sendPage(
      reply.header('cache-control', 'no-store'),
      <OutboxPage ctx={page(req)} messages={messages} smtp={deps.config.smtpUrl !== undefined} />,
    )
  })

  app.get('/admin/audit', { config: { access: 'audit.verify' } }, async (req, reply) => {
    const report = await deps.audit.verify(deps.db)
    const entries = await deps.audit.newest(deps.db, 50)
    return sendPage(reply.header('cache-control', 'no-store'), <AuditPage ctx={page(req)} report={report} entries={entries} />)
  })
}
