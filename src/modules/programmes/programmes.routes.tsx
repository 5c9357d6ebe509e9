import { stringify } from 'csv-stringify/sync'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { barChart } from '../../platform/charts.ts'
import type { Deps } from '../../platform/deps.ts'
import { HttpError } from '../../platform/errors.ts'
import { FileRefused } from '../../platform/files.ts'
import { singleFile } from '../../platform/multipart.ts'
import { blankToUndefined, parseForm, type FieldErrors } from '../../platform/forms.tsx'
import { pageContext, sendPage } from '../../platform/page.ts'
import { paisaOf } from '../../platform/numbers.ts'
import { publishedText } from '../../platform/personal-data.ts'
import { readAnswers, visibleQuestions } from '../../platform/questions.ts'
import type { UserActor } from '../../platform/rbac.ts'
import { pakistanToday } from '../../platform/work-queue.ts'
import { provinces } from '../accounts/accounts.vocabulary.ts'
import { sectors } from '../register/register.record.ts'
import * as applications from './applications.service.ts'
import * as calls from './calls.service.ts'
import * as decisions from './decisions.service.ts'
import * as participation from './participation.service.ts'
import { manageRoutes } from './programmes-manage.routes.tsx'
import { answersFrom, budgetFrom, optionalText, scoresFrom, text, ticked } from './programmes.forms.ts'
import { programmeConfigs } from './programmes.config.ts'
import { conflictKinds, outputKinds, programmes, recommendations } from './programmes.vocabulary.ts'
import * as reviews from './reviews.service.ts'
import * as transparency from './transparency.service.ts'
import { ApplicationPage, ApplicationsPage } from './views/application.tsx'
import { FinancePage } from './views/finance.tsx'
import { AwardPage, AwardsPage } from './views/public.tsx'
import { CallPage, ProgrammePage } from './views/calls.tsx'
import { ReviewPage, ReviewsPage } from './views/review.tsx'

const IdParams = z.object({ id: z.uuid() })
const StartForm = z.object({ titleEn: text(300, 'programmes.errors.title') })
const DraftForm = z.object({
  titleEn: text(300, 'programmes.errors.title'),
  titleUr: optionalText(300),
  summaryEn: publishedText(300),
  summaryUr: publishedText(300),
  sectors: ticked(sectors, 'programmes.errors.sectors'),
  province: z.enum(provinces, { error: 'programmes.errors.province' }),
  supervisorEmail: z.preprocess(blankToUndefined, z.email({ error: 'programmes.errors.email' }).optional()),
  action: z.enum(['save', 'submit']).default('save'),
})
const DeclareForm = z.object({
  conflict: z.enum([...conflictKinds, 'none'], { error: 'programmes.errors.conflict' }),
  conflictNote: optionalText(1000),
})
const RedressForm = z.object({ ground: text(4000, 'programmes.errors.ground') })
const FinanceStepForm = z.object({ step: z.enum(['approve', 'changes', 'decline', 'paid']), reason: optionalText(1000) })
const ReportForm = z.object({ body: optionalText(20_000) })
const OutputForm = z.object({
  kind: z.enum(outputKinds, { error: 'programmes.errors.outputKind' }),
  title: text(300, 'programmes.errors.outputTitle'),
  url: z.preprocess(
    blankToUndefined,
    z
      .url({ protocol: /^https?$/, error: 'programmes.errors.url' })
      .max(2000)
      .optional(),
  ),
  count: z.preprocess(
    (v) => blankToUndefined(v) ?? '1',
    z.coerce
      .number({ error: 'programmes.errors.count' })
      .int({ error: 'programmes.errors.count' })
      .min(1, { error: 'programmes.errors.count' })
      .max(1_000_000, { error: 'programmes.errors.count' }),
  ),
})

const actorOf = (req: FastifyRequest): UserActor => req.actor!
const bodyOf = (req: FastifyRequest) => (req.body ?? {}) as Record<string, unknown>

