import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { pakistanInstant } from '../../platform/clock.ts'
import type { Deps } from '../../platform/deps.ts'
import { HttpError } from '../../platform/errors.ts'
import { blankToUndefined, parseForm, type FieldErrors } from '../../platform/forms.tsx'
import { paisaOf } from '../../platform/numbers.ts'
import { pageContext, sendPage } from '../../platform/page.ts'
import type { UserActor } from '../../platform/rbac.ts'
import { sectors } from '../register/register.record.ts'
import { applicationFor, attachmentsOf } from './applications.service.ts'
import { CallDefinition } from './call-definition.ts'
import { milestonesOverAward } from './decision-rules.ts'
import * as calls from './calls.service.ts'
import * as decisions from './decisions.service.ts'
import * as participation from './participation.service.ts'
import type { ProgrammeConfig } from './programmes.config.ts'
import { milestonesFrom, optionalText, scoresFrom, text, ticked } from './programmes.forms.ts'
import { exitOutcomes, outcomes, schemes } from './programmes.vocabulary.ts'
import * as reviews from './reviews.service.ts'
import * as transparency from './transparency.service.ts'
import { ApplicationAdminPage } from './views/application-admin.tsx'
import { CallAdminPage, CallFormPage, ManagePage } from './views/calls-admin.tsx'

const IdParams = z.object({ id: z.uuid() })
const time = z.preprocess(
  blankToUndefined,
  z.string({ error: 'programmes.errors.time' }).transform((v, ctx) => {
    const at = pakistanInstant(v)
    if (!at) ctx.addIssue({ code: 'custom', message: 'programmes.errors.time' })
    return at ?? new Date(0)
  }),
)
const rupees = z.preprocess(
  blankToUndefined,
  z
    .string()
    .transform((v, ctx) => {
      const paisa = paisaOf(v)
      if (paisa === undefined || paisa <= 0n) ctx.addIssue({ code: 'custom', message: 'programmes.errors.amount' })
      return paisa ?? 0n
    })
    .optional(),
)

const CallForm = z.object({
  scheme: z.enum(schemes, { error: 'programmes.errors.scheme' }),
  titleEn: text(200, 'programmes.errors.title'),
  titleUr: optionalText(200),
  themeEn: text(2000, 'programmes.errors.theme'),
  themeUr: optionalText(2000),
  prioritySectors: ticked(sectors, 'programmes.errors.sectors'),
  opensAt: time,
  closesAt: time,
  cap: rupees,
  budget: rupees,
  places: z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ error: 'programmes.errors.places' })
      .int({ error: 'programmes.errors.places' })
      .min(1, { error: 'programmes.errors.places' })
      .max(100_000, { error: 'programmes.errors.places' })
      .optional(),
  ),
})
const DefinitionForm = z.object({ definition: text(200_000, 'programmes.errors.definition') })
const AssignForm = z.object({ reviewerId: z.uuid({ error: 'programmes.errors.reviewer' }) })
const ConsensusForm = z.object({ reportEn: text(8000, 'programmes.errors.report'), reportUr: optionalText(8000) })
const DecisionForm = z.object({
  outcome: z.enum(outcomes, { error: 'programmes.errors.outcome' }),
  amount: rupees,
  reasonEn: text(4000, 'programmes.errors.reason'),
  reasonUr: optionalText(4000),
})
const AnswerForm = z.object({
  answer: text(4000, 'programmes.errors.answer'),
  upheld: z.enum(['yes', 'no'], { error: 'programmes.errors.upheld' }),
})

