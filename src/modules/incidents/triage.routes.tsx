import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { Deps } from '../../platform/deps.ts'
import { HttpError } from '../../platform/errors.ts'
import { filesOf } from '../../platform/files.ts'
import { blankToUndefined, NumberParams, parseForm, type FieldErrors } from '../../platform/forms.tsx'
import { translator } from '../../platform/i18n.ts'
import { pageContext, sendPage } from '../../platform/page.ts'
import type { UserActor } from '../../platform/rbac.ts'
import { pakistanToday } from '../../platform/work-queue.ts'
import { provinces } from '../accounts/accounts.vocabulary.ts'
import { EVIDENCE_OWNER } from './incidents.service.ts'
import { harmKinds, outcomes, reportedSeverities, reportStates } from './incidents.vocabulary.ts'
import { redact, type Finding } from '../../platform/personal-data.ts'
import * as triage from './triage.service.ts'
import { IncidentsWorkPage, IncidentWorkPage, ReportsQueuePage, ReportTriagePage } from './views/triage.tsx'

/** Two weeks: the usual time a body is given to answer. */
const RESPONSE_DAYS = 14

const IdParams = z.object({ id: z.uuid() })
const required = (max: number, error: string) =>
  z.preprocess(blankToUndefined, z.string({ error }).max(max, { error: 'register.errors.tooLong' }))
const optional = (max: number) =>
  z.preprocess(blankToUndefined, z.string().max(max, { error: 'register.errors.tooLong' }).optional())
const number = (error: string) =>
  z.coerce
    .number({ error })
    .int({ error })
    .min(1, { error })
    .max(2 ** 31 - 1, { error })
const list = <T extends z.ZodType>(item: T) => z.preprocess((v) => (v === undefined ? [] : [v].flat()), z.array(item))

const OpenForm = z.object({
  titleEn: required(200, 'incidents.errors.title'),
  titleUr: optional(200),
  summaryEn: required(4000, 'incidents.errors.summary'),
  summaryUr: optional(4000),
  system: z.preprocess(blankToUndefined, number('incidents.errors.systemNumber').optional()),
  systemText: optional(200),
  harmKinds: list(z.enum(harmKinds, { error: 'incidents.errors.harm' })).refine((v) => v.length > 0, {
    error: 'incidents.errors.harm',
  }),
  severity: z.enum(reportedSeverities, { error: 'incidents.errors.severity' }),
  province: z.preprocess(blankToUndefined, z.enum(provinces, { error: 'incidents.errors.province' }).optional()),
  occurredOn: z.preprocess(blankToUndefined, z.iso.date({ error: 'incidents.errors.date' }).optional()),
  also: list(z.uuid()),
  checked: z.literal('yes', { error: 'incidents.errors.checked' }),
})
const LinkForm = z.object({ incident: z.preprocess(blankToUndefined, number('incidents.errors.incidentNumber')) })
const MergeForm = z.object({ into: z.uuid() })
const CloseForm = z.object({
  reason: z.enum(['spam', 'out_of_scope'], { error: 'incidents.errors.closeReason' }),
  note: optional(1000),
})
const ReferForm = z.object({ dueOn: z.preprocess(blankToUndefined, z.iso.date({ error: 'incidents.errors.date' })) })
const RespondForm = z.object({
  explanation: required(4000, 'incidents.errors.explanation'),
  remediation: optional(4000),
  redress: optional(4000),
})
const DecideForm = z
  .object({ outcome: z.enum(outcomes, { error: 'incidents.errors.outcome' }), reason: optional(2000) })
  .refine((v) => v.outcome !== 'not_upheld' || v.reason, { path: ['reason'], error: 'incidents.errors.reason' })
const ReopenForm = z.object({ reason: required(2000, 'incidents.errors.reason') })

const actorOf = (req: FastifyRequest): UserActor => req.actor!
const body = (req: FastifyRequest) => (req.body ?? {}) as Record<string, unknown>

