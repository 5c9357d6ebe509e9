import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { Deps } from '../../platform/deps.ts'
import { HttpError } from '../../platform/errors.ts'
import { parseForm, type FieldErrors } from '../../platform/forms.tsx'
import { pageContext, sendPage } from '../../platform/page.ts'
import { pakistanToday } from '../../platform/work-queue.ts'
import {
  callablePeriods,
  callCompleteness,
  CallForm,
  callProblems,
  dataCallsList,
  findCall,
  openDataCall,
  remindBody,
  remindedByHandOn,
} from './data-calls.service.ts'
import { policyData, type Tracker } from './progress.service.ts'
import { DataCallPage, DataCallsPage } from './views/data-calls.tsx'

const CallParams = z.object({ id: z.uuid() })

/**
 * Data calls: the Cell asks every lead body for a period's figures and ratings; anyone sees who has answered, since
 * the tracker is only as good as what the bodies give it.
 */
export async function dataCallsRoutes(app: FastifyInstance, deps: Deps, tracker: Tracker) {
  const r = app.withTypeProvider<ZodTypeProvider>()

  async function callsPage(
    req: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, unknown> = {},
    errors: FieldErrors = {},
  ) {
    const calls = await Promise.all(
      (await dataCallsList(deps.db)).map(async (call) => {
        const bodies = await callCompleteness(tracker, call)
        return { call, answered: bodies.filter((b) => b.complete).length, bodies: bodies.length }
      }),
    )
    const periods = await callablePeriods(deps.db, pakistanToday(deps.clock))
    return sendPage(
      reply,
      <DataCallsPage
        ctx={pageContext(req)}
        csrf={reply.generateCsrf()}
        calls={calls}
        periods={periods}
        values={values}
        errors={errors}
      />,
      Object.keys(errors).length ? 400 : 200,
    )
  }

  r.get('/progress/calls', { config: { access: 'public' } }, (req, reply) => callsPage(req, reply))

  r.post('/progress/calls', { config: { access: 'progress.report' } }, async (req, reply) => {
    const values = (req.body ?? {}) as Record<string, unknown>
    const parsed = parseForm(CallForm, req.body)
    if (!parsed.ok) return callsPage(req, reply, values, parsed.errors)
    const problems = await callProblems(deps.db, parsed.data, pakistanToday(deps.clock))
    if (Object.keys(problems).length) return callsPage(req, reply, values, problems)
    const id = await openDataCall(deps, tracker, req.actor!, parsed.data)
    return reply.redirect(pageContext(req).href(`/progress/calls/${id}`), 303)
  })

  r.get('/progress/calls/:id', { config: { access: 'public' }, schema: { params: CallParams } }, async (req, reply) => {
    const call = await findCall(deps.db, req.params.id)
    if (!call) throw new HttpError(404, '404')
    const ctx = pageContext(req)
    const today = pakistanToday(deps.clock)
    const bodies = await callCompleteness(tracker, call)
    const remindable = new Set(
      ctx.can('progress.report')
        ? bodies.filter((b) => !b.complete && !remindedByHandOn(b.notices, today)).map((b) => b.organisationId)
        : [],
    )
    return sendPage(
      reply,
      <DataCallPage
        ctx={ctx}
        csrf={reply.generateCsrf()}
        call={call}
        bodies={bodies}
        data={policyData()}
        today={today}
        remindable={remindable}
      />,
    )
  })

  r.post(
    '/progress/calls/:id/remind/:org',
    { config: { access: 'progress.report' }, schema: { params: CallParams.extend({ org: z.uuid() }) } },
    async (req, reply) => {
      await remindBody(deps, tracker, req.actor!, req.params.id, req.params.org)
      return reply.redirect(pageContext(req).href(`/progress/calls/${req.params.id}#body-${req.params.org}`), 303)
    },
  )
}
