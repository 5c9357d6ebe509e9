import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { Deps } from '../../platform/deps.ts'
import { HttpError } from '../../platform/errors.ts'
import { blankToUndefined, parseForm, type FieldErrors } from '../../platform/forms.tsx'
import { pageContext, sendPage } from '../../platform/page.ts'
import { mayActOnOrganisation, scopeOf, type Permission, type UserActor } from '../../platform/rbac.ts'
import { assessmentFrameworks, awaitingReview, openAssessment } from '../assessments/assessments.service.ts'
import { evaluationsAwaitingReview } from '../assessments/evaluations.service.ts'
import { MAX_IMPORT_BYTES, readImport, type ImportProblem } from './register.import-file.ts'
import { DraftSchema, recordKeys, sections, sectionSchema } from './register.record.ts'
import { problemsCsv, refusalStatus } from '../../platform/file-problems.tsx'
import { spooledUpload } from '../../platform/multipart.ts'
import { holdsNoPersonalData, PERSONAL_DATA_ERROR, requiredPublishedText } from '../../platform/personal-data.ts'
import * as imports from './register-import.service.ts'
import * as service from './register.service.ts'
import { ManageListPage, OverviewPage, SectionPage } from './views/manage.tsx'
import {
  FIELD_COMMENTS,
  ImportPage,
  type CheckedFile,
  ImportReceivedPage,
  ImportReviewPage,
  ReviewListPage,
  ReviewPage,
} from './views/review.tsx'

const IdParams = z.object({ id: z.uuid() })
const SectionParams = IdParams.extend({ section: z.enum(sections) })
const CheckQuery = z.object({ page: z.coerce.number().int().min(1).max(1_000_000).default(1) })
const text = (max: number, error: string) => z.preprocess(blankToUndefined, z.string().max(max, { error }).optional())

// The change note and the reason for retiring are published in the record's history.
const SubmitForm = z.object({
  changeNote: text(1000, 'register.errors.changeNoteTooLong').refine(holdsNoPersonalData, { error: PERSONAL_DATA_ERROR }),
})
const RetireForm = z.object({
  retiredOn: z.preprocess(blankToUndefined, z.iso.date({ error: 'register.errors.date' })),
  reason: requiredPublishedText(1000, 'register.errors.retireReason'),
})
const NoteForm = z.object({ note: text(1000, 'register.errors.tooLong') })
const ReturnForm = z
  .object({
    general: text(4000, 'register.errors.tooLong'),
    ...Object.fromEntries(
      Array.from({ length: FIELD_COMMENTS }, (_, i) => [
        [
          `field${i + 1}`,
          z.preprocess(
            blankToUndefined,
            z.enum(recordKeys as [string, ...string[]], { error: 'register.errors.reviewField' }).optional(),
          ),
        ],
        [`comment${i + 1}`, text(1000, 'register.errors.tooLong')],
      ]).flat(),
    ),
  })
  .superRefine((v, ctx) => {
    const r = v as Record<string, string | undefined>
    const any = Array.from({ length: FIELD_COMMENTS }, (_, i) => r[`comment${i + 1}`]).some(Boolean)
    if (!r.general && !any) ctx.addIssue({ code: 'custom', path: ['general'], message: 'register.errors.returnEmpty' })
    for (let i = 1; i <= FIELD_COMMENTS; i++) {
      if (r[`comment${i}`] && !r[`field${i}`])
        ctx.addIssue({ code: 'custom', path: [`field${i}`], message: 'register.errors.reviewField' })
    }
  })

const actorOf = (req: FastifyRequest): UserActor => req.actor!
const formValues = (body: unknown) => (body ?? {}) as Record<string, unknown>

