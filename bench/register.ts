// The register under load: a generated register of many systems, searched and read through HTTP, each figure
// against a baseline measured in the same run on the same engine.
import { stringify } from 'csv-stringify/sync'
import { sql } from 'drizzle-orm'
import Fastify from 'fastify'
import { gzipSync } from 'node:zlib'
import { buildApp } from '../src/app.ts'
import { maintainEmbedded, queryRows, storageOf, type Engine } from '../src/db/engine.ts'
import { csvColumns } from '../src/modules/register/register.open-data.ts'
import { lifecycleStatuses, decisionRoles, sectors, supplierOrigins } from '../src/modules/register/register.record.ts'
import * as repo from '../src/modules/register/register.repository.ts'
import { publishImport } from '../src/modules/register/register-import.service.ts'
import { benchExport } from './export.ts'
import { median, p95, rps } from './measure.ts'
import { benchPages, replayer, statementsRun } from './pages.ts'
import { benchImport } from './import.ts'
import { provinces } from '../src/modules/accounts/accounts.vocabulary.ts'
import { createAuditLog } from '../src/platform/audit-log.ts'
import { systemClock } from '../src/platform/clock.ts'
import type { UserActor } from '../src/platform/rbac.ts'
import { completeRecord } from '../src/test-support/register.ts'
import { testConfig } from '../src/test-support/app.ts'

/** A small, fixed pseudo-random sequence, so that every run generates the same register. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const english = [
  'tax',
  'fraud',
  'traffic',
  'signal',
  'crop',
  'yield',
  'land',
  'record',
  'health',
  'triage',
  'complaint',
  'routing',
  'school',
  'attendance',
  'flood',
  'forecast',
  'pension',
  'payment',
  'licence',
  'inspection',
  'water',
  'meter',
  'power',
  'theft',
  'exam',
  'marking',
  'court',
  'case',
  'scheduling',
  'vaccine',
  'stock',
  'police',
  'patrol',
  'customs',
  'cargo',
  'loan',
  'farmer',
  'subsidy',
  'identity',
  'verification',
]
const urdu = [
  'ٹیکس',
  'فراڈ',
  'ٹریفک',
  'سگنل',
  'فصل',
  'پیداوار',
  'زمین',
  'ریکارڈ',
  'صحت',
  'شکایت',
  'اسکول',
  'حاضری',
  'سیلاب',
  'پیش گوئی',
  'پنشن',
  'ادائیگی',
  'لائسنس',
  'معائنہ',
  'پانی',
  'بجلی',
  'چوری',
  'امتحان',
  'عدالت',
  'مقدمہ',
  'ویکسین',
  'پولیس',
  'کسٹم',
  'قرض',
  'کسان',
  'امداد',
  'شناخت',
  'تصدیق',
]

/**
 * Sentences of real registers' descriptions: each record's is several of them, so that records name the same words
 * different numbers of times and their ranks differ, as real records' do (a record repeating its neighbours' text word
 * for word would tie every search).
 */
const sentences = [
  'The model scores each case by the likelihood that it needs an officer to look again.',
  'Records are read from the provincial database every night.',
  'An officer reviews every case the model flags before any decision is taken.',
  'The system was trained on five years of past decisions and their outcomes.',
  'Scores below the threshold are closed without further action.',
  'Citizens are told when a score contributed to a decision about them.',
  'The data is held on government servers in Islamabad.',
  'A dashboard shows the number of flagged cases by district each week.',
  'The supplier retrains the model each quarter with new records.',
  'Cases from remote districts are weighted so that they are not under-counted.',
  'Field staff can override the score and must record why.',
  'Accuracy is checked every month against a sample of cases reviewed by hand.',
  'The model reads scanned forms in Urdu and English.',
  'Complaints about a decision go to the district office first.',
  'No decision is taken by the system alone.',
]

/** Records a file holds, about 1.2 KB each: every file stays within the 50 MB an import takes, as a body's would. */
const ROWS_PER_FILE = 40_000

/** A CSV of `n` systems in the register's own download format, spread over the organisations given. */

export function generatedCsvFiles(n: number, organisations: string[]): Buffer[] {
  const next = random(2025)
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!
  const base = completeRecord()
  const rows = Array.from({ length: n }, (_, i) => {
    const words = [pick(english), pick(english), pick(english)]
    const wordsUr = [pick(urdu), pick(urdu), pick(urdu)]
    const record: Record<string, unknown> = {
      ...base,
      organisation: pick(organisations),
      nameEn: `${words[0]} ${words[1]} system ${i}`,
      nameUr: `${wordsUr[0]} ${wordsUr[1]} نظام ${i}`,
      descriptionEn: Array.from({ length: 2 + Math.floor(next() * 6) }, () => pick(sentences)).join(' '),
      summaryEn: `Helps officers with ${words.join(', ')} work.`,
      summaryUr: `${wordsUr.join('، ')} کے کام میں افسران کی مدد کرتا ہے۔`,
      sector: pick(sectors),
      provinces: [pick(provinces), pick(provinces)].join('; '),
      status: pick(lifecycleStatuses.filter((s) => s !== 'retired')),
      decisionRole: pick(decisionRoles),
      supplierOrigin: pick(supplierOrigins),
      personalData: (base.personalData ?? []).join('; '),
      sensitiveAttributes: (base.sensitiveAttributes ?? []).join('; '),
      modelTypes: (base.modelTypes ?? []).join('; '),
      languages: (base.languages ?? []).join('; '),
    }
    return record
  })
  const columns = ['organisation', ...csvColumns.filter((c) => c in rows[0]! && c !== 'organisation')]
  const files: Buffer[] = []
  for (let i = 0; i < rows.length; i += ROWS_PER_FILE)
    files.push(Buffer.from(stringify(rows.slice(i, i + ROWS_PER_FILE), { header: true, columns, bom: true })))
  return files
}

