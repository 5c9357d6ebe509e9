// Relevance is one order whichever path computes it: a RUM index returning matches nearest first (a server with the
// extension), or a sort of every match by ts_rank (the embedded engine, and a server without it). Both are checked
// against the sort on this engine, and, when the run has the other engine too, the pages are compared across them.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { Db } from '../../db/engine.ts'
import { queryRows } from '../../db/engine.ts'
import { sql } from 'drizzle-orm'
import { testActor, testOrganisation } from '../../test-support/accounts.ts'
import { testApp, testDeps, type TestApp } from '../../test-support/app.ts'
import { otherEngineKind, testEngineKind, type EngineKind } from '../../test-support/database.ts'
import { completeRecord, importedFile } from '../../test-support/register.ts'
import * as repo from './register.repository.ts'
import { importSystems, publishImport } from './register-import.service.ts'
import type { SystemRecord } from './register.record.ts'

/** Words of real registers, in both languages, drawn so that records name them different numbers of times. */
const english = ['land', 'records', 'tax', 'customs', 'health', 'clinic', 'fraud', 'crop', 'traffic', 'school', 'pension']
const urdu = ['زمین', 'ریکارڈ', 'ٹیکس', 'کسٹم', 'صحت', 'کلینک', 'فصل', 'ٹریفک', 'اسکول', 'پنشن']
const sectors = ['health', 'agriculture', 'record_digitisation', 'education'] as const

/** The same records every run: a small linear congruential sequence. */
function corpus(): SystemRecord[] {
  let seed = 7
  const next = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648
    return seed % n
  }
  const words = (list: string[], n: number) => Array.from({ length: n }, () => list[next(list.length)]).join(' ')
  const varied = Array.from({ length: 140 }, (_, i) =>
    completeRecord({
      nameEn: `${words(english, 2)} service ${i}`,
      nameUr: `${words(urdu, 2)} خدمت ${i}`,
      summaryEn: `Helps officers with ${words(english, 1 + next(4))}.`,
      summaryUr: `${words(urdu, 1 + next(4))} میں مدد۔`,
      descriptionEn: `Reads ${words(english, 3 + next(12))} for a decision an officer takes. Naïve Bayes ranks the cases.`,
      sector: sectors[next(sectors.length)],
    }),
  )
  // Sixty records alike in every word, more than the first candidates a page of twenty asks RUM for (forty): the tie at
  // the page's edge must be read past them.
  const alike = Array.from({ length: 60 }, () =>
    completeRecord({ nameEn: 'Cadastre register', summaryEn: 'Keeps the cadastre.', sector: 'governance_justice' }),
  )
  // An Urdu word in an English description as well as in the Urdu name: its weightiest place must still count first.
  const quoted = Array.from({ length: 12 }, (_, i) =>
    completeRecord({
      nameUr: `محصول ${i}`,
      descriptionEn: `Collects ${'the محصول due, '.repeat(1 + (i % 3))}from traders.`,
    }),
  )
  return [...varied, ...alike, ...quoted]
}

/** What people type: one word, a common one, two words, a phrase, "or", a word left out, Urdu, both, accents. */
const searches: repo.RegisterFilter[] = [
  { q: 'land' },
  { q: 'records' },
  { q: 'health clinic' },
  { q: '"land records"' },
  { q: 'tax or customs' },
  { q: 'tax -fraud' },
  { q: 'ٹیکس' },
  { q: 'زمین ریکارڈ' },
  { q: 'crop فصل' },
  { q: 'naive' },
  { q: 'cadastre' },
  { q: 'land', sector: 'health' },
  { q: 'officer' },
  { q: 'محصول' },
]

/** Pages 1 to 3 of every search, in pages of 20 and of 7, each with the name an assertion gives it. */
const asks = searches.flatMap((f) =>
  [20, 7].flatMap((perPage) =>
    [1, 2, 3].map((page) => ({ f, perPage, page, name: `${JSON.stringify(f)}, page ${page} of ${perPage}` })),
  ),
)

