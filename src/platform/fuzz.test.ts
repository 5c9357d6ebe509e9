import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import fc from 'fast-check'
import { openForm, testApp, type TestApp } from '../test-support/app.ts'

// Hostile input at every public route, as a scanner or a careless client would send it. Seeded, so a failure
// reproduces: the message names the seed and the request. Bounded: REQUESTS requests in all.
const SEED = 20261201
const REQUESTS = 2400

let t: TestApp
let form: { cookie: string; csrf: string }
before(async () => {
  t = await testApp()
  form = await openForm(t.app, '/contact')
})
after(() => t.close())

/** Values people and programs really send: empty, huge, other scripts, control and invisible characters, injections. */
const hostile = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '0',
    '-1',
    '1e309',
    'NaN',
    'null',
    'true',
    '[]',
    '{}',
    '%',
    '%zz',
    '%00',
    '..',
    '../../etc/passwd',
    '<script>alert(1)</script>',
    "' or 1=1 --",
    '${7*7}',
    '{{7*7}}',
    '\u202E\u2066',
    '\uFEFF',
    '\uD800',
    '۳۵۲۰۲-۱۲۳۴۵۶۷-۱',
    'عائشہ بی بی',
    '9'.repeat(400),
    'x'.repeat(70_000),
  ),
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.integer().map(String),
  fc.uuid(),
)
const param = fc.constantFrom(
  'q',
  'page',
  'sort',
  'sector',
  'organisation',
  'province',
  'status',
  'limit',
  'next',
  'number',
  'code',
  'lang',
  'from',
  'to',
  'state',
  'harm',
  'table',
  'updatedSince',
  'pillar',
  'year',
  'v',
)
const query = fc.dictionary(param, hostile, { maxKeys: 4 })
const contentType = fc.constantFrom(
  'application/x-www-form-urlencoded',
  'application/json',
  'multipart/form-data',
  'multipart/form-data; boundary=XX',
  'text/plain',
  'application/xml',
  'text/csv',
  '',
)
const body = fc.oneof(
  fc.dictionary(fc.string({ maxLength: 20 }), hostile, { maxKeys: 8 }).map((o) => new URLSearchParams(o).toString()),
  fc.json(),
  fc.string({ unit: 'binary', maxLength: 300 }),
  hostile.map((v) => `--XX\r\nContent-Disposition: form-data; name="narrative"\r\n\r\n${v}`),
  hostile.map(
    (v) =>
      `--XX\r\nContent-Disposition: form-data; name="evidence"; filename="${v}"\r\nContent-Type: image/png\r\n\r\n\x89PNG${v}\r\n--XX--\r\n`,
  ),
)

/** A concrete URL for a route pattern: each `:param` filled with a hostile value (or a plausible one). */
const fill = (url: string, values: string[]) =>
  url.replace(/:[A-Za-z]+/g, () => encodeURIComponent(wellFormed(values.shift() ?? '1')))
/** A lone surrogate cannot be put in a URL at all; a client would send U+FFFD, as URLSearchParams does. */
const wellFormed = (s: string) => s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')

describe('fuzzing every public route', () => {
  test(`${REQUESTS} seeded hostile requests get no 5xx and log no error`, async () => {
    const routes = [...t.app.accessTable]
      .filter(([, access]) => access === 'public')
      .map(([r]) => r.split(' ') as [string, string])
    assert.ok(routes.length > 30, `only ${routes.length} public routes found`)
    const request = fc.record({
      route: fc.constantFrom(...routes),
      urdu: fc.boolean(),
      params: fc.array(fc.oneof(hostile, fc.nat(100_000).map(String)), { minLength: 3, maxLength: 3 }),
      query,
      contentType,
      body,
      withToken: fc.boolean(),
    })
    const samples = fc.sample(request, { seed: SEED, numRuns: REQUESTS })
    const failures: string[] = []
    for (const s of samples) {
      const [method, pattern] = s.route
      const search = new URLSearchParams({ ...s.query, ...(s.withToken ? { _csrf: form.csrf } : {}) }).toString()
      const url = `${s.urdu ? '/ur' : ''}${fill(pattern, [...s.params])}${search ? `?${search}` : ''}`
      const post = method !== 'GET' && method !== 'HEAD'
      const res = await t.app.inject({
        method: method as 'GET',
        url,
        headers: { cookie: form.cookie, ...(post && s.contentType ? { 'content-type': s.contentType } : {}) },
        ...(post
          ? {
              payload:
                s.withToken && s.contentType.includes('urlencoded') ? `_csrf=${encodeURIComponent(form.csrf)}&${s.body}` : s.body,
            }
          : {}),
      })
      if (res.statusCode >= 500 || /\bat \S+\.tsx?:\d+/.test(res.body))
        failures.push(`${res.statusCode} ${method} ${url.slice(0, 200)} (${s.contentType})`)
    }
    await new Promise((done) => setImmediate(done))
    const errors = t.logs.filter((l) => l.level >= 50).map((l) => `${l.msg} ${JSON.stringify(l.err ?? '').slice(0, 300)}`)
    assert.deepEqual(
      { failures: failures.slice(0, 20), errors: errors.slice(0, 10) },
      { failures: [], errors: [] },
      `seed ${SEED}`,
    )
  })
})
