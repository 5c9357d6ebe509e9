import assert from 'node:assert/strict'
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import pixelmatch from 'pixelmatch'
import type { Page } from 'playwright-core'
import { PNG } from 'pngjs'
import { seed } from '../../src/db/seed.ts'
import { manualClock, testDeps } from '../../src/test-support/app.ts'
import { startJourney, type Journey } from './browser.ts'

// A fixed clock, so that dates on the pages are the same in every run.
const clock = manualClock('2026-06-15T05:00:00.000Z')
let j: Journey
before(async () => {
  j = await startJourney({ clock })
  await seed(j.t.database.engine.db, testDeps(j.t, clock))
})
after(() => j.close())

const dir = 'test-artifacts/snapshots'
const baselines = join(dir, 'baseline')
/** Pixels may differ in colour this much (pixelmatch's threshold) and in this share of the screen: anti-aliasing. */
const COLOUR_THRESHOLD = 0.1
const MAX_CHANGED_SHARE = 0.002

type Compared = { changed: number; share: number }

function compare(a: Buffer, b: Buffer, diffPath?: string): Compared {
  const [x, y] = [PNG.sync.read(a), PNG.sync.read(b)]
  if (x.width !== y.width || x.height !== y.height) return { changed: Infinity, share: 1 }
  const diff = new PNG({ width: x.width, height: x.height })
  const changed = pixelmatch(x.data, y.data, diff.data, x.width, x.height, { threshold: COLOUR_THRESHOLD })
  if (diffPath) rmSync(diffPath, { force: true })
  if (diffPath && changed) writeFileSync(diffPath, PNG.sync.write(diff))
  return { changed, share: changed / (x.width * x.height) }
}

/** The first screen a citizen sees, on a 360 × 740 phone in Urdu, once its fonts have loaded. */
async function firstScreen(page: Page): Promise<Buffer> {
  await page.evaluate(() => document.fonts.ready)
  return page.screenshot({ animations: 'disabled', caret: 'hide' })
}

async function phonePage() {
  // The receipt's tracking code is new each time: it is hidden by a style of the test's own, which the page's CSP
  // would refuse, hence bypassCSP.
  const context = await j.browser.newContext({ viewport: { width: 360, height: 740 }, baseURL: j.base, bypassCSP: true })
  return { context, page: await context.newPage() }
}

const pages: Record<string, (page: Page) => Promise<void>> = {
  home: (p) => p.goto('/ur/').then(() => undefined),
  search: (p) => p.goto('/ur/register?q=%D8%A7%D9%85%D8%AF%D8%A7%D8%AF').then(() => undefined),
  system: (p) => p.goto('/ur/register/1').then(() => undefined),
  report: (p) => p.goto('/ur/report').then(() => undefined),
  receipt: async (p) => {
    await p.goto('/ur/report')
    await p.fill('#f-narrative', 'درخواست بغیر وجہ بتائے رد کر دی گئی۔')
    await p.check('input[name="harmKinds"][value="wrongful_denial"]')
    await p.check('input[name="severity"][value="serious"]')
    await p.click('form[action^="/ur/report"] button[type=submit]')
    await p.addStyleTag({ content: '.tracking-code { visibility: hidden }' })
  },
  track: (p) => p.goto('/ur/track').then(() => undefined),
  progress: (p) => p.goto('/ur/progress').then(() => undefined),
  incident: (p) => p.goto('/ur/incidents/1').then(() => undefined),
}

describe('what a citizen sees, kept as snapshots (test-artifacts/snapshots)', () => {
  test('the comparison does see a changed page', async () => {
    const { context, page } = await phonePage()
    await pages.home!(page)
    const home = await firstScreen(page)
    await pages.track!(page)
    const track = await firstScreen(page)
    await context.close()
    assert.ok(compare(home, home).changed === 0, 'a page matches itself')
    assert.ok(compare(home, track).share > MAX_CHANGED_SHARE, 'two different pages do not match')
  })

  for (const [name, open] of Object.entries(pages))
    test(`${name}: the first screen on an Urdu phone matches the last snapshot kept on purpose`, async (t) => {
      mkdirSync(baselines, { recursive: true })
      const { context, page } = await phonePage()
      await open(page)
      const shot = await firstScreen(page)
      await context.close()
      writeFileSync(join(dir, `${name}.png`), shot)
      const baseline = join(baselines, `${name}.png`)
      // MIZAN_UPDATE_SNAPSHOTS=1 keeps the new look on purpose; a machine's first run records what it sees.
      if (process.env.MIZAN_UPDATE_SNAPSHOTS === '1' || !existsSync(baseline)) {
        writeFileSync(baseline, shot)
        t.diagnostic(`snapshot recorded: ${baseline}`)
        return
      }
      const { changed, share } = compare(readFileSync(baseline), shot, join(dir, `${name}.diff.png`))
      assert.ok(
        share <= MAX_CHANGED_SHARE,
        `${name} differs from its snapshot in ${changed} pixels (${(share * 100).toFixed(2)}%); see ${dir}/${name}.diff.png, ` +
          'and run with MIZAN_UPDATE_SNAPSHOTS=1 if the change is meant',
      )
    })
})