const PlanForm = z.object({
  conditions: text(8000, 'programmes.errors.conditions'),
  parameters: text(8000, 'programmes.errors.parameters'),
  startsOn: z.preprocess(blankToUndefined, z.iso.date({ error: 'register.errors.date' })),
  endsOn: z.preprocess(blankToUndefined, z.iso.date({ error: 'register.errors.date' })),
  contacts: text(2000, 'programmes.errors.contacts'),
})
const FundYearForm = z.object({
  fiscalYear: z.preprocess(
    blankToUndefined,
    z
      .string({ error: 'programmes.errors.fiscalYear' })
      .regex(/^\d{4}-\d{2}$/, { error: 'programmes.errors.fiscalYear' })
      .refine((y) => (Number(y.slice(0, 4)) + 1) % 100 === Number(y.slice(5)), { error: 'programmes.errors.fiscalYear' }),
  ),
  ignite: rupees.refine((v) => v !== undefined, { error: 'programmes.errors.amount' }),
  naif: rupees.refine((v) => v !== undefined, { error: 'programmes.errors.amount' }),
  source: text(500, 'programmes.errors.source'),
})
const NoteForm = z.object({ note: text(8000, 'programmes.errors.note') })
const SuspendForm = z.object({ reason: optionalText(2000) })
const ExitForm = z.object({
  outcome: z.enum(exitOutcomes, { error: 'programmes.errors.exitOutcome' }),
  activities: text(8000, 'programmes.errors.activities'),
  results: text(8000, 'programmes.errors.results'),
  lessons: text(8000, 'programmes.errors.lessons'),
})
const PaymentStepForm = z.object({
  step: z.enum(['approve', 'changes', 'decline'], { error: '400' }),
  reason: optionalText(1000),
  applicationId: z.uuid(),
})

const actorOf = (req: FastifyRequest): UserActor => req.actor!
const bodyOf = (req: FastifyRequest) => (req.body ?? {}) as Record<string, unknown>
const termsOf = (data: z.output<typeof CallForm>): calls.CallInput => ({
  ...data,
  capPaisa: data.cap,
  budgetPaisa: data.budget,
})