export async function programmesRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>()
  const db = deps.db

  for (const programme of programmes) {
    const config = programmeConfigs[programme]

    r.get(config.path, { config: { access: 'public' } }, async (req, reply) =>
      sendPage(
        reply,
        <ProgrammePage
          ctx={pageContext(req)}
          config={config}
          calls={await calls.callsOf(req.reads, req.actor, programme)}
          now={deps.clock.now()}
        />,
      ),
    )

    async function callPage(req: FastifyRequest, id: string, csrf: string, errors: FieldErrors = {}, values = {}) {
      const call = await calls.callOf(req.reads, req.actor, programme, id)
      return <CallPage ctx={pageContext(req)} csrf={csrf} call={call} now={deps.clock.now()} errors={errors} values={values} />
    }

    r.get(`${config.path}/calls/:id`, { config: { access: 'public' }, schema: { params: IdParams } }, async (req, reply) =>
      sendPage(reply, await callPage(req, req.params.id, reply.generateCsrf())),
    )

    r.post(
      `${config.path}/calls/:id/apply`,
      { config: { access: 'programmes.apply' }, schema: { params: IdParams } },
      async (req, reply) => {
        const parsed = parseForm(StartForm, req.body)
        if (!parsed.ok)
          return sendPage(reply, await callPage(req, req.params.id, reply.generateCsrf(), parsed.errors, bodyOf(req)), 400)
        const id = await applications.startApplication(deps, actorOf(req), programme, req.params.id, parsed.data.titleEn)
        return reply.redirect(pageContext(req).href(`/programmes/applications/${id}`), 303)
      },
    )

    const list = `${config.path}/${config.publicList}`
    r.get(list, { config: { access: 'public' } }, async (req, reply) => {
      const awards = await transparency.publicAwards(req.reads, programme)
      const totals = transparency.totalsByYear(awards)
      const t = req.t
      const chart =
        config.money && totals.length
          ? await barChart({
              locale: req.locale,
              values: [...totals].reverse().map((y) => ({ label: y.year, value: y.projects + y.theses })),
              xTitle: t('programmes.public.fiscalYear'),
              yTitle: t('programmes.public.awardsMade'),
            })
          : null
      return sendPage(reply, <AwardsPage ctx={pageContext(req)} config={config} awards={awards} totals={totals} chart={chart} />)
    })

    const openData = async (req: FastifyRequest) =>
      (await transparency.publicAwards(req.reads, programme)).map((a) =>
        transparency.awardOut(a, programme, deps.config.publicUrl),
      )
    const fileName = (ext: string) =>
      `attachment; filename="mizan-${programme}-${config.publicList}-${pakistanToday(deps.clock)}.${ext}"`

    r.get(`${list}.csv`, { config: { access: 'public' } }, async (req, reply) =>
      reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', fileName('csv'))
        // A byte-order mark so that spreadsheet programs read Urdu as UTF-8; formulas are escaped so no cell runs as one.
        .send(
          stringify(await openData(req), {
            header: true,
            columns: [...transparency.openDataFields],
            bom: true,
            escape_formulas: true,
          }),
        ),
    )

    r.get(`${list}.json`, { config: { access: 'public' } }, async (req, reply) =>
      reply
        .type('application/json; charset=utf-8')
        .header('content-disposition', fileName('json'))
        .send(JSON.stringify(await openData(req))),
    )

    r.get(`${list}/:id`, { config: { access: 'public' }, schema: { params: IdParams } }, async (req, reply) =>
      sendPage(
        reply,
        <AwardPage
          ctx={pageContext(req)}
          config={config}
          data={await transparency.publicParticipant(req.reads, programme, req.params.id)}
        />,
      ),
    )

    await manageRoutes(app, deps, config)
  }

  // The fund's open data in the grants interchange that grant dashboards read (DAOIP-5).
  r.get('/fund/daoip5/grant-pools.json', { config: { access: 'public' } }, async (req, reply) =>
    reply
      .type('application/ld+json; charset=utf-8')
      .send(JSON.stringify(await transparency.daoip5Pools(req.reads, deps.config.publicUrl, deps.clock.now()))),
  )
  r.get('/fund/daoip5/applications.json', { config: { access: 'public' } }, async (req, reply) =>
    reply
      .type('application/ld+json; charset=utf-8')
      .send(JSON.stringify(await transparency.daoip5Applications(req.reads, deps.config.publicUrl))),
  )

  r.get('/fund/finance', { config: { access: 'programmes.finance' } }, async (req, reply) =>
    sendPage(
      reply,
      <FinancePage ctx={pageContext(req)} csrf={reply.generateCsrf()} rows={await participation.financeQueue(db)} />,
    ),
  )

  r.post(
    '/fund/finance/payments/:id',
    { config: { access: 'programmes.finance' }, schema: { params: IdParams } },
    async (req, reply) => {
      const parsed = parseForm(FinanceStepForm, req.body)
      if (!parsed.ok) throw new HttpError(400, '400')
      await participation.decidePayment(deps, actorOf(req), req.params.id, parsed.data.step, parsed.data.reason, 'finance')
      return reply.redirect(pageContext(req).href('/fund/finance'), 303)
    },
  )

  r.get('/programmes/applications', { config: { access: 'programmes.apply' } }, async (req, reply) =>
    sendPage(reply, <ApplicationsPage ctx={pageContext(req)} rows={await applications.applicationsFor(db, actorOf(req))} />),
  )

  async function applicationPage(
    req: FastifyRequest,
    id: string,
    csrf: string,
    errors: FieldErrors = {},
    values?: Record<string, unknown>,
  ) {
    const data = await applications.applicationFor(db, actorOf(req), id)
    const problems =
      data.view === 'applicant' && data.application.state === 'draft'
        ? applications.submissionProblems(data.call, data.application, data.lines, deps.clock.now())
        : {}
    const after = data.decision?.outcome === 'award' ? await participation.participationOf(db, id) : undefined
    const attachments = await applications.attachmentsOf(db, id)
    return (
      <ApplicationPage
        ctx={pageContext(req)}
        csrf={csrf}
        data={data}
        errors={errors}
        values={values}
        outstanding={problems}
        participation={after}
        attachments={attachments}
      />
    )
  }

  r.get(
    '/programmes/applications/:id',
    { config: { access: 'account.self' }, schema: { params: IdParams } },
    async (req, reply) => {
      const data = await applications.applicationFor(db, actorOf(req), req.params.id)
      if (data.view === 'staff')
        return reply.redirect(
          pageContext(req).href(`${programmeConfigs[data.call.programme].path}/manage/applications/${req.params.id}`),
          303,
        )
      return sendPage(reply, await applicationPage(req, req.params.id, reply.generateCsrf()))
    },
  )

  r.post(
    '/programmes/applications/:id',
    { config: { access: 'programmes.apply' }, schema: { params: IdParams } },
    async (req, reply) => {
      const body = bodyOf(req)
      const { call } = await applications.applicationFor(db, actorOf(req), req.params.id)
      const parsed = parseForm(DraftForm, body)
      const questions = call.definition.form.sections.flatMap((s) => s.questions)
      const given = answersFrom(body, new Set(questions.map((q) => q.id)))
      const read = readAnswers(visibleQuestions(call.definition.form, given), given)
      const budget = programmeConfigs[call.programme].money ? budgetFrom(body) : { lines: [], errors: {} }
      const errors = { ...(parsed.ok ? {} : parsed.errors), ...read.errors, ...budget.errors }
      if (!parsed.ok || Object.keys(errors).length)
        return sendPage(reply, await applicationPage(req, req.params.id, reply.generateCsrf(), errors, body), 400)
      const saved = await applications.saveDraft(deps, actorOf(req), req.params.id, {
        ...parsed.data,
        answers: read.answers,
        lines: budget.lines,
      })
      if (Object.keys(saved).length)
        return sendPage(reply, await applicationPage(req, req.params.id, reply.generateCsrf(), saved, body), 400)
      if (parsed.data.action === 'submit') {
        const problems = await applications.submitApplication(deps, actorOf(req), req.params.id)
        if (Object.keys(problems).length)
          return sendPage(reply, await applicationPage(req, req.params.id, reply.generateCsrf(), problems), 409)
      }
      const done = parsed.data.action === 'submit' ? '?submitted=1' : '?saved=1'
      return reply.redirect(pageContext(req).href(`/programmes/applications/${req.params.id}${done}`), 303)
    },
  )

  r.post(
    '/programmes/applications/:id/attachments',
    { config: { access: 'programmes.apply' }, schema: { params: IdParams } },
    async (req, reply) => {
      if (!req.isMultipart()) throw new HttpError(415, '415')
      const refuse = async (key: string, status: number) =>
        sendPage(reply, await applicationPage(req, req.params.id, reply.generateCsrf(), { attachment: key }), status)
      let file: { filename: string; bytes: Buffer } | undefined
      try {
        file = await singleFile(req, { fileSize: applications.ATTACHMENT_MAX_BYTES, files: 1 })
        if (!file?.bytes.length) return await refuse('programmes.errors.attachment', 400)
        await applications.attachFile(deps, actorOf(req), req.params.id, file)
      } catch (e) {
        // Too large or not a PDF, JPEG or PNG: said beside the field, and nothing is kept of it.
        if (e instanceof FileRefused || (e instanceof HttpError && e.statusCode === 413))
          return refuse(
            e.statusCode === 413 ? 'programmes.errors.attachmentSize' : 'programmes.errors.attachmentType',
            e.statusCode,
          )
        throw e
      }
      return reply.redirect(pageContext(req).href(`/programmes/applications/${req.params.id}`), 303)
    },
  )

  r.post(
    '/programmes/applications/:id/ask-endorsement',
    { config: { access: 'programmes.apply' }, schema: { params: IdParams } },
    async (req, reply) => {
      await applications.askEndorsement(deps, actorOf(req), req.params.id)
      return reply.redirect(pageContext(req).href(`/programmes/applications/${req.params.id}?asked=1`), 303)
    },
  )

  r.post(
    '/programmes/applications/:id/endorse',
    { config: { access: 'programmes.apply' }, schema: { params: IdParams } },
    async (req, reply) => {
      await applications.endorse(deps, actorOf(req), req.params.id)
      return reply.redirect(pageContext(req).href(`/programmes/applications/${req.params.id}`), 303)
    },
  )

  r.post(
    '/programmes/applications/:id/redress',
    { config: { access: 'programmes.apply' }, schema: { params: IdParams } },
    async (req, reply) => {
      const parsed = parseForm(RedressForm, req.body)
      if (!parsed.ok)
        return sendPage(reply, await applicationPage(req, req.params.id, reply.generateCsrf(), parsed.errors, bodyOf(req)), 400)
      await decisions.requestRedress(deps, actorOf(req), req.params.id, parsed.data.ground)
      return reply.redirect(pageContext(req).href(`/programmes/applications/${req.params.id}`), 303)
    },
  )

  // After an award: the participant's side of the plan, the exit report, reports, payments and outputs.
  const toApplication = (req: FastifyRequest, id: string) => pageContext(req).href(`/programmes/applications/${id}`)

  r.post(
    '/programmes/applications/:id/plan/accept',
    { config: { access: 'programmes.apply' }, schema: { params: IdParams } },
    async (req, reply) => {
      await participation.acceptPlan(deps, actorOf(req), req.params.id)
      return reply.redirect(toApplication(req, req.params.id), 303)
    },
  )

  r.post(
    '/programmes/applications/:id/exit/consent',
    { config: { access: 'programmes.apply' }, schema: { params: IdParams } },
    async (req, reply) => {
      await participation.consentToExit(deps, actorOf(req), req.params.id, 'participant')
      return reply.redirect(toApplication(req, req.params.id), 303)
    },
  )

  r.post(
    '/programmes/reports/:id',
    { config: { access: 'programmes.apply' }, schema: { params: IdParams } },
    async (req, reply) => {
      const parsed = parseForm(ReportForm, req.body)
      const submit = bodyOf(req).action === 'submit'
      if (!parsed.ok || (submit && !parsed.data.body)) {
        const applicationId = await participation.applicationOfReport(db, req.params.id)
        const errors = parsed.ok ? { body: 'programmes.errors.report' } : parsed.errors
        return sendPage(reply, await applicationPage(req, applicationId, reply.generateCsrf(), errors, bodyOf(req)), 400)
      }
      const applicationId = await participation.saveReport(deps, actorOf(req), req.params.id, parsed.data.body ?? '', submit)
      return reply.redirect(toApplication(req, applicationId), 303)
    },
  )

  r.post(
    '/programmes/milestones/:id/payments',
    { config: { access: 'programmes.apply' }, schema: { params: IdParams } },
    async (req, reply) => {
      const body = bodyOf(req)
      const applicationId = await participation.applicationOfMilestone(db, req.params.id)
      const amount = paisaOf(String(body[`amount_${req.params.id}`] ?? ''))
      const note = String(body[`note_${req.params.id}`] ?? '').trim()
      const errors: FieldErrors = {}
      if (amount === undefined || amount <= 0n) errors[`amount_${req.params.id}`] = 'programmes.errors.amount'
      if (!note || note.length > 1000)
        errors[`note_${req.params.id}`] = note ? 'register.errors.tooLong' : 'programmes.errors.paymentNote'
      if (Object.keys(errors).length)
        return sendPage(reply, await applicationPage(req, applicationId, reply.generateCsrf(), errors, body), 400)
      const { refusal } = await participation.requestPayment(deps, actorOf(req), req.params.id, amount!, note)
      if (refusal)
        return sendPage(
          reply,
          await applicationPage(
            req,
            applicationId,
            reply.generateCsrf(),
            { [`amount_${req.params.id}`]: `programmes.refusals.${refusal}` },
            body,
          ),
          409,
        )
      return reply.redirect(toApplication(req, applicationId), 303)
    },
  )

  r.post(
    '/programmes/applications/:id/outputs',
    { config: { access: 'programmes.apply' }, schema: { params: IdParams } },
    async (req, reply) => {
      const parsed = parseForm(OutputForm, req.body)
      if (!parsed.ok)
        return sendPage(reply, await applicationPage(req, req.params.id, reply.generateCsrf(), parsed.errors, bodyOf(req)), 400)
      await participation.recordOutput(deps, actorOf(req), req.params.id, parsed.data)
      return reply.redirect(toApplication(req, req.params.id), 303)
    },
  )

  r.get('/programmes/reviews', { config: { access: 'programmes.review' } }, async (req, reply) =>
    sendPage(reply, <ReviewsPage ctx={pageContext(req)} rows={await reviews.reviewsOf(db, actorOf(req))} />),
  )

  async function reviewPage(
    req: FastifyRequest,
    id: string,
    csrf: string,
    errors: FieldErrors = {},
    values?: Record<string, unknown>,
  ) {
    const data = await reviews.reviewFor(db, actorOf(req), id)
    return <ReviewPage ctx={pageContext(req)} csrf={csrf} data={data} errors={errors} values={values} />
  }

  r.get(
    '/programmes/reviews/:id',
    { config: { access: 'programmes.review' }, schema: { params: IdParams } },
    async (req, reply) => sendPage(reply, await reviewPage(req, req.params.id, reply.generateCsrf())),
  )

  r.post(
    '/programmes/reviews/:id/declare',
    { config: { access: 'programmes.review' }, schema: { params: IdParams } },
    async (req, reply) => {
      const parsed = parseForm(DeclareForm, req.body)
      if (!parsed.ok)
        return sendPage(reply, await reviewPage(req, req.params.id, reply.generateCsrf(), parsed.errors, bodyOf(req)), 400)
      await reviews.declare(deps, actorOf(req), req.params.id, parsed.data.conflict, parsed.data.conflictNote)
      return reply.redirect(pageContext(req).href(`/programmes/reviews/${req.params.id}`), 303)
    },
  )

  r.post(
    '/programmes/reviews/:id',
    { config: { access: 'programmes.review' }, schema: { params: IdParams } },
    async (req, reply) => {
      const body = bodyOf(req)
      const { call } = await reviews.reviewFor(db, actorOf(req), req.params.id)
      const { scores, errors } = scoresFrom(body, call.definition.criteria)
      const recommendation = z.enum(recommendations).optional().safeParse(blankToUndefined(body.recommendation))
      if (!recommendation.success) errors.recommendation = 'programmes.errors.recommendation'
      if (Object.keys(errors).length)
        return sendPage(reply, await reviewPage(req, req.params.id, reply.generateCsrf(), errors, body), 400)
      const submit = body.action === 'submit'
      const problems = await reviews.saveReview(
        deps,
        actorOf(req),
        req.params.id,
        { scores, recommendation: recommendation.data },
        submit,
      )
      if (Object.keys(problems).length)
        return sendPage(reply, await reviewPage(req, req.params.id, reply.generateCsrf(), problems, body), 400)
      return reply.redirect(pageContext(req).href(`/programmes/reviews/${req.params.id}${submit ? '' : '?saved=1'}`), 303)
    },
  )
}
