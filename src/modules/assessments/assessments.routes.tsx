import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { Deps } from '../../platform/deps.ts'
import { HttpError } from '../../platform/errors.ts'
import { blankToUndefined, NumberParams, parseForm, type FieldErrors } from '../../platform/forms.tsx'
import { pageContext, sendFragment, sendPage } from '../../platform/page.ts'
import type { UserActor } from '../../platform/rbac.ts'
import { publishedSystem } from '../register/register.service.ts'
import { publishedText } from '../../platform/personal-data.ts'
import { AssessmentOut, assessmentOut } from './assessments.open-data.ts'
import * as service from './assessments.service.ts'
import { QuestionnaireDefinition, type Questionnaire } from './questionnaire.ts'
import { Id, visibleQuestions, type Answers } from '../../platform/questions.ts'
import {
  AssessmentReviewPage,
  AssessmentSectionPage,
  AssessmentSummaryPage,
  PublicAssessmentPage,
  SectionBody,
} from './views/assessment.tsx'

const IdParams = z.object({ id: z.uuid() })
/** The framework a body chose to answer, when more than one is active; the national one otherwise. */
const StartForm = z.object({ framework: z.preprocess(blankToUndefined, Id.optional()) })
const SectionParams = IdParams.extend({ section: Id })
const text = (max: number) => z.preprocess(blankToUndefined, z.string().max(max, { error: 'register.errors.tooLong' }).optional())
// The summary is published with the accepted assessment.
const SummaryForm = z.object({ summaryEn: publishedText(2000), summaryUr: publishedText(2000) })
const NoteForm = z.object({ note: text(1000) })
const ReturnForm = z.object({
  comment: z.preprocess(
    blankToUndefined,
    z.string({ error: 'assessments.errors.comment' }).max(4000, { error: 'register.errors.tooLong' }),
  ),
})

const actorOf = (req: FastifyRequest): UserActor => req.actor!

/**
 * Form fields to answers: each question's chosen option ids, whether one box or many were ticked, or what was typed.
 * The questionnaire reads them for each question's kind; nothing is cut here, so a long text is reported, not lost.
 */
function answersFrom(body: unknown): Answers {
  const out: Answers = {}
  for (const [k, v] of Object.entries((body ?? {}) as Record<string, unknown>)) {
    if (k === '_csrf') continue
    const list = [v].flat().filter((x): x is string => typeof x === 'string')
    if (list.length) out[k] = list
  }
  return out
}

/** The saved answers with one section's as the form gave them, to show a refused form as it was sent. */
function typedInto(saved: Answers, questionnaire: Questionnaire, sectionId: string, given: Answers): Answers {
  const answers = { ...saved }
  for (const q of questionnaire.sections.find((s) => s.id === sectionId)?.questions ?? []) {
    if (given[q.id]) answers[q.id] = given[q.id]!
    else delete answers[q.id]
  }
  return answers
}

