// The register's downloads at size: how soon the first byte comes, how long the whole file takes against the same
// paged SQL run bare on the engine, and whether memory stays flat while rows stream out.
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import type { Engine } from '../src/db/engine.ts'
import * as repo from '../src/modules/register/register.repository.ts'
import { downloadPageSizes } from '../src/modules/register/register.routes.tsx'
import { peakMemory } from './import.ts'

/**
 * Reads a download to its end in a separate process, throwing its bytes away as they come, as a client saving it to
 * disk would. A client in this process would share its thread with the embedded engine and wait for it.
 */
const downloader = `
const started = performance.now()
const res = await fetch(process.argv[1], { headers: { 'accept-encoding': 'gzip' } })
const headersMs = performance.now() - started
if (res.status !== 200 || !res.body) throw new Error(process.argv[1] + ': ' + res.status)
let firstMs, bytes = 0
for await (const chunk of res.body) { firstMs ??= performance.now() - started; bytes += chunk.length }
console.log(JSON.stringify({ headersMs, firstMs: firstMs ?? 0, totalMs: performance.now() - started, bytes }))
`

async function download(url: string) {
  const child = spawn(process.execPath, ['--input-type=module', '-e', downloader, url], { stdio: ['ignore', 'pipe', 'inherit'] })
  let out = ''
  child.stdout.on('data', (d: Buffer) => (out += d.toString()))
  const [code] = (await once(child, 'close')) as [number]
  if (code !== 0) throw new Error(`download of ${url} failed`)
  return JSON.parse(out) as { headersMs: number; firstMs: number; totalMs: number; bytes: number }
}

/** Every page of the export's own query, in the export's own page sizes, on the engine's client with nothing around it. */
async function barePages(engine: Engine) {
  const client = (engine.db as unknown as { $client: { query(text: string, params: unknown[]): Promise<{ rows: unknown[] }> } })
    .$client
  const sizes = downloadPageSizes(engine.kind)
  const started = performance.now()
  let after = 0
  for (let size = sizes.first; ; size = sizes.then) {
    const { sql, params } = repo.publishedPage(engine.db, {}, after, size).toSQL()
    const { rows } = await client.query(sql, params)
    if (rows.length < size) break
    // The statement's first column is the system's number, which pages are keyed on.
    after = Number(Object.values(rows.at(-1) as Record<string, unknown>)[0])
  }
  return performance.now() - started
}

export async function benchExport(engine: Engine, base: string, rows: number) {
  const bareMs = await barePages(engine)
  for (const path of ['/register/export.csv', '/register/export.json']) {
    const { result, heapMb, rssMb } = await peakMemory(() => download(`${base}${path}`))
    console.log(
      `${`GET ${path} (${rows.toLocaleString('en')} systems)`.padEnd(52)} headers ${result.headersMs.toFixed(0)} ms, first data ${result.firstMs.toFixed(0)} ms (goal < 200), ` +
        `whole ${(result.totalMs / 1000).toFixed(1)} s vs bare paged SQL ${(bareMs / 1000).toFixed(1)} s  ratio ${(bareMs / result.totalMs).toFixed(2)}  ` +
        `(${(result.bytes / 1e6).toFixed(0)} MB; heap peak ${Math.round(heapMb)} MB above start, process peak ${Math.round(rssMb)} MB)`,
    )
  }
}
