import { createHash } from 'node:crypto'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { LRUCache } from 'lru-cache'
import { z } from 'zod'
import type { Deps } from '../../platform/deps.ts'
import { HttpError } from '../../platform/errors.ts'
import { SystemOut, SystemsPage, SystemsQuery, VersionsOut, systemOut } from './register.open-data.ts'
import * as register from './register.service.ts'
import { NumberParams } from '../../platform/forms.tsx'

const ErrorOut = z.object({ error: z.string(), message: z.string() })

type Representation = { bytes: Buffer; etag: string; lastModified: Date | null }

function representation(body: unknown, lastModified: Date | null): Representation {
  const bytes = Buffer.from(JSON.stringify(body))
  return { bytes, etag: `"${createHash('sha256').update(bytes).digest('base64url').slice(0, 27)}"`, lastModified }
}

/**
 * Sends JSON with a validator: an ETag from the bytes and, where known, when they last changed. A client that
 * already holds them gets 304 and no body. Published versions never change, so caches may keep pages a minute.
 */
function send(req: FastifyRequest, reply: FastifyReply, r: Representation) {
  reply.header('etag', r.etag).header('cache-control', 'public, max-age=60')
  if (r.lastModified) reply.header('last-modified', r.lastModified.toUTCString())
  const match = req.headers['if-none-match']
  if (match && match.split(',').some((m) => m.trim().replace(/^W\//, '') === r.etag)) return reply.code(304).send()
  return reply.type('application/json; charset=utf-8').send(r.bytes)
}

export async function registerApiRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>()
  const tags = ['AI systems register']
  // Pages of the list by URL. Every publication bumps the register's generation in its own transaction, so a page
  // made at the same generation is still right: answering it costs one row read instead of the filtered query.
  const pages = new LRUCache<string, Representation & { generation: number }>({ max: 2000 })

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
      const generation = await register.generation(req.reads)
      const cached = pages.get(req.url)
      if (cached?.generation === generation) return send(req, reply, cached)
      const { cursor, limit, updatedSince, ...filter } = req.query
      const rows = await register.publishedPage(
        req.reads,
        { ...filter, updatedSince: updatedSince ? new Date(updatedSince) : undefined },
        Number(cursor ?? 0),
        limit,
      )
      const data = rows.map((row) => systemOut(row, deps.config.publicUrl))
      let next: string | null = null
      if (rows.length === limit) {
        const url = new URL(req.url, deps.config.publicUrl)
        url.searchParams.set('cursor', String(rows.at(-1)!.number))
        next = url.href
      }
      const lastModified = rows.reduce<Date | null>(
        (latest, row) => (!latest || row.updatedAt > latest ? row.updatedAt : latest),
        null,
      )
      // A search that matches nothing offers what the search page offers: names that look like the words.
      const suggestions =
        filter.q && rows.length === 0 && !cursor
          ? (await register.searchRegister(req.reads, filter, 'relevance', 1, 5)).hits.map((h) => ({
              number: h.number,
              nameEn: h.nameEn,
              nameUr: h.nameUr,
              url: new URL(`/register/${h.number}`, deps.config.publicUrl).href,
            }))
          : undefined
      const made = { ...representation({ data, next, ...(suggestions ? { suggestions } : {}) }, lastModified), generation }
      pages.set(req.url, made)
      return send(req, reply, made)
    },
  )

  r.get(
    '/api/v1/systems/:number',
    {
      config: { access: 'public' },
      schema: { tags, summary: 'One published AI system', params: NumberParams, response: { 200: SystemOut, 404: ErrorOut } },
    },
    async (req, reply) => {
      const [row] = await register.publishedPage(req.reads, {}, req.params.number - 1, 1)
      if (!row || row.number !== req.params.number) throw new HttpError(404, '404')
      return send(req, reply, representation(systemOut(row, deps.config.publicUrl), row.updatedAt))
    },
  )

  r.get(
    '/api/v1/systems/:number/versions',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Every published version of an AI system',
        description: 'Newest first. Versions are never changed once published.',
        params: NumberParams,
        response: { 200: VersionsOut, 404: ErrorOut },
      },
    },
    async (req, reply) => {
      const shown = await register.publishedByNumber(req.reads, req.params.number)
      if (!shown) throw new HttpError(404, '404')
      const versions = (await register.versionsOf(req.reads, shown.entry.systemId)).map((v) => ({
        version: v.version,
        publishedAt: v.publishedAt.toISOString(),
        changeNote: v.changeNote,
        impactLevel: v.impactLevel,
        record: v.record as Record<string, unknown>,
      }))
      return send(req, reply, representation({ number: shown.entry.number, versions }, shown.version.publishedAt))
    },
  )
}