export async function assessmentsRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>()
  const db = deps.db

  r.post(
    '/register/manage/:id/assessment',
    { config: { access: 'assessments.fill' }, schema: { params: IdParams } },
    async (req, reply) => {
      const parsed = parseForm(StartForm, req.body ?? {})
      if (!parsed.ok) throw new HttpError(400, '400')
      const id = await service.startAssessment(deps, actorOf(req), req.params.id, parsed.data.framework)
      return reply.redirect(pageContext(req).href(`/assessments/${id}`), 303)
    },
  )

  async function summaryPage(
    req: FastifyRequest,
    id: string,
    csrf: string,
    errors: FieldErrors = {},
    values: Record<string, unknown> = {},
  ) {
    const { assessment, system, questionnaire, score } = await service.assessmentFor(db, actorOf(req), 'assessments.fill', id)
    const shown = { summaryEn: assessment.summaryEn ?? undefined, summaryUr: assessment.summaryUr ?? undefined, ...values }
    return (
      <AssessmentSummaryPage
        ctx={pageContext(req)}
        csrf={csrf}
        assessment={assessment}
        system={system}
        questionnaire={questionnaire}
        score={score}
        errors={errors}
        values={shown}
      />
    )
  }

  r.get('/assessments/:id', { config: { access: 'assessments.fill' }, schema: { params: IdParams } }, async (req, reply) =>
    sendPage(reply, await summaryPage(req, req.params.id, reply.generateCsrf())),
  )

  r.get(
    '/assessments/:id/sections/:section',
    {
      config: { access: 'assessments.fill' },
      schema: { params: SectionParams, querystring: z.object({ appeared: z.literal('1').optional() }) },
    },
    async (req, reply) => {
      const { assessment, system, questionnaire } = await service.assessmentFor(
        db,
        actorOf(req),
        'assessments.fill',
        req.params.id,
      )
      if (!questionnaire.sections.some((s) => s.id === req.params.section)) throw new HttpError(404, '404')
      if (assessment.state !== 'draft' && assessment.state !== 'returned') throw new HttpError(409, 'assessmentLocked')
      const page = (
        <AssessmentSectionPage
          ctx={pageContext(req)}
          csrf={reply.generateCsrf()}
          id={assessment.id}
          system={system}
          questionnaire={questionnaire}
          sectionId={req.params.section}
          answers={assessment.answers}
          errors={{}}
          appeared={req.query.appeared === '1'}
        />
      )
      return sendPage(reply, page)
    },
  )

  r.post(
    '/assessments/:id/sections/:section',
    { config: { access: 'assessments.fill' }, schema: { params: SectionParams } },
    async (req, reply) => {
      const { id, section } = req.params
      const before = await service.assessmentFor(db, actorOf(req), 'assessments.fill', id)
      const given = answersFrom(req.body)
      const saved = await service.saveSection(deps, actorOf(req), id, section, given)
      if (!saved.ok) {
        // The section comes back with what was typed and each problem beside its question; nothing was saved.
        const page = (
          <AssessmentSectionPage
            ctx={pageContext(req)}
            csrf={reply.generateCsrf()}
            id={id}
            system={before.system}
            questionnaire={before.questionnaire}
            sectionId={section}
            answers={typedInto(before.assessment.answers, before.questionnaire, section, given)}
            errors={saved.errors}
            appeared={false}
          />
        )
        return sendPage(reply, page, 400)
      }
      const { assessment, questionnaire } = await service.assessmentFor(db, actorOf(req), 'assessments.fill', id)
      // An answer may have revealed a question in this very section: without JavaScript, the page comes back to ask it.
      const sectionQuestions = new Set(questionnaire.sections.find((s) => s.id === section)!.questions.map((q) => q.id))
      const shownBefore = new Set(visibleQuestions(questionnaire, before.assessment.answers).map((q) => q.id))
      const appeared = visibleQuestions(questionnaire, assessment.answers).some(
        (q) => sectionQuestions.has(q.id) && !shownBefore.has(q.id) && !assessment.answers[q.id],
      )
      const ctx = pageContext(req)
      if (appeared) return reply.redirect(`${ctx.href(`/assessments/${id}/sections/${section}`)}?appeared=1`, 303)
      const next = questionnaire.sections[questionnaire.sections.findIndex((s) => s.id === section) + 1]
      return reply.redirect(ctx.href(next ? `/assessments/${id}/sections/${next.id}` : `/assessments/${id}`), 303)
    },
  )

  // What the section would show with these answers, unsaved: htmx swaps it in as answers change.
  r.post(
    '/assessments/:id/sections/:section/preview',
    { config: { access: 'assessments.fill' }, schema: { params: SectionParams } },
    async (req, reply) => {
      const { assessment, questionnaire } = await service.assessmentFor(db, actorOf(req), 'assessments.fill', req.params.id)
      const section = questionnaire.sections.find((s) => s.id === req.params.section)
      if (!section) throw new HttpError(404, '404')
      const answers = typedInto(assessment.answers, questionnaire, section.id, answersFrom(req.body))
      return sendFragment(
        reply,
        <SectionBody ctx={pageContext(req)} questionnaire={questionnaire} sectionId={section.id} answers={answers} errors={{}} />,
      )
    },
  )

  r.post(
    '/assessments/:id/submit',
    { config: { access: 'assessments.fill' }, schema: { params: IdParams } },
    async (req, reply) => {
      const parsed = parseForm(SummaryForm, req.body)
      const values = (req.body ?? {}) as Record<string, unknown>
      if (!parsed.ok)
        return sendPage(reply, await summaryPage(req, req.params.id, reply.generateCsrf(), parsed.errors, values), 400)
      const outcome = await service.submitAssessment(deps, actorOf(req), req.params.id, {
        en: parsed.data.summaryEn,
        ur: parsed.data.summaryUr,
      })
      if (outcome.ok) return reply.redirect(pageContext(req).href(`/assessments/${req.params.id}`), 303)
      const errors: FieldErrors =
        outcome.reason === 'summary'
          ? { summaryEn: 'assessments.errors.summary' }
          : { sections: `assessments.errors.${outcome.reason}` }
      return sendPage(reply, await summaryPage(req, req.params.id, reply.generateCsrf(), errors, values), 400)
    },
  )

  async function reviewPage(
    req: FastifyRequest,
    id: string,
    csrf: string,
    errors: FieldErrors = {},
    values: Record<string, unknown> = {},
  ) {
    const { assessment, system, questionnaire } = await service.assessmentFor(db, actorOf(req), 'assessments.review', id)
    if (assessment.state !== 'submitted') throw new HttpError(409, 'assessmentNotSubmitted')
    return (
      <AssessmentReviewPage
        ctx={pageContext(req)}
        csrf={csrf}
        assessment={assessment}
        system={system}
        questionnaire={questionnaire}
        errors={errors}
        values={values}
      />
    )
  }

  r.get(
    '/assessments/:id/review',
    { config: { access: 'assessments.review' }, schema: { params: IdParams } },
    async (req, reply) => sendPage(reply, await reviewPage(req, req.params.id, reply.generateCsrf())),
  )

  r.post(
    '/assessments/:id/accept',
    { config: { access: 'assessments.review' }, schema: { params: IdParams } },
    async (req, reply) => {
      const parsed = parseForm(NoteForm, req.body)
      if (!parsed.ok)
        return sendPage(
          reply,
          await reviewPage(req, req.params.id, reply.generateCsrf(), parsed.errors, (req.body ?? {}) as Record<string, unknown>),
          400,
        )
      await service.acceptAssessment(deps, actorOf(req), req.params.id, parsed.data.note)
      return reply.redirect(pageContext(req).href('/register/review'), 303)
    },
  )

  r.post(
    '/assessments/:id/return',
    { config: { access: 'assessments.review' }, schema: { params: IdParams } },
    async (req, reply) => {
      const parsed = parseForm(ReturnForm, req.body)
      if (!parsed.ok)
        return sendPage(
          reply,
          await reviewPage(req, req.params.id, reply.generateCsrf(), parsed.errors, (req.body ?? {}) as Record<string, unknown>),
          400,
        )
      await service.returnAssessment(deps, actorOf(req), req.params.id, parsed.data.comment)
      return reply.redirect(pageContext(req).href('/register/review'), 303)
    },
  )

  r.get(
    '/register/:number/assessment',
    {
      config: { access: 'public' },
      schema: { params: NumberParams },
    },
    async (req, reply) => {
      const system = await publishedSystem(db, req.params.number)
      const shown = system?.assessmentId ? await service.publishedAssessment(db, system.assessmentId) : undefined
      if (!system || !shown) throw new HttpError(404, '404')
      return sendPage(
        reply,
        <PublicAssessmentPage
          ctx={pageContext(req)}
          number={req.params.number}
          system={system}
          assessment={shown.assessment}
          questionnaire={shown.questionnaire}
          version={shown.version}
        />,
      )
    },
  )

  r.get(
    '/api/v1/systems/:number/assessment',
    {
      config: { access: 'public' },
      schema: {
        tags: ['Impact assessments'],
        summary: "A published AI system's accepted impact assessment",
        description:
          'The framework and version it answered, the level and the score as stored when it was answered, the ' +
          'explanation part by part, and the answers the public may read (typed answers only where the framework publishes them).',
        params: NumberParams,
        response: { 200: AssessmentOut, 404: z.object({ error: z.string(), message: z.string() }) },
      },
    },
    async (req, reply) => {
      const system = await publishedSystem(db, req.params.number)
      const shown = system?.assessmentId ? await service.publishedAssessment(db, system.assessmentId) : undefined
      if (!system || !shown) throw new HttpError(404, '404')
      return reply
        .header('cache-control', 'public, max-age=60')
        .send(assessmentOut(req.params.number, shown, deps.config.publicUrl))
    },
  )

  // --- questionnaire versions ---------------------------------------------------------------

  // The definition format, generated from the very schema that checks uploads, so that authors' tools read the truth.
  const definitionSchema = JSON.stringify(
    z.toJSONSchema(QuestionnaireDefinition, { io: 'input', target: 'draft-2020-12', cycles: 'ref', unrepresentable: 'any' }),
  )
  r.get('/api/v1/questionnaire-definition.schema.json', { config: { access: 'public' } }, async (_req, reply) =>
    reply.type('application/schema+json; charset=utf-8').header('cache-control', 'public, max-age=3600').send(definitionSchema),
  )
}
