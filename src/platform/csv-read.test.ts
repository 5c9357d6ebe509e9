import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { readCsv, separatorOf } from './csv-read.ts'

/** Bytes as a stream delivers them; pieces of 5 split `\r\n` and quoted cells in every way the tests need. */
async function* pieces(text: string, size = 5) {
  const bytes = Buffer.from(text)
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size)
}
const readAll = async (text: string, size?: number) => {
  const { separator, records } = await readCsv(pieces(text, size))
  const out = []
  for await (const r of records) out.push(r)
  return { separator, out }
}

describe('reading a CSV', () => {
  test('the separator is read from the header: comma, semicolon (a European spreadsheet), tab; quotes do not count', () => {
    assert.equal(separatorOf('name,summary,organisation'), ',')
    assert.equal(separatorOf('name;summary;organisation'), ';')
    assert.equal(separatorOf('name\tsummary\torganisation'), '\t')
    assert.equal(separatorOf('"name, in full";summary;organisation'), ';')
    assert.equal(separatorOf('name'), ',')
  })

  test('a semicolon file reads as such, with a cell holding commas and line breaks, and each record knows its lines', async () => {
    const text = '\uFEFFname;description\r\n"Toets, eerste";"Regel een,\r\nregel twee\r\nregel drie"\r\n\r\nTweede;kort\r\n'
    const { separator, out } = await readAll(text)
    assert.equal(separator, ';')
    assert.deepEqual(out, [
      { kind: 'record', first: 2, last: 4, values: { name: 'Toets, eerste', description: 'Regel een,\nregel twee\nregel drie' } },
      { kind: 'record', first: 6, last: 6, values: { name: 'Tweede', description: 'kort' } },
    ])
  })

  test('a row with too many cells is reported and reading goes on; a row with fewer has its last cells empty', async () => {
    const { out } = await readAll('a,b,c\n1,2,3,4\n5,6\n7,8,9')
    assert.deepEqual(out, [
      { kind: 'problem', first: 2, last: 2, key: 'columns', vars: { got: 4, expected: 3 } },
      { kind: 'record', first: 3, last: 3, values: { a: '5', b: '6' } },
      { kind: 'record', first: 4, last: 4, values: { a: '7', b: '8', c: '9' } },
    ])
  })

  test('a quote left open is reported at the line where its record began', async () => {
    const { out } = await readAll('a,b\n1,2\n3,"open\n4,5\n')
    assert.deepEqual(
      out.map((r) => [r.kind, r.first]).sort((a, b) => Number(a[1]) - Number(b[1])),
      [
        ['record', 2],
        ['problem', 3],
      ],
    )
    assert.equal(out.find((r) => r.kind === 'problem')?.key, 'quoteNotClosed')
  })

  test('a cell quoted after a space, as hand-written files have it, is read as one cell without its quotes', async () => {
    const { out } = await readAll('name,place\nFirst, "Lahore, Punjab"\n  "Second" ,  Quetta \n')
    assert.deepEqual(out, [
      { kind: 'record', first: 2, last: 2, values: { name: 'First', place: 'Lahore, Punjab' } },
      { kind: 'record', first: 3, last: 3, values: { name: 'Second', place: 'Quetta' } },
    ])
  })

  test('text after a closing quote is reported over the lines the broken cell takes, and reading goes on after it', async () => {
    const { out } = await readAll('a,b\n1,2\n"x"y,"3\n4"\n5,6\n')
    assert.deepEqual(out, [
      { kind: 'record', first: 2, last: 2, values: { a: '1', b: '2' } },
      { kind: 'problem', first: 3, last: 4, key: 'badQuote', vars: {} },
      { kind: 'record', first: 5, last: 5, values: { a: '5', b: '6' } },
    ])
  })

  test('records are read whole and counted right across the pieces a large file is parsed in', async () => {
    const cell = 'ک'.repeat(70_000)
    const rows = Array.from({ length: 40 }, (_, i) => `${i},"${cell}\n${i}"`)
    const { out } = await readAll(`n,text\n${rows.join('\n')}\n`, 65_536)
    assert.equal(out.length, 40)
    out.forEach((r, i) => {
      assert.equal(r.kind, 'record')
      assert.deepEqual([r.first, r.last], [2 + 2 * i, 3 + 2 * i])
      assert.deepEqual((r as { values: Record<string, string> }).values, { n: String(i), text: `${cell}\n${i}` })
    })
  })

  test('an error in the source stops reading with that error', async () => {
    async function* failing() {
      yield Buffer.from('a,b\n1,2\n')
      throw new Error('source failed')
    }
    const { records } = await readCsv(failing())
    await assert.rejects(async () => {
      for await (const _ of records);
    }, /source failed/)
  })
})
