import assert from 'node:assert/strict'
import { and, eq, isNull } from 'drizzle-orm'
import { after, before, describe, test } from 'node:test'
import { notifications, outboxMessages } from '../../platform/platform.tables.ts'
import type { UserActor } from '../../platform/rbac.ts'
import { workItems } from '../../platform/work-queue.tables.ts'
import { sessionCookie, testActor, testOrganisation } from '../../test-support/accounts.ts'
import { manualClock, submitForm, testApp, testDeps, type TestApp } from '../../test-support/app.ts'
import { acceptedAssessment, completeRecord, importedFile, levelThreeAnswers } from '../../test-support/register.ts'
import { importSystems, publishImport } from '../register/register-import.service.ts'
import { createDraft } from '../register/register.service.ts'
import { aiSystems } from '../register/register.tables.ts'
import { addDays, addMonths, defaultObligationRules, dutiesFor } from './obligation-rules.ts'
import { obligationRules, obligationsOf, runObligationsDaily } from './obligations.service.ts'

describe('due dates', () => {
  test('months count as people count them: a missing day becomes the last of the month, leap years included', () => {
    assert.equal(addMonths('2027-01-31', 1), '2027-02-28')
    assert.equal(addMonths('2028-01-31', 1), '2028-02-29')
    assert.equal(addMonths('2027-08-31', 6), '2028-02-29')
    assert.equal(addMonths('2026-12-31', 3), '2027-03-31')
    assert.equal(addMonths('2026-11-30', 3), '2027-02-28')
    assert.equal(addMonths('2028-02-29', 12), '2029-02-28')
  })

  test('days cross month, year and leap-day boundaries', () => {
    assert.equal(addDays('2028-02-28', 1), '2028-02-29')
    assert.equal(addDays('2027-02-28', 1), '2027-03-01')
    assert.equal(addDays('2026-12-31', 1), '2027-01-01')
    assert.equal(addDays('2026-11-23', 365), '2027-11-23')
  })

  test('each level brings its duties, counted from the day of acceptance', () => {
    const kinds = (level: 'I' | 'II' | 'III' | 'IV') => dutiesFor(defaultObligationRules, level, '2026-01-01').map((d) => d.kind)
    assert.deepEqual(kinds('I'), ['publication'])
    assert.deepEqual(kinds('II'), ['publication', 'oversight_arrangement', 'lifecycle_evaluation'])
    assert.deepEqual(kinds('III'), [
      'publication',
      'oversight_arrangement',
      'named_overseer',
      'lifecycle_evaluation',
      'audit_before_production',
    ])
    assert.deepEqual(kinds('IV'), [
      'publication',
      'oversight_arrangement',
      'named_overseer',
      'directorate_approval',
      'lifecycle_evaluation',
      'annual_audit',
    ])
    assert.equal(
      dutiesFor(defaultObligationRules, 'IV', '2026-01-01').find((d) => d.kind === 'lifecycle_evaluation')?.dueOn,
      '2026-04-02',
    )
  })
})

