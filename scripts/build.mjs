// npm run build: compiles the app's TypeScript ahead of time into dist/ (tsconfig.build.json), with the data files its
// modules read beside them, so that production runs plain JavaScript: no compiler held in memory, none run at start.
// Development and the tests may run the sources through tsx; `entryArgs` picks the build only while it is current.
import { spawnSync } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const src = join(root, 'src')
const dist = join(root, 'dist')
/** Written when a build ends, dated when it began: a source saved during the build makes the build stale. */
const stamp = join(dist, '.built')
const configs = ['tsconfig.json', 'tsconfig.build.json', 'package-lock.json'].map((f) => join(root, f))

/** What the build reads: everything under src/ but the tests and their helpers (tsconfig.build.json leaves them out). */
const sourceFiles = () =>
  readdirSync(src, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && !/\.test\.tsx?$/.test(e.name))
    .map((e) => join(e.parentPath, e.name))
    .filter((file) => !relative(src, file).startsWith('test-support/'))

/** Files the compiled modules read at run time (data, demo data, the worker's plain entry); test fixtures stay out. */
const isRuntimeFile = (file) => !/\.tsx?$/.test(file) && !relative(src, file).split('/').includes('fixtures')

export function buildIsCurrent() {
  if (!existsSync(stamp)) return false
  const built = statSync(stamp).mtimeMs
  return [...sourceFiles(), ...configs].every((f) => !existsSync(f) || statSync(f).mtimeMs <= built)
}

export function build() {
  const began = new Date()
  rmSync(stamp, { force: true })
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc')
  const compiled = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' })
  if (compiled.status !== 0) throw new Error('The TypeScript build failed (above); nothing was marked as built.')
  for (const file of sourceFiles().filter(isRuntimeFile)) {
    const target = join(dist, relative(src, file))
    mkdirSync(dirname(target), { recursive: true })
    copyFileSync(file, target)
  }
  writeFileSync(stamp, `${began.toISOString()}\n`)
  utimesSync(stamp, began, began)
}

/**
 * The arguments that run an entry point (`server`, `cli/mizan`) with node: the compiled file while the build is
 * current, otherwise the TypeScript source through tsx, so that a stale build is never run.
 */
export const entryArgs = (entry) =>
  buildIsCurrent() ? [join(dist, `${entry}.js`)] : ['--import', 'tsx', join(src, `${entry}.ts`)]

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    build()
  } catch (err) {
    console.error(err.message)
    process.exit(1)
  }
}
