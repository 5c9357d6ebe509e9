// The resident memory of the server as production runs it (the compiled build, with npm start's Node flags), idle
// after a warm-up of ten pages and at its peak under load; on the embedded engine against a bare PGlite process
// reopening the same data folder, measured in the same run.
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { build, buildIsCurrent } from '../scripts/build.mjs'
import { startServer, stopServer } from '../src/test-support/server-process.ts'
import { rps } from './measure.ts'

const root = new URL('..', import.meta.url).pathname
/** The Node flags `npm start` runs with (package.json), so that the figures are production's. */
const startFlags = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start
  .split(' ')
  .filter((word) => word.startsWith('--max-'))

const WARM_UP = [
  '/',
  '/ur/',
  '/register',
  '/ur/register',
  '/register?q=tax',
  '/progress',
  '/ur/progress',
  '/incidents',
  '/register/bodies',
  '/contact',
]

/** Kilobytes → megabytes of a line of /proc/<pid>/status (VmRSS: now; VmHWM: the peak). */
const statusMb = (pid: number, field: 'VmRSS' | 'VmHWM') =>
  Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024

/** A bare PGlite process, with the same extensions, opening the data folder and running one query. */
function barePglite(dataDir: string): number {
  const script = `
    import { PGlite } from '@electric-sql/pglite'
    import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm'
    import { unaccent } from '@electric-sql/pglite/contrib/unaccent'
    const db = await PGlite.create(${JSON.stringify(join(dataDir, 'pglite'))}, { extensions: { pg_trgm, unaccent } })
    await db.query('select count(*) from register_entries')
    console.log(process.memoryUsage().rss)
    await db.close()`
  const run = spawnSync(process.execPath, [...startFlags, '--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' })
  if (run.status !== 0) throw new Error(run.stderr)
  return Number(run.stdout.trim()) / 1024 / 1024
}

async function measure(env: Record<string, string>, seconds: number) {
  const server = await startServer({ PORT: '0', MIZAN_LOG_LEVEL: 'warn', ...env }, startFlags)
  const pid = server.child.pid!
  try {
    for (const path of WARM_UP) await (await fetch(`${server.base}${path}`)).arrayBuffer()
    const idle = statusMb(pid, 'VmRSS')
    const startPeak = statusMb(pid, 'VmHWM')
    // Load on what is rendered on every request (search), then on kept pages.
    for (const path of ['/register?q=health', '/ur/register?q=tax', '/', '/progress'])
      await rps(`${server.base}${path}`, 10, seconds)
    return { idle, startPeak, peak: statusMb(pid, 'VmHWM') }
  } finally {
    await stopServer(server)
  }
}

const mb = (x: number) => `${Math.round(x)} MB`

/** Prints the server's idle and peak resident memory on each engine, and the embedded engine's against bare PGlite. */
export async function benchMemory(opts: { embeddedDir: string; serverEnv?: Record<string, string>; seconds: number }) {
  if (!buildIsCurrent()) build()
  console.log(`\nresident memory of the compiled server (node ${startFlags.join(' ')}), idle after ten pages and peak under load`)
  const line = (what: string, value: string) => console.log(`${what.padEnd(52)} ${value}`)
  const embedded = await measure({ MIZAN_DATA_DIR: opts.embeddedDir }, opts.seconds)
  const bare = barePglite(opts.embeddedDir)
  line(
    'PGlite: idle / peak under load',
    `${mb(embedded.idle)} / ${mb(embedded.peak)}; bare PGlite ${mb(bare)}: idle ${mb(embedded.idle - bare)} over it (goal ≤ 150 MB)`,
  )
  if (opts.serverEnv) {
    const server = await measure(opts.serverEnv, opts.seconds)
    line(
      'PostgreSQL server: idle / peak under load',
      `${mb(server.idle)} (goal ≤ 150 MB) / ${mb(server.peak)} (goal ≤ 300 MB); ${mb(server.startPeak)} at start`,
    )
  }
}
