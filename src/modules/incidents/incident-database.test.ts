import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { sql } from 'drizzle-orm'
import { queryRows } from '../../db/engine.ts'
import { COUNT_CAP } from '../../platform/search-count.ts'
import { testActor } from '../../test-support/accounts.ts'
import { testApp, type TestApp } from '../../test-support/app.ts'
import { PER_PAGE, searchIncidents } from './incident-database.service.ts'

// The public incident database at national scale: its cost is a page's, however many incidents match.
let t: TestApp
before(async () => {
  t = await testApp()
  const reviewer = await testActor(t, ['reviewer'])
  // One past the cap, a minute apart, every other one about flooding; written directly, as a long history would be.
  await t.database.engine.db.execute(sql`
    insert into incidents (state, title_en, summary_en, harm_kinds, severity, opened_at, opened_by, updated_at)
    select 'open', 'Incident ' || i, case when i % 2 = 0 then 'Flood relief was refused.' else 'A fee was charged twice.' end,
           array['financial'], 'minor', timestamptz '2026-01-01 00:00Z' + i * interval '1 minute', ${reviewer.id},
           timestamptz '2026-01-01 00:00Z' + i * interval '1 minute'
    from generate_series(1, ${2 * COUNT_CAP + 2}) as i`)
})
after(() => t.close())

describe('the incident database at scale', () => {
  test('matches are counted exactly up to the cap, and past it said to be more, on the page too', async () => {
    const all = await searchIncidents(t.database.engine.db, {})
    assert.deepEqual([all.total, all.more], [COUNT_CAP, true])
    const flooding = await searchIncidents(t.database.engine.db, { q: 'flood' })
    assert.deepEqual([flooding.total, flooding.more], [COUNT_CAP, true])
    const one = await searchIncidents(t.database.engine.db, { q: '"Incident 7"' })
    assert.deepEqual([one.total, one.more], [1, false])
    const page = await t.app.inject({ url: '/incidents?q=flood' })
    assert.match(page.body, /More than 1,000 incidents found/)
    const urdu = await t.app.inject({ url: '/ur/incidents?q=flood' })
    assert.match(urdu.body, /سے زیادہ واقعات ملے/)
  })

  test('a page in two steps keeps the newest first, the same rows a single query gives', async () => {
    const second = await searchIncidents(t.database.engine.db, { q: 'flood', page: 2 })
    const expected = await queryRows<{ title: string }>(
      t.database.engine.db,
      sql`select title_en as title from incidents where search @@ websearch_to_tsquery('simple', 'flood')
          order by opened_at desc, number desc limit ${PER_PAGE} offset ${PER_PAGE}`,
    )
    assert.equal(second.rows.length, PER_PAGE)
    assert.deepEqual(
      second.rows.map((r) => r.titleEn),
      expected.map((r) => r.title),
    )
  })
})
