import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, test } from 'node:test'
import { parse } from 'yaml'
import { z } from 'zod'
import { findPersonalData, redact, type PersonalKind } from './personal-data.ts'

const kinds = ['cnic', 'phone', 'email', 'passport', 'ntn', 'iban', 'name'] as const satisfies readonly PersonalKind[]
const Corpus = z.object({
  cases: z
    .array(
      z.object({
        text: z.string(),
        names: z.array(z.string()).default([]),
        expect: z.array(z.tuple([z.enum(kinds), z.string()])),
        note: z.string().optional(),
      }),
    )
    .min(200),
})
const corpus = Corpus.parse(parse(readFileSync(new URL('./data/personal-data-corpus.yaml', import.meta.url), 'utf8')))
const found = (text: string, names: string[]) =>
  findPersonalData(text, names).map((f) => [f.kind, f.text] as [PersonalKind, string])

describe('the personal-data corpus', () => {
  for (const c of corpus.cases) {
    test(`${c.expect.length ? c.expect.map(([k]) => k).join('+') : 'nothing'} in ${JSON.stringify(c.text)}`, () =>
      assert.deepEqual(found(c.text, c.names), c.expect))
  }

  test('precision and recall over every span of the corpus', (t) => {
    let tp = 0
    let fp = 0
    let fn = 0
    for (const c of corpus.cases) {
      const got = found(c.text, c.names).map((f) => f.join('\u0000'))
      const want = c.expect.map((f) => f.join('\u0000'))
      tp += got.filter((g) => want.includes(g)).length
      fp += got.filter((g) => !want.includes(g)).length
      fn += want.filter((w) => !got.includes(w)).length
    }
    const precision = tp / (tp + fp)
    const recall = tp / (tp + fn)
    t.diagnostic(`${corpus.cases.length} cases, ${tp + fn} spans: precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}`)
    assert.equal(fp + fn, 0)
  })
})

describe('redacting', () => {
  const marker = (kind: PersonalKind) => `[${kind}]`
  test('each finding is replaced by a marker, with invisible characters inside it gone too', () => {
    const text = 'Call 0\u200E301 7654321 or write to ali [at] example [dot] pk.'
    assert.equal(redact(text, findPersonalData(text), marker), 'Call [phone] or write to [email].')
  })
  test('Urdu around the marker is kept as it was', () => {
    const text = 'میں عائشہ بی بی ہوں، نمبر ۰۳۰۰-۱۲۳۴۵۶۷ ہے'
    assert.equal(redact(text, findPersonalData(text, ['عائشہ بی بی']), marker), 'میں [name] ہوں، نمبر [phone] ہے')
  })
})
