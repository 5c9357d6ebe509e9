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
import { ObligationRules } from './obligation-rules.ts'
import {
  declare,
  declaredKinds,
  findObligation,
  obligationRules,
  obligationsOf,
  openDuties,
  updateObligationRules,
} from './obligations.service.ts'
import { impactLevels } from './questionnaire.ts'
import { levelKinds, ObligationRulesPage, ruleField, ruleValues } from './views/obligation-rules.tsx'
import { DutiesDashboardPage, SystemDutiesPage } from './views/obligations.tsx'

const IdParams = z.object({ id: z.uuid() })
const DeclareForm = z.object({
  statement: z.preprocess(
    blankToUndefined,
    z.string({ error: 'obligations.errors.statement' }).max(4000, { error: 'register.errors.tooLong' }),
  ),
})

const actorOf = (req: FastifyRequest): UserActor => req.actor!

const whole = (v: unknown) => (typeof v === 'string' && /^\d{1,4}$/.test(v.trim()) ? Number(v.trim()) : null)

/** The rules form back into rules, with a message beside each value that is not a whole number in range. */
function rulesFromForm(values: Record<string, unknown>): { rules: ObligationRules | null; errors: FieldErrors } {
  const errors: FieldErrors = {}
  const reminderDays = String(values.reminderDays ?? '')
    .split(/[\s,،]+/)
    .filter(Boolean)
    .map(whole)
  if (reminderDays.some((d) => d === null || d < 1 || d > 365) || reminderDays.length > 5)
    errors.reminderDays = 'obligations.rules.errors.reminderDays'
  const unassessed = whole(values.unassessedDueInDays)
  if (unassessed === null || unassessed < 1) errors.unassessedDueInDays = 'obligations.rules.errors.number'
  const levels = Object.fromEntries(
    impactLevels.map((level) => [
      level,
      levelKinds
        .filter((kind) => values[ruleField(level, kind, 'on')] === 'yes')
        .map((kind) => {
          const due = whole(values[ruleField(level, kind, 'due')])
          const every =
            String(values[ruleField(level, kind, 'every')] ?? '').trim() === ''
              ? undefined
              : whole(values[ruleField(level, kind, 'every')])
          if (due === null) errors[ruleField(level, kind, 'due')] = 'obligations.rules.errors.number'
          if (every === null || (every !== undefined && (every < 1 || every > 60)))
            errors[ruleField(level, kind, 'every')] = 'obligations.rules.errors.months'
          return { kind, dueInDays: due ?? 0, ...(every ? { everyMonths: every } : {}) }
        }),
    ]),
  )
  if (Object.keys(errors).length) return { rules: null, errors }
  const parsed = ObligationRules.safeParse({ reminderDays, unassessedDueInDays: unassessed, levels })
  return parsed.success
    ? { rules: parsed.data, errors }
    : { rules: null, errors: { reminderDays: 'obligations.rules.errors.number' } }
}

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
    const mayDeclare = (kind: keyof typeof declaredKinds) =>
      declaredKinds[kind] === 'assessments.fill'
        ? Boolean(mayFill)
        : declaredKinds[kind] === 'assessments.review' && Boolean(mayReview)
    return (
      <SystemDutiesPage
        ctx={pageContext(req)}
        csrf={csrf}
        system={system}
        duties={duties}
        mayDeclare={mayDeclare}
        errors={errors}
        evaluations={await evaluationsOf(deps.db, id)}
        mayFile={Boolean(mayFill)}
      />
    )
  }

  r.get('/obligations/systems/:id', { config: { access: 'account.self' }, schema: { params: IdParams } }, async (req, reply) =>
    sendPage(reply, await systemPage(req, req.params.id, reply.generateCsrf())),
  )

  r.post('/obligations/:id/declare', { config: { access: 'account.self' }, schema: { params: IdParams } }, async (req, reply) => {
    const duty = await obligationById(req.params.id)
    const parsed = parseForm(DeclareForm, req.body)
    if (!parsed.ok) return sendPage(reply, await systemPage(req, duty.systemId, reply.generateCsrf(), parsed.errors), 400)
    await declare(deps, actorOf(req), req.params.id, parsed.data.statement)
    return reply.redirect(pageContext(req).href(`/obligations/systems/${duty.systemId}`), 303)
  })

  r.get(
    '/obligations',
    { config: { access: 'assessments.review' }, schema: { querystring: z.object({ overdue: z.literal('1').optional() }) } },
    async (req, reply) =>
      sendPage(
        reply,
        <DutiesDashboardPage
          ctx={pageContext(req)}
          rows={await openDuties(deps.db, deps.clock)}
          overdueOnly={req.query.overdue === '1'}
        />,
      ),
  )

  const rulesPage = async (
    req: FastifyRequest,
    csrf: string,
    values?: Record<string, unknown>,
    errors: FieldErrors = {},
    saved = false,
  ) => (
    <ObligationRulesPage
      ctx={pageContext(req)}
      csrf={csrf}
      values={values ?? ruleValues(await obligationRules(deps.db))}
      errors={errors}
      saved={saved}
    />
  )

  r.get(
    '/admin/obligation-rules',
    { config: { access: 'assessments.questionnaires' }, schema: { querystring: z.object({ saved: z.literal('1').optional() }) } },
    async (req, reply) => sendPage(reply, await rulesPage(req, reply.generateCsrf(), undefined, {}, req.query.saved === '1')),
  )

  r.post('/admin/obligation-rules', { config: { access: 'assessments.questionnaires' } }, async (req, reply) => {
    const values = (req.body ?? {}) as Record<string, unknown>
    const { rules, errors } = rulesFromForm(values)
    if (!rules) return sendPage(reply, await rulesPage(req, reply.generateCsrf(), values, errors), 400)
    await updateObligationRules(deps, actorOf(req), rules)
    return reply.redirect(`${pageContext(req).href('/admin/obligation-rules')}?saved=1`, 303)
  })

  async function obligationById(id: string) {
    const duty = await findObligation(deps.db, id)
    if (!duty) throw new HttpError(404, '404')
    return duty
  }
}
