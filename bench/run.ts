// npm run bench: Mizan measured against baselines measured in the same run, on the same machine.
// Every figure is printed as a ratio, so numbers from different machines can be compared.
// MIZAN_BENCH_DATABASE_URL adds the PostgreSQL server engine; MIZAN_BENCH_SECONDS sets each load run (default 5).
// MIZAN_BENCH_LIVE_HEAP=1 reports the heap that work keeps alive (collecting before each sample), not its garbage.
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import Fastify, { type FastifyInstance } from 'fastify'
import { buildApp } from '../src/app.ts'
import { openEngine, type Engine } from '../src/db/engine.ts'
import { seed } from '../src/db/seed.ts'
import { fontsDir, urduFontFile } from '../src/platform/assets.ts'
import { TEST_SECRETS, testConfig } from '../src/test-support/app.ts'
import { rps } from './measure.ts'
import { benchMemory } from './memory.ts'
import { build, buildIsCurrent, entryArgs } from '../scripts/build.mjs'
import pg from 'pg'
import { benchReportFlood } from './incidents.ts'
import { recordStatement } from './pages.ts'
import { benchRegister, type RegisterFigures } from './register.ts'

// --smoke: a small register and one-second runs, to prove the bench itself works (the test suite runs it).
// --scale: the register at 10k, 100k and (on a server) 1M systems, and how each figure grows (see `scale`).
const smoke = process.argv.includes('--smoke')
const seconds = Number(process.env.MIZAN_BENCH_SECONDS ?? (smoke ? 1 : 5))
const registerRows = Number(process.env.MIZAN_BENCH_ROWS ?? (smoke ? 1_000 : 100_000))
const serverUrl = process.env.MIZAN_BENCH_DATABASE_URL

