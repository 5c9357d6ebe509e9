import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { testApp, type TestApp } from '../test-support/app.ts'
import { HttpError } from './errors.ts'

let t: TestApp
before(async () => {
  t = await testApp({
    setup(app) {
      app.get('/test/crash', { config: { access: 'public' } }, async () => {
        throw new Error('database password is hunter2')
      })
      app.get('/test/forbidden', { config: { access: 'public' } }, async () => {
        throw new HttpError(403, '403')
      })
    },
  })
})
after(() => t.close())

describe('errors are pages a person understands, in their language', () => {
  test('an unknown page is a localised 404', async () => {
    const en = await t.app.inject('/no-such-page')
    const ur = await t.app.inject('/ur/no-such-page')
    assert.equal(en.statusCode, 404)
    assert.match(en.body, /<h1>Page not found<\/h1>/)
    assert.equal(ur.statusCode, 404)
    assert.match(ur.body, /<html lang="ur" dir="rtl">/)
    assert.match(ur.body, /<h1>صفحہ نہیں ملا<\/h1>/)
  })

  test('a crash is a 500 page that shows nothing of the cause', async () => {
    for (const url of ['/test/crash', '/ur/test/crash']) {
      const res = await t.app.inject(url)
      assert.equal(res.statusCode, 500)
      assert.doesNotMatch(res.body, /hunter2|Error:|at .*\.ts/)
    }
    assert.match((await t.app.inject('/ur/test/crash')).body, /معذرت، سروس میں کوئی مسئلہ ہے/)
  })

  test('a refused action is a localised 403', async () => {
    const res = await t.app.inject('/ur/test/forbidden')
    assert.equal(res.statusCode, 403)
    assert.match(res.body, /آپ یہ صفحہ نہیں کھول سکتے/)
  })

  test('JSON clients get {error, message} in their language', async () => {
    const res = await t.app.inject({ url: '/ur/no-such-page', headers: { accept: 'application/json' } })
    assert.equal(res.statusCode, 404)
    const body = res.json()
    assert.equal(body.error, '404')
    assert.match(body.message, /صفحہ نہیں ملا/)
    const crash = await t.app.inject({ url: '/test/crash', headers: { accept: 'application/json' } })
    assert.deepEqual(Object.keys(crash.json()).sort(), ['error', 'message'])
    assert.doesNotMatch(crash.body, /hunter2/)
  })

  test('bad input is a 4xx, never a 500: wrong query, wrong body type, too large, wrong method', async () => {
    const badQuery = await t.app.inject(`/contact?page=${'x'.repeat(600)}`)
    assert.equal(badQuery.statusCode, 400)
    assert.match(badQuery.body, /Something in the request was not right/)

    const wrongType = await t.app.inject({
      method: 'POST',
      url: '/contact',
      headers: { 'content-type': 'application/xml' },
      payload: '<a/>',
    })
    assert.equal(wrongType.statusCode, 415)

    const tooLarge = await t.app.inject({
      method: 'POST',
      url: '/ur/contact',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `message=${'x'.repeat(200_000)}`,
    })
    assert.equal(tooLarge.statusCode, 413)
    assert.match(tooLarge.body, /آپ کا بھیجا گیا مواد بہت بڑا ہے/)

    const badJson = await t.app.inject({
      method: 'POST',
      url: '/contact',
      headers: { 'content-type': 'application/json' },
      payload: '{"a":',
    })
    assert.ok(badJson.statusCode >= 400 && badJson.statusCode < 500, `got ${badJson.statusCode}`)

    const wrongMethod = await t.app.inject({ method: 'DELETE', url: '/privacy' })
    assert.equal(wrongMethod.statusCode, 404)
  })
})

describe('malformed bodies are the sender’s mistake: a 400 in their language, never a 500', () => {
  const bodies: [string, string, string][] = [
    ['multipart without a boundary', 'multipart/form-data', '--x\r\n'],
    [
      'multipart cut short inside a field',
      'multipart/form-data; boundary=XX',
      '--XX\r\nContent-Disposition: form-data; name="narrative"\r\n\r\nThe system refused m',
    ],
    [
      'multipart cut short inside a file',
      'multipart/form-data; boundary=XX',
      '--XX\r\nContent-Disposition: form-data; name="evidence"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n\x89PNG\r\n',
    ],
    [
      'multipart with a broken part header',
      'multipart/form-data; boundary=XX',
      '--XX\r\nContent-Disposition form-data name\r\n\r\nx\r\n--XX--\r\n',
    ],
    ['bad JSON', 'application/json', '{"narrative": '],
    ['a content type no form sends', 'text/csv', 'a,b\n1,2'],
  ]
  for (const [what, type, payload] of bodies) {
    test(what, async () => {
      for (const prefix of ['', '/ur']) {
        const page = await t.app.inject(`${prefix}/report`)
        const action = /<form[^>]*action="([^"]*_csrf=[^"]*)"/.exec(page.body)![1]!.replaceAll('&amp;', '&')
        const cookie = page.cookies.map((c) => `${c.name}=${c.value}`).join('; ')
        const res = await t.app.inject({ method: 'POST', url: action, headers: { cookie, 'content-type': type }, payload })
        assert.ok(res.statusCode >= 400 && res.statusCode < 500, `${prefix}/report answered ${res.statusCode}`)
        assert.match(res.body, prefix ? /<html lang="ur" dir="rtl">/ : /<html lang="en" dir="ltr">/)
      }
    })
  }

  test('an API client sending a broken body gets JSON it can read', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/systems',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      payload: '{',
    })
    assert.ok(res.statusCode >= 400 && res.statusCode < 500)
    assert.equal(typeof res.json().message, 'string')
  })
})
