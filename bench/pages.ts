// Public pages against a bare process running the very statements each page runs and sending the very bytes: the
// statements are recorded from the page's own render (text and parameters), and the baseline runs them all at once,
// the fastest they can be run.
import { sql } from 'drizzle-orm'
import Fastify from 'fastify'
import type { AddressInfo } from 'node:net'
import type { Engine } from '../src/db/engine.ts'
import { median, rps } from './measure.ts'

type Statement = { text: string; params: unknown[] }
let recording: Statement[] | undefined

/** Give to `openEngine` as `onQuery`: what the engine runs while a page is being recorded. */
export const recordStatement = (text: string, params: unknown[]) => void recording?.push({ text, params })

/** A change to nothing, counted as a public change: the next visitor's page is rendered anew. */
const invalidate = (engine: Engine) => engine.db.execute(sql`update public_generation set generation = generation + 1`)

async function get(url: string) {
  const res = await fetch(url)
  const body = await res.text()
  if (res.status !== 200) throw new Error(`${url}: ${res.status}`)
  return body
}

/** What a GET of `url` answers, and the statements it ran without the one that asks whether a kept copy is current. */
export async function statementsRun(url: string) {
  recording = []
  const body = await get(url)
  const statements = recording.filter((s) => !/public_generation/.test(s.text))
  recording = undefined
  return { body, statements }
}

/** Runs recorded statements all at once on the engine's own client: the fastest they can be run. */
export function replayer(engine: Engine) {
  const client = (engine.db as unknown as { $client: { query(text: string, params: unknown[]): Promise<unknown> } }).$client
  return (statements: Statement[]) => Promise.all(statements.map((s) => client.query(s.text, s.params)))
}

/** A page as rendered anew, and its statements. */
async function recorded(engine: Engine, path: string, url: string) {
  await invalidate(engine)
  return { path, ...(await statementsRun(url)) }
}

/**
 * For each page: visitors' throughput (kept pages) against the bare process running the page's statements, and the
 * latency of a page rendered anew (after a public change) against those statements alone, one request at a time.
 */
export async function benchPages(engine: Engine, mizan: string, paths: string[], seconds: number) {
  const pages: { path: string; body: string; statements: Statement[] }[] = []
  for (const path of paths) pages.push(await recorded(engine, path, `${mizan}${path}`))
  const bare = Fastify()
  const run = replayer(engine)
  bare.get('/:i', async (req, reply) => {
    const page = pages[Number((req.params as { i: string }).i)]!
    await run(page.statements)
    return reply.type('text/html; charset=utf-8').send(page.body)
  })
  await bare.listen({ port: 0, host: '127.0.0.1' })
  const baseline = `http://127.0.0.1:${(bare.server.address() as AddressInfo).port}`
  const line = (what: string, value: string) => console.log(`${what.padEnd(52)} ${value}`)
  const ratios: Record<string, number> = {}
  for (const [i, page] of pages.entries()) {
    const anew: number[] = []
    const alone: number[] = []
    for (let round = 0; round < 15; round++) {
      await invalidate(engine)
      let t0 = performance.now()
      await get(`${mizan}${page.path}`)
      anew.push(performance.now() - t0)
      t0 = performance.now()
      await run(page.statements)
      alone.push(performance.now() - t0)
    }
    // A second of each unmeasured first, so that neither is measured while its code is still being compiled.
    await rps(`${mizan}${page.path}`, 10, 1)
    await rps(`${baseline}/${i}`, 10, 1)
    const ours = await rps(`${mizan}${page.path}`, 10, seconds)
    const base = await rps(`${baseline}/${i}`, 10, seconds)
    line(
      `${page.path} (${page.statements.length} statements), 10 connections`,
      `${Math.round(ours.rps)} req/s vs ${Math.round(base.rps)}  ratio ${(ours.rps / base.rps).toFixed(2)} (goal ≥ 0.7; p99 ${ours.p99} vs ${base.p99} ms)`,
    )
    ratios[page.path] = ours.rps / base.rps
    line(
      '  rendered anew after a change, median',
      `${median(anew).toFixed(1)} ms vs its statements alone ${median(alone).toFixed(1)} ms`,
    )
  }
  await bare.close()
  return ratios
}