/** What a search asks: words and filters people use together. */
const searches: repo.RegisterFilter[] = [
  { q: 'tax fraud' },
  { q: 'ٹیکس' },
  { q: 'traffic', sector: 'governance_justice' },
  { q: 'crop yield', province: 'punjab' },
  { q: 'امداد', status: 'production' },
  { sector: 'health', province: 'sindh' },
  { q: 'payment', supplierOrigin: 'local_company' },
  { q: 'پولیس' },
]
const searchUrl = (f: repo.RegisterFilter) => `/register?${new URLSearchParams(Object.entries(f) as [string, string][])}`

/** Generates and publishes `rows` systems, then measures import, search and reading against their baselines. */
export async function benchRegister(engine: Engine, opts: { rows: number; seconds: number; smoke?: boolean }) {
  const config = testConfig()
  const deps = {
    db: engine.db,
    engine: engine.kind,
    clock: systemClock,
    config,
    audit: createAuditLog({ clock: systemClock, auditKey: config.secrets.auditKey }),
  }
  const orgs = [
    'fbr',
    'pmdu',
    'psca',
    'plra',
    'bisp',
    'punjab-agriculture',
    'sindh-health',
    'islamabad-traffic-police',
    'nadra',
    'hec',
  ]
  console.log(`\n[${engine.kind}] register of ${opts.rows.toLocaleString('en')} generated systems`)

  const files = generatedCsvFiles(opts.rows, orgs)
  const { importIds, ratio: importRatio } = await benchImport(deps, engine, files, opts.rows)
  const started = performance.now()
  const reviewer: UserActor = {
    kind: 'user',
    id: '00000000-0000-4000-8000-000000000000',
    organisationId: null,
    roles: ['reviewer'],
  }
  await engine.db.execute(
    sql`insert into users (id, email, name) values (${reviewer.id}, 'bench@example.gov.pk', 'Bench reviewer') on conflict do nothing`,
  )
  for (const id of importIds) await publishImport(deps, reviewer, id, undefined)
  const publishMs = performance.now() - started
  const line = (what: string, value: string) => console.log(`${what.padEnd(52)} ${value}`)
  line(
    'publish the import (versions and search index)',
    `${Math.round(opts.rows / (publishMs / 1000)).toLocaleString('en')} rows/s`,
  )
  await engine.db.execute(sql`analyze`)
  // The embedded engine's checkpoint, as the hourly job leaves it; its statistics were gathered just above.
  await maintainEmbedded(engine.db, engine.kind, [])
  const stored = await storageOf(engine.db, engine.kind)
  line(
    "database size, and the embedded engine's write-ahead log",
    `${Math.round(stored.databaseBytes / 1e6)} MB` +
      (stored.walBytes === undefined ? '' : `, log ${Math.round(stored.walBytes / 1e6)} MB`),
  )

  const app = await buildApp({ config, engine, logger: false })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const mizan = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`
  // The baseline runs the very SQL Mizan's repository sends, on the engine's own client, with nothing of ours around it.
  const client = (engine.db as unknown as { $client: { query(text: string, params: unknown[]): Promise<{ rows: unknown[] }> } })
    .$client
  const raw = (statement: { toSQL(): { sql: string; params: unknown[] } }) => {
    const { sql, params } = statement.toSQL()
    return () => client.query(sql, params)
  }
  const apiFilter: repo.RegisterFilter = { sector: 'health', province: 'punjab' }
  const bare = Fastify()
  const apiQuery = raw(repo.publishedPage(engine.db, apiFilter, 0, 20))
  bare.get('/systems', async () => (await apiQuery()).rows)
  // Each search against the very statements its page ran, recorded with their parameters after a first visit has
  // kept what every search page shares (the bodies, the register's size), run all at once, sending the very bytes.
  const replay = replayer(engine)
  const searchPages: Awaited<ReturnType<typeof statementsRun>>[] = []
  for (const f of searches) {
    await fetch(`${mizan}${searchUrl(f)}`).then((r) => r.text())
    searchPages.push(await statementsRun(`${mizan}${searchUrl(f)}`))
  }
  const searchQueries = searchPages.map((p) => () => replay(p.statements))
  bare.get('/search/:i', async (req, reply) => {
    const i = Number((req.params as { i: string }).i)
    await searchQueries[i]!()
    return reply.type('text/html; charset=utf-8').send(searchPages[i]!.body)
  })
  await bare.listen({ port: 0, host: '127.0.0.1' })
  const baseline = `http://127.0.0.1:${(bare.server.address() as { port: number }).port}`

  // Latency, one request at a time: the whole search path through HTTP, and the same SQL alone.
  const rounds = Math.max(5, Math.min(40, Math.floor(20_000 / opts.rows) + 5))
  const http: number[] = []
  const sqlTimes: number[] = []
  for (let r = 0; r < rounds; r++) {
    for (const [i, f] of searches.entries()) {
      let t0 = performance.now()
      const res = await fetch(`${mizan}${searchUrl(f)}`)
      await res.text()
      if (res.status !== 200) throw new Error(`${searchUrl(f)}: ${res.status}`)
      http.push(performance.now() - t0)
      t0 = performance.now()
      await searchQueries[i]!()
      sqlTimes.push(performance.now() - t0)
    }
  }
  const ms = (x: number) => `${x.toFixed(1)} ms`
  line('search through HTTP, median / p95', `${ms(median(http))} / ${ms(p95(http))}`)
  line('the same SQL on the engine, median / p95', `${ms(median(sqlTimes))} / ${ms(p95(sqlTimes))}`)
  line('ratio HTTP / SQL at the median (goal ≤ 2)', (median(http) / median(sqlTimes)).toFixed(2))

  // The word most records hold, searched alone on one connection: the search whose cost would grow with the register.
  const [common] = await queryRows<{ word: string }>(
    engine.db,
    sql`select word from ts_stat('select search from register_entries') order by ndoc desc, word limit 1`,
  )
  const commonTimes: number[] = []
  for (let r = 0; r < 20; r++) {
    const t0 = performance.now()
    const res = await fetch(`${mizan}/register?q=${encodeURIComponent(common!.word)}`)
    await res.text()
    commonTimes.push(performance.now() - t0)
  }
  const commonMs = median(commonTimes)
  line(`search for the commonest word ("${common!.word}"), one connection`, `median ${ms(commonMs)} (goal ≤ 50 ms at 1M)`)

  // Before the load runs: a loaded engine would still be answering their last requests.
  await benchExport(engine, mizan, opts.rows)

  const [middle] = await queryRows<{ number: number }>(
    engine.db,
    sql`select number from register_entries order by number offset ${Math.floor(opts.rows / 2)} limit 1`,
  )
  const system = `/register/${middle!.number}`
  const pages = ['/', '/ur/', system, `/ur${system}`, '/register/bodies/nadra', '/progress']
  // The smoke run proves the page bench works on two of them.
  const pageRatios = await benchPages(engine, mizan, opts.smoke ? ['/', system] : pages, opts.seconds)

  const connections = 50
  const row = (what: string, ours: { rps: number; p99: number }, base: { rps: number; p99: number }, goal: string) =>
    line(
      what,
      `${Math.round(ours.rps)} req/s vs ${Math.round(base.rps)}  ratio ${(ours.rps / base.rps).toFixed(2)} ${goal} (p99 ${ours.p99} vs ${base.p99} ms)`,
    )
  const apiUrl = `/api/v1/systems?${new URLSearchParams(apiFilter as Record<string, string>)}&limit=20`
  row(
    `GET ${apiUrl}, ${connections} connections`,
    await rps(`${mizan}${apiUrl}`, connections, opts.seconds),
    await rps(`${baseline}/systems`, connections, opts.seconds),
    '(goal ≥ 0.7)',
  )
  const searchPage = await rps(`${mizan}${searchUrl(searches[2]!)}`, connections, opts.seconds)
  const searchBase = await rps(`${baseline}/search/2`, connections, opts.seconds)
  row(`search page ${searchUrl(searches[2]!)}`, searchPage, searchBase, '(goal ≥ 0.7)')

  const gz = async (path: string) => gzipSync(Buffer.from(await (await fetch(`${mizan}${path}`)).arrayBuffer())).length
  const css = await gz('/static/css/main.css')
  const page = (await gz(searchUrl(searches[0]!))) + css
  line(
    'register search page, gzip HTML + CSS, no JavaScript',
    `${page} B  ratio to the 40 KB budget ${(page / 40_960).toFixed(2)}`,
  )
  await bare.close()
  await app.close()
  return {
    rows: opts.rows,
    importRatio,
    searchMedianMs: median(http),
    commonMs,
    searchRps: searchPage.rps,
    searchRatio: searchPage.rps / searchBase.rps,
    pageRatio: Math.min(...Object.values(pageRatios)),
    rssMb: process.memoryUsage().rss / 1e6,
  }
}

export type RegisterFigures = Awaited<ReturnType<typeof benchRegister>>
