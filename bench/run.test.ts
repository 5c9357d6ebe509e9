import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'

const run = fileURLToPath(new URL('./run.ts', import.meta.url))

test('the bench runs end to end on a small register and prints its ratios', { timeout: 300_000 }, () => {
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', run, '--smoke'], {
    encoding: 'utf8',
    timeout: 280_000,
    env: { ...process.env, MIZAN_BENCH_DATABASE_URL: '' },
  })
  assert.equal(r.status, 0, r.stderr)
  for (const figure of [
    /home page .* ratio \d/,
    /register of 1,000 generated systems/,
    /import from CSV .* rows\/s/,
    /ratio HTTP \/ SQL at the median .* \d/,
    /search for the commonest word .* median \d/,
    /^\/register\/\d+ \(\d+ statements\), 10 connections .* ratio \d/m,
    /PGlite: idle \/ peak under load .* over it/,
    /GET \/api\/v1\/systems.* ratio \d/,
    /GET \/register\/export.csv .* first data \d+ ms .* heap peak/,
    /GET \/register\/export.json .* first data \d+ ms .* heap peak/,
    /register search page, gzip .* ratio to the 40 KB budget/,
    /the same search during the flood .* ratio \d/,
    /the same flood from one address .* refused by the rate limit/,
  ]) {
    assert.match(r.stdout, figure)
  }
})
