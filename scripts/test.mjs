// Runs the suite the way CI does: unit and integration tests once per engine (PGlite always; a PostgreSQL server, the
// one MIZAN_TEST_DATABASE_URL names or else a throwaway one started here), then the browser journeys once.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { build, buildIsCurrent } from './build.mjs'

const args = process.argv.slice(2)
const onlyE2e = args.includes('--only-e2e')
const noE2e = args.includes('--no-e2e')
const enginesArg = args[args.indexOf('--engines') + 1]
let serverUrl = process.env.MIZAN_TEST_DATABASE_URL

/** A port nothing listens on now, from the system. */
const freePort = () =>
  new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address()
      probe.close(() => resolve(port))
    })
  })
const postgresInstalled = () =>
  existsSync('/usr/lib/postgresql') &&
  readdirSync('/usr/lib/postgresql').some((v) => existsSync(join('/usr/lib/postgresql', v, 'bin', 'initdb')))

// With PostgreSQL's programs installed and no server named, the suite starts a throwaway one of its own (a free port,
// a temporary folder it owns) so the one test command tests both engines, and removes it at the end.
let ownCluster
if (!serverUrl && !onlyE2e && !args.includes('--engines')) {
  if (postgresInstalled()) {
    const dir = mkdtempSync(join(tmpdir(), 'mizan-pg-'))
    const env = { ...process.env, MIZAN_PG_DIR: dir, MIZAN_PG_PORT: String(await freePort()) }
    const started = spawnSync('bash', ['scripts/pg-test-cluster.sh', 'start'], { env, encoding: 'utf8' })
    if (started.status === 0) {
      serverUrl = process.env.MIZAN_TEST_DATABASE_URL = started.stdout.trim()
      ownCluster = { dir, env }
      console.log(`A throwaway PostgreSQL server for the second engine: ${serverUrl} (removed at the end).`)
      // And a streaming replica of it on the next port, for the reads that may come from one.
      const replica = spawnSync('bash', ['scripts/pg-test-cluster.sh', 'replica'], { env, encoding: 'utf8' })
      if (replica.status === 0) process.env.MIZAN_TEST_READ_DATABASE_URL = replica.stdout.trim()
      else console.log(`Note: the replica did not start, so the tests reading from one are skipped:\n${replica.stderr}`)
    } else console.log(`Note: PostgreSQL is installed but did not start, so its tests are skipped:\n${started.stderr}`)
  } else
    console.log(
      'Note: PostgreSQL server tests skipped: its programs are not installed. Install them (apt-get install postgresql) ' +
        'and run npm test again, or set MIZAN_TEST_DATABASE_URL to a server of your own (README, "Tests").',
    )
}
const stopOwnCluster = () => {
  if (!ownCluster) return
  spawnSync('bash', ['scripts/pg-test-cluster.sh', 'stop'], { env: ownCluster.env, stdio: 'ignore' })
  rmSync(ownCluster.dir, { recursive: true, force: true })
  ownCluster = undefined
}
process.on('SIGINT', () => (stopOwnCluster(), process.exit(130)))

let engines = args.includes('--engines') ? enginesArg.split(',') : ['pglite', ...(serverUrl ? ['postgres'] : [])]
if (onlyE2e) engines = []
if (engines.includes('postgres') && !serverUrl) {
  console.error('The postgres engine needs MIZAN_TEST_DATABASE_URL (see README, "Tests").')
  process.exit(2)
}
if (process.env.CI === 'true' && !onlyE2e && !engines.includes('postgres')) {
  console.error('CI must run the suite on a PostgreSQL server too: set MIZAN_TEST_DATABASE_URL.')
  process.exit(2)
}
if (process.env.CI === 'true' && engines.includes('postgres') && !process.env.MIZAN_TEST_READ_DATABASE_URL) {
  console.error('CI must test reading from a replica too: set MIZAN_TEST_READ_DATABASE_URL (scripts/pg-test-cluster.sh replica).')
  process.exit(2)
}

// The processes the tests start (the server, the command line) run the compiled build, as production does; building
// once here costs less than compiling the sources in every process the tests start.
if (!buildIsCurrent()) {
  console.log('Building the compiled server and command line (npm run build)…')
  build()
}

const find = (dir, pattern) =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && pattern.test(e.name))
    .map((e) => join(e.parentPath ?? e.path, e.name))
    .sort()

const reports = mkdtempSync(join(tmpdir(), 'mizan-tap-'))

function run(label, files, env) {
  const tap = join(reports, `${label}.tap`)
  console.log(`\n=== ${label}: ${files.length} files`)
  const { status } = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      '--test',
      '--test-concurrency=2',
      '--test-reporter=spec',
      '--test-reporter-destination=stdout',
      '--test-reporter=tap',
      `--test-reporter-destination=${tap}`,
      ...files,
    ],
    { stdio: 'inherit', env: { ...process.env, ...env } },
  )
  const text = readFileSync(tap, 'utf8')
  const count = (name) => Number(new RegExp(`^# ${name} (\\d+)$`, 'm').exec(text)?.[1] ?? 0)
  return { label, status, passed: count('pass'), failed: count('fail'), skipped: count('skipped') }
}

const results = []
for (const engine of engines) results.push(run(`engine ${engine}`, find('src', /\.test\.tsx?$/), { MIZAN_TEST_ENGINE: engine }))
// The bench's smoke run proves the bench works; it measures nothing the suite asserts on, so once is enough.
if (!noE2e)
  results.push(
    run('browser journeys and bench smoke (pglite)', [...find('test/e2e', /\.test\.tsx?$/), ...find('bench', /\.test\.tsx?$/)], {
      MIZAN_TEST_ENGINE: 'pglite',
    }),
  )

stopOwnCluster()
console.log('')
for (const r of results) console.log(`${r.label}: ${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped`)
const passed = results.reduce((n, r) => n + r.passed, 0)
const failed = results.reduce((n, r) => n + r.failed, 0)
const skipped = results.reduce((n, r) => n + r.skipped, 0)
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`)
process.exit(results.every((r) => r.status === 0) && failed === 0 && passed > 0 ? 0 : 1)
