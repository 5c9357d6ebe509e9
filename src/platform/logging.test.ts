import assert from 'node:assert/strict'
import { Writable } from 'node:stream'
import { describe, test } from 'node:test'
import pino from 'pino'
import { redactPaths, redactUrl } from './logging.ts'

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