describe('obligations of a system', () => {
  // 20:00 UTC on 31 March is already 1 April in Pakistan: due dates count from the Pakistan date.
  const clock = manualClock('2026-03-31T20:00:00Z')
  let t: TestApp
  let member: UserActor
  let reviewer: UserActor
  let outsider: UserActor
  before(async () => {
    t = await testApp({ clock })
    const org = await testOrganisation(t, 'duty-bound')
    member = await testActor(t, ['org_member'], org.id)
    reviewer = await testActor(t, ['reviewer'])
    outsider = await testActor(t, ['org_member'], (await testOrganisation(t, 'not-theirs')).id)
  })
  after(() => t.close())
  const deps = () => testDeps(t, clock)
  // Sessions end after twelve hours on the test's clock, so each request signs in afresh.
  const cookieOf = (actor: UserActor) => sessionCookie(t, actor.id, clock.now())
  const day = (n = 1) => clock.advance(n * 24 * 60 * 60 * 1000)
  const daily = () => runObligationsDaily(t.database.engine.db, clock, deps().audit, new URL('https://mizan.example.gov.pk'))

  test('level III opens its duties in Pakistan dates; reminders go out once each; a late duty enters both work queues', async () => {
    const { id } = await createDraft(deps(), member, completeRecord({ nameEn: 'Duty-bound system' }))
    await acceptedAssessment(deps(), member, reviewer, id, levelThreeAnswers)
    const duties = await obligationsOf(t.database.engine.db, clock, id)
    assert.deepEqual(duties.map((d) => [d.kind, d.dueOn]).sort(), [
      ['audit_before_production', '2026-06-30'],
      ['lifecycle_evaluation', '2026-09-30'],
      ['named_overseer', '2026-05-01'],
      ['oversight_arrangement', '2026-05-01'],
    ])
    day(1) // 2 April: 29 days before 1 May, inside the 30-day reminder
    assert.equal((await daily()).reminded, 2)
    assert.equal((await daily()).reminded, 0, 'a reminder goes out once')
    const inbox = await t.database.engine.db.select().from(notifications).where(eq(notifications.userId, member.id))
    assert.equal(inbox.filter((n) => n.kind === 'obligation_due').length, 2)
    assert.ok((await t.database.engine.db.select().from(outboxMessages)).some((m) => m.kind === 'obligation_reminder'))
    day(23) // 25 April: the 7-day reminder
    assert.equal((await daily()).reminded, 2)
    day(6) // 1 May: due today, not yet late
    assert.equal((await daily()).overdue, 0)
    day(1) // 2 May: late
    assert.equal((await daily()).overdue, 2)
    const open = await t.database.engine.db.select().from(workItems).where(isNull(workItems.closedAt))
    assert.equal(open.filter((w) => w.kind === 'obligations.overdue' && w.organisationId === member.organisationId).length, 2)
    assert.equal(open.filter((w) => w.kind === 'obligations.overdue_directorate').length, 2)
    const page = await t.app.inject({ url: '/register/manage', headers: { cookie: await cookieOf(member) } })
    assert.match(page.body, /Overdue/)
  })

  test('filing the oversight arrangement meets the duty and closes its work items; another body cannot', async () => {
    const { id } = await createDraft(deps(), member, completeRecord({ nameEn: 'Declared system' }))
    await acceptedAssessment(deps(), member, reviewer, id, levelThreeAnswers)
    day(40)
    await daily()
    const duty = (await obligationsOf(t.database.engine.db, clock, id)).find((d) => d.kind === 'oversight_arrangement')!
    assert.equal(duty.overdue, true)
    assert.equal(
      (await t.app.inject({ url: `/obligations/systems/${id}`, headers: { cookie: await cookieOf(outsider) } })).statusCode,
      404,
    )
    const empty = await submitForm(t.app, {
      cookie: await cookieOf(member),
      formPage: `/obligations/systems/${id}`,
      url: `/obligations/${duty.id}/declare`,
      fields: { statement: '' },
    })
    assert.equal(empty.statusCode, 400)
    const filed = await submitForm(t.app, {
      cookie: await cookieOf(member),
      formPage: `/obligations/systems/${id}`,
      url: `/obligations/${duty.id}/declare`,
      fields: { statement: 'A duty officer checks every flagged case daily and can switch the system off.' },
    })
    assert.equal(filed.statusCode, 303)
    const after = (await obligationsOf(t.database.engine.db, clock, id)).find((d) => d.id === duty.id)!
    assert.equal(after.status, 'met')
    const items = await t.database.engine.db
      .select()
      .from(workItems)
      .where(and(eq(workItems.subjectId, duty.id), isNull(workItems.closedAt)))
    assert.deepEqual(items, [])
  })

  test('a lower level waives the duties it no longer brings', async () => {
    const { id } = await createDraft(deps(), member, completeRecord({ nameEn: 'Reassessed system' }))
    await acceptedAssessment(deps(), member, reviewer, id, levelThreeAnswers)
    await acceptedAssessment(deps(), member, reviewer, id)
    const duties = await obligationsOf(t.database.engine.db, clock, id)
    assert.ok(duties.every((d) => d.status === 'waived'))
  })

  test('a system published without an assessment owes one', async () => {
    const admin = await testActor(t, ['org_admin'], member.organisationId)
    const imported = await importSystems(
      deps(),
      admin,
      'old.csv',
      importedFile([{ organisation: 'duty-bound', record: completeRecord({ nameEn: 'Published long ago' }) }]),
    )
    assert.ok(imported.ok)
    await publishImport(deps(), reviewer, imported.importId, undefined)
    await daily()
    const [system] = await t.database.engine.db.select().from(aiSystems).where(eq(aiSystems.importId, imported.importId))
    const duties = await obligationsOf(t.database.engine.db, clock, system!.id)
    assert.deepEqual(
      duties.map((d) => d.kind),
      ['assessment'],
    )
    assert.equal((await daily()).opened, 0, 'owed once')
    day(91)
    await daily()
    const page = await t.app.inject({ url: `/register/${system!.number}` })
    assert.match(
      page.body,
      /An impact assessment <span class="badge duty-overdue">Overdue<\/span>/,
      'the public register says it is late',
    )
    await acceptedAssessment(deps(), member, reviewer, system!.id)
    assert.equal((await obligationsOf(t.database.engine.db, clock, system!.id))[0]!.status, 'met')
  })
})

