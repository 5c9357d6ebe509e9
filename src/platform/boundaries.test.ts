import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../..', import.meta.url))
const depcruise = (dir: string) => {
  const run = spawnSync(
    process.execPath,
    [
      'node_modules/dependency-cruiser/bin/dependency-cruise.mjs',
      dir,
      '--config',
      '.dependency-cruiser.cjs',
      '--output-type',
      'json',
    ],
    // The report of the whole code base is over a megabyte, spawnSync's default, which would cut it off silently.
    { cwd: root, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 },
  )
  if (run.status !== 0 && !run.stdout) throw new Error(`dependency-cruiser failed: ${run.error ?? run.stderr}`)
  return (JSON.parse(run.stdout) as { summary: { violations: { rule: { name: string }; from: string; to: string }[] } }).summary
    .violations
}

test('the boundary rules report each deliberately wrong import of the fixture', () => {
  const found = depcruise('test/boundaries/src').map(
    (v) => `${v.rule.name}: ${v.from.replace(/^.*\/src\//, '')} → ${v.to.replace(/^.*\/src\//, '')}`,
  )
  for (const expected of [
    'routes-and-views-not-to-data: modules/alpha/alpha.routes.tsx → modules/alpha/alpha.repository.ts',
    'features-meet-through-services: modules/alpha/alpha.routes.tsx → modules/beta/views/page.tsx',
    'platform-not-to-features: platform/helper.ts → modules/alpha/alpha.service.ts',
    'queries-live-in-repositories: modules/beta/beta.service.ts → modules/beta/beta.tables.ts',
  ])
    assert.ok(found.includes(expected), `${expected} was not reported; reported: ${found.join('; ')}`)
  assert.ok(
    found.some((f) => f.startsWith('no-circular: modules/alpha/')),
    found.join('; '),
  )
  assert.ok(
    found.some((f) => /^queries-live-in-repositories: modules\/beta\/beta\.service\.ts → .*node_modules\/drizzle-orm\//.test(f)),
    found.join('; '),
  )
})

test('Mizan’s own code keeps every boundary', () => assert.deepEqual(depcruise('src'), []))
