import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { and, eq } from 'drizzle-orm'
import { auditEntries } from '../../platform/audit.tables.ts'
import { outboxMessages } from '../../platform/platform.tables.ts'
import type { UserActor } from '../../platform/rbac.ts'
import { workItems } from '../../platform/work-queue.tables.ts'
import { testActor, testOrganisation } from '../../test-support/accounts.ts'
import { manualClock, testApp, testDeps, type TestApp } from '../../test-support/app.ts'
import { publishedTestSystem } from '../../test-support/register.ts'
import { storedFiles } from '../../platform/files.tables.ts'
import sharp from 'sharp'
import { EVIDENCE_OWNER, ReportForm, submitReport, trackReport } from './incidents.service.ts'
import { applyRetention } from './retention.service.ts'
import { incidentReports } from './incidents.tables.ts'
import {
  type IncidentInput,
  closeReport,
  decideIncident,
  incidentForStaff,
  incidentsToWorkOn,
  linkReport,
  mergeReport,
  openIncident,
  PersonalDataFound,
  referIncident,
  reopenIncident,
  reportForTriage,
  respondToIncident,
  revealContact,
} from './triage.service.ts'

let t: TestApp
const clock = manualClock('2026-03-02T05:00:00.000Z')
let reviewer: UserActor
let member: UserActor
let outsider: UserActor
let system: { id: string; number: number }
before(async () => {
  t = await testApp({ clock })
  reviewer = await testActor(t, ['reviewer'])
  member = await testActor(t, ['org_member'], (await testOrganisation(t, 'benefits-body')).id)
  outsider = await testActor(t, ['org_member', 'org_admin'], (await testOrganisation(t, 'other-body')).id)
  system = await publishedTestSystem(testDeps(t, clock), member, reviewer, { nameEn: 'Benefit eligibility screening' })
})
after(() => t.close())

async function reportOf(
  fields: Record<string, unknown>,
  locale: 'en' | 'ur' = 'en',
  evidence: { filename: string; bytes: Buffer }[] = [],
) {
  const parsed = ReportForm.parse({ harmKinds: 'wrongful_denial', severity: 'serious', ...fields })
  const outcome = await submitReport(testDeps(t, clock), parsed, locale, evidence)
  if (!('code' in outcome)) throw new Error('dropped')
  return outcome
}

const incident = (overrides: Partial<IncidentInput> = {}): IncidentInput => ({
  system: system.number,
  titleEn: 'Eligible families refused by the screening',
  summaryEn: 'Several families say the screening refused them although they qualify.',
  harmKinds: ['wrongful_denial'],
  severity: 'serious',
  ...overrides,
})

