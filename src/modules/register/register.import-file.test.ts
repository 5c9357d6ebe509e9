import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, test } from 'node:test'
import { stringify } from 'csv-stringify/sync'
import { completeRecord } from '../../test-support/register.ts'
import { importPages, readImport, ROWS_PER_PAGE, WORKER_FROM_BYTES, type ImportPage } from './register.import-file.ts'

const dir = mkdtempSync(join(tmpdir(), 'mizan-import-file-test-'))
after(() => rmSync(dir, { recursive: true }))

const all = async (pages: AsyncIterable<ImportPage>) => {
  const out: ImportPage[] = []
  for await (const page of pages) out.push(page)
  return out
}

test('a large file read in a worker thread gives the very pages, rows and problems that reading it in place gives', async () => {
  // Lists as a spreadsheet holds them, in one cell joined by "; ".
  const record = Object.fromEntries(Object.entries(completeRecord()).map(([k, v]) => [k, Array.isArray(v) ? v.join('; ') : v]))
  const rows = Array.from({ length: 2 * ROWS_PER_PAGE + 345 }, (_, i) => ({
    organisation: 'sindh-revenue',
    ...record,
    nameEn: `System ${i}`,
    descriptionEn: `نظام ${i} reads applications and ranks them for an officer to decide. `.repeat(20),
    // Every hundredth record has a problem of its own: a phone number in its summary, or a status nobody uses.
    ...(i % 100 === 7 ? { summaryEn: 'Call 0300-1234567 for help' } : {}),
    ...(i % 100 === 50 ? { status: 'sunsetting' } : {}),
  }))
  const path = join(dir, 'large.csv')
  writeFileSync(path, stringify(rows, { header: true, delimiter: ';' }))
  const source = { filename: 'large.csv', path }
  const inPlace = await all(importPages(source))
  const fromWorker = await readImport(source)
  assert.ok(statSync(path).size >= WORKER_FROM_BYTES)
  assert.notEqual(Object.getPrototypeOf(fromWorker), Object.getPrototypeOf(importPages(source)), 'read in a worker')
  assert.deepEqual(await all(fromWorker), inPlace)
  assert.deepEqual(
    inPlace.map((p) => [p.separator, p.rows.length, p.problems.length]),
    [
      [';', 1000, 20],
      [';', 1000, 20],
      [';', 345, 7],
    ],
  )
})

test('a JSON list is read a page at a time as it streams in: one that stops being a list part way is refused whole only there', async () => {
  const rows = Array.from({ length: 2 * ROWS_PER_PAGE + 5 }, (_, i) => ({ organisation: 'sindh-revenue', nameEn: `System ${i}` }))
  const whole = JSON.stringify(rows)
  const path = join(dir, 'list.json')
  writeFileSync(path, whole)
  const read = await all(importPages({ filename: 'list.json', path }))
  assert.deepEqual(
    read.map((p) => [p.format, p.rows.length, p.rows[0]?.line]),
    [
      ['json', 1000, 1],
      ['json', 1000, 1001],
      ['json', 5, 2001],
    ],
  )
  // Cut inside its last record: the pages before the cut were read before the parser reached it (the file was never
  // parsed whole), and the last page refuses the file whole.
  writeFileSync(path, whole.slice(0, -20))
  const cut = await all(importPages({ filename: 'list.json', path }))
  assert.deepEqual(
    cut.map((p) => [p.rows.length, p.refusedWhole ?? false, p.problems.map((q) => q.message)]),
    [
      [1000, false, []],
      [1000, false, []],
      [0, true, ['register.import.badJson']],
    ],
  )
  writeFileSync(path, '{"nameEn": "not a list"}')
  assert.deepEqual(
    (await all(importPages({ filename: 'list.json', path }))).map((p) => p.refusedWhole),
    [true],
  )
})