/** The Directorate's triage of reports, and everyone's work on incidents: reviewers decide, bodies answer. */
export async function triageRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>()
  const db = deps.db

  type Extra = {
    values?: Record<string, unknown>
    errors?: FieldErrors
    findings?: Record<string, Finding[]> | undefined
    contact?: Awaited<ReturnType<typeof triage.revealContact>>
  }

  async function reportPage(req: FastifyRequest, reply: FastifyReply, id: string, extra: Extra = {}, status = 200) {
    const data = await triage.reportForTriage(deps, actorOf(req), id)
    // The summary starts as the report with what looks like personal data replaced, the markers in the report's own
    // language; the reviewer edits and confirms it.
    const t = translator(data.report.locale)
    const suggested = redact(data.report.narrative, data.narrativeFindings, (kind) => `[${t(`incidents.redacted.${kind}`)}]`)
    const values = extra.values ?? {
      summaryEn: data.report.locale === 'en' ? suggested : undefined,
      summaryUr: data.report.locale === 'ur' ? suggested : undefined,
      system: data.system ? String(data.system.number) : undefined,
      systemText: data.report.systemText ?? undefined,
      harmKinds: data.report.harmKinds,
      severity: data.report.severity,
      province: data.report.province ?? undefined,
      occurredOn: data.report.occurredOn ?? undefined,
    }
    const evidence = await filesOf(db, EVIDENCE_OWNER, id)
    reply.header('cache-control', 'no-store')
    return sendPage(
      reply,
      <ReportTriagePage
        ctx={pageContext(req)}
        csrf={reply.generateCsrf()}
        data={data}
        evidence={evidence}
        contact={extra.contact}
        values={values}
        errors={extra.errors ?? {}}
        findings={extra.findings}
      />,
      status,
    )
  }

  /**
   * Runs a change; returns what was found when its text holds personal data, so the handler sends the form back
   * (the reply itself is never awaited: Fastify's reply is thenable, and awaiting it here broke after sending).
   */
  async function personalDataIn(run: () => Promise<unknown>): Promise<Record<string, Finding[]> | undefined> {
    try {
      await run()
      return undefined
    } catch (e) {
      if (e instanceof triage.PersonalDataFound) return e.findings
      throw e
    }
  }
  const personalErrors = (findings: Record<string, Finding[]>): FieldErrors =>
    Object.fromEntries(Object.keys(findings).map((f) => [f, 'incidents.errors.personalData']))

  r.get(
    '/incidents/reports',
    {
      config: { access: 'incidents.triage' },
      schema: { querystring: z.object({ state: z.enum(reportStates).default('received') }) },
    },
    async (req, reply) =>
      sendPage(
        reply,
        <ReportsQueuePage
          ctx={pageContext(req)}
          state={req.query.state}
          rows={await triage.reportsToTriage(db, actorOf(req), req.query.state)}
        />,
      ),
  )

  r.get('/incidents/reports/:id', { config: { access: 'incidents.triage' }, schema: { params: IdParams } }, async (req, reply) =>
    reportPage(req, reply, req.params.id),
  )

  r.post(
    '/incidents/reports/:id/contact',
    { config: { access: 'incidents.triage' }, schema: { params: IdParams } },
    async (req, reply) =>
      reportPage(req, reply, req.params.id, { contact: await triage.revealContact(deps, actorOf(req), req.params.id) }),
  )

  r.post(
    '/incidents/reports/:id/open',
    { config: { access: 'incidents.triage' }, schema: { params: IdParams } },
    async (req, reply) => {
      const parsed = parseForm(OpenForm, req.body)
      if (!parsed.ok) return reportPage(req, reply, req.params.id, { values: body(req), errors: parsed.errors }, 400)
      const { also, checked: _, ...input } = parsed.data
      let opened: { number: number } | undefined
      const findings = await personalDataIn(
        async () =>
          (opened = await triage.openIncident(
            deps,
            actorOf(req),
            [req.params.id, ...also.filter((a) => a !== req.params.id)],
            input,
          )),
      )
      if (findings)
        return reportPage(req, reply, req.params.id, { values: body(req), errors: personalErrors(findings), findings }, 400)
      return reply.redirect(pageContext(req).href(`/incidents/manage/${opened!.number}`), 303)
    },
  )

  r.post(
    '/incidents/reports/:id/link',
    { config: { access: 'incidents.triage' }, schema: { params: IdParams } },
    async (req, reply) => {
      const parsed = parseForm(LinkForm, req.body)
      if (!parsed.ok) return reportPage(req, reply, req.params.id, { values: body(req), errors: parsed.errors }, 400)
      await triage.linkReport(deps, actorOf(req), req.params.id, parsed.data.incident)
      return reply.redirect(pageContext(req).href(`/incidents/reports/${req.params.id}`), 303)
    },
  )

  r.post(
    '/incidents/reports/:id/merge',
    { config: { access: 'incidents.triage' }, schema: { params: IdParams } },
    async (req, reply) => {
      const parsed = parseForm(MergeForm, req.body)
      if (!parsed.ok) throw new HttpError(400, '400')
      await triage.mergeReport(deps, actorOf(req), req.params.id, parsed.data.into)
      return reply.redirect(pageContext(req).href(`/incidents/reports/${parsed.data.into}`), 303)
    },
  )

  r.post(
    '/incidents/reports/:id/close',
    { config: { access: 'incidents.triage' }, schema: { params: IdParams } },
    async (req, reply) => {
      const parsed = parseForm(CloseForm, req.body)
      if (!parsed.ok) return reportPage(req, reply, req.params.id, { values: body(req), errors: parsed.errors }, 400)
      await triage.closeReport(deps, actorOf(req), req.params.id, parsed.data)
      return reply.redirect(pageContext(req).href('/incidents/reports'), 303)
    },
  )

  r.get('/incidents/manage', { config: { access: 'account.self' } }, async (req, reply) =>
    sendPage(reply, <IncidentsWorkPage ctx={pageContext(req)} rows={await triage.incidentsToWorkOn(db, actorOf(req))} />),
  )

  async function incidentPage(req: FastifyRequest, reply: FastifyReply, number: number, extra: Extra = {}, status = 200) {
    const data = await triage.incidentForStaff(db, actorOf(req), number)
    return sendPage(
      reply,
      <IncidentWorkPage
        ctx={pageContext(req)}
        csrf={reply.generateCsrf()}
        data={data}
        values={extra.values ?? {}}
        errors={extra.errors ?? {}}
        findings={extra.findings}
        defaultDue={pakistanToday(deps.clock, RESPONSE_DAYS)}
      />,
      status,
    )
  }

  r.get(
    '/incidents/manage/:number',
    { config: { access: 'account.self' }, schema: { params: NumberParams } },
    async (req, reply) => incidentPage(req, reply, req.params.number),
  )

  /** Each change to an incident: parse the form, act, and come back to the incident (or to the form, with what to fix). */
  function change<S extends z.ZodType>(
    path: string,
    access: 'incidents.triage' | 'incidents.respond',
    schema: S,
    act: (actor: UserActor, id: string, data: z.output<S>) => Promise<unknown>,
  ) {
    r.post(`/incidents/manage/:number/${path}`, { config: { access }, schema: { params: NumberParams } }, async (req, reply) => {
      const parsed = parseForm(schema, req.body)
      if (!parsed.ok) return incidentPage(req, reply, req.params.number, { values: body(req), errors: parsed.errors }, 400)
      const { incident } = await triage.incidentForStaff(db, actorOf(req), req.params.number)
      const findings = await personalDataIn(() => act(actorOf(req), incident.id, parsed.data))
      if (findings)
        return incidentPage(req, reply, req.params.number, { values: body(req), errors: personalErrors(findings), findings }, 400)
      return reply.redirect(pageContext(req).href(`/incidents/manage/${req.params.number}`), 303)
    })
  }
  change('refer', 'incidents.triage', ReferForm, (actor, id, data) => triage.referIncident(deps, actor, id, data))
  change('respond', 'incidents.respond', RespondForm, (actor, id, data) => triage.respondToIncident(deps, actor, id, data))
  change('decide', 'incidents.triage', DecideForm, (actor, id, data) => triage.decideIncident(deps, actor, id, data))
  change('reopen', 'incidents.triage', ReopenForm, (actor, id, data) => triage.reopenIncident(deps, actor, id, data.reason))
}
