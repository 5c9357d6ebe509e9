import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { testApp, type TestApp } from '../../test-support/app.ts'

let t: TestApp
before(async () => (t = await testApp()))
after(() => t.close())

const get = (url: string) => t.app.inject({ method: 'GET', url })
const pages = ['/', '/accessibility', '/privacy', '/cookies', '/contact']

describe('home and standard pages', () => {
  for (const path of pages) {
    test(`${path} exists in English and Urdu, each with its own language and direction`, async () => {
      const en = await get(path)
      const ur = await get(path === '/' ? '/ur/' : `/ur${path}`)
      assert.equal(en.statusCode, 200)
      assert.equal(ur.statusCode, 200)
      assert.match(en.body, /^<!doctype html><html lang="en" dir="ltr">/)
      assert.match(ur.body, /^<!doctype html><html lang="ur" dir="rtl">/)
      assert.match(en.headers['content-type'] as string, /text\/html; charset=utf-8/)
    })
  }

  test('the Urdu font is loaded only on Urdu pages', async () => {
    assert.doesNotMatch((await get('/')).body, /urdu\.css/)
    assert.match((await get('/ur/')).body, /<link rel="stylesheet" href="\/static\/css\/urdu\.css\?v=[\w-]+"/)
  })

  test('the language switch leads to the same page in the other language', async () => {
    assert.match((await get('/privacy')).body, /class="lang-switch" href="\/ur\/privacy"/)
    assert.match((await get('/ur/privacy')).body, /class="lang-switch" href="\/privacy"/)
    assert.match((await get('/ur/contact?page=%2Fcookies')).body, /class="lang-switch" href="\/contact\?page=%2Fcookies"/)
  })

  test('every page has a skip link to the main content and marks the current page in the menu', async () => {
    const body = (await get('/ur/contact')).body
    assert.match(body, /<a class="skip-link" href="#main">مرکزی مواد پر جائیں<\/a>/)
    assert.match(body, /<main id="main" tabindex="-1">/)
    assert.match(body, /<a href="\/ur\/contact" aria-current="page">رابطہ<\/a>/)
  })

  test('the home page explains Mizan and lists the six pillars of the policy from the database', async () => {
    const en = (await get('/')).body
    assert.match(en, /National AI Policy 2025/)
    assert.equal(en.match(/<li><h3>/g)?.length, 6)
    assert.match(en, /Secure AI Ecosystem/)
    const ur = (await get('/ur/')).body
    assert.match(ur, /محفوظ اے آئی ماحولیاتی نظام/)
  })

  test('the cookie statement lists the one essential cookie by its real name', async () => {
    assert.match((await get('/cookies')).body, /<code dir="ltr">mizan-csrf<\/code>/)
  })

  test('pages carry no inline script or style, as the CSP requires', async () => {
    for (const path of pages) {
      const body = (await get(path)).body
      assert.doesNotMatch(body, /<script/)
      assert.doesNotMatch(body, /\sstyle=/)
      assert.doesNotMatch(body, /<style/)
    }
  })

  test('assets are cached for a year and their URLs change with their content', async () => {
    const href = /href="(\/static\/css\/main\.css\?v=[\w-]+)"/.exec((await get('/')).body)![1]!
    const css = await get(href)
    assert.equal(css.statusCode, 200)
    assert.match(css.headers['cache-control'] as string, /max-age=31536000, immutable/)
    const fontCss = (await get('/static/css/urdu.css')).body
    const font = /url\('([^']+)'\)/.exec(fontCss)![1]!
    const woff = await get(font)
    assert.equal(woff.statusCode, 200)
    assert.ok(woff.rawPayload.length > 100_000)
  })

  test('only the Urdu font is served from the font package', async () => {
    assert.equal((await get('/static/fonts/noto-nastaliq-urdu-latin-400-normal.woff2')).statusCode, 404)
    assert.equal((await get('/static/fonts/../../package.json')).statusCode, 404)
  })
})