/** Staff pages of the register: organisations draft and submit, the AI Directorate reviews, files are imported. */
export async function registerManageRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>()
  const db = deps.db

  /** A system the signed-in person may see under a permission, with its working copy; otherwise 404. */
  async function loadCopy(req: FastifyRequest, id: string, permission: Permission) {
    const [copy] = await service.workingCopies(db, { id }, 1)
    const system = await service.findSystem(db, id)
    if (!copy || !system || !mayActOnOrganisation(actorOf(req), permission, system.organisationId))
      throw new HttpError(404, '404')
    const published =
      system.currentVersion === null ? null : (await service.currentVersionOf(db, id, system.currentVersion))!.record
    return { copy, system, published, record: system.draft ?? published ?? {} }
  }

  async function overview(req: FastifyRequest, id: string, csrf: string, errors: FieldErrors = {}, changeNote?: string) {
    const { copy, system, published, record } = await loadCopy(req, id, 'register.draft')
    const mayRetire = mayActOnOrganisation(actorOf(req), 'register.retire', system.organisationId)
    const [open, frameworks] = await Promise.all([openAssessment(db, id), assessmentFrameworks(db, id)])
    const assessment = { open, acceptedLevel: system.assessedLevel, frameworks }
    return (
      <OverviewPage
        assessment={assessment}
        ctx={pageContext(req)}
        csrf={csrf}
        id={id}
        copy={copy}
        record={record}
        comments={system.reviewComments}
        errors={errors}
        changeNote={changeNote}
        mayRetire={mayRetire}
        retired={published?.status === 'retired'}
      />
    )
  }

  r.get('/register/manage', { config: { access: 'register.draft' } }, async (req, reply) => {
    const organisationId = actorOf(req).organisationId
    const copies = organisationId ? await service.workingCopies(db, { organisationId }) : []
    const ctx = pageContext(req)
    const panels = organisationId ? await app.panels.render('register.organisation-dashboard', req, organisationId) : []
    const duties = panels.length ? <>{panels}</> : null
    return sendPage(reply, <ManageListPage ctx={ctx} copies={copies} duties={duties} />)
  })

  r.get('/register/manage/new', { config: { access: 'register.draft' } }, async (req, reply) =>
    sendPage(
      reply,
      <SectionPage
        ctx={pageContext(req)}
        csrf={reply.generateCsrf()}
        section="identity"
        action="/register/manage/new"
        values={{}}
        errors={{}}
        heading={req.t('register.manage.newHeading')}
      />,
    ),
  )

  r.post('/register/manage/new', { config: { access: 'register.draft' } }, async (req, reply) => {
    const parsed = parseForm(DraftSchema, req.body)
    if (!parsed.ok) {
      const page = (
        <SectionPage
          ctx={pageContext(req)}
          csrf={reply.generateCsrf()}
          section="identity"
          action="/register/manage/new"
          values={formValues(req.body)}
          errors={parsed.errors}
          heading={req.t('register.manage.newHeading')}
        />
      )
      return sendPage(reply, page, 400)
    }
    const { id } = await service.createDraft(deps, actorOf(req), parsed.data)
    return reply.redirect(pageContext(req).href(`/register/manage/${id}/${sections[1]}`), 303)
  })

  r.get('/register/manage/:id', { config: { access: 'register.draft' }, schema: { params: IdParams } }, async (req, reply) =>
    sendPage(reply, await overview(req, req.params.id, reply.generateCsrf())),
  )

  r.get(
    '/register/manage/:id/:section',
    { config: { access: 'register.draft' }, schema: { params: SectionParams } },
    async (req, reply) => {
      const { copy, record, system } = await loadCopy(req, req.params.id, 'register.draft')
      if (copy.draftState === 'submitted') throw new HttpError(409, 'registerSubmitted')
      const page = (
        <SectionPage
          ctx={pageContext(req)}
          csrf={reply.generateCsrf()}
          section={req.params.section}
          action={`/register/manage/${req.params.id}/${req.params.section}`}
          values={record as Record<string, unknown>}
          errors={{}}
          comments={system.reviewComments?.fields}
          heading={record.nameEn ?? ''}
        />
      )
      return sendPage(reply, page)
    },
  )

  r.post(
    '/register/manage/:id/:section',
    { config: { access: 'register.draft' }, schema: { params: SectionParams } },
    async (req, reply) => {
      const { id, section } = req.params
      const parsed = parseForm(sectionSchema(section), req.body)
      if (!parsed.ok) {
        const { record, system } = await loadCopy(req, id, 'register.draft')
        const page = (
          <SectionPage
            ctx={pageContext(req)}
            csrf={reply.generateCsrf()}
            section={section}
            action={`/register/manage/${id}/${section}`}
            values={formValues(req.body)}
            errors={parsed.errors}
            comments={system.reviewComments?.fields}
            heading={record.nameEn ?? ''}
          />
        )
        return sendPage(reply, page, 400)
      }
      if (section === 'identity' && !parsed.data.nameEn) {
        return reply.redirect(pageContext(req).href(`/register/manage/${id}/identity`), 303)
      }
      await service.saveSection(deps, actorOf(req), id, section, parsed.data)
      const next = sections[sections.indexOf(section) + 1]
      return reply.redirect(pageContext(req).href(next ? `/register/manage/${id}/${next}` : `/register/manage/${id}`), 303)
    },
  )

  r.post(
    '/register/manage/:id/submit',
    { config: { access: 'register.draft' }, schema: { params: IdParams } },
    async (req, reply) => {
      const parsed = parseForm(SubmitForm, req.body)
      const changeNote = parsed.ok ? parsed.data.changeNote : undefined
      const outcome = parsed.ok
        ? await service.submitForReview(deps, actorOf(req), req.params.id, changeNote)
        : { ok: false as const, errors: parsed.errors }
      if (outcome.ok) return reply.redirect(pageContext(req).href(`/register/manage/${req.params.id}`), 303)
      const errors: FieldErrors =
        'errors' in outcome
          ? outcome.errors
          : 'unchanged' in outcome
            ? { changeNote: 'register.errors.unchanged' }
            : 'personal' in outcome
              ? Object.fromEntries(outcome.personal.map((key) => [key, `register.personal.${key}`]))
              : Object.fromEntries(
                  outcome.missing.map((key) => [
                    key,
                    key === 'changeNote' ? 'register.errors.changeNote' : `register.missing.${key}`,
                  ]),
                )
      return sendPage(
        reply,
        await overview(req, req.params.id, reply.generateCsrf(), errors, formValues(req.body).changeNote as string | undefined),
        400,
      )
    },
  )

  r.post(
    '/register/manage/:id/retire',
    { config: { access: 'register.retire' }, schema: { params: IdParams } },
    async (req, reply) => {
      const parsed = parseForm(RetireForm, req.body)
      if (!parsed.ok) return sendPage(reply, await overview(req, req.params.id, reply.generateCsrf(), parsed.errors), 400)
      const { number } = await service.retire(deps, actorOf(req), req.params.id, parsed.data)
      return reply.redirect(pageContext(req).href(`/register/${number}`), 303)
    },
  )

  // --- review by the AI Directorate ---------------------------------------------------------

  r.get('/register/review', { config: { access: 'register.review' } }, async (req, reply) => {
    const [copies, imports, assessments, evaluations] = await Promise.all([
      service.workingCopies(db, { states: ['submitted'] }).then((c) => c.filter((x) => !x.importId)),
      service.pendingImports(db),
      awaitingReview(db),
      evaluationsAwaitingReview(db),
    ])
    return sendPage(
      reply,
      <ReviewListPage
        ctx={pageContext(req)}
        copies={copies}
        imports={imports}
        assessments={assessments}
        evaluations={evaluations}
      />,
    )
  })

  async function reviewPage(
    req: FastifyRequest,
    id: string,
    csrf: string,
    errors: FieldErrors = {},
    values: Record<string, unknown> = {},
  ) {
    const { copy, published, record, system } = await loadCopy(req, id, 'register.review')
    if (copy.draftState !== 'submitted') throw new HttpError(409, 'registerNotSubmitted')
    const assessment = { open: await openAssessment(db, id), acceptedLevel: system.assessedLevel }
    return (
      <ReviewPage
        ctx={pageContext(req)}
        csrf={csrf}
        id={id}
        copy={copy}
        record={record}
        published={published}
        errors={errors}
        values={values}
        assessment={assessment}
      />
    )
  }

  r.get('/register/review/:id', { config: { access: 'register.review' }, schema: { params: IdParams } }, async (req, reply) =>
    sendPage(reply, await reviewPage(req, req.params.id, reply.generateCsrf())),
  )

  r.post(
    '/register/review/:id/approve',
    { config: { access: 'register.review' }, schema: { params: IdParams } },
    async (req, reply) => {
      const parsed = parseForm(NoteForm, req.body)
      if (!parsed.ok)
        return sendPage(
          reply,
          await reviewPage(req, req.params.id, reply.generateCsrf(), parsed.errors, formValues(req.body)),
          400,
        )
      const { number } = await service.approve(deps, actorOf(req), req.params.id, parsed.data.note)
      return reply.redirect(pageContext(req).href(`/register/${number}`), 303)
    },
  )

  r.post(
    '/register/review/:id/return',
    { config: { access: 'register.review' }, schema: { params: IdParams } },
    async (req, reply) => {
      const parsed = parseForm(ReturnForm, req.body)
      if (!parsed.ok)
        return sendPage(
          reply,
          await reviewPage(req, req.params.id, reply.generateCsrf(), parsed.errors, formValues(req.body)),
          400,
        )
      const v = parsed.data as Record<string, string | undefined>
      const fieldComments: Record<string, string> = {}
      for (let i = 1; i <= FIELD_COMMENTS; i++)
        if (v[`field${i}`] && v[`comment${i}`]) fieldComments[v[`field${i}`]!] = v[`comment${i}`]!
      await service.returnForChanges(deps, actorOf(req), req.params.id, { general: v.general, fields: fieldComments })
      return reply.redirect(pageContext(req).href('/register/review'), 303)
    },
  )

  r.get(
    '/register/review/imports/:id',
    { config: { access: 'register.review' }, schema: { params: IdParams } },
    async (req, reply) => {
      const { batch, sample } = await imports.importOf(db, actorOf(req), req.params.id)
      return sendPage(
        reply,
        <ImportReviewPage ctx={pageContext(req)} csrf={reply.generateCsrf()} batch={batch} sample={sample} />,
      )
    },
  )

  r.post(
    '/register/review/imports/:id/publish',
    { config: { access: 'register.review' }, schema: { params: IdParams } },
    async (req, reply) => {
      const parsed = parseForm(NoteForm, req.body)
      if (!parsed.ok) throw new HttpError(400, '400')
      await imports.publishImport(deps, actorOf(req), req.params.id, parsed.data.note)
      return reply.redirect(pageContext(req).href('/register/review'), 303)
    },
  )

  // --- import from a file ----------------------------------------------------------------------

  const mayAddBodies = (req: FastifyRequest) => scopeOf(actorOf(req), 'organisations.manage') === 'all'

  r.get('/register/import', { config: { access: 'register.import' } }, async (req, reply) =>
    sendPage(reply, <ImportPage ctx={pageContext(req)} csrf={reply.generateCsrf()} mayAddBodies={mayAddBodies(req)} />),
  )

  r.post('/register/import', { config: { access: 'register.import' } }, async (req, reply) => {
    const ctx = pageContext(req)
    const upload = req.isMultipart() ? await spooledUpload(req, { fileSize: MAX_IMPORT_BYTES, files: 1 }) : undefined
    const page = (status: number, props: { problems?: ImportProblem[]; check?: CheckedFile }) =>
      sendPage(
        reply,
        <ImportPage
          ctx={ctx}
          csrf={reply.generateCsrf()}
          {...props}
          mayAddBodies={mayAddBodies(req)}
          choices={upload?.fields ?? {}}
        />,
        status,
      )
    if (!upload?.file) return page(400, { problems: [{ line: 0, field: 'file', message: 'register.import.noFile' }] })
    const file = upload.file
    // The spooled file is gone before the answer goes out.
    const outcome = await readImport(file)
      .then((pages) =>
        imports.importSystems(deps, actorOf(req), file.filename, pages, {
          addBodies: upload.fields.addBodies === 'yes',
          incompleteAsDrafts: upload.fields.incomplete === 'drafts',
        }),
      )
      .finally(file.remove)
    if (!outcome.ok) {
      const { format, separator, records } = outcome.read
      const check = {
        id: outcome.checkId,
        filename: file.filename,
        ...{ format, separator, records },
        page: 1,
        ...imports.problemsPage(outcome.problems, 1),
      }
      return page(refusalStatus(outcome.problems), { check })
    }
    return reply.redirect(ctx.href(`/register/import/${outcome.importId}`), 303)
  })

  // A refused file's problems, page by page and as a CSV, for the person who sent it.
  r.get(
    '/register/import/checks/:id',
    { config: { access: 'register.import' }, schema: { params: IdParams, querystring: CheckQuery } },
    async (req, reply) => {
      const { page } = req.query
      const check = await imports.importCheckOf(deps, actorOf(req), req.params.id, page)
      return sendPage(
        reply,
        <ImportPage
          ctx={pageContext(req)}
          csrf={reply.generateCsrf()}
          check={{ ...check, page }}
          mayAddBodies={mayAddBodies(req)}
        />,
      )
    },
  )

  r.get(
    '/register/import/checks/:id/problems.csv',
    { config: { access: 'register.import' }, schema: { params: IdParams } },
    async (req, reply) => {
      const { t } = pageContext(req)
      const check = await imports.importCheckOf(deps, actorOf(req), req.params.id, 'all')
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="mizan-import-problems.csv"')
        .send(problemsCsv(t, check.problems))
    },
  )

  r.get('/register/import/:id', { config: { access: 'register.import' }, schema: { params: IdParams } }, async (req, reply) => {
    const { batch, reviewer, sample } = await imports.importOf(db, actorOf(req), req.params.id)
    return sendPage(reply, <ImportReceivedPage ctx={pageContext(req)} batch={batch} reviewer={reviewer} sample={sample} />)
  })
}
