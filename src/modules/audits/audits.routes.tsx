import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { Deps } from '../../platform/deps.ts'
import { HttpError } from '../../platform/errors.ts'
import { filesOf } from '../../platform/files.ts'
import { blankToUndefined, parseForm, type FieldErrors } from '../../platform/forms.tsx'
import { pageContext, sendPage } from '../../platform/page.ts'
import type { UserActor } from '../../platform/rbac.ts'
import { publishedSystem } from '../register/register.service.ts'
import * as service from './audits.service.ts'
import { bytesOf, multipartParts } from '../../platform/multipart.ts'
import { publishedText, requiredPublishedText } from '../../platform/personal-data.ts'
import { severities } from './audits.vocabulary.ts'
import { AssignAuditPage, AuditorsPage, AuditPage, AuditsListPage } from './views/audits.tsx'

const IdParams = z.object({ id: z.uuid() })
const required = (max: number, error: string) =>
  z.preprocess(blankToUndefined, z.string({ error }).max(max, { error: 'register.errors.tooLong' }))
const optional = (max: number) =>
  z.preprocess(blankToUndefined, z.string().max(max, { error: 'register.errors.tooLong' }).optional())
const day = (error: string) => z.preprocess(blankToUndefined, z.iso.date({ error }))

const AssignForm = z.object({
  number: z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ error: 'audits.errors.number' })
      .int({ error: 'audits.errors.number' })
      .min(1, { error: 'audits.errors.number' })
      .max(2 ** 31 - 1, { error: 'audits.errors.number' }),
  ),
  auditorId: z.preprocess(blankToUndefined, z.uuid({ error: 'audits.errors.auditor' })),
  scope: required(4000, 'audits.errors.scope'),
  dueOn: day('register.errors.date'),
})
const FindingForm = z.object({
  severity: z.enum(severities, { error: 'audits.errors.severity' }),
  criterion: required(300, 'audits.errors.criterion'),
  description: required(8000, 'audits.errors.description'),
})
const ActionForm = z.object({
  action: required(4000, 'audits.errors.action'),
  owner: required(200, 'audits.errors.owner'),
  actionDueOn: day('register.errors.date'),
})
// The summary is published on the system's page; the conclusion stays with the Directorate.
const SubmitForm = z.object({
  conclusion: required(8000, 'audits.errors.conclusion'),
  summaryEn: requiredPublishedText(2000, 'audits.errors.summary'),
  summaryUr: publishedText(2000),
})
const ResponseForm = z.object({ response: required(4000, 'audits.errors.response') })
const NoteForm = z.object({ note: optional(1000) })

const actorOf = (req: FastifyRequest): UserActor => req.actor!

