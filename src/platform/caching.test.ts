import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { sessionCookie, testUser } from '../test-support/accounts.ts'
import { submitForm, testApp, type TestApp } from '../test-support/app.ts'

describe('what browsers and shared caches may keep', () => {
  let t: TestApp
  before(async () => (t = await testApp()))
  after(() => t.close())

  test('a page for anyone may be kept and is revalidated: a revisit with its ETag gets a 304 and no page', async () => {
    for (const url of ['/ur/privacy', '/register', '/progress']) {
      const first = await t.app.inject({ url, headers: { 'accept-encoding': 'gzip' } })
      assert.equal(first.statusCode, 200, url)
      assert.equal(first.headers['cache-control'], 'public, no-cache', url)
      const etag = first.headers.etag as string
      // A weak validator of the page's hash, in base64 or base64url: any of their letters may appear.
      assert.match(etag, /^W\/"[\w+/=-]+"$/, url)
      const again = await t.app.inject({ url, headers: { 'if-none-match': etag, 'accept-encoding': 'gzip' } })
      assert.equal(again.statusCode, 304, url)
      assert.equal(again.body, '', url)
      const changed = await t.app.inject({ url, headers: { 'if-none-match': '"something-older"' } })
      assert.equal(changed.statusCode, 200, url)
    }
  })

  test('a page that sets a cookie, is shown to a signed-in person, answers a form or says an error is never stored', async () => {
    const form = await t.app.inject('/contact')
    assert.ok(form.headers['set-cookie'], 'the contact form sets its CSRF cookie')
    assert.equal(form.headers['cache-control'], 'private, no-store')
    const cookie = await sessionCookie(t, (await testUser(t, { roles: ['org_member'] })).id)
    const signedIn = await t.app.inject({ url: '/privacy', headers: { cookie } })
    assert.equal(signedIn.statusCode, 200)
    assert.equal(signedIn.headers['cache-control'], 'private, no-store')
    assert.equal((await t.app.inject('/no-such-page')).headers['cache-control'], 'private, no-store')
    const refused = await t.app.inject({ method: 'POST', url: '/contact', payload: {} })
    assert.equal(refused.statusCode, 403)
    assert.equal(refused.headers['cache-control'], 'private, no-store')
    const sent = await submitForm(t.app, {
      formPage: '/contact',
      url: '/contact',
      fields: { topic: 'question', message: 'When will the register list education systems?' },
    })
    assert.equal(sent.statusCode, 303)
    assert.equal(sent.headers['set-cookie'], undefined)
    assert.equal(sent.headers['cache-control'], 'private, no-store')
  })

  test('a route that says what may be kept is left as it said', async () => {
    assert.equal((await t.app.inject('/healthz')).headers['cache-control'], 'no-store')
    assert.match((await t.app.inject('/api/v1/systems')).headers['cache-control'] as string, /public, max-age=60/)
  })
})