/** The staff's pages of one programme, each declaring that programme's own permission. */
export async function manageRoutes(app: FastifyInstance, deps: Deps, config: ProgrammeConfig) {
  const r = app.withTypeProvider<ZodTypeProvider>()
  const db = deps.db
  const { programme, manage: access } = config
  const base = `${config.path}/manage`
  const href = (req: FastifyRequest, path: string) => pageContext(req).href(`${base}${path}`)

  const managePage = async (
    req: FastifyRequest,
    csrf: string,
    errors: FieldErrors = {},
    values: Record<string, unknown> = {},
  ) => (
    <ManagePage
      ctx={pageContext(req)}
      csrf={csrf}
      config={config}
      calls={await calls.callsOf(db, req.actor, programme)}
      years={config.money ? await transparency.fundYears(db) : undefined}
      now={deps.clock.now()}
      errors={errors}
      values={values}
    />
  )

  r.get(base, { config: { access } }, async (req, reply) => sendPage(reply, await managePage(req, reply.generateCsrf())))

  if (config.money)
    r.post(`${base}/years`, { config: { access } }, async (req, reply) => {
      const parsed = parseForm(FundYearForm, req.body)
      const errors = parsed.ok ? {} : { ...parsed.errors }
      if (parsed.ok && parsed.data.naif! > parsed.data.ignite!) errors.naif = 'programmes.errors.naifOverIgnite'
      if (!parsed.ok || Object.keys(errors).length)
        return sendPage(reply, await managePage(req, reply.generateCsrf(), errors, bodyOf(req)), 400)
      await transparency.recordFundYear(deps, actorOf(req), {
        fiscalYear: parsed.data.fiscalYear,
        igniteRndPaisa: parsed.data.ignite!,
        naifPaisa: parsed.data.naif!,
        source: parsed.data.source,
      })
      return reply.redirect(href(req, ''), 303)
    })

  const formPage = (req: FastifyRequest, csrf: string, values: Record<string, unknown>, errors: FieldErrors, callId?: string) => (
    <CallFormPage ctx={pageContext(req)} csrf={csrf} config={config} values={values} errors={errors} callId={callId} />
  )

  /** The terms as typed, checked field by field and then together (the window, the money, the places). */
  function readTerms(req: FastifyRequest, definition?: CallDefinition) {
    const parsed = parseForm(CallForm, req.body)
    if (!parsed.ok) return { errors: parsed.errors }
    const terms = termsOf(parsed.data)
    const template = definition ?? config.schemes[terms.scheme]?.template
    const errors = template ? calls.callProblems(programme, terms, template) : { scheme: 'programmes.errors.scheme' }
    return Object.keys(errors).length ? { errors } : { terms }
  }

  r.get(`${base}/calls/new`, { config: { access } }, async (req, reply) =>
    sendPage(reply, formPage(req, reply.generateCsrf(), { scheme: Object.keys(config.schemes)[0] }, {})),
  )

  r.post(`${base}/calls/new`, { config: { access } }, async (req, reply) => {
    const read = readTerms(req)
    if (!read.terms) return sendPage(reply, formPage(req, reply.generateCsrf(), bodyOf(req), read.errors), 400)
    const id = await calls.createCall(deps, actorOf(req), programme, read.terms)
    return reply.redirect(href(req, `/calls/${id}`), 303)
  })

  async function callAdminPage(
    req: FastifyRequest,
    id: string,
    csrf: string,
    errors: FieldErrors = {},
    values?: Record<string, unknown>,
  ) {
    const call = await calls.callOf(db, actorOf(req), programme, id)
    const panel = await decisions.callPanel(db, call, deps.clock.now())
    return (
      <CallAdminPage
        ctx={pageContext(req)}
        csrf={csrf}
        config={config}
        call={call}
        panel={panel}
        now={deps.clock.now()}
        errors={errors}
        values={values}
      />
    )
  }

  r.get(`${base}/calls/:id`, { config: { access }, schema: { params: IdParams } }, async (req, reply) =>
    sendPage(reply, await callAdminPage(req, req.params.id, reply.generateCsrf())),
  )

  r.post(`${base}/calls/:id`, { config: { access }, schema: { params: IdParams } }, async (req, reply) => {
    const call = await calls.callOf(db, actorOf(req), programme, req.params.id)
    const read = readTerms(req, call.definition)
    if (!read.terms)
      return sendPage(reply, await callAdminPage(req, req.params.id, reply.generateCsrf(), read.errors, bodyOf(req)), 400)
    await calls.updateCallTerms(deps, actorOf(req), programme, req.params.id, read.terms)
    return reply.redirect(href(req, `/calls/${req.params.id}`), 303)
  })

  r.post(`${base}/calls/:id/definition`, { config: { access }, schema: { params: IdParams } }, async (req, reply) => {
    const parsed = parseForm(DefinitionForm, req.body)
    let checked: ReturnType<typeof CallDefinition.safeParse> | undefined
    if (parsed.ok) {
      try {
        checked = CallDefinition.safeParse(JSON.parse(parsed.data.definition))
      } catch {
        checked = undefined
      }
    }
    if (!parsed.ok || !checked?.success) {
      const errors = parsed.ok ? { definition: 'programmes.errors.definition' } : parsed.errors
      const issues = checked && !checked.success ? checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) : []
      return sendPage(
        reply,
        await callAdminPage(req, req.params.id, reply.generateCsrf(), errors, { ...bodyOf(req), definitionIssues: issues }),
        400,
      )
    }
    await calls.replaceDefinition(deps, actorOf(req), programme, req.params.id, checked.data)
    return reply.redirect(href(req, `/calls/${req.params.id}`), 303)
  })

  r.post(`${base}/calls/:id/publish`, { config: { access }, schema: { params: IdParams } }, async (req, reply) => {
    await calls.publishCall(deps, actorOf(req), programme, req.params.id)
    return reply.redirect(href(req, `/calls/${req.params.id}`), 303)
  })

  async function applicationAdminPage(
    req: FastifyRequest,
    id: string,
    csrf: string,
    errors: FieldErrors = {},
    values?: Record<string, unknown>,
  ) {
    const data = await applicationFor(db, actorOf(req), id)
    if (data.view !== 'staff' || data.call.programme !== programme) throw new HttpError(404, '404')
    const [staffReviews, choices, panel, after, notes, attachments] = await Promise.all([
      reviews.reviewsForStaff(db, data.call, id),
      reviews.reviewerChoices(db, data.application),
      decisions.callPanel(db, data.call, deps.clock.now()),
      data.decision?.outcome === 'award' ? participation.participationOf(db, id) : undefined,
      participation.notesOf(db, actorOf(req), programme, id),
      attachmentsOf(db, id),
    ])
    return (
      <ApplicationAdminPage
        ctx={pageContext(req)}
        csrf={csrf}
        config={config}
        data={data}
        reviews={staffReviews}
        choices={choices}
        panel={panel}
        errors={errors}
        values={values}
        participation={after}
        notes={notes}
        attachments={attachments}
      />
    )
  }
  const back = (req: FastifyRequest, id: string) => href(req, `/applications/${id}`)

  r.get(`${base}/applications/:id`, { config: { access }, schema: { params: IdParams } }, async (req, reply) =>
    sendPage(reply, await applicationAdminPage(req, req.params.id, reply.generateCsrf())),
  )

  r.post(`${base}/applications/:id/assign`, { config: { access }, schema: { params: IdParams } }, async (req, reply) => {
    const parsed = parseForm(AssignForm, req.body)
    if (!parsed.ok)
      return sendPage(
        reply,
        await applicationAdminPage(req, req.params.id, reply.generateCsrf(), parsed.errors, bodyOf(req)),
        400,
      )
    await reviews.assignReviewer(deps, actorOf(req), programme, req.params.id, parsed.data.reviewerId)
    return reply.redirect(back(req, req.params.id), 303)
  })

  r.post(`${base}/applications/:id/consensus`, { config: { access }, schema: { params: IdParams } }, async (req, reply) => {
    const body = bodyOf(req)
    const data = await applicationFor(db, actorOf(req), req.params.id)
    const parsed = parseForm(ConsensusForm, body)
    const { scores, errors } = scoresFrom(body, data.call.definition.criteria)
    for (const c of data.call.definition.criteria) {
      if (!scores[c.id] && !errors[`score_${c.id}`]) errors[`score_${c.id}`] = 'programmes.errors.score'
      else if (scores[c.id] && !scores[c.id]!.comment) errors[`comment_${c.id}`] = 'programmes.errors.comment'
    }
    const all = { ...(parsed.ok ? {} : parsed.errors), ...errors }
    if (!parsed.ok || Object.keys(all).length)
      return sendPage(reply, await applicationAdminPage(req, req.params.id, reply.generateCsrf(), all, body), 400)
    await decisions.writeConsensus(deps, actorOf(req), programme, req.params.id, { scores, ...parsed.data })
    return reply.redirect(back(req, req.params.id), 303)
  })

  r.post(`${base}/applications/:id/decide`, { config: { access }, schema: { params: IdParams } }, async (req, reply) => {
    const parsed = parseForm(DecisionForm, req.body)
    if (!parsed.ok)
      return sendPage(
        reply,
        await applicationAdminPage(req, req.params.id, reply.generateCsrf(), parsed.errors, bodyOf(req)),
        400,
      )
    const result = await decisions.decide(deps, actorOf(req), programme, req.params.id, {
      ...parsed.data,
      amountPaisa: parsed.data.amount,
    })
    if (!result.ok) {
      const field = ['amountMissing', 'overRequested', 'overCap', 'overBudget'].includes(result.refusal.error)
        ? 'amount'
        : 'outcome'
      return sendPage(
        reply,
        await applicationAdminPage(
          req,
          req.params.id,
          reply.generateCsrf(),
          { [field]: `programmes.refusals.${result.refusal.error}` },
          {
            ...bodyOf(req),
            refusal: result.refusal,
          },
        ),
        409,
      )
    }
    return reply.redirect(back(req, req.params.id), 303)
  })

  r.post(`${base}/applications/:id/notes`, { config: { access }, schema: { params: IdParams } }, async (req, reply) => {
    const parsed = parseForm(NoteForm, req.body)
    if (!parsed.ok)
      return sendPage(
        reply,
        await applicationAdminPage(req, req.params.id, reply.generateCsrf(), parsed.errors, bodyOf(req)),
        400,
      )
    await participation.addNote(deps, actorOf(req), programme, req.params.id, parsed.data.note)
    return reply.redirect(back(req, req.params.id), 303)
  })

  // After an award: the sandbox's plan, suspension and exit; the fund's milestones and payments.
  const fail = async (req: FastifyRequest, reply: FastifyReply, id: string, errors: FieldErrors) =>
    sendPage(reply, await applicationAdminPage(req, id, reply.generateCsrf(), errors, bodyOf(req)), 400)

  if (!config.money) {
    r.post(`${base}/applications/:id/plan`, { config: { access }, schema: { params: IdParams } }, async (req, reply) => {
      const parsed = parseForm(PlanForm, req.body)
      if (!parsed.ok) return fail(req, reply, req.params.id, parsed.errors)
      if (parsed.data.endsOn <= parsed.data.startsOn)
        return fail(req, reply, req.params.id, { endsOn: 'programmes.errors.endsBeforeStarts' })
      await participation.proposePlan(deps, actorOf(req), req.params.id, parsed.data)
      return reply.redirect(back(req, req.params.id), 303)
    })

    r.post(`${base}/applications/:id/suspend`, { config: { access }, schema: { params: IdParams } }, async (req, reply) => {
      const parsed = parseForm(SuspendForm, req.body)
      if (!parsed.ok) return fail(req, reply, req.params.id, parsed.errors)
      await participation.suspend(deps, actorOf(req), req.params.id, parsed.data.reason ?? null)
      return reply.redirect(back(req, req.params.id), 303)
    })

    r.post(`${base}/applications/:id/exit`, { config: { access }, schema: { params: IdParams } }, async (req, reply) => {
      const parsed = parseForm(ExitForm, req.body)
      if (!parsed.ok) return fail(req, reply, req.params.id, parsed.errors)
      await participation.writeExit(deps, actorOf(req), req.params.id, parsed.data)
      return reply.redirect(back(req, req.params.id), 303)
    })

    r.post(`${base}/applications/:id/exit/consent`, { config: { access }, schema: { params: IdParams } }, async (req, reply) => {
      await participation.consentToExit(deps, actorOf(req), req.params.id, 'directorate')
      return reply.redirect(back(req, req.params.id), 303)
    })
  } else {
    r.post(`${base}/applications/:id/milestones`, { config: { access }, schema: { params: IdParams } }, async (req, reply) => {
      const { milestones, errors } = milestonesFrom(bodyOf(req))
      if (Object.keys(errors).length || !milestones.length)
        return fail(req, reply, req.params.id, Object.keys(errors).length ? errors : { title_0: 'programmes.errors.milestone' })
      const { decision } = await applicationFor(db, actorOf(req), req.params.id)
      if (decision?.amountPaisa && milestonesOverAward(decision.amountPaisa, milestones))
        return fail(req, reply, req.params.id, { amount_0: 'programmes.refusals.milestonesOverAward' })
      await participation.setMilestones(deps, actorOf(req), req.params.id, milestones)
      return reply.redirect(back(req, req.params.id), 303)
    })

    r.post(`${base}/payments/:id`, { config: { access }, schema: { params: IdParams } }, async (req, reply) => {
      const parsed = parseForm(PaymentStepForm, req.body)
      if (!parsed.ok) throw new HttpError(400, '400')
      await participation.decidePayment(deps, actorOf(req), req.params.id, parsed.data.step, parsed.data.reason, 'staff')
      return reply.redirect(back(req, parsed.data.applicationId), 303)
    })
  }

  r.post(
    `${base}/applications/:id/redress/:redressId`,
    { config: { access }, schema: { params: z.object({ id: z.uuid(), redressId: z.uuid() }) } },
    async (req, reply) => {
      const parsed = parseForm(AnswerForm, req.body)
      if (!parsed.ok)
        return sendPage(
          reply,
          await applicationAdminPage(req, req.params.id, reply.generateCsrf(), parsed.errors, bodyOf(req)),
          400,
        )
      await decisions.answerRedress(deps, actorOf(req), programme, req.params.redressId, {
        answer: parsed.data.answer,
        upheld: parsed.data.upheld === 'yes',
      })
      return reply.redirect(back(req, req.params.id), 303)
    },
  )
}
