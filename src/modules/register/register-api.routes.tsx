import { createHash } from 'node:crypto'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { Deps } from '../../platform/deps.ts'
import { HttpError } from '../../platform/errors.ts'
import { SystemOut, SystemsPage, SystemsQuery, VersionsOut, systemOut } from './register.open-data.ts'
import * as repo from './register.repository.ts'

const NumberParams = z.object({ number: z.coerce.number().int().min(1).max(2 ** 31 - 1) })
const ErrorOut = z.object({ error: z.string(), message: z.string() })

/**
 * Sends JSON with a validator: an ETag from the bytes and, where known, when they last changed. A client that
 * already holds them gets 304 and no body. Published versions never change, so caches may keep pages a minute.
 */
function sendCached(req: FastifyRequest, reply: FastifyReply, body: unknown, lastModified: Date | null) {
  const bytes = Buffer.from(JSON.stringify(body))
  const etag = `"${createHash('sha256').update(bytes).digest('base64url').slice(0, 27)}"`
  reply.header('etag', etag).header('cache-control', 'public, max-age=60')
  if (lastModified) reply.header('last-modified', lastModified.toUTCString())
  const match = req.headers['if-none-match']
  if (match && match.split(',').some((m) => m.trim().replace(/^W\//, '') === etag)) return reply.code(304).send()
  return reply.type('application/json; charset=utf-8').send(bytes)
}

export async function registerApiRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>()
  const tags = ['AI systems register']

  r.get(
    '/api/v1/systems',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'List published AI systems',
        description: 'Published systems in order of their number, filtered, a page at a time. Follow `next` until it is null.',
        querystring: SystemsQuery,
        response: { 200: SystemsPage, 400: ErrorOut },
      },
    },
    async (req, reply) => {
      const { cursor, limit, updatedSince, ...filter } = req.query
      const rows = await repo.publishedPage(deps.db, { ...filter, updatedSince: updatedSince ? new Date(updatedSince) : undefined }, Number(cursor ?? 0), limit)
      const data = rows.map((row) => systemOut(row, deps.config.publicUrl))
      let next: string | null = null
      if (rows.length === limit) {
        const url = new URL(req.url, deps.config.publicUrl)
        url.searchParams.set('cursor', String(rows.at(-1)!.number))
        next = url.href
      }
      const lastModified = rows.reduce<Date | null>((at, row) => (!at || row.updatedAt > at ? row.updatedAt : at), null)
      return sendCached(req, reply, { data, next }, lastModified)
    },
  )

  r.get(
    '/api/v1/systems/:number',
    { config: { access: 'public' }, schema: { tags, summary: 'One published AI system', params: NumberParams, response: { 200: SystemOut, 404: ErrorOut } } },
    async (req, reply) => {
      const [row] = await repo.publishedPage(deps.db, {}, req.params.number - 1, 1)
      if (!row || row.number !== req.params.number) throw new HttpError(404, '404')
      return sendCached(req, reply, systemOut(row, deps.config.publicUrl), row.updatedAt)
    },
  )

  r.get(
    '/api/v1/systems/:number/versions',
    {
      config: { access: 'public' },
      schema: { tags, summary: 'Every published version of an AI system', description: 'Newest first. Versions are never changed once published.', params: NumberParams, response: { 200: VersionsOut, 404: ErrorOut } },
    },
    async (req, reply) => {
      const shown = await repo.publishedByNumber(deps.db, req.params.number)
      if (!shown) throw new HttpError(404, '404')
      const versions = (await repo.versionsOf(deps.db, shown.entry.systemId)).map((v) => ({
        version: v.version,
        publishedAt: v.publishedAt.toISOString(),
        changeNote: v.changeNote,
        impactLevel: v.impactLevel,
        record: v.record as Record<string, unknown>,
      }))
      return sendCached(req, reply, { number: shown.entry.number, versions }, shown.version.publishedAt)
    },
  )
}