export async function auditsRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>()
  const db = deps.db
  // Evidence is never public: only the audit's auditor, the audited body and the Directorate may read it.

  async function auditPage(
    req: FastifyRequest,
    id: string,
    csrf: string,
    errors: FieldErrors = {},
    values: Record<string, unknown> = {},
  ) {
    const data = await service.auditFor(db, actorOf(req), id)
    const evidence = new Map(
      await Promise.all(data.findings.map(async (f) => [f.id, await filesOf(db, service.EVIDENCE_OWNER, f.id)] as const)),
    )
    return <AuditPage ctx={pageContext(req)} csrf={csrf} data={data} evidence={evidence} errors={errors} values={values} />
  }
  const body = (req: FastifyRequest) => (req.body ?? {}) as Record<string, unknown>
  const back = (req: FastifyRequest, id: string) => pageContext(req).href(`/audits/${id}`)

  r.get('/audits', { config: { access: 'account.self' } }, async (req, reply) =>
    sendPage(reply, <AuditsListPage ctx={pageContext(req)} rows={await service.auditsFor(db, actorOf(req))} />),
  )

  r.get('/audits/auditors', { config: { access: 'audits.manage' } }, async (req, reply) =>
    sendPage(reply, <AuditorsPage ctx={pageContext(req)} csrf={reply.generateCsrf()} rows={await service.auditors(db)} />),
  )

  r.post('/audits/auditors/:id', { config: { access: 'audits.manage' }, schema: { params: IdParams } }, async (req, reply) => {
    const parsed = parseForm(z.object({ accredited: z.enum(['yes', 'no']) }), req.body)
    if (!parsed.ok) throw new HttpError(400, '400')
    await service.setAccreditation(deps, actorOf(req), req.params.id, parsed.data.accredited === 'yes')
    return reply.redirect(pageContext(req).href('/audits/auditors'), 303)
  })

  async function assignPage(req: FastifyRequest, csrf: string, values: Record<string, unknown> = {}, errors: FieldErrors = {}) {
    const options = (await service.auditors(db))
      .filter((a) => a.accredited)
      .map((a) => ({ value: a.id, label: `${a.name} (${(req.locale === 'ur' ? a.firmUr : a.firmEn) ?? ''})` }))
    return <AssignAuditPage ctx={pageContext(req)} csrf={csrf} auditorOptions={options} values={values} errors={errors} />
  }

  r.get('/audits/new', { config: { access: 'audits.manage' } }, async (req, reply) =>
    sendPage(reply, await assignPage(req, reply.generateCsrf())),
  )

  r.post('/audits/new', { config: { access: 'audits.manage' } }, async (req, reply) => {
    const parsed = parseForm(AssignForm, req.body)
    if (!parsed.ok) return sendPage(reply, await assignPage(req, reply.generateCsrf(), body(req), parsed.errors), 400)
    const system = await publishedSystem(db, parsed.data.number)
    if (!system)
      return sendPage(
        reply,
        await assignPage(req, reply.generateCsrf(), body(req), { number: 'audits.errors.unknownSystem' }),
        400,
      )
    const id = await service.assignAudit(deps, actorOf(req), {
      systemId: system.id,
      auditorId: parsed.data.auditorId,
      scope: parsed.data.scope,
      dueOn: parsed.data.dueOn,
    })
    return reply.redirect(back(req, id), 303)
  })

  r.get('/audits/:id', { config: { access: 'account.self' }, schema: { params: IdParams } }, async (req, reply) =>
    sendPage(reply, await auditPage(req, req.params.id, reply.generateCsrf())),
  )

  r.post('/audits/:id/findings', { config: { access: 'audits.perform' }, schema: { params: IdParams } }, async (req, reply) => {
    // Fields and the optional evidence file arrive together in one multipart form.
    const fields: Record<string, string> = {}
    let evidence: { filename: string; bytes: Buffer } | undefined
    if (!req.isMultipart()) throw new HttpError(415, '415')
    for await (const part of multipartParts(req, { fileSize: service.EVIDENCE_MAX_BYTES, files: 1 })) {
      if (part.type === 'file') {
        const bytes = await bytesOf(part)
        if (bytes.length) evidence = { filename: part.filename, bytes }
      } else fields[part.fieldname] = String(part.value)
    }
    const parsed = parseForm(FindingForm, fields)
    if (!parsed.ok) return sendPage(reply, await auditPage(req, req.params.id, reply.generateCsrf(), parsed.errors, fields), 400)
    await service.addFinding(deps, actorOf(req), req.params.id, parsed.data, evidence)
    return reply.redirect(back(req, req.params.id), 303)
  })

  r.post('/audits/:id/actions', { config: { access: 'audits.perform' }, schema: { params: IdParams } }, async (req, reply) => {
    const parsed = parseForm(ActionForm, req.body)
    if (!parsed.ok)
      return sendPage(reply, await auditPage(req, req.params.id, reply.generateCsrf(), parsed.errors, body(req)), 400)
    await service.addCorrectiveAction(deps, actorOf(req), req.params.id, {
      action: parsed.data.action,
      owner: parsed.data.owner,
      dueOn: parsed.data.actionDueOn,
    })
    return reply.redirect(back(req, req.params.id), 303)
  })

  r.post('/audits/:id/submit', { config: { access: 'audits.perform' }, schema: { params: IdParams } }, async (req, reply) => {
    const parsed = parseForm(SubmitForm, req.body)
    if (!parsed.ok)
      return sendPage(reply, await auditPage(req, req.params.id, reply.generateCsrf(), parsed.errors, body(req)), 400)
    await service.submitAudit(deps, actorOf(req), req.params.id, parsed.data)
    return reply.redirect(back(req, req.params.id), 303)
  })

  r.post(
    '/audits/actions/:id/respond',
    { config: { access: 'audits.respond' }, schema: { params: IdParams } },
    async (req, reply) => {
      const parsed = parseForm(ResponseForm, req.body)
      const auditId = await service.auditOfAction(db, req.params.id)
      if (!parsed.ok) return sendPage(reply, await auditPage(req, auditId, reply.generateCsrf(), parsed.errors, body(req)), 400)
      await service.respondToAction(deps, actorOf(req), req.params.id, parsed.data.response)
      return reply.redirect(back(req, auditId), 303)
    },
  )

  r.post('/audits/:id/close', { config: { access: 'audits.manage' }, schema: { params: IdParams } }, async (req, reply) => {
    const parsed = parseForm(NoteForm, req.body)
    if (!parsed.ok)
      return sendPage(reply, await auditPage(req, req.params.id, reply.generateCsrf(), parsed.errors, body(req)), 400)
    await service.closeAudit(deps, actorOf(req), req.params.id, parsed.data.note)
    return reply.redirect(back(req, req.params.id), 303)
  })
}