/** Every page asked, by relevance, as the register serves it. */
async function pagesOf(db: Db) {
  const pages: Record<string, number[]> = {}
  for (const { f, perPage, page, name } of asks)
    pages[name] = (await repo.searchRegister(db, f, 'relevance', page, perPage)).hits.map((h) => h.number)
  return pages
}

async function registerOf(t: TestApp) {
  const org = await testOrganisation(t, 'ranking-owner')
  const admin = await testActor(t, ['org_admin'], org.id)
  const reviewer = await testActor(t, ['reviewer'])
  const records = corpus().map((record) => ({ organisation: 'ranking-owner', record }))
  const imported = await importSystems(testDeps(t), admin, 'systems.csv', importedFile(records))
  assert.ok(imported.ok)
  await publishImport(testDeps(t), reviewer, imported.importId, undefined)
  // The alike records changed at different times, in an order unlike their numbers or where they are stored: their
  // tie is broken by the newest change, which the index knows nothing of.
  await t.database.owner.execute(
    sql`update register_entries set updated_at = updated_at - make_interval(secs => (number * 7919) % 61)
        where name_en = 'Cadastre register'`,
  )
}

let t: TestApp
before(async () => {
  t = await testApp()
  await registerOf(t)
})
after(() => t.close())

const rumAvailable = async (db: Db) =>
  (await queryRows<{ n: number }>(db, sql`select count(*)::int as n from pg_available_extensions where name = 'rum'`))[0]!.n > 0

describe('register relevance on every path', () => {
  test(
    'a server with the RUM extension ranks from a RUM index, and every page it serves is the one sorting every match gives',
    { skip: testEngineKind !== 'postgres' && 'the embedded engine has no RUM extension' },
    async () => {
      const db = t.database.engine.db
      // CI installs the extension (.ci/run): there, its absence is a failure, not a reason to skip.
      if (!(await rumAvailable(db)) && !process.env.CI) return
      assert.equal(await repo.hasRumIndex(db), true)
      // What the index's order rests on: for the rank query its score is ts_rank's times the query's size.
      for (const { q } of searches) {
        const [spread] = await queryRows<{ low: number | null; high: number | null }>(
          db,
          sql`select min(s / r) as low, max(s / r) as high from (
                select rum_ts_score(search, mizan_rank_query(${q}))::float8 as s, ts_rank(search, mizan_rank_query(${q}))::float8 as r
                from register_entries where search @@ mizan_search_query(${q})) scored where r > 0`,
        )
        if (spread?.low) assert.ok(spread.high! / spread.low - 1 < 1e-5, `${q}: ${spread.low} to ${spread.high}`)
      }
      let pages = 0
      for (const { f, perPage, page, name } of asks) {
        const m = repo.fullTextMatching(f)
        const ranked = await repo.rankedNumbers(db, f, page, perPage, m)
        const sorted = await repo.pageNumbersStatement(db, f, 'relevance', page, perPage, m)
        assert.deepEqual(
          ranked,
          sorted.map((r) => r.number),
          name,
        )
        pages += ranked!.length > 0 ? 1 : 0
      }
      assert.ok(pages > 40, `only ${pages} pages had hits`)
    },
  )

  test('the embedded engine has no RUM index, and sorts', { skip: testEngineKind !== 'pglite' }, async () => {
    assert.equal(await repo.hasRumIndex(t.database.engine.db), false)
  })

  test(
    `the same searches give the same pages on the other engine (${testEngineKind} and ${otherEngineKind})`,
    { skip: !otherEngineKind && 'this run has one engine' },
    async () => {
      const other = await testApp({ engine: otherEngineKind as EngineKind })
      try {
        await registerOf(other)
        const here = await pagesOf(t.database.engine.db)
        assert.ok(Object.values(here).filter((p) => p.length > 0).length > 40)
        assert.deepEqual(await pagesOf(other.database.engine.db), here)
      } finally {
        await other.close()
      }
    },
  )
})
