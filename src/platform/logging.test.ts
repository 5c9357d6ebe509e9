import assert from 'node:assert/strict'
import { mkdtempSync, openSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { after, before, describe, test } from 'node:test'
import { testApp, type TestApp } from '../test-support/app.ts'
import pino from 'pino'
import { asynchronousLog, endLog, redactPaths, redactUrl } from './logging.ts'

describe('logs keep no secrets', () => {
  test('secret query parameters are blanked, others kept', () => {
    assert.equal(redactUrl('/invite?token=abc123&lang=ur'), '/invite?token=%5Bredacted%5D&lang=ur')
    assert.equal(redactUrl('/status?code=1234-5678-9012'), '/status?code=%5Bredacted%5D')
    assert.equal(redactUrl('/contact?page=%2Fprivacy'), '/contact?page=%2Fprivacy')
    assert.equal(redactUrl('/plain'), '/plain')
  })

  test('cookies, authorisation, codes and contact details never reach the log', () => {
    const lines: string[] = []
    const sink = new Writable({ write: (chunk, _enc, done) => void (lines.push(String(chunk)), done()) })
    const log = pino({ redact: { paths: redactPaths, censor: '[redacted]' } }, sink)
    log.info({
      req: { headers: { cookie: 'mizan-csrf=s3cret', authorization: 'Bearer t0ken' } },
      report: { trackingCode: '4821-0937-5512', email: 'reporter@example.pk', phone: '03001234567' },
    })
    const out = lines.join('')
    for (const secret of ['s3cret', 't0ken', '4821-0937-5512', 'reporter@example.pk', '03001234567']) {
      assert.ok(!out.includes(secret), `${secret} leaked into the log`)
    }
  })
})

const form = (v: string) => new URLSearchParams({ v }).toString().slice(2)

describe('request logs keep the shape of what people typed, not the words', () => {
  test('searches are logged as their length and number of words; filters and pages stay readable', () => {
    assert.equal(
      redactUrl('/register?q=35202-1234567-1&sector=health&page=2'),
      `/register?q=${form('[15 characters, 1 words]')}&sector=health&page=2`,
    )
    assert.equal(
      redactUrl('/ur/incidents?q=' + encodeURIComponent('عائشہ بی بی')),
      `/ur/incidents?q=${form('[11 characters, 3 words]')}`,
    )
    assert.equal(
      redactUrl('/api/v1/systems?organisation=03001234567'),
      `/api/v1/systems?organisation=${form('[11 characters, 1 words]')}`,
    )
    assert.equal(redactUrl('/register?decisionRole=automated'), '/register?decisionRole=automated')
  })
})

describe('through the app', () => {
  let t: TestApp
  before(async () => (t = await testApp()))
  after(() => t.close())

  test('a CNIC somebody searches for, and the address they search from, are not in the log', async () => {
    await t.app.inject({ url: '/register?q=35202+1234567+1', remoteAddress: '203.0.113.77' })
    await t.app.inject({ url: '/incidents?q=ali%40example.pk', remoteAddress: '203.0.113.77' })
    const text = JSON.stringify(t.logs)
    for (const leak of ['1234567', 'ali@example.pk', 'ali%40example', '203.0.113.77'])
      assert.ok(!text.includes(leak), `${leak} reached the log`)
    const clients = new Set(t.logs.map((l) => (l.req as { client?: string } | undefined)?.client).filter(Boolean))
    assert.equal(clients.size, 1, 'requests from one network share one keyed hash')
    assert.match([...clients][0]!, /^net-[0-9a-f]{16}$/)
  })

  test('with MIZAN_LOG_CLIENT_ADDRESS=none the log holds no client at all', async () => {
    const quiet = await testApp({ env: { MIZAN_LOG_CLIENT_ADDRESS: 'none' } })
    try {
      await quiet.app.inject({ url: '/', remoteAddress: '203.0.113.78' })
      assert.ok(quiet.logs.length > 0)
      assert.ok(quiet.logs.every((l) => (l.req as { client?: string } | undefined)?.client === undefined))
    } finally {
      await quiet.close()
    }
  })
})

test('the production log is written asynchronously, so a request never waits on it, and all of it before the end', async () => {
  const path = join(mkdtempSync(join(tmpdir(), 'mizan-log-')), 'log.jsonl')
  // Appending, as to standard output: each write goes after the last, whichever finishes first.
  const log = asynchronousLog(openSync(path, 'a'))
  for (let i = 0; i < 100; i++) log.write(`{"msg":"line ${i}"}\n`)
  // At most the first line's write has begun, on another thread: the rest wait until the request lets the loop turn.
  assert.ok(['', '{"msg":"line 0"}\n'].includes(readFileSync(path, 'utf8')), 'the lines wait while the request goes on')
  await endLog(log)
  const lines = readFileSync(path, 'utf8').trimEnd().split('\n')
  assert.deepEqual(
    lines,
    Array.from({ length: 100 }, (_, i) => `{"msg":"line ${i}"}`),
  )
})
