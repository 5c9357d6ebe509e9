import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { eq, sql } from 'drizzle-orm'
import { organisations } from '../accounts/accounts.tables.ts'
import { testActor } from '../../test-support/accounts.ts'
import { manualClock, testApp, testDeps, type TestApp } from '../../test-support/app.ts'
import { ReportForm, submitReport } from '../incidents/incidents.service.ts'
import { progressMeasurements } from './kpi.tables.ts'
import { features } from '../../features.ts'
import { indicatorsOf } from '../../platform/feature.ts'
import { parseForm } from '../../platform/forms.tsx'
import { MeasurementForm, overrideStatus, recordMeasurement, trackedItem, trackedItems } from './progress.service.ts'

let t: TestApp
const clock = manualClock('2026-07-02T07:00:00.000Z')
before(async () => (t = await testApp({ clock })))
after(() => t.close())

const orgId = async (slug: string) =>
  (await t.database.engine.db.select().from(organisations).where(eq(organisations.slug, slug)))[0]!.id
const tracker = () => ({ db: t.database.engine.db, clock, indicators: indicatorsOf(features) })
const statusOf = async (key: string) => (await trackedItems(tracker())).find((i) => i.item.key === key)!.status
const entry = (value: number, measuredOn: string, extra = {}) => ({ value, measuredOn, source: 'Ministry survey', ...extra })

describe('recording progress', () => {
  test('a figure’s source and note are published, so a phone number or CNIC in them is sent back beside the field', () => {
    const parsed = parseForm(MeasurementForm, {
      value: '12',
      measuredOn: '2026-01-10',
      source: 'HEC, call 0300-1234567',
      note: 'Checked with CNIC 35202-1234567-1',
    })
    assert.deepEqual(!parsed.ok && parsed.errors, { source: 'forms.personalData', note: 'forms.personalData' })
    assert.ok(
      parseForm(MeasurementForm, {
        value: '12',
        measuredOn: '2026-01-10',
        source: 'HEC annual report 2025, table 3',
        note: 'Rs 25,000 per trainee',
      }).ok,
    )
  })

  test('an analyst records the public-awareness figures; the target and its action-matrix row take their status from them', async () => {
    const deps = testDeps(t, clock)
    const analyst = await testActor(t, ['pic_analyst'])
    assert.equal(await statusOf('action:1'), 'no_data')
    await recordMeasurement(deps, analyst, 'target:t-m1-awareness', entry(10, '2026-01-01'))
    await recordMeasurement(deps, analyst, 'target:t-m1-awareness', entry(30, '2026-07-01'))
    // From 10 on 1 January to 90 on 31 December, about 49.6 are expected on 1 July: 20 of 39.6 is at most 70% short.
    assert.equal(await statusOf('target:t-m1-awareness'), 'off_track')
    assert.equal(await statusOf('action:1'), 'off_track')
    const item = await trackedItem(tracker(), 'action:1')
    assert.deepEqual(
      item.targetItems.map((i) => i.item.key),
      ['target:t-m1-awareness'],
    )
  })

  test('a correction is a new entry that replaces the figure it names; the old one stays on record and cannot be changed', async () => {
    const deps = testDeps(t, clock)
    const analyst = await testActor(t, ['pic_analyst'])
    const [wrong] = await deps.db.select().from(progressMeasurements).where(eq(progressMeasurements.value, 30))
    await recordMeasurement(
      deps,
      analyst,
      'target:t-m1-awareness',
      entry(48, '2026-07-01', { corrects: wrong!.id, note: 'The survey was re-weighted.' }),
    )
    assert.equal(await statusOf('target:t-m1-awareness'), 'on_track')
    assert.equal((await trackedItem(tracker(), 'target:t-m1-awareness')).measurements.length, 3)
    // The trigger refuses even the schema's owner; the app's own role (on a server) is not even granted the right.
    const refusal = (e: unknown) => /cannot be changed/.test(String((e as { cause?: unknown }).cause ?? e))
    await assert.rejects(t.database.owner.execute(sql`update progress_measurements set value = 90`), refusal)
    await assert.rejects(t.database.owner.execute(sql`delete from progress_measurements`), refusal)
    const denied = (e: unknown) => /cannot be changed|permission denied/.test(String((e as { cause?: unknown }).cause ?? e))
    await assert.rejects(deps.db.execute(sql`update progress_measurements set value = 90`), denied)
  })

  test('a lead stakeholder records its own items only; nobody records a date in the future', async () => {
    const deps = testDeps(t, clock)
    const ministry = await testActor(t, ['org_member'], await orgId('moitt'))
    const hec = await testActor(t, ['org_member'], await orgId('hec'))
    await recordMeasurement(deps, ministry, 'target:t-m1-awareness', entry(50, '2026-07-02'))
    await assert.rejects(recordMeasurement(deps, hec, 'target:t-m1-awareness', entry(50, '2026-07-02')), /403/)
    await recordMeasurement(deps, hec, 'target:t-m4-scholarships', entry(12, '2026-06-30'))
    await assert.rejects(
      recordMeasurement(deps, ministry, 'target:t-m1-awareness', entry(50, '2026-07-03')),
      /progressFutureDate/,
    )
    await assert.rejects(
      recordMeasurement(deps, await testActor(t, ['pic_analyst']), 'action:1', entry(1, '2026-07-01')),
      /403/,
      'action rows are measured through their targets',
    )
  })

  test('an analyst may set a status by judgement with a reason; a newer figure brings back the computed status', async () => {
    const deps = testDeps(t, clock)
    const analyst = await testActor(t, ['pic_analyst'])
    await assert.rejects(
      overrideStatus(deps, await testActor(t, ['org_member'], await orgId('coe-ai')), 'action:12', {
        status: 'done',
        reason: 'x',
      }),
      /403/,
    )
    clock.advance(60_000)
    await overrideStatus(deps, analyst, 'action:12', {
      status: 'done',
      reason: 'Centres opened in Karachi, Lahore and Islamabad.',
    })
    const judged = (await trackedItems(tracker())).find((i) => i.item.key === 'action:12')!
    assert.deepEqual(
      [judged.status, judged.computed, judged.override?.reason],
      ['done', 'no_data', 'Centres opened in Karachi, Lahore and Islamabad.'],
    )
    await overrideStatus(deps, analyst, 'target:t-m1-awareness', { status: 'at_risk', reason: 'The survey covers cities only.' })
    assert.equal(await statusOf('target:t-m1-awareness'), 'at_risk')
    clock.advance(60_000)
    await recordMeasurement(deps, analyst, 'target:t-m1-awareness', entry(52, '2026-07-02'))
    assert.equal(await statusOf('target:t-m1-awareness'), 'on_track', 'the newer figure decides again')
  })

  test('Mizan’s own figures count themselves, today’s value at once, and nobody records them by hand', async () => {
    const deps = testDeps(t, clock)
    const figure = async () => (await trackedItem(tracker(), 'figure:f-reports')).latest?.value
    const before = await figure()
    await submitReport(deps, ReportForm.parse({ narrative: 'A report', harmKinds: 'other', severity: 'minor' }), 'en')
    assert.equal(await figure(), (before ?? 0) + 1)
    await assert.rejects(
      recordMeasurement(deps, await testActor(t, ['pic_analyst']), 'figure:f-reports', entry(5, '2026-07-01')),
      /403/,
    )
  })
})
