import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { BrowserContext } from 'playwright-core'
import { seed } from '../../src/db/seed.ts'
import { actorByEmail } from '../../src/modules/accounts/accounts.service.ts'
import { sessionCookie } from '../../src/test-support/accounts.ts'
import { testDeps } from '../../src/test-support/app.ts'
import { newContext, startJourney, type Journey } from './browser.ts'

let j: Journey
before(async () => {
  j = await startJourney()
  // The demonstration data gives every kind of page something to show: systems, assessments, audits, incidents.
  await seed(j.t.database.engine.db, testDeps(j.t))
})
after(() => j.close())

/** Query strings of one shape (a path and its parameter names) are followed this many times: filters multiply. */
const PER_QUERY_SHAPE = 3
/** A crawl that reaches this many pages has found an endless family of links, which is a defect too. */
const MAX_PAGES = 2500

type Broken = { url: string; status: number; from: string }

/**
 * Visits every page reachable from `start` as the browser in `context` would: each same-site link and each GET
 * form's action with the values the form holds, without JavaScript. Files (CSV, JSON, PDF) are fetched, not parsed.
 */
async function crawl(context: BrowserContext, start: string[]): Promise<{ visited: number; broken: Broken[] }> {
  const page = await context.newPage()
  const seen = new Set<string>()
  const shapes = new Map<string, number>()
  const queue = start.map((url) => ({ url, from: '(start)' }))
  const broken: Broken[] = []
  const admit = (href: string, from: string) => {
    const url = new URL(href, j.base)
    if (url.origin !== j.base) return
    url.hash = ''
    const key = url.pathname + url.search
    if (seen.has(key)) return
    if (url.search) {
      const shape = `${url.pathname}?${[...new Set(url.searchParams.keys())].sort().join('&')}`
      const n = shapes.get(shape) ?? 0
      if (n >= PER_QUERY_SHAPE) return
      shapes.set(shape, n + 1)
    }
    seen.add(key)
    queue.push({ url: key, from })
  }
  for (const s of start) seen.add(s)
  while (queue.length && seen.size < MAX_PAGES) {
    const { url, from } = queue.shift()!
    const res = await context.request.get(url, { maxRedirects: 5 })
    if (res.status() >= 400) {
      broken.push({ url, status: res.status(), from })
      continue
    }
    if (!(res.headers()['content-type'] ?? '').startsWith('text/html')) continue
    // Chromium's own parser reads the page, at its address, without loading its styles and fonts again.
    const targets = await page.evaluate(
      ({ html, at }) => {
        const doc = new DOMParser().parseFromString(html, 'text/html')
        const base = doc.createElement('base')
        base.href = at
        doc.head.prepend(base)
        const links = Array.from(doc.querySelectorAll('a[href]'), (a) => (a as HTMLAnchorElement).href)
        const forms = Array.from(doc.querySelectorAll('form'))
          .filter((f) => f.method.toLowerCase() === 'get')
          .map((f) => {
            const action = new URL(f.action)
            // What pressing the form's button sends: every named field with the value it holds.
            action.search = new URLSearchParams(new FormData(f) as unknown as Record<string, string>).toString()
            return action.href
          })
        return [...links, ...forms]
      },
      { html: await res.text(), at: new URL(url, j.base).href },
    )
    for (const target of targets) admit(target, url)
  }
  await page.close()
  assert.ok(seen.size < MAX_PAGES, `the crawl from ${start.join(', ')} did not end within ${MAX_PAGES} pages`)
  return { visited: seen.size, broken }
}

const report = (broken: Broken[]) => broken.map((b) => `${b.status} ${b.url} (linked from ${b.from})`).join('\n')

describe('every link leads somewhere', () => {
  test(
    'from the public home pages, in English and Urdu, no link or GET form answers 4xx or 5xx',
    { timeout: 300_000 },
    async (t) => {
      const context = await newContext(j, { viewport: 'desktop', javaScript: false })
      const { visited, broken } = await crawl(context, ['/', '/ur/'])
      await context.close()
      t.diagnostic(`${visited} pages`)
      assert.ok(visited > 100, `only ${visited} pages were reached`)
      assert.deepEqual(broken, [], report(broken))
    },
  )

  for (const email of ['reviewer@demo.mizan.pk', 'officer@demo.mizan.pk', 'sysadmin@demo.mizan.pk', 'policy@demo.mizan.pk'])
    test(`signed in as ${email.split('@')[0]}, every link from the staff pages works`, { timeout: 300_000 }, async (t) => {
      const actor = await actorByEmail(j.t.database.engine.db, email)
      assert.ok(actor, email)
      const context = await newContext(j, { viewport: 'desktop', javaScript: false })
      const [name, value] = (await sessionCookie(j.t, actor.id)).split('=') as [string, string]
      await context.addCookies([{ name, value, url: j.base }])
      const { visited, broken } = await crawl(context, ['/work', '/ur/work', '/account', '/ur/account'])
      await context.close()
      t.diagnostic(`${visited} pages`)
      assert.ok(visited > 20, `only ${visited} pages were reached`)
      assert.deepEqual(broken, [], report(broken))
    })
})
