import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { Deps } from '../../platform/deps.ts'
import { HttpError } from '../../platform/errors.ts'
import { blankToUndefined, parseForm, type FieldErrors } from '../../platform/forms.tsx'
import { pageContext, sendPage } from '../../platform/page.ts'
import { mayActOnOrganisation, type UserActor } from '../../platform/rbac.ts'
import { systemSummary } from '../register/register.service.ts'
import { evaluationsOf } from './evaluations.service.ts'
import { declare, declaredKinds, findObligation, obligationsOf, openDuties } from './obligations.service.ts'
import { DutiesDashboardPage, SystemDutiesPage } from './views/obligations.tsx'

const IdParams = z.object({ id: z.uuid() })
const DeclareForm = z.object({ statement: z.preprocess(blankToUndefined, z.string({ error: 'obligations.errors.statement' }).max(4000, { error: 'register.errors.tooLong' })) })

const actorOf = (req: FastifyRequest): UserActor => req.actor!

export async function obligationsRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>()

  /** A system's duties, for its own organisation and for the Directorate; anyone else is told it does not exist. */
  async function systemPage(req: FastifyRequest, id: string, csrf: string, errors: FieldErrors = {}) {
    const actor = actorOf(req)
    const system = await systemSummary(deps.db, id)
    const mayFill = system && mayActOnOrganisation(actor, 'assessments.fill', system.organisationId)
    const mayReview = system && mayActOnOrganisation(actor, 'assessments.review', system.organisationId)
    if (!system || (!mayFill && !mayReview)) throw new HttpError(404, '404')
    const duties = await obligationsOf(deps.db, deps.clock, id)
    const mayDeclare = (kind: keyof typeof declaredKinds) => (declaredKinds[kind] === 'assessments.fill' ? Boolean(mayFill) : declaredKinds[kind] === 'assessments.review' && Boolean(mayReview))
    return <SystemDutiesPage ctx={pageContext(req)} csrf={csrf} system={system} duties={duties} mayDeclare={mayDeclare} errors={errors} evaluations={await evaluationsOf(deps.db, id)} mayFile={Boolean(mayFill)} />
  }

  r.get('/obligations/systems/:id', { config: { access: 'account.self' }, schema: { params: IdParams } }, async (req, reply) => sendPage(reply, await systemPage(req, req.params.id, reply.generateCsrf())))

  r.post('/obligations/:id/declare', { config: { access: 'account.self' }, schema: { params: IdParams } }, async (req, reply) => {
    const duty = await obligationById(req.params.id)
    const parsed = parseForm(DeclareForm, req.body)
    if (!parsed.ok) return sendPage(reply, await systemPage(req, duty.systemId, reply.generateCsrf(), parsed.errors), 400)
    await declare(deps, actorOf(req), req.params.id, parsed.data.statement)
    return reply.redirect(pageContext(req).href(`/obligations/systems/${duty.systemId}`), 303)
  })

  r.get('/obligations', { config: { access: 'assessments.review' }, schema: { querystring: z.object({ overdue: z.literal('1').optional() }) } }, async (req, reply) =>
    sendPage(reply, <DutiesDashboardPage ctx={pageContext(req)} rows={await openDuties(deps.db, deps.clock)} overdueOnly={req.query.overdue === '1'} />),
  )

  async function obligationById(id: string) {
    const duty = await findObligation(deps.db, id)
    if (!duty) throw new HttpError(404, '404')
    return duty
  }
}
