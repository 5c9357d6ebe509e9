import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { Deps } from '../../platform/deps.ts'
import { HttpError } from '../../platform/errors.ts'
import { blankToUndefined, parseForm, type FieldErrors } from '../../platform/forms.tsx'
import { pageContext, sendPage } from '../../platform/page.ts'
import { mayActOnOrganisation, type UserActor } from '../../platform/rbac.ts'
import { systemSummary } from '../register/register.service.ts'
import { incidentsOfSystem } from '../incidents/incident-database.service.ts'
import {
  decideEvaluation,
  EvaluationForm,
  evaluationFor,
  formValuesOf,
  lastEvaluatedAt,
  saveEvaluation,
  type EvaluationRow,
} from './evaluations.service.ts'
import { EvaluationFormPage, EvaluationPage } from './views/evaluation.tsx'

const IdParams = z.object({ id: z.uuid() })
const DecisionForm = z.discriminatedUnion('decision', [
  z.object({
    decision: z.literal('accept'),
    note: z.preprocess(blankToUndefined, z.string().max(1000, { error: 'register.errors.tooLong' }).optional()),
  }),
  z.object({
    decision: z.literal('query'),
    question: z.preprocess(
      blankToUndefined,
      z.string({ error: 'evaluations.errors.question' }).max(4000, { error: 'register.errors.tooLong' }),
    ),
  }),
])

const actorOf = (req: FastifyRequest): UserActor => req.actor!
const missingErrors = (missing: string[]): FieldErrors => Object.fromEntries(missing.map((k) => [k, `evaluations.missing.${k}`]))

export async function evaluationsRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>()

  /** The form lists the system's published incidents since its last accepted evaluation, to be reported on. */
  async function formPage(
    req: FastifyRequest,
    reply: FastifyReply,
    system: { id: string; nameEn: string; nameUr: string | null },
    props: { action: string; values: Record<string, unknown>; errors: FieldErrors; evaluation: EvaluationRow | null },
    status = 200,
  ) {
    const incidents = await incidentsOfSystem(deps.db, system.id, await lastEvaluatedAt(deps.db, system.id))
    return sendPage(
      reply,
      <EvaluationFormPage ctx={pageContext(req)} csrf={reply.generateCsrf()} system={system} incidents={incidents} {...props} />,
      status,
    )
  }

  async function ownSystem(req: FastifyRequest, id: string) {
    const system = await systemSummary(deps.db, id)
    if (!system || !mayActOnOrganisation(actorOf(req), 'assessments.fill', system.organisationId)) throw new HttpError(404, '404')
    return system
  }

  r.get('/evaluations/new/:id', { config: { access: 'assessments.fill' }, schema: { params: IdParams } }, async (req, reply) => {
    const system = await ownSystem(req, req.params.id)
    return formPage(req, reply, system, { action: `/evaluations/new/${system.id}`, values: {}, errors: {}, evaluation: null })
  })

  r.post('/evaluations/new/:id', { config: { access: 'assessments.fill' }, schema: { params: IdParams } }, async (req, reply) => {
    const system = await ownSystem(req, req.params.id)
    const parsed = parseForm(EvaluationForm, req.body)
    const values = (req.body ?? {}) as Record<string, unknown>
    if (!parsed.ok)
      return formPage(
        req,
        reply,
        system,
        { action: `/evaluations/new/${system.id}`, values, errors: parsed.errors, evaluation: null },
        400,
      )
    const saved = await saveEvaluation(deps, actorOf(req), system.id, null, parsed.data)
    // Kept as a draft either way; what submission still needs is shown on the saved draft's own form.
    if (saved.missing.length) {
      const { evaluation } = await evaluationFor(deps.db, actorOf(req), saved.id)
      return formPage(
        req,
        reply,
        system,
        { action: `/evaluations/${saved.id}`, values, errors: missingErrors(saved.missing), evaluation },
        400,
      )
    }
    return reply.redirect(pageContext(req).href(`/evaluations/${saved.id}`), 303)
  })

  r.get('/evaluations/:id', { config: { access: 'account.self' }, schema: { params: IdParams } }, async (req, reply) => {
    const { evaluation, system, ours } = await evaluationFor(deps.db, actorOf(req), req.params.id)
    const ctx = pageContext(req)
    if (ours && (evaluation.state === 'draft' || evaluation.state === 'queried')) {
      return formPage(req, reply, system, {
        action: `/evaluations/${evaluation.id}`,
        values: formValuesOf(evaluation),
        errors: {},
        evaluation,
      })
    }
    return sendPage(
      reply,
      <EvaluationPage
        ctx={ctx}
        csrf={reply.generateCsrf()}
        system={system}
        evaluation={evaluation}
        mayDecide={ctx.can('assessments.review')}
        errors={{}}
      />,
    )
  })

  r.post('/evaluations/:id', { config: { access: 'assessments.fill' }, schema: { params: IdParams } }, async (req, reply) => {
    const { evaluation, system, ours } = await evaluationFor(deps.db, actorOf(req), req.params.id)
    if (!ours) throw new HttpError(404, '404')
    const parsed = parseForm(EvaluationForm, req.body)
    const values = (req.body ?? {}) as Record<string, unknown>
    if (!parsed.ok)
      return formPage(
        req,
        reply,
        system,
        { action: `/evaluations/${evaluation.id}`, values, errors: parsed.errors, evaluation },
        400,
      )
    const saved = await saveEvaluation(deps, actorOf(req), system.id, evaluation.id, parsed.data)
    if (saved.missing.length) {
      return formPage(
        req,
        reply,
        system,
        { action: `/evaluations/${evaluation.id}`, values, errors: missingErrors(saved.missing), evaluation },
        400,
      )
    }
    return reply.redirect(pageContext(req).href(`/evaluations/${evaluation.id}`), 303)
  })

  r.post(
    '/evaluations/:id/decide',
    { config: { access: 'assessments.review' }, schema: { params: IdParams } },
    async (req, reply) => {
      const parsed = parseForm(DecisionForm, req.body)
      if (!parsed.ok) {
        const { evaluation, system } = await evaluationFor(deps.db, actorOf(req), req.params.id)
        return sendPage(
          reply,
          <EvaluationPage
            ctx={pageContext(req)}
            csrf={reply.generateCsrf()}
            system={system}
            evaluation={evaluation}
            mayDecide
            errors={parsed.errors}
          />,
          400,
        )
      }
      await decideEvaluation(
        deps,
        actorOf(req),
        req.params.id,
        parsed.data.decision === 'accept'
          ? { accept: true, note: parsed.data.note }
          : { accept: false, question: parsed.data.question },
      )
      return reply.redirect(pageContext(req).href('/register/review'), 303)
    },
  )
}