describe('triage', () => {
  test('an incident is refused while its public text carries a phone number or the reporter’s name; once redacted, opening it publishes it and the tracking page shows it', async () => {
    const deps = testDeps(t, clock)
    const { code, id } = await reportOf(
      {
        narrative: 'The screening refused Amina Bibi. Call 0300-1234567.',
        system: String(system.number),
        name: 'Amina Bibi',
        email: 'amina@example.pk',
        consent: 'yes',
      },
      'ur',
    )
    const queued = await t.database.engine.db
      .select()
      .from(workItems)
      .where(and(eq(workItems.kind, 'incidents.triage'), eq(workItems.subjectId, id)))
    assert.equal(queued.length, 1, 'a new report waits in the reviewers’ queue')

    await assert.rejects(
      openIncident(deps, reviewer, [id], incident({ summaryEn: 'Amina was refused; call ۰۳۰۰-۱۲۳۴۵۶۷.' })),
      (e: unknown) =>
        e instanceof PersonalDataFound &&
        Object.keys(e.findings).join() === 'summaryEn' &&
        e.findings.summaryEn!.map((f) => f.kind).join() === 'name,phone',
    )
    await assert.rejects(openIncident(deps, member, [id], incident()), /403/)

    const opened = await openIncident(deps, reviewer, [id], incident())
    const [row] = await t.database.engine.db.select().from(incidentReports).where(eq(incidentReports.id, id))
    assert.equal(row!.state, 'triaged')
    const tracked = await trackReport(deps, code)
    assert.ok(tracked.found)
    assert.deepEqual(
      tracked.incidents.map((i) => [i.number, i.state]),
      [[opened.number, 'open']],
    )
    const [mail] = await t.database.engine.db
      .select()
      .from(outboxMessages)
      .where(eq(outboxMessages.toAddress, 'amina@example.pk'))
    assert.match(mail!.subject, /رپورٹ/, 'the reporter is told in the language they reported in')
    assert.doesNotMatch(mail!.bodyText, new RegExp(code), 'the e-mail never carries the tracking code')
  })

  test('similar reports are suggested with their reasons; merging keeps the merged report’s code working', async () => {
    const deps = testDeps(t, clock)
    const first = await reportOf({
      narrative: 'Screening rejected our widow pension application in Thatta without reason',
      system: String(system.number),
      occurredOn: '2026-02-20',
    })
    const second = await reportOf({
      narrative: 'Widow pension application rejected by the screening, Thatta district',
      occurredOn: '2026-02-25',
    })
    const unrelated = await reportOf({ narrative: 'Traffic camera fined me twice', harmKinds: 'financial' })
    const seen = await reportForTriage(deps, reviewer, second.id)
    const suggestion = seen.similar.find((s) => s.id === first.id)
    assert.ok(suggestion, 'the other telling is suggested')
    assert.equal(suggestion.words, true)
    assert.equal(suggestion.close_date, true)
    assert.ok(!seen.similar.some((s) => s.id === unrelated.id))

    const opened = await openIncident(deps, reviewer, [first.id], incident({ titleEn: 'Widow pensions rejected' }))
    await mergeReport(deps, reviewer, second.id, first.id)
    const tracked = await trackReport(deps, second.code)
    assert.ok(tracked.found)
    assert.deepEqual(
      tracked.incidents.map((i) => i.number),
      [opened.number],
      'the merged report follows the incident of the report it joined',
    )
    await assert.rejects(mergeReport(deps, reviewer, second.id, unrelated.id), /incidentAlreadyMerged/)

    await closeReport(deps, reviewer, unrelated.id, {
      reason: 'out_of_scope',
      note: 'Traffic fines are handled by the traffic police.',
    })
    const closed = await trackReport(deps, unrelated.code)
    assert.ok(closed.found)
    assert.equal(closed.report.state, 'closed')
    assert.equal(closed.report.closeReason, 'out_of_scope')
  })

  test('a report may be linked to two incidents, and each shows on its tracking page', async () => {
    const deps = testDeps(t, clock)
    const { code, id } = await reportOf({
      narrative: 'Refused and my data was shown to a stranger',
      harmKinds: ['wrongful_denial', 'privacy'],
    })
    const a = await openIncident(deps, reviewer, [id], incident({ titleEn: 'Refusals' }))
    const b = await openIncident(deps, reviewer, [id], incident({ titleEn: 'Data shown to others', harmKinds: ['privacy'] }))
    await linkReport(deps, reviewer, id, b.number)
    const tracked = await trackReport(deps, code)
    assert.ok(tracked.found)
    assert.deepEqual(
      tracked.incidents.map((i) => i.number),
      [a.number, b.number],
    )
  })

  test('referral, response, outcome and reopening: only the body concerned sees it, its answer is checked for personal data, and not upheld needs a reason', async () => {
    const deps = testDeps(t, clock)
    const { code, id } = await reportOf({ narrative: 'Refused by the screening', name: 'Bilal', phone: '03001234567' })
    const { id: incidentId, number } = await openIncident(deps, reviewer, [id], incident())
    await assert.rejects(incidentForStaff(deps.db, member, number), /404/, 'the body sees it only once referred')
    await referIncident(deps, reviewer, incidentId, { dueOn: '2026-03-16' })
    assert.equal((await incidentForStaff(deps.db, member, number)).view, 'organisation')
    const told = await t.database.engine.db.select().from(outboxMessages).where(eq(outboxMessages.kind, 'incident_referred'))
    assert.ok(
      told.some((m) => m.subject.includes(`Incident ${number}`) && m.bodyText.includes('2026-03-16')),
      'the body is e-mailed the deadline',
    )
    await assert.rejects(incidentForStaff(deps.db, outsider, number), /404/)
    assert.ok(!(await incidentsToWorkOn(deps.db, outsider)).some((i) => i.number === number))
    assert.ok((await incidentsToWorkOn(deps.db, member)).some((i) => i.number === number))
    await assert.rejects(respondToIncident(deps, outsider, incidentId, { explanation: 'Not ours' }), /404/)
    await assert.rejects(respondToIncident(deps, member, incidentId, { explanation: 'We called Bilal back.' }), PersonalDataFound)

    await respondToIncident(deps, member, incidentId, {
      explanation: 'A rule misread household size.',
      remediation: 'The rule is fixed.',
      redress: 'Affected families are re-assessed within 30 days.',
    })
    await assert.rejects(decideIncident(deps, reviewer, incidentId, { outcome: 'not_upheld' }), /incidentReasonRequired/)
    await decideIncident(deps, reviewer, incidentId, { outcome: 'redress_provided', reason: 'Families were re-assessed.' })
    await assert.rejects(respondToIncident(deps, member, incidentId, { explanation: 'again' }), /incidentWrongState/)
    await reopenIncident(deps, reviewer, incidentId, 'Some families were not re-assessed.')
    const tracked = await trackReport(deps, code)
    assert.ok(tracked.found)
    assert.deepEqual(
      tracked.incidents[0]!.events.map((e) => e.state),
      ['open', 'referred', 'responded', 'redress_provided', 'open'],
    )
    assert.equal(tracked.incidents[0]!.events[1]!.note, '2026-03-16', 'the referral says when the answer is due')
  })

  test('contact details are shown only to triage staff, and every viewing is audited', async () => {
    const deps = testDeps(t, clock)
    const { id } = await reportOf({ narrative: 'Refused', name: 'Sana', phone: '0321 7654321', consent: 'yes' })
    await assert.rejects(revealContact(deps, member, id), /403/)
    const contact = await revealContact(deps, reviewer, id)
    assert.equal(contact.phone, '0321 7654321')
    assert.equal(contact.consent, true)
    const seen = await reportForTriage(deps, reviewer, id)
    assert.equal(JSON.stringify(seen).includes('0321'), false, 'the triage page itself holds no contact details')
    const viewed = await t.database.engine.db
      .select()
      .from(auditEntries)
      .where(and(eq(auditEntries.action, 'incidents.contact_viewed'), eq(auditEntries.subjectId, id)))
    assert.equal(viewed.length, 1)
    assert.equal(viewed[0]!.actorId, reviewer.id)
  })

  test('the retention schedule removes contact details, district and evidence of finished reports, and the audit log keeps only that they existed', async () => {
    const deps = testDeps(t, clock)
    const photo = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#000' } })
      .png()
      .toBuffer()
    const spam = await reportOf(
      { narrative: 'Buy cheap followers', name: 'Spammer', phone: '03001112222', district: 'Nowhere' },
      'en',
      [{ filename: 'x.png', bytes: photo }],
    )
    const real = await reportOf({ narrative: 'Refused wrongly again', name: 'Hina', phone: '03331234567', district: 'Thatta' })
    await closeReport(deps, reviewer, spam.id, { reason: 'spam' })
    const { id: incidentId } = await openIncident(deps, reviewer, [real.id], incident())
    const rowOf = async (id: string) =>
      (await t.database.engine.db.select().from(incidentReports).where(eq(incidentReports.id, id)))[0]!

    clock.advance(29 * 86_400_000)
    await applyRetention(deps.db, clock, deps.audit)
    assert.ok((await rowOf(spam.id)).contactSealed, 'not before its period')
    clock.advance(2 * 86_400_000)
    await applyRetention(deps.db, clock, deps.audit)
    const erased = await rowOf(spam.id)
    assert.deepEqual([erased.contactSealed, erased.district, Boolean(erased.erasedAt)], [null, null, true])
    assert.equal(
      (
        await t.database.engine.db
          .select()
          .from(storedFiles)
          .where(and(eq(storedFiles.ownerType, EVIDENCE_OWNER), eq(storedFiles.ownerId, spam.id)))
      ).length,
      0,
    )
    const [reported] = await t.database.engine.db
      .select()
      .from(auditEntries)
      .where(and(eq(auditEntries.action, 'incidents.reported'), eq(auditEntries.subjectId, spam.id)))
    assert.equal(reported!.payload, null, 'even the keyed hashes of the contact details are gone')
    assert.equal((await deps.audit.verify(deps.db)).ok, true, 'the chain still verifies')

    clock.advance(400 * 86_400_000)
    await applyRetention(deps.db, clock, deps.audit)
    assert.ok((await rowOf(real.id)).contactSealed, 'a report whose incident is still open keeps its details')
    await decideIncident(deps, reviewer, incidentId, { outcome: 'resolved' })
    clock.advance(366 * 86_400_000)
    await applyRetention(deps.db, clock, deps.audit)
    assert.equal((await rowOf(real.id)).contactSealed, null)
  })
})
