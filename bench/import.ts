// The register import against PostgreSQL's own bulk load: the same rows, the same table and indexes, by COPY.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { PGlite } from '@electric-sql/pglite'
import type pg from 'pg'
import { from as copyFrom, to as copyTo } from 'pg-copy-streams'
import type { Engine } from '../src/db/engine.ts'
import type { Deps } from '../src/platform/deps.ts'
import { importSystems } from '../src/modules/register/register-import.service.ts'
import { MAX_IMPORT_BYTES, readImport } from '../src/modules/register/register.import-file.ts'

/** Memory in MB: the process's resident set, and what the JavaScript heap and its buffers hold. */
const memory = () => {
  const m = process.memoryUsage()
  return { rss: m.rss / 1e6, heap: (m.heapUsed + m.external + m.arrayBuffers) / 1e6 }
}

/**
 * What `work` takes in memory, sampled every 10 ms and at its end: the main thread's heap at its peak above where it
 * started (what the work itself holds), the process's resident set at its peak, and how far that peak is above the
 * start (what the work added, a worker thread's heap and the embedded engine's growth included).
 */
export async function peakMemory<T>(work: () => Promise<T>) {
  // What earlier work left for the collector is collected first, when the bench is run with --expose-gc (npm run bench).
  ;(globalThis as { gc?: () => void }).gc?.()
  const start = memory()
  const peak = { ...start }
  // MIZAN_BENCH_LIVE_HEAP=1 collects before every sample, so that the heap figure is what the work keeps alive
  // rather than garbage not yet collected (the times are then slower, and not comparable).
  const live = process.env.MIZAN_BENCH_LIVE_HEAP === '1'
  const sample = () => {
    if (live) (globalThis as { gc?: () => void }).gc?.()
    const now = memory()
    peak.rss = Math.max(peak.rss, now.rss)
    peak.heap = Math.max(peak.heap, now.heap)
  }
  const timer = setInterval(sample, 10)
  try {
    const result = await work()
    sample()
    return { result, heapMb: peak.heap - start.heap, rssMb: peak.rss, rssGrowthMb: peak.rss - start.rss }
  } finally {
    clearInterval(timer)
  }
}

const COLUMNS = 'organisation_id, created_at, draft_state, draft, draft_updated_at, submitted_at, import_id'

/**
 * COPY of the rows the imports stored, into the same table with its indexes, in a transaction rolled back: the
 * fastest the engine itself takes them in. The rows are read out by COPY first, so they are the import's own.
 */
async function copyBaseline(engine: Engine, importIds: string[]): Promise<number> {
  const ids = importIds.map((id) => `'${id}'`).join(', ')
  const out = `COPY (SELECT ${COLUMNS} FROM ai_systems WHERE import_id IN (${ids})) TO STDOUT`
  const into = `COPY ai_systems (${COLUMNS}) FROM STDIN`
  const client = (engine.db as unknown as { $client: PGlite | pg.Pool }).$client
  if (engine.kind === 'pglite') {
    const pglite = client as PGlite
    const { blob } = await pglite.query(out.replace('STDOUT', "'/dev/blob'"))
    const started = performance.now()
    await pglite
      .transaction(async (tx) => {
        await tx.query(into.replace('STDIN', "'/dev/blob'"), [], { blob: blob! })
        throw new Error('rollback')
      })
      .catch((err: Error) => {
        if (err.message !== 'rollback') throw err
      })
    return performance.now() - started
  }
  const pool = client as pg.Pool
  const conn = await pool.connect()
  try {
    const chunks: Buffer[] = []
    for await (const chunk of conn.query(copyTo(out))) chunks.push(chunk as Buffer)
    const started = performance.now()
    await conn.query('BEGIN')
    await pipeline(Readable.from(chunks), conn.query(copyFrom(into)))
    await conn.query('ROLLBACK')
    return performance.now() - started
  } finally {
    conn.release()
  }
}

/**
 * Imports generated files, each within the 50 MB an import takes, through the whole path from the file on disk (as
 * an upload is spooled there: streamed reading, every check, storing for review), then loads the same rows by COPY.
 * Prints rows a second, their ratio, and the memory the largest file took.
 */
export async function benchImport(deps: Deps, engine: Engine, files: Buffer[], rows: number) {
  const dir = mkdtempSync(join(tmpdir(), 'mizan-bench-import-'))
  const paths = files.map((bytes, i) => {
    const path = join(dir, `generated-${i}.csv`)
    writeFileSync(path, bytes)
    return path
  })
  const importIds: string[] = []
  let importMs = 0
  let heapMb = 0
  let rssMb = 0
  let rssGrowthMb = 0
  for (const [i, bytes] of files.entries()) {
    if (bytes.length > MAX_IMPORT_BYTES) throw new Error(`generated file ${i} is larger than an import takes`)
    const started = performance.now()
    const filename = `generated-${i}.csv`
    const { result, ...used } = await peakMemory(async () =>
      importSystems(deps, { kind: 'system', name: 'bench' }, filename, await readImport({ filename, path: paths[i]! })),
    )
    importMs += performance.now() - started
    if (!result.ok) throw new Error(`generated file refused: ${JSON.stringify(result.problems.slice(0, 3))}`)
    importIds.push(result.importId)
    heapMb = Math.max(heapMb, used.heapMb)
    rssMb = Math.max(rssMb, used.rssMb)
    rssGrowthMb = Math.max(rssGrowthMb, used.rssGrowthMb)
  }
  rmSync(dir, { recursive: true })
  const copyMs = await copyBaseline(engine, importIds)
  const perSecond = (ms: number) => Math.round(rows / (ms / 1000)).toLocaleString('en')
  const largest = Math.max(...files.map((f) => f.length)) / 1e6
  console.log(
    `${'import from CSV (stream, check, store for review)'.padEnd(52)} ${perSecond(importMs)} rows/s vs COPY ${perSecond(copyMs)}  ` +
      `ratio ${(copyMs / importMs).toFixed(2)}  (${files.length} files; largest ${largest.toFixed(1)} MB: heap peak ${Math.round(heapMb)} MB above start, ` +
      `process peak ${Math.round(rssMb)} MB, ${Math.round(rssGrowthMb)} MB above its start)`,
  )
  return { importIds, ratio: copyMs / importMs }
}
