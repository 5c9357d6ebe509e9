import { stringify } from 'csv-stringify/sync'
import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { Readable } from 'node:stream'
import { setImmediate } from 'node:timers/promises'
import zlib from 'node:zlib'
import { z } from 'zod'
import { provinces } from '../accounts/accounts.vocabulary.ts'
import type { Deps } from '../../platform/deps.ts'
import { HttpError } from '../../platform/errors.ts'
import { pageContext, sendPage } from '../../platform/page.ts'
import { pakistanToday } from '../../platform/work-queue.ts'
import { csvColumns, csvRow, systemOut } from './register.open-data.ts'
import { decisionRoles, impactLevels, lifecycleStatuses, sectors, supplierOrigins } from './register.record.ts'
import * as register from './register.service.ts'
import { BodiesPage, BodyPage, RegisterSearchPage, SystemPage, VersionPage } from './views/public.tsx'
import { NumberParams } from '../../platform/forms.tsx'

const PER_PAGE = 20
const blank = (v: unknown) => (v === '' ? undefined : v)
const optionalEnum = <T extends readonly [string, ...string[]]>(values: T) => z.preprocess(blank, z.enum(values).optional())

const SearchQuery = z.object({
  q: z.preprocess(blank, z.string().trim().max(200).optional()),
  sector: optionalEnum(sectors),
  organisation: z.preprocess(blank, z.string().max(60).optional()),
  province: optionalEnum(provinces),
  status: optionalEnum(lifecycleStatuses),
  decisionRole: optionalEnum(decisionRoles),
  impactLevel: optionalEnum(impactLevels),
  supplierOrigin: optionalEnum(supplierOrigins),
  sort: optionalEnum(['relevance', 'updated', 'name'] as const),
  page: z.preprocess(blank, z.coerce.number().int().min(1).max(10_000).optional()),
})
const VersionParams = NumberParams.extend({ version: z.coerce.number().int().min(1).max(1_000_000) })

type Facets = { size: number; organisations: Awaited<ReturnType<typeof register.organisationsInRegister>> }

/**
 * The register's size and its bodies change only when something is published, which bumps the register's generation
 * (one row read). Each process keeps them per generation, so a search page costs its own query and little else.
 */
function facetsCache() {
  let cached: { generation: number; facets: Facets } | undefined
  return async (db: Deps['db']): Promise<Facets> => {
    const generation = await register.generation(db)
    if (cached?.generation !== generation) {
      const [size, organisations] = await Promise.all([register.registerSize(db), register.organisationsInRegister(db)])
      cached = { generation, facets: { size, organisations } }
    }
    return cached.facets
  }
}

/**
 * The pages a download reads: a small first page, so that it starts at once; then pages large enough to keep the
 * engine busy, but on the embedded engine, which works on this thread, short enough not to hold up the rest.
 */
export const downloadPageSizes = (engine: Deps['engine']) => ({ first: 50, then: engine === 'pglite' ? 250 : 1000 })

/** Every published system in number order, a page at a time, so that the whole register is never held in memory. */
export async function* publishedPages(deps: Deps, db: Deps['db']) {
  const sizes = downloadPageSizes(deps.engine)
  let after = 0
  for (let size = sizes.first; ; size = sizes.then) {
    const rows = await register.publishedPage(db, {}, after, size)
    yield rows.map((row) => systemOut(row, deps.config.publicUrl))
    if (rows.length < size) return
    after = rows.at(-1)!.number
    // Let what was written go out, and other requests in, between pages.
    await setImmediate()
  }
}

/**
 * A download is written a page at a time, and each page is flushed through compression as it is written: otherwise
 * gzip holds back the first bytes, and with them the response's headers, until its buffer fills.
 */
const streamedDownload = {
  compress: {
    zlibOptions: { flush: zlib.constants.Z_SYNC_FLUSH },
    brotliOptions: { flush: zlib.constants.BROTLI_OPERATION_FLUSH },
  },
} as const

