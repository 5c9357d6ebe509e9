import type { FastifyInstance, FastifyRequest } from 'fastify'
import { z } from 'zod'
import type { Deps } from '../../platform/deps.ts'
import { readCsvUpload, refusalStatus, wholeFileProblem, type FileProblem } from '../../platform/file-problems.tsx'
import { blankToUndefined, parseForm } from '../../platform/forms.tsx'
import { streamedUpload } from '../../platform/multipart.ts'
import { recentOutbox } from '../../platform/outbox.ts'
import { pageContext, sendPage } from '../../platform/page.ts'
import { organisationTypes, provinces } from '../accounts/accounts.vocabulary.ts'
import type { AccountsDeps } from '../accounts/accounts.service.ts'
import { allOrganisations, createOrganisation, NewOrganisationSchema } from '../accounts/admin.service.ts'
import { MAX_BODIES_FILE_BYTES, importOrganisations } from '../accounts/organisations-import.service.ts'
import { AuditPage, OrganisationsPage, OutboxPage, type OrganisationsProps } from './views/administration.tsx'

const ImportedQuery = z.object({
  added: z.coerce.number().int().min(0).optional(),
  unchanged: z.coerce.number().int().min(0).optional(),
})
const OrganisationForm = NewOrganisationSchema.extend({ parentId: z.preprocess(blankToUndefined, z.uuid().optional()) })

/** The system administrator's pages: organisations, the e-mail outbox and the audit log's integrity. */
export async function administrationRoutes(app: FastifyInstance, deps: Deps, accounts: AccountsDeps) {
  const page = (req: FastifyRequest) => pageContext(req)

  const organisationsPage = async (
    req: FastifyRequest,
    csrf: string,
    values: Record<string, unknown>,
    errors: Record<string, string>,
    outcome: Pick<OrganisationsProps, 'refused' | 'imported'> = {},
  ) => (
    <OrganisationsPage
      ctx={page(req)}
      csrf={csrf}
      organisations={await allOrganisations(deps.db)}
      types={organisationTypes}
      provinces={provinces}
      values={values}
      errors={errors}
      maxFileBytes={MAX_BODIES_FILE_BYTES}
      {...outcome}
    />
  )
  const defaults = { type: 'public_body', province: 'federal' }

  app.get(
    '/admin/organisations',
    { config: { access: 'organisations.manage' }, schema: { querystring: ImportedQuery } },
    async (req, reply) => {
      const { added, unchanged } = req.query as z.output<typeof ImportedQuery>
      const imported = added !== undefined ? { added, unchanged: unchanged ?? 0 } : undefined
      return sendPage(reply, await organisationsPage(req, reply.generateCsrf(), defaults, {}, { imported }))
    },
  )

  // A list of bodies, all added or none, every problem listed at once.
  app.post('/admin/organisations/import', { config: { access: 'organisations.manage' } }, async (req, reply) => {
    const refuse = async (filename: string | undefined, problems: FileProblem[]) => {
      const refused = { ...(filename ? { filename } : {}), problems }
      return sendPage(
        reply,
        await organisationsPage(req, reply.generateCsrf(), defaults, {}, { refused }),
        refusalStatus(problems),
      )
    }
    const upload = req.isMultipart()
      ? await streamedUpload(req, { fileSize: MAX_BODIES_FILE_BYTES, files: 1 }, async (f) =>
          /\.csv$/i.test(f.filename)
            ? {
                filename: f.filename,
                read: await readCsvUpload(f.chunks, { maxBytes: MAX_BODIES_FILE_BYTES, truncated: f.truncated }),
              }
            : { filename: f.filename, read: { records: [], problems: [wholeFileProblem('administration.import.kind')] } },
        )
      : undefined
    if (!upload?.file) return refuse(undefined, [wholeFileProblem('administration.import.noFile')])
    const { filename, read } = upload.file
    const outcome = read.problems.some((p) => p.line === 0)
      ? { ok: false as const, problems: read.problems }
      : await importOrganisations(deps, req.actor!, read.records, read.problems)
    if (!outcome.ok) return refuse(filename, outcome.problems)
    return reply.redirect(page(req).href(`/admin/organisations?added=${outcome.added}&unchanged=${outcome.unchanged}`), 303)
  })

  app.post('/admin/organisations', { config: { access: 'organisations.manage' } }, async (req, reply) => {
    const values = (req.body ?? {}) as Record<string, unknown>
    const parsed = parseForm(OrganisationForm, values)
    if (!parsed.ok) return sendPage(reply, await organisationsPage(req, reply.generateCsrf(), values, parsed.errors), 400)
    const id = await createOrganisation(accounts, req.actor!, parsed.data)
    if (!id)
      return sendPage(
        reply,
        await organisationsPage(req, reply.generateCsrf(), values, { slug: 'administration.errors.slugTaken' }),
        400,
      )
    return reply.redirect(page(req).href('/admin/organisations'), 303)
  })

  app.get('/admin/outbox', { config: { access: 'outbox.read' } }, async (req, reply) => {
    // The outbox holds sign-in links for other people: every reading of it is on the record.
    await deps.audit.record(deps.db, req.actor!, { action: 'outbox.viewed', subject: { type: 'outbox' } })
    const messages = await recentOutbox(deps.db)
    return sendPage(
      reply.header('cache-control', 'no-store'),
      <OutboxPage ctx={page(req)} messages={messages} smtp={deps.config.smtpUrl !== undefined} />,
    )
  })

  app.get('/admin/audit', { config: { access: 'audit.verify' } }, async (req, reply) => {
    const report = await deps.audit.verify(deps.db)
    const entries = await deps.audit.newest(deps.db, 50)
    return sendPage(reply.header('cache-control', 'no-store'), <AuditPage ctx={page(req)} report={report} entries={entries} />)
  })
}
