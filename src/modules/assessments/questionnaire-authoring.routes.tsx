import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { parse as parseYaml } from 'yaml'
import { z } from 'zod'
import type { Deps } from '../../platform/deps.ts'
import { MAX_UPLOAD_BYTES, singleFile } from '../../platform/multipart.ts'
import { parseForm, type FieldErrors } from '../../platform/forms.tsx'
import { HttpError } from '../../platform/errors.ts'
import { pageContext, sendPage } from '../../platform/page.ts'
import type { UserActor } from '../../platform/rbac.ts'
import * as service from './assessments.service.ts'
import * as authoring from './questionnaire-authoring.service.ts'
import { QuestionnaireDefinition } from './questionnaire.ts'
import { DraftPage, DraftPreviewPage, QuestionnairesPage, RetirePage } from './views/questionnaires.tsx'

const IdParams = z.object({ id: z.uuid() })
const actorOf = (req: FastifyRequest): UserActor => req.actor!
const access = { access: 'assessments.questionnaires' } as const

/** The file a form sent, read as JSON (or YAML, where its name says so); a problem for the person otherwise. */
async function uploadedData(req: FastifyRequest): Promise<{ data: unknown; filename: string } | { problem: string }> {
  const file = req.isMultipart() ? await singleFile(req, { fileSize: MAX_UPLOAD_BYTES, files: 1 }) : undefined
  if (!file) return { problem: req.t('assessments.questionnaires.noFile') }
  const text = file.bytes.toString('utf8')
  try {
    return { data: /\.ya?ml$/i.test(file.filename) ? parseYaml(text) : JSON.parse(text), filename: file.filename }
  } catch (err) {
    return { problem: req.t('assessments.questionnaires.unreadable', { reason: (err as Error).message.split('\n')[0] }) }
  }
}

/** A schema's problems as an author fixes them: where in the file, and what is wrong. */
const problemsOf = (error: z.ZodError) => error.issues.slice(0, 50).map((i) => `${i.path.join('.') || '(file)'}: ${i.message}`)

/**
 * Questionnaire authoring by the AI Directorate's assessment policy staff: a file becomes a draft, previewed in
 * each language and trial-scored against answer sets with expected levels, then issued (never to change again) or
 * discarded.
 */
export async function questionnaireAuthoringRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>()
  const { db } = deps

  const listPage = async (req: FastifyRequest, reply: FastifyReply, problems: string[] = []) =>
    sendPage(
      reply,
      <QuestionnairesPage
        ctx={pageContext(req)}
        csrf={reply.generateCsrf()}
        versions={await service.allQuestionnaires(db)}
        drafts={await authoring.questionnaireDrafts(db, actorOf(req))}
        problems={problems}
      />,
      problems.length ? 400 : 200,
    )

  const draftPage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    draft: Awaited<ReturnType<typeof authoring.questionnaireDraft>>,
    shown: { trial?: authoring.Trial; problems?: string[] } = {},
  ) =>
    sendPage(
      reply,
      <DraftPage
        ctx={pageContext(req)}
        csrf={reply.generateCsrf()}
        draft={draft}
        trial={shown.trial}
        problems={shown.problems ?? []}
      />,
      shown.problems?.length ? 400 : 200,
    )

  r.get('/admin/questionnaires', { config: access }, async (req, reply) => listPage(req, reply))

  r.post('/admin/questionnaires', { config: access }, async (req, reply) => {
    const sent = await uploadedData(req)
    if ('problem' in sent) return listPage(req, reply, [sent.problem])
    const parsed = QuestionnaireDefinition.safeParse(sent.data)
    if (!parsed.success) return listPage(req, reply, problemsOf(parsed.error))
    const draft = await authoring.draftQuestionnaire(deps, actorOf(req), parsed.data, sent.filename)
    return reply.redirect(pageContext(req).href(`/admin/questionnaires/drafts/${draft.id}`), 303)
  })

  r.get('/admin/questionnaires/drafts/:id', { config: access, schema: { params: IdParams } }, async (req, reply) =>
    draftPage(req, reply, await authoring.questionnaireDraft(db, actorOf(req), req.params.id)),
  )

  r.get('/admin/questionnaires/drafts/:id/preview', { config: access, schema: { params: IdParams } }, async (req, reply) =>
    sendPage(
      reply,
      <DraftPreviewPage ctx={pageContext(req)} draft={await authoring.questionnaireDraft(db, actorOf(req), req.params.id)} />,
    ),
  )

  r.post('/admin/questionnaires/drafts/:id/trial', { config: access, schema: { params: IdParams } }, async (req, reply) => {
    const draft = await authoring.questionnaireDraft(db, actorOf(req), req.params.id)
    const sent = await uploadedData(req)
    if ('problem' in sent) return draftPage(req, reply, draft, { problems: [sent.problem] })
    const sets = authoring.TrialFile.safeParse(sent.data)
    if (!sets.success)
      return draftPage(req, reply, draft, {
        problems: [req.t('assessments.drafts.trialNotJson'), ...problemsOf(sets.error)],
      })
    return draftPage(req, reply, draft, { trial: authoring.trialScores(draft.definition, sets.data) })
  })

  r.post('/admin/questionnaires/drafts/:id/issue', { config: access, schema: { params: IdParams } }, async (req, reply) => {
    await authoring.issueDraft(deps, actorOf(req), req.params.id)
    return reply.redirect(pageContext(req).href('/admin/questionnaires'), 303)
  })

  r.post('/admin/questionnaires/drafts/:id/discard', { config: access, schema: { params: IdParams } }, async (req, reply) => {
    await authoring.discardDraft(deps, actorOf(req), req.params.id)
    return reply.redirect(pageContext(req).href('/admin/questionnaires'), 303)
  })

  const retirePage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    id: string,
    form: { values: Record<string, unknown>; errors: FieldErrors } = { values: {}, errors: {} },
  ) => {
    const version = (await service.allQuestionnaires(db)).find((v) => v.id === id && !v.retiredAt)
    if (!version) throw new HttpError(404, '404')
    const status = Object.keys(form.errors).length ? 400 : 200
    return sendPage(reply, <RetirePage ctx={pageContext(req)} csrf={reply.generateCsrf()} version={version} {...form} />, status)
  }

  r.get('/admin/questionnaires/:id/retire', { config: access, schema: { params: IdParams } }, async (req, reply) =>
    retirePage(req, reply, req.params.id),
  )

  r.post('/admin/questionnaires/:id/retire', { config: access, schema: { params: IdParams } }, async (req, reply) => {
    const parsed = parseForm(authoring.RetireForm, req.body)
    if (!parsed.ok)
      return retirePage(req, reply, req.params.id, { values: (req.body ?? {}) as Record<string, unknown>, errors: parsed.errors })
    await authoring.retireQuestionnaire(deps, actorOf(req), req.params.id, parsed.data.reason)
    return reply.redirect(pageContext(req).href('/admin/questionnaires'), 303)
  })
}