/** The public register: search, a page per system with its history, a page per body, and the downloads. */
export async function registerRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>()
  const facets = facetsCache()

  r.get('/register', { config: { access: 'public' }, schema: { querystring: SearchQuery } }, async (req, reply) => {
    const query = req.query
    const page = query.page ?? 1
    const [found, { organisations, size }] = await Promise.all([
      register.searchRegister(req.reads, query, query.sort ?? 'relevance', page, PER_PAGE),
      facets(req.reads),
    ])
    return sendPage(
      reply,
      <RegisterSearchPage
        ctx={pageContext(req)}
        query={query}
        {...found}
        perPage={PER_PAGE}
        organisations={organisations}
        size={size}
      />,
    )
  })

  r.get(
    '/register/:number',
    { config: { access: 'public', keptPage: true }, schema: { params: NumberParams } },
    async (req, reply) => {
      const shown = await register.publishedByNumber(req.reads, req.params.number)
      if (!shown) throw new HttpError(404, '404')
      const history = await register.versionsOf(req.reads, shown.entry.systemId)
      const ctx = pageContext(req)
      // What other features say about the system (its duties, audit, incidents) comes from their panels.
      const oversight = <>{await app.panels.render('register.system', req, shown.entry.systemId)}</>
      const page = (
        <SystemPage
          ctx={ctx}
          shown={{
            number: shown.entry.number,
            version: shown.version,
            organisation: shown.organisation,
            firstPublishedAt: shown.entry.firstPublishedAt,
            history,
          }}
          oversight={oversight}
        />
      )
      return sendPage(reply, page)
    },
  )

  r.get(
    '/register/:number/versions/:version',
    { config: { access: 'public' }, schema: { params: VersionParams } },
    async (req, reply) => {
      const shown = await register.publishedByNumber(req.reads, req.params.number)
      if (!shown) throw new HttpError(404, '404')
      const history = await register.versionsOf(req.reads, shown.entry.systemId)
      const version = history.find((v) => v.version === req.params.version)
      if (!version) throw new HttpError(404, '404')
      const previous = history.find((v) => v.version === req.params.version - 1)?.record ?? {}
      return sendPage(
        reply,
        <VersionPage
          ctx={pageContext(req)}
          number={shown.entry.number}
          name={shown.version.record}
          version={version}
          previous={previous}
        />,
      )
    },
  )

  r.get('/register/bodies', { config: { access: 'public', keptPage: true } }, async (req, reply) =>
    sendPage(reply, <BodiesPage ctx={pageContext(req)} bodies={await register.bodiesDirectory(req.reads)} />),
  )

  r.get(
    '/register/bodies/:slug',
    { config: { access: 'public', keptPage: true }, schema: { params: z.object({ slug: z.string().max(60) }) } },
    async (req, reply) => {
      const organisation = await register.organisationBySlug(req.reads, req.params.slug)
      if (!organisation) throw new HttpError(404, '404')
      const { hits } = await register.searchRegister(req.reads, { organisation: organisation.slug }, 'name', 1, 500)
      return sendPage(reply, <BodyPage ctx={pageContext(req)} organisation={organisation} hits={hits} />)
    },
  )

  r.get('/register/export.csv', { config: { access: 'public' }, ...streamedDownload }, async (req, reply) => {
    // A byte-order mark so that spreadsheet programs read Urdu as UTF-8; formulas are escaped so no cell runs as one.
    async function* csv() {
      let first = true
      for await (const page of publishedPages(deps, req.reads)) {
        const text = stringify(page.map(csvRow), { header: first, columns: [...csvColumns], bom: first, escape_formulas: true })
        if (text) yield text
        first = false
      }
    }
    // A failure half-way aborts the download, so that it can never pass for a whole file.
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="mizan-register-${pakistanToday(deps.clock)}.csv"`)
      .send(Readable.from(csv(), { highWaterMark: 1 }))
  })

  r.get('/register/export.json', { config: { access: 'public' }, ...streamedDownload }, async (req, reply) => {
    async function* json() {
      yield '['
      let first = true
      for await (const page of publishedPages(deps, req.reads)) {
        if (page.length === 0) continue
        yield `${first ? '' : ','}\n${page.map((s) => JSON.stringify(s)).join(',\n')}`
        first = false
      }
      yield '\n]\n'
    }
    return reply
      .type('application/json; charset=utf-8')
      .header('content-disposition', `attachment; filename="mizan-register-${pakistanToday(deps.clock)}.json"`)
      .send(Readable.from(json(), { highWaterMark: 1 }))
  })
}
