import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { testApp, type TestApp } from '../test-support/app.ts'

describe('security headers', () => {
  let t: TestApp
  before(async () => (t = await testApp()))
  after(() => t.close())

  test('a strict CSP without inline script or style, and no referrer leaves the site', async () => {
    const res = await t.app.inject('/ur/')
    const csp = res.headers['content-security-policy'] as string
    assert.match(csp, /default-src 'self'/)
    assert.match(csp, /script-src 'self'(;|$)/)
    assert.match(csp, /style-src 'self'(;|$)/)
    assert.match(csp, /frame-ancestors 'none'/)
    assert.match(csp, /object-src 'none'/)
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/)
    assert.equal(res.headers['referrer-policy'], 'no-referrer')
    assert.equal(res.headers['x-content-type-options'], 'nosniff')
    assert.equal(res.headers['strict-transport-security'], undefined)
  })
})

describe('security behind https', () => {
  let t: TestApp
  before(async () => (t = await testApp({ env: { MIZAN_PUBLIC_URL: 'https://mizan.gov.pk' } })))
  after(() => t.close())

  test('HSTS is sent and the CSRF cookie is Secure with the __Host- prefix', async () => {
    const res = await t.app.inject('/contact')
    assert.match(res.headers['strict-transport-security'] as string, /max-age=63072000; includeSubDomains/)
    assert.match(res.headers['content-security-policy'] as string, /upgrade-insecure-requests/)
    const c = res.cookies.find((x) => x.name === '__Host-mizan-csrf')
    assert.ok(c, 'the __Host- cookie is set')
    assert.equal(c.secure, true)
    assert.equal(c.path, '/')
    assert.equal(c.domain, undefined)
  })
})