describe('obligation rules', () => {
  let t: TestApp
  before(async () => (t = await testApp()))
  after(() => t.close())

  test('an assessment policy officer changes what a level brings; a value that is not a whole number is explained and nothing changes', async () => {
    const admin = await testActor(t, ['assessment_policy'])
    const cookie = await sessionCookie(t, admin.id)
    const page = await t.app.inject({ url: '/admin/obligation-rules', headers: { cookie } })
    assert.match(page.body, /name="II-lifecycle_evaluation-every" value="12"/)
    const inputs = [...page.body.matchAll(/<input [^>]*>/g)].map((m) => ({
      name: /name="([^"]+)"/.exec(m[0])?.[1],
      value: /value="([^"]*)"/.exec(m[0])?.[1],
    }))
    const form = Object.fromEntries(
      inputs
        .filter((i) => i.name && i.value !== undefined && i.name !== '_csrf' && !i.name.endsWith('-on'))
        .map((i) => [i.name!, i.value!]),
    )
    const on = Object.fromEntries([...page.body.matchAll(/name="([^"]+-on)" value="yes" checked/g)].map((m) => [m[1]!, 'yes']))
    const bad = await submitForm(t.app, {
      cookie,
      formPage: '/admin/obligation-rules',
      url: '/admin/obligation-rules',
      fields: { ...form, ...on, 'II-lifecycle_evaluation-every': 'six' },
    })
    assert.equal(bad.statusCode, 400)
    assert.match(bad.body, /Enter a whole number of months from 1 to 60/)
    const saved = await submitForm(t.app, {
      cookie,
      formPage: '/admin/obligation-rules',
      url: '/admin/obligation-rules',
      fields: { ...form, ...on, 'II-lifecycle_evaluation-every': '6', reminderDays: '14' },
    })
    assert.equal(saved.statusCode, 303)
    const rules = await obligationRules(t.database.engine.db)
    assert.deepEqual(rules.reminderDays, [14])
    assert.equal(rules.levels.II.find((r) => r.kind === 'lifecycle_evaluation')?.everyMonths, 6)
    assert.equal(
      (
        await t.app.inject({
          url: '/admin/obligation-rules',
          headers: { cookie: await sessionCookie(t, (await testActor(t, ['reviewer'])).id) },
        })
      ).statusCode,
      403,
    )
  })
})
