import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { and, eq, isNull } from 'drizzle-orm'
import { organisations } from '../accounts/accounts.tables.ts'
import { indicatorsOf } from '../../platform/feature.ts'
import { notifications, outboxMessages } from '../../platform/platform.tables.ts'
import { workItems } from '../../platform/work-queue.tables.ts'
import { features } from '../../features.ts'
import { sessionCookie, testActor } from '../../test-support/accounts.ts'
import { manualClock, submitForm, testApp, testDeps, type TestApp } from '../../test-support/app.ts'
import { appendOnlyRefusal } from '../../test-support/database.ts'
import { callCompleteness, findCall, runDataCallsDaily } from './data-calls.service.ts'
import { dataCallNotices, dataCalls, deliveryConfidence } from './kpi.tables.ts'

let t: TestApp
const DAY = 86_400_000
// 1 June 2026, 12:00 in Pakistan.
const clock = manualClock('2026-06-01T07:00:00.000Z')
before(async () => (t = await testApp({ clock })))
after(() => t.close())

const db = () => t.database.engine.db
const tracker = () => ({ db: db(), clock, indicators: indicatorsOf(features) })
const bodyId = async (slug: string) => (await db().select().from(organisations).where(eq(organisations.slug, slug)))[0]!.id
const cookieOf = async (roles: Parameters<typeof testActor>[1], slug?: string) =>
  sessionCookie(t, (await testActor(t, roles, slug ? await bodyId(slug) : null)).id, clock.now())
/** A page's text without the marks that isolate values from the text around them. */
const plain = (html: string) => html.replace(/[\u2068\u2069]/g, '')
const openCall = (cookie: string, fields: Record<string, string>, prefix = '') =>
  submitForm(t.app, { cookie, formPage: `${prefix}/progress/calls`, url: `${prefix}/progress/calls`, fields })
const daily = () => runDataCallsDaily(tracker(), { ...testDeps(t, clock), publicUrl: new URL('https://mizan.example.gov.pk') })
const callOf = async (period: string) => (await db().select().from(dataCalls).where(eq(dataCalls.period, period)))[0]!
const bodyIn = async (period: string, slug: string) => {
  const org = await bodyId(slug)
  return (await callCompleteness(tracker(), await callOf(period))).find((b) => b.organisationId === org)!
}
const openItems = (kind: string) =>
  db()
    .select()
    .from(workItems)
    .where(and(eq(workItems.kind, kind), isNull(workItems.closedAt)))
const noticesTo = async (period: string, slug: string) =>
  db()
    .select()
    .from(dataCallNotices)
    .where(and(eq(dataCallNotices.callId, (await callOf(period)).id), eq(dataCallNotices.organisationId, await bodyId(slug))))