const listen = async (app: FastifyInstance) => {
  await app.listen({ port: 0, host: '127.0.0.1' })
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`
}

const requestsPerSecond = (url: string) => rps(url, 10, seconds)

const row = (what: string, ours: { rps: number; p99: number }, base: { rps: number; p99: number }) =>
  console.log(
    `${what.padEnd(44)} ${Math.round(ours.rps).toString().padStart(7)} req/s vs ${Math.round(base.rps).toString().padStart(7)}  ` +
      `ratio ${(ours.rps / base.rps).toFixed(2)}  (p99 ${ours.p99} ms vs ${base.p99} ms)`,
  )

async function throughput(engine: Engine) {
  await seed(engine.db)
  const app = await buildApp({ config: testConfig(), engine, logger: false })
  const mizan = await listen(app)
  // The baseline answers with the very bytes Mizan sends, so the ratio is the cost of Mizan's own work.
  const home = await (await fetch(`${mizan}/`)).text()
  const health = await (await fetch(`${mizan}/healthz`)).text()
  const bare = Fastify()
  bare.get('/', (_req, reply) => reply.type('text/html; charset=utf-8').send(home))
  bare.get('/healthz', (_req, reply) => reply.type('application/json').send(health))
  const baseline = await listen(bare)

  console.log(`\n[${engine.kind}] throughput, 10 connections, ${seconds} s each; baseline: bare Fastify sending the same bytes`)
  row('home page (database query + render)', await requestsPerSecond(`${mizan}/`), await requestsPerSecond(`${baseline}/`))
  row('Urdu home page', await requestsPerSecond(`${mizan}/ur/`), await requestsPerSecond(`${baseline}/`))
  row('/healthz (two queries)', await requestsPerSecond(`${mizan}/healthz`), await requestsPerSecond(`${baseline}/healthz`))
  await bare.close()
  await app.close()
}

async function pageWeight() {
  const engine = await openEngine({})
  await engine.migrate()
  await seed(engine.db)
  const app = await buildApp({ config: testConfig(), engine, logger: false })
  const base = await listen(app)
  const gz = async (path: string) => gzipSync(Buffer.from(await (await fetch(`${base}${path}`)).arrayBuffer())).length
  const css = await gz('/static/css/main.css')
  const urduCss = await gz('/static/css/urdu.css')
  const font = readFileSync(join(fontsDir, urduFontFile)).length
  const en = (await gz('/')) + css
  const ur = (await gz('/ur/')) + css + urduCss
  console.log('\npage weight, gzip (HTML + CSS), against the 40 KB budget')
  console.log(`${'English home page'.padEnd(44)} ${en} B  ratio to budget ${(en / 40_960).toFixed(2)}`)
  console.log(`${'Urdu home page, without the font'.padEnd(44)} ${ur} B  ratio to budget ${(ur / 40_960).toFixed(2)}`)
  console.log(`${'Urdu home page, with the font (first visit)'.padEnd(44)} ${ur + font} B  (font ${font} B, cached for a year)`)
  await app.close()
  await engine.close()
}

/** Milliseconds from spawning a process to the first line matching `ready`. */
function timeToReady(args: string[], env: Record<string, string>, ready: RegExp): Promise<number> {
  const started = performance.now()
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: 'pipe' })
  return new Promise((resolve, reject) => {
    let out = ''
    const onData = (c: Buffer) => {
      out += c
      if (ready.test(out)) {
        resolve(performance.now() - started)
        child.kill('SIGTERM')
      }
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    child.on('exit', (code) => code !== 0 && code !== null && reject(new Error(out)))
  })
}

async function coldStart() {
  // Production runs the compiled build (npm start builds it when the sources are newer), and so does this.
  if (!buildIsCurrent()) build()
  const server = entryArgs('server')
  const bare = `import Fastify from 'fastify'; const a = Fastify(); a.get('/', () => 'ok'); await a.listen({ port: 0 }); console.log('listening')`
  const baseline = await timeToReady(['--input-type=module', '-e', bare], {}, /listening/)
  console.log('\ncold start of the compiled build, spawn to listening; baseline: a bare Fastify process')
  console.log(`${'baseline'.padEnd(44)} ${Math.round(baseline)} ms`)
  const line = (what: string, ms: number) =>
    console.log(`${what.padEnd(44)} ${Math.round(ms)} ms  ratio ${(ms / baseline).toFixed(1)}`)
  const dir = mkdtempSync(join(tmpdir(), 'mizan-bench-'))
  const env = { MIZAN_DATA_DIR: dir, PORT: '0', MIZAN_LOG_LEVEL: 'warn' }
  line('PGlite, first start (create, migrate, seed)', await timeToReady(server, env, /Mizan is running/))
  line('PGlite, later start', await timeToReady(server, env, /Mizan is running/))
  const serverEnv = serverUrl ? { DATABASE_URL: serverUrl, ...TEST_SECRETS } : undefined
  if (serverEnv) line('PostgreSQL server', await timeToReady(server, { ...env, ...serverEnv }, /Mizan is running/))
  await benchMemory({ embeddedDir: dir, serverEnv, seconds })
}

/**
 * Runs `work` on a register in a database of its own: the embedded engine in a folder on disk, or a throwaway database
 * on the server, dropped afterwards.
 */
async function onOwnDatabase<T>(kind: 'pglite' | 'postgres', work: (engine: Engine) => Promise<T>): Promise<T> {
  const name = `mizan_bench_${Date.now()}`
  const admin = kind === 'postgres' ? new pg.Client({ connectionString: serverUrl }) : undefined
  const url = new URL(serverUrl || 'postgres://unused')
  url.pathname = `/${name}`
  if (admin) {
    await admin.connect()
    await admin.query(`create database ${name}`)
  }
  const engine = await openEngine({
    ...(admin ? { databaseUrl: url.href } : { dataDir: mkdtempSync(join(tmpdir(), 'mizan-bench-register-')) }),
    onQuery: recordStatement,
  })
  try {
    await engine.migrate()
    await seed(engine.db)
    return await work(engine)
  } finally {
    await engine.close()
    await admin?.query(`drop database ${name} with (force)`)
    await admin?.end()
  }
}

/**
 * --scale: the register at several sizes on each engine (MIZAN_BENCH_SCALE and MIZAN_BENCH_SCALE_EMBEDDED, sizes
 * separated by commas), each measured against its baselines, then how each figure grew from the smallest size.
 */
async function scale() {
  const sizes = (value: string | undefined, fallback: number[]) => (value ? value.split(',').map(Number) : fallback)
  const engines: ['pglite' | 'postgres', number[]][] = [
    ['pglite', sizes(process.env.MIZAN_BENCH_SCALE_EMBEDDED, [10_000, 100_000])],
  ]
  if (serverUrl) engines.push(['postgres', sizes(process.env.MIZAN_BENCH_SCALE, [10_000, 100_000, 1_000_000])])
  for (const [kind, rows] of engines) {
    const figures: RegisterFigures[] = []
    for (const n of rows) figures.push(await onOwnDatabase(kind, (engine) => benchRegister(engine, { rows: n, seconds })))
    const first = figures[0]!
    console.log(`\n[${kind}] how cost grows with the register (ratios against each size's own baselines)`)
    console.log(
      'systems      import/COPY  search median  commonest word  search req/s (vs smallest)  page ratio (lowest)  bench RSS',
    )
    for (const f of figures)
      console.log(
        `${f.rows.toLocaleString('en').padEnd(12)} ${f.importRatio.toFixed(2).padStart(11)}  ${f.searchMedianMs.toFixed(1).padStart(10)} ms` +
          `  ${f.commonMs.toFixed(1).padStart(11)} ms  ${Math.round(f.searchRps).toString().padStart(12)} (${(f.searchRps / first.searchRps).toFixed(2)})` +
          `  ${f.pageRatio.toFixed(2).padStart(20)}  ${Math.round(f.rssMb).toString().padStart(6)} MB`,
      )
  }
}

if (process.argv.includes('--scale')) await scale()
else {
  const pglite = await openEngine({})
  await pglite.migrate()
  await throughput(pglite)
  await pglite.close()
  if (serverUrl) {
    const pg = await openEngine({ databaseUrl: serverUrl })
    await pg.migrate()
    await throughput(pg)
    await pg.close()
  } else console.log('\n(set MIZAN_BENCH_DATABASE_URL to measure the PostgreSQL server engine too)')
  await pageWeight()
  await coldStart()
  // The register on each engine, in a database of its own.
  const kinds: ('pglite' | 'postgres')[] = serverUrl ? ['pglite', 'postgres'] : ['pglite']
  for (const kind of kinds)
    await onOwnDatabase(kind, async (engine) => {
      await benchRegister(engine, { rows: registerRows, seconds, smoke })
      await benchReportFlood(engine, { seconds })
    })
}
