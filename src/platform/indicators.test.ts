import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { features } from '../features.ts'
import { indicatorsOf } from './feature.ts'
import { seed } from '../db/seed.ts'
import { manualClock } from '../test-support/app.ts'
import { freshDatabase, type TestDatabase } from '../test-support/database.ts'
import { indicatorHistory, latestIndicators, snapshotIndicators } from './indicators.ts'

const indicators = indicatorsOf(features)
let d: TestDatabase
before(async () => {
  d = await freshDatabase()
  await seed(d.engine.db)
})
after(() => d?.dispose())

test('indicators are computed from the records and kept once per Pakistan date', async () => {
  const clock = manualClock('2026-10-01T20:30:00Z')
  assert.deepEqual(await snapshotIndicators(d.engine.db, clock, indicators), {
    'accounts.organisations': 32,
    'accounts.access_reviews_last_quarter': 0,
    'register.systems_published': 0,
    'register.bodies_assessed': 0,
    'register.systems_awaiting_review': 0,
    'assessments.accepted': 0,
    'audits.closed': 0,
    'incidents.reports_received': 0,
    'incidents.incidents_resolved': 0,
    'programmes.sandbox_admitted': 0,
    'programmes.fund_awards': 0,
    'programmes.fund_awarded_pkr': 0,
    'programmes.fund_paid_pkr': 0,
    'programmes.fund_papers': 0,
    'programmes.fund_patents': 0,
    'programmes.fund_jobs': 0,
    'programmes.naif_share_percent': 0,
  })
  await snapshotIndicators(d.engine.db, clock, indicators)
  clock.advance(24 * 60 * 60 * 1000)
  await snapshotIndicators(d.engine.db, clock, indicators)
  const history = await indicatorHistory(d.engine.db, 'accounts.organisations')
  assert.deepEqual(
    history.map((h) => [h.onDate, h.value]),
    [
      ['2026-10-03', 32],
      ['2026-10-02', 32],
    ],
  )
  assert.deepEqual(await latestIndicators(d.engine.db), {
    'accounts.access_reviews_last_quarter': { value: 0, onDate: '2026-10-03' },
    'accounts.organisations': { value: 32, onDate: '2026-10-03' },
    'assessments.accepted': { value: 0, onDate: '2026-10-03' },
    'audits.closed': { value: 0, onDate: '2026-10-03' },
    'incidents.incidents_resolved': { value: 0, onDate: '2026-10-03' },
    'incidents.reports_received': { value: 0, onDate: '2026-10-03' },
    'programmes.fund_awarded_pkr': { value: 0, onDate: '2026-10-03' },
    'programmes.fund_awards': { value: 0, onDate: '2026-10-03' },
    'programmes.fund_jobs': { value: 0, onDate: '2026-10-03' },
    'programmes.fund_paid_pkr': { value: 0, onDate: '2026-10-03' },
    'programmes.fund_papers': { value: 0, onDate: '2026-10-03' },
    'programmes.fund_patents': { value: 0, onDate: '2026-10-03' },
    'programmes.naif_share_percent': { value: 0, onDate: '2026-10-03' },
    'programmes.sandbox_admitted': { value: 0, onDate: '2026-10-03' },
    'register.bodies_assessed': { value: 0, onDate: '2026-10-03' },
    'register.systems_awaiting_review': { value: 0, onDate: '2026-10-03' },
    'register.systems_published': { value: 0, onDate: '2026-10-03' },
  })
})

test('every indicator names its policy clause and a stable key', () => {
  const keys = indicators.map((i) => i.key)
  assert.equal(new Set(keys).size, keys.length)
  for (const i of indicators) {
    assert.match(i.key, /^[a-z_]+\.[a-z_]+$/)
    assert.match(i.source, /^\d/)
  }
})