describe('data calls', () => {
  test('the Cell opens a call for the half-year; each problem is shown beside its field, in the page’s language', async () => {
    const cell = await cookieOf(['pic_analyst'])
    const late = await openCall(cell, { period: '2026-H1', dueOn: '2026-05-31' }, '/ur')
    assert.equal(late.statusCode, 400)
    assert.match(late.body, /مقررہ تاریخ آج کے بعد کی ہو۔/)
    assert.match(late.body, /value="2026-05-31"/, 'what was typed is kept')
    const future = await openCall(cell, { period: '2027-H1', dueOn: '2026-06-20' })
    assert.equal(future.statusCode, 400)
    assert.match(future.body, /Choose the current half-year or the one before it/)

    const opened = await openCall(cell, { period: '2026-H1', dueOn: '2026-06-20', message: 'Figures as at 31 May.' })
    assert.equal(opened.statusCode, 303)
    const page = plain((await t.app.inject({ url: opened.headers.location! })).body)
    assert.match(page, /<h1>Data call for January–June 2026<\/h1>/)
    assert.match(page, /Due on 20 June 2026\. 0 of \d+ lead bodies have answered\./)
    assert.match(page, /Figures as at 31 May\./)
    assert.match(
      plain((await t.app.inject({ url: `/ur${opened.headers.location!}` })).body),
      /<h1>جنوری تا جون 2026 کے لیے معلومات کی طلبی<\/h1>/,
    )

    const again = await openCall(cell, { period: '2026-H1', dueOn: '2026-06-25' })
    assert.equal(again.statusCode, 400, 'one call a period')
    assert.match(again.body, /Choose the current half-year or the one before it/)
  })

  test('every lead body finds the call in its work queue, and its accountable officers are told in both languages', async () => {
    const call = await callOf('2026-H1')
    const bodies = await callCompleteness(tracker(), call)
    assert.ok(bodies.length >= 12, `${bodies.length} lead bodies`)
    const items = await openItems('progress.data_call')
    assert.deepEqual(new Set(items.map((i) => i.organisationId)), new Set(bodies.map((b) => b.organisationId)))
    assert.ok(items.every((i) => i.assigneeRole === 'org_admin' && i.dueOn === '2026-06-20'))

    // An officer who joins later is told by the reminders; the seeded bodies' officers are told now.
    const officer = await testActor(t, ['org_admin'], await bodyId('secp'))
    const cookie = await sessionCookie(t, officer.id, clock.now())
    const queue = (await t.app.inject({ url: '/ur/work', headers: { cookie } })).body
    assert.match(plain(queue), /جنوری تا جون 2026 کی معلومات کی طلبی کا جواب دیں/)
    assert.equal(
      (await db().select().from(notifications).where(eq(notifications.userId, officer.id))).length,
      0,
      'told when the call opened, before this officer joined',
    )
  })

  test('a body has answered when every row it leads is rated for the period and every target it leads has a figure', async () => {
    const before = await bodyIn('2026-H1', 'secp')
    assert.equal(before.complete, false)
    assert.ok(before.rows.length >= 1 && before.figures.length >= 1, 'the SECP leads rows and targets')
    const officer = await cookieOf(['org_admin'], 'secp')
    for (const row of before.rows) {
      const url = `/progress/items/${encodeURIComponent(row.key)}/confidence`
      const fields = { rating: 'probable', narrative: 'Eight enterprises admitted; the second cohort is being selected.' }
      const res = await submitForm(t.app, { cookie: officer, formPage: url.replace('/confidence', ''), url, fields })
      assert.equal(res.statusCode, 303)
    }
    // A figure measured before the period began does not answer it.
    const record = (key: string, measuredOn: string) =>
      submitForm(t.app, {
        cookie: officer,
        formPage: `/progress/items/${encodeURIComponent(key)}`,
        url: `/progress/items/${encodeURIComponent(key)}`,
        fields: { value: '8', measuredOn, source: 'SECP sandbox register' },
      })
    for (const f of before.figures) assert.equal((await record(f.key, '2025-12-31')).statusCode, 303)
    const partly = await bodyIn('2026-H1', 'secp')
    assert.equal(partly.given, before.rows.length + before.figures.filter((f) => f.done).length)
    assert.equal(partly.complete, false)
    for (const f of partly.figures.filter((x) => !x.done)) assert.equal((await record(f.key, '2026-05-31')).statusCode, 303)

    const done = await bodyIn('2026-H1', 'secp')
    assert.equal(done.complete, true)
    assert.ok(
      !(await openItems('progress.data_call')).some((i) => i.organisationId === done.organisationId),
      'its work is closed',
    )
    const page = (await t.app.inject({ url: `/progress/calls/${(await callOf('2026-H1')).id}` })).body
    assert.match(
      page,
      /Securities and Exchange Commission of Pakistan<\/th><td[^>]*><span class="badge call-answered">Answered<\/span>/,
    )
    const ratings = await db().select().from(deliveryConfidence)
    assert.ok(ratings.every((r) => r.period === '2026-H1'))
  })

  test('the daily round reminds a body that has not answered 7 and 2 days before, each once, then tells the Cell', async () => {
    const outbox = async () => (await db().select().from(outboxMessages)).filter((m) => m.kind.startsWith('data_call')).length
    const officer = await testActor(t, ['org_admin'], await bodyId('hec'))
    const told = async () =>
      (await db().select().from(notifications).where(eq(notifications.userId, officer.id))).map((n) => n.kind)
    const sentAtOpening = await outbox()
    assert.deepEqual(await daily(), { reminded: 0, escalated: 0 }, 'nothing is due on 1 June')

    clock.advance(12 * DAY) // 13 June, 7 days before
    const first = await daily()
    assert.ok(first.reminded >= 1)
    assert.deepEqual(await daily(), { reminded: 0, escalated: 0 }, 'the round running again sends nothing twice')
    assert.deepEqual(
      (await noticesTo('2026-H1', 'hec')).map((n) => [n.kind, n.daysBefore]),
      [['reminder', 7]],
    )
    assert.equal((await noticesTo('2026-H1', 'secp')).length, 0, 'a body that has answered is not reminded')
    assert.equal((await outbox()) - sentAtOpening, 1, 'one e-mail, to the HEC’s officer: the other bodies have none yet')
    assert.deepEqual(await told(), ['data_call_reminder'])

    clock.advance(5 * DAY) // 18 June, 2 days before
    assert.equal((await daily()).reminded, first.reminded)
    clock.advance(3 * DAY) // 21 June, the day after
    const late = await daily()
    assert.equal(late.escalated, first.reminded)
    assert.deepEqual(
      (await noticesTo('2026-H1', 'hec')).map((n) => [n.kind, n.daysBefore]),
      [
        ['reminder', 7],
        ['reminder', 2],
        ['escalation', -1],
      ],
    )
    const cell = await openItems('progress.data_call_overdue')
    assert.equal(cell.length, late.escalated)
    assert.ok(cell.every((i) => i.assigneeRole === 'pic_analyst' && i.urgency === 4))
    assert.deepEqual(await daily(), { reminded: 0, escalated: 0 })
    assert.deepEqual((await told()).sort(), ['data_call_overdue', 'data_call_reminder', 'data_call_reminder'])
    const page = (await t.app.inject({ url: `/progress/calls/${(await callOf('2026-H1')).id}` })).body
    assert.match(page, /Higher Education Commission<\/th><td[^>]*><span class="badge call-overdue">Overdue<\/span>/)
  })

  test('a call opened with less than a week to go sends no 7-day reminder', async () => {
    // 1 July: the call for January–June has a report pending; the one for July–December opens, due in 5 days.
    clock.advance(10 * DAY)
    const cell = await cookieOf(['pic_analyst'])
    assert.equal((await openCall(cell, { period: '2026-H2', dueOn: '2026-07-06' })).statusCode, 303)
    const round = await daily()
    assert.equal(round.reminded, 0, `${JSON.stringify(round)}`)
    clock.advance(3 * DAY) // 4 July, 2 days before
    assert.ok((await daily()).reminded >= 1)
    assert.deepEqual(
      (await noticesTo('2026-H2', 'hec')).map((n) => n.daysBefore),
      [2],
    )
  })

  test('a rating given while the last half-year’s call is open answers that call', async () => {
    const officer = await cookieOf(['org_admin'], 'hec')
    const row = (await bodyIn('2026-H1', 'hec')).rows[0]!.key
    const url = `/progress/items/${encodeURIComponent(row)}/confidence`
    const fields = { rating: 'in_doubt', narrative: 'Two universities have yet to report their enrolments.' }
    assert.equal(
      (await submitForm(t.app, { cookie: officer, formPage: url.replace('/confidence', ''), url, fields })).statusCode,
      303,
    )
    assert.ok((await bodyIn('2026-H1', 'hec')).rows.find((r) => r.key === row)!.done)
    assert.equal((await bodyIn('2026-H2', 'hec')).rows.find((r) => r.key === row)!.done, false)
  })

  test('the Cell reminds a body by hand once a day; nobody else may, and a body that has answered is not reminded', async () => {
    const call = await callOf('2026-H2')
    const hec = await bodyId('hec')
    const cell = await cookieOf(['pic_analyst'])
    const page = `/progress/calls/${call.id}`
    const remind = (cookie: string, org: string) =>
      submitForm(t.app, { cookie, formPage: page, url: `${page}/remind/${org}`, fields: {} })
    assert.match((await t.app.inject({ url: page, headers: { cookie: cell } })).body, /Send a reminder/)
    assert.equal((await remind(cell, hec)).statusCode, 303)
    const twice = await remind(cell, hec)
    assert.equal(twice.statusCode, 409)
    assert.match(twice.body, /Already reminded today/)
    const officer = await cookieOf(['org_admin'], 'hec')
    assert.doesNotMatch((await t.app.inject({ url: page, headers: { cookie: officer } })).body, /Send a reminder/)
    const forged = await submitForm(t.app, { cookie: officer, formPage: '/contact', url: `${page}/remind/${hec}`, fields: {} })
    assert.equal(forged.statusCode, 403)
    const manual = (await noticesTo('2026-H2', 'hec')).filter((n) => n.sentBy !== null)
    assert.equal(manual.length, 1)
    assert.ok(await findCall(db(), call.id))
  })

  test('calls and their notices cannot be rewritten', async () => {
    await assert.rejects(t.database.owner.delete(dataCallNotices), appendOnlyRefusal)
    await assert.rejects(t.database.owner.update(dataCalls).set({ dueOn: '2027-01-01' }), appendOnlyRefusal)
  })
})
