import assert from 'node:assert/strict'
import { eq } from 'drizzle-orm'
import { after, before, describe, test } from 'node:test'
import { outboxMessages } from '../../platform/platform.tables.ts'
import { sessionCookie, testOrganisation, testUser } from '../../test-support/accounts.ts'
import { manualClock, submitForm, submitUpload, testApp, type TestApp } from '../../test-support/app.ts'
import { GrantApplications, GrantPools } from './fixtures/daoip-5.ts'
import { latestNaifShare } from './transparency.service.ts'
import { remindReports } from './participation.service.ts'
import { reviewFor } from './reviews.service.ts'

let t: TestApp
// 15 January 2026, 14:00 in Pakistan.
const clock = manualClock('2026-01-15T09:00:00.000Z')
const people: Record<string, string> = {}

before(async () => {
  t = await testApp({ clock })
  const startup = await testOrganisation(t, 'urdu-speech-startup', 'company')
  const university = await testOrganisation(t, 'test-university', 'academia')
  const directorate = await testOrganisation(t, 'test-directorate', 'federal_ministry')
  const make = async (name: string, roles: Parameters<typeof testUser>[1]['roles'], organisationId: string, email?: string) =>
    (people[name] = (await testUser(t, { roles, organisationId, email })).id)
  await make('staff', ['sandbox_staff'], directorate.id)
  await make('committee', ['fund_committee'], directorate.id)
  await make('finance', ['finance_officer'], directorate.id)
  await make('dual', ['fund_committee', 'finance_officer'], directorate.id)
  await make('founder', ['org_member'], startup.id)
  await make('student', ['org_member'], university.id)
  await make('supervisor', ['org_member', 'programme_reviewer'], university.id, 'supervisor@test-university.edu.pk')
  await make('colleague', ['programme_reviewer'], startup.id)
  for (const n of ['r1', 'r2', 'r3', 'r4']) await make(n, ['programme_reviewer'], directorate.id)
})
after(() => t.close())

/** A fresh session at the clock's time, since tests move the clock by weeks. */
const as = (who: string) => sessionCookie(t, people[who]!, clock.now())
const page = async (who: string | null, url: string) => t.app.inject({ url, headers: who ? { cookie: await as(who) } : {} })
const send = async (who: string, formPage: string, url: string, fields: Record<string, string | string[]>) =>
  submitForm(t.app, { cookie: await as(who), formPage, url, fields })
const idIn = (location: unknown, pattern: RegExp) => pattern.exec(String(location))![1]!

const sandboxAnswers = {
  use_case: 'Urdu speech recognition for a provincial helpline',
  data: 'Recorded calls, with consent, kept in Pakistan for 90 days',
  regulatory_questions: 'Whether consent by voice meets the policy',
  risks: 'Misrecognition; a human answers every call that is unsure',
  duration_months: '6',
  people: '2000',
  selection: 'Callers who agree at the start of the call',
  exit_criteria: 'Word error rate under 15% for three months',
  women_led: 'yes',
}

describe('the sandbox, from call to admission', () => {
  let callId = ''
  let applicationId = ''
  let attachmentId = ''
  const reviewIds: Record<string, string> = {}

  test('staff draft a call in Pakistan time and publish it; the public reads it in both languages', async () => {
    const res = await send('staff', '/sandbox/manage/calls/new', '/sandbox/manage/calls/new', {
      scheme: 'cohort',
      titleEn: 'Sandbox cohort 2026: language technology',
      titleUr: 'سینڈ باکس گروپ 2026: زبان کی ٹیکنالوجی',
      themeEn: 'Speech and language technology for public services',
      prioritySectors: ['governance_justice', 'education'],
      opensAt: '2026-01-15T10:00',
      closesAt: '2026-02-15T17:00',
      places: '2',
    })
    assert.equal(res.statusCode, 303, res.body)
    callId = idIn(res.headers.location, /calls\/([0-9a-f-]{36})/)
    assert.equal((await page(null, `/sandbox/calls/${callId}`)).statusCode, 404, 'a draft is not public')
    const published = await send('staff', `/sandbox/manage/calls/${callId}`, `/sandbox/manage/calls/${callId}/publish`, {})
    assert.equal(published.statusCode, 303)
    const en = await page(null, `/sandbox/calls/${callId}`)
    assert.equal(en.statusCode, 200)
    assert.match(en.body, /Genuine innovation/)
    assert.match(en.body, /15 February 2026 at 5:00/)
    const ur = await page(null, `/ur/sandbox/calls/${callId}`)
    assert.match(ur.body, /سینڈ باکس گروپ 2026/)
    assert.match(ur.body, /حقیقی جدت/)
    assert.match((await page(null, '/sandbox')).body, /Sandbox cohort 2026/)
  })

  test('a closing time before the opening is refused beside the field, with what was typed kept', async () => {
    const res = await send('staff', '/sandbox/manage/calls/new', '/ur/sandbox/manage/calls/new', {
      scheme: 'cohort',
      titleEn: 'Backwards call',
      themeEn: 'x',
      opensAt: '2026-03-01T10:00',
      closesAt: '2026-02-01T10:00',
      places: '3',
    })
    assert.equal(res.statusCode, 400)
    assert.match(res.body, /کال کھلنے کے بعد ہی بند ہو سکتی ہے/)
    assert.match(res.body, /value="Backwards call"/)
  })

  test('the startup drafts, saves an incomplete draft, and submits it complete', async () => {
    const start = await send('founder', `/sandbox/calls/${callId}`, `/sandbox/calls/${callId}/apply`, {
      titleEn: 'Awaaz: Urdu speech for helplines',
    })
    assert.equal(start.statusCode, 303, start.body)
    applicationId = idIn(start.headers.location, /applications\/([0-9a-f-]{36})/)
    const url = `/programmes/applications/${applicationId}`
    const draft = await send('founder', url, url, {
      titleEn: 'Awaaz: Urdu speech for helplines',
      province: 'punjab',
      use_case: 'Half written',
    })
    assert.equal(draft.statusCode, 303)
    const incomplete = await send('founder', url, url, {
      titleEn: 'Awaaz: Urdu speech for helplines',
      province: 'punjab',
      use_case: 'Half written',
      action: 'submit',
    })
    assert.equal(incomplete.statusCode, 409)
    assert.match(incomplete.body, /Answer this question/)
    assert.match((await page('founder', url)).body, /Half written/, 'the draft is kept')
    const upload = async (name: string, bytes: string) =>
      submitUpload(t.app, {
        cookie: await as('founder'),
        formPage: url,
        action: '/attachments',
        file: { field: 'attachment', name, bytes },
      })
    const text = await upload('plan.txt', 'not a document')
    assert.equal(text.statusCode, 415)
    assert.match(text.body, /Attach a PDF, JPEG or PNG file/)
    assert.equal((await upload('test-plan.pdf', '%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n')).statusCode, 303)
    attachmentId = /\/files\/([0-9a-f-]{36})"/.exec((await page('founder', url)).body)![1]!
    const done = await send('founder', url, url, {
      titleEn: 'Awaaz: Urdu speech for helplines',
      summaryEn: 'Urdu speech recognition tested on a provincial helpline',
      sectors: ['governance_justice'],
      province: 'punjab',
      ...sandboxAnswers,
      action: 'submit',
    })
    assert.equal(done.statusCode, 303, done.body)
    assert.match((await page('founder', url)).body, /Submitted/)
  })

  test('the submission closes to the second: one second before is accepted, at the closing second refused with the draft kept', async () => {
    const early = await send('founder', `/sandbox/calls/${callId}`, `/sandbox/calls/${callId}/apply`, { titleEn: 'Last-minute' })
    const late = await send('founder', `/sandbox/calls/${callId}`, `/sandbox/calls/${callId}/apply`, { titleEn: 'Too late' })
    const ids = [early, late].map((r) => idIn(r.headers.location, /applications\/([0-9a-f-]{36})/))
    const complete = { summaryEn: 'A complete application', sectors: ['education'], province: 'sindh', ...sandboxAnswers }
    for (const [i, title] of ['Last-minute', 'Too late'].entries()) {
      const url = `/programmes/applications/${ids[i]}`
      assert.equal((await send('founder', url, url, { titleEn: title, ...complete })).statusCode, 303)
    }
    // 15 February 2026, 16:59:59 in Pakistan.
    clock.advance(Date.parse('2026-02-15T11:59:59.000Z') - clock.now().getTime())
    const session = await as('founder')
    const urlA = `/programmes/applications/${ids[0]}`
    const urlB = `/programmes/applications/${ids[1]}`
    // Both forms are opened before the closing second; the second is sent at 17:00:00 exactly.
    const accepted = await submitForm(t.app, {
      cookie: session,
      formPage: urlA,
      url: urlA,
      fields: { titleEn: 'Last-minute', ...complete, action: 'submit' },
    })
    assert.equal(accepted.statusCode, 303, accepted.body)
    clock.advance(1000)
    const refused = await submitForm(t.app, {
      cookie: session,
      formPage: urlB,
      url: urlB,
      fields: { titleEn: 'Too late', ...complete, action: 'submit' },
    })
    assert.equal(refused.statusCode, 409)
    assert.match(refused.body, /The call has closed: applications are no longer accepted. Your draft is kept./)
    const after = await page('founder', urlB)
    assert.match(after.body, /Draft/)
    assert.match(after.body, /Word error rate under 15%/)
    clock.advance(-1000 - (Date.parse('2026-02-15T11:59:59.000Z') - Date.parse('2026-01-15T09:00:00.000Z')))
  })

  test('someone of the applicant’s organisation can never be assigned; three others are, and a declared conflict removes one', async () => {
    const admin = `/sandbox/manage/applications/${applicationId}`
    const barred = await send('staff', admin, `${admin}/assign`, { reviewerId: people.colleague! })
    assert.equal(barred.statusCode, 409)
    assert.match(barred.body, /A reviewer cannot review their own organisation/)
    assert.doesNotMatch((await page('staff', admin)).body, new RegExp(`value="${people.colleague}"`), 'not offered')
    for (const r of ['r1', 'r2', 'r3'])
      assert.equal((await send('staff', admin, `${admin}/assign`, { reviewerId: people[r]! })).statusCode, 303)
    for (const r of ['r1', 'r2', 'r3']) {
      const list = await page(r, '/programmes/reviews')
      reviewIds[r] = /\/programmes\/reviews\/([0-9a-f-]{36})/.exec(list.body)![1]!
      const before = await page(r, `/programmes/reviews/${reviewIds[r]}`)
      assert.match(before.body, /Conflict of interest/)
      assert.doesNotMatch(before.body, /Recorded calls, with consent/, 'nothing of the application before the declaration')
    }
    const conflicted = await send('r3', `/programmes/reviews/${reviewIds.r3}`, `/programmes/reviews/${reviewIds.r3}/declare`, {
      conflict: 'collaboration',
      conflictNote: 'We wrote a paper together in 2024',
    })
    assert.equal(conflicted.statusCode, 303)
    assert.match((await page('r3', `/programmes/reviews/${reviewIds.r3}`)).body, /were removed from this application/)
    assert.match((await page('staff', admin)).body, /Removed for a conflict/)
    assert.equal((await send('staff', admin, `${admin}/assign`, { reviewerId: people.r4! })).statusCode, 303)
    reviewIds.r4 = /\/programmes\/reviews\/([0-9a-f-]{36})/.exec((await page('r4', '/programmes/reviews')).body)![1]!
    // The attached plan: for a reviewer who has declared no conflict, never for one removed by a conflict, nor the public.
    assert.notEqual((await page('r1', `/files/${attachmentId}`)).statusCode, 200)
    for (const r of ['r1', 'r2', 'r4']) {
      const url = `/programmes/reviews/${reviewIds[r]}`
      assert.equal((await send(r, url, `${url}/declare`, { conflict: 'none' })).statusCode, 303)
      assert.match((await page(r, url)).body, /Recorded calls, with consent/)
    }
    assert.equal((await page('r1', `/files/${attachmentId}`)).statusCode, 200)
    assert.notEqual((await page('r3', `/files/${attachmentId}`)).statusCode, 200)
    assert.notEqual((await page(null, `/files/${attachmentId}`)).statusCode, 200)
  })

  test('reviews are blind until one’s own is submitted; half points are kept; a wide spread is flagged', async () => {
    const scores = {
      r1: { innovation: '4.5', regulatory_value: '4', safeguards: '4' },
      r2: { innovation: '2', regulatory_value: '3.5', safeguards: '4' },
      r4: { innovation: '4', regulatory_value: '4', safeguards: '3.5' },
    }
    const fields = (s: Record<string, string>) => ({
      ...Object.fromEntries(
        Object.entries(s).flatMap(([k, v]) => [
          [`score_${k}`, v],
          [`comment_${k}`, `Comment on ${k}`],
        ]),
      ),
      recommendation: 'support',
    })
    const url = (r: string) => `/programmes/reviews/${reviewIds[r]}`
    const wrong = await send('r1', url('r1'), url('r1'), { ...fields(scores.r1), score_innovation: '4.3', action: 'submit' })
    assert.equal(wrong.statusCode, 400)
    assert.match(wrong.body, /value="4.3"/)
    assert.equal((await send('r1', url('r1'), url('r1'), { ...fields(scores.r1), action: 'submit' })).statusCode, 303)
    assert.equal((await send('r2', url('r2'), url('r2'), fields(scores.r2))).statusCode, 303, 'saved, not submitted')
    // r2 has not submitted: r1's 4.5 is nowhere on r2's page, nor in what the service gives it.
    assert.doesNotMatch((await page('r2', url('r2'))).body, /Reviewer 1/)
    const r2 = { kind: 'user' as const, id: people.r2!, organisationId: null, roles: ['programme_reviewer' as const] }
    assert.deepEqual((await reviewFor(t.database.engine.db, r2, reviewIds.r2!)).others, [])
    assert.equal((await send('r2', url('r2'), url('r2'), { ...fields(scores.r2), action: 'submit' })).statusCode, 303)
    const r2sees = (await page('r2', url('r2'))).body
    assert.match(r2sees, /Reviewer 1/)
    assert.match(r2sees, />4.5</)
    assert.equal((await send('r4', url('r4'), url('r4'), { ...fields(scores.r4), action: 'submit' })).statusCode, 303)
    const admin = (await page('staff', `/sandbox/manage/applications/${applicationId}`)).body
    // Innovation: 4.5, 2 and 4 are 2.5 apart, over the call's 2.
    assert.match(admin, />2.5<\/bdi> \(wide\)/)
  })

  test('decisions wait for the close and the consensus, then admit within the places left', async () => {
    const admin = `/sandbox/manage/applications/${applicationId}`
    const consensus = await send('staff', admin, `${admin}/consensus`, {
      score_innovation: '4',
      comment_innovation: 'New for Urdu helplines',
      score_regulatory_value: '4',
      comment_regulatory_value: 'Tests voice consent',
      score_safeguards: '4',
      comment_safeguards: 'A human answers unsure calls',
      reportEn: 'A strong proposal with sound safeguards.',
      reportUr: 'مضبوط تجویز، درست حفاظتی اقدامات کے ساتھ۔',
    })
    assert.equal(consensus.statusCode, 303, consensus.body)
    const decide = { outcome: 'award', reasonEn: 'Ranked first; meets every criterion.' }
    const early = await send('staff', admin, `${admin}/decide`, decide)
    assert.equal(early.statusCode, 409)
    assert.match(early.body, /Decisions are made after the call closes/)
    clock.advance(Date.parse('2026-02-16T09:00:00.000Z') - clock.now().getTime())
    assert.equal((await send('staff', admin, `${admin}/decide`, decide)).statusCode, 303)
    const applicant = await page('founder', `/ur/programmes/applications/${applicationId}`)
    assert.match(applicant.body, /داخلہ یا گرانٹ منظور/)
    assert.match(applicant.body, /مضبوط تجویز/)
    const panel = (await page('staff', `/sandbox/manage/calls/${callId}`)).body
    assert.match(panel, /Places left<\/dt>\s*<dd>1</)
  })

  test('the plan binds when the participant accepts it; reports fall due; testing can be suspended with a reason', async () => {
    const admin = `/sandbox/manage/applications/${applicationId}`
    const mine = `/programmes/applications/${applicationId}`
    const backwards = await send('staff', admin, `${admin}/plan`, {
      conditions: 'Only callers who consent',
      parameters: '2,000 callers, Punjab helpline',
      startsOn: '2026-03-01',
      endsOn: '2026-02-01',
      contacts: 'Sandbox desk, AI Directorate',
    })
    assert.equal(backwards.statusCode, 400)
    assert.match(backwards.body, /Testing must end after it starts/)
    const plan = {
      conditions: 'Only callers who consent',
      parameters: '2,000 callers, Punjab helpline',
      startsOn: '2026-03-01',
      endsOn: '2026-09-01',
      contacts: 'Sandbox desk, AI Directorate',
    }
    assert.equal((await send('staff', admin, `${admin}/plan`, plan)).statusCode, 303)
    assert.match((await page('founder', mine)).body, /Proposed: waiting for the participant/)
    assert.equal((await send('founder', mine, `${mine}/plan/accept`, {})).statusCode, 303)
    const agreed = (await page('founder', mine)).body
    assert.match(agreed, /Agreed: testing/)
    assert.match(agreed, /1 June 2026/, 'the first report falls due three months in')
    const reportId = /\/programmes\/reports\/([0-9a-f-]{36})/.exec(agreed)![1]!
    // Two weeks before the report falls due, the daily job puts it in the founder's work queue, once.
    assert.equal(await remindReports(t.database.engine.db, clock), 0)
    clock.advance(Date.parse('2026-05-18T09:00:00.000Z') - clock.now().getTime())
    assert.equal(await remindReports(t.database.engine.db, clock), 1)
    assert.equal(await remindReports(t.database.engine.db, clock), 1)
    assert.equal((await page('founder', '/work')).body.match(/Report due: “Awaaz/g)?.length, 1)
    assert.equal(
      (await send('founder', mine, `/programmes/reports/${reportId}`, { body: 'First 500 calls handled', action: 'submit' }))
        .statusCode,
      303,
    )
    assert.match((await page('staff', admin)).body, /First 500 calls handled/)
    assert.doesNotMatch((await page('founder', '/work')).body, /Report due: “Awaaz/, 'a submitted report leaves the queue')
    // The regulator's notes are for programme staff alone.
    assert.equal(
      (await send('staff', admin, `${admin}/notes`, { note: 'Call the founder about consent wording' })).statusCode,
      303,
    )
    assert.match((await page('staff', admin)).body, /Call the founder about consent wording/)
    assert.doesNotMatch((await page('founder', mine)).body, /consent wording/)
    assert.equal(
      (await send('staff', admin, `${admin}/suspend`, { reason: 'A complaint about consent is being looked into' })).statusCode,
      303,
    )
    assert.match((await page('founder', `/ur${mine}`)).body, /آزمائش معطل[\s\S]*A complaint about consent/)
    assert.equal((await send('staff', admin, `${admin}/suspend`, {})).statusCode, 303)
    assert.match((await page('founder', mine)).body, /Agreed: testing/)
  })

  test('the exit report is published only when both the participant and the Directorate consent', async () => {
    const admin = `/sandbox/manage/applications/${applicationId}`
    const mine = `/programmes/applications/${applicationId}`
    const exit = {
      outcome: 'graduated',
      activities: '6,000 calls',
      results: 'Word error rate 12%',
      lessons: 'Voice consent works when repeated at the end',
    }
    assert.equal((await send('staff', admin, `${admin}/exit`, exit)).statusCode, 303)
    assert.match((await page('founder', mine)).body, /not published: the public reads the one-line summary/)
    assert.equal((await send('founder', mine, `${mine}/exit/consent`, {})).statusCode, 303)
    assert.match((await page('founder', mine)).body, /not published/)
    assert.equal((await send('staff', admin, `${admin}/exit/consent`, {})).statusCode, 303)
    assert.match((await page('founder', mine)).body, /Graduated<\/strong> · published/)
    // Rewriting it asks both again.
    assert.equal((await send('staff', admin, `${admin}/exit`, { ...exit, results: 'Word error rate 11%' })).statusCode, 303)
    assert.match((await page('founder', mine)).body, /not published/)
  })

  test('the public reads each participant in one line, and the exit report only while both consents stand', async () => {
    const list = await page(null, '/sandbox/participants')
    assert.match(list.body, /Test urdu-speech-startup/)
    assert.match(list.body, /Urdu speech recognition tested on a provincial helpline/)
    assert.doesNotMatch(list.body, /Last-minute/, 'an application that was not admitted is never public')
    const one = await page(null, `/sandbox/participants/${applicationId}`)
    assert.match(one.body, /Its exit report is not published/)
    assert.doesNotMatch(one.body, /Word error rate 11%/)
    const admin = `/sandbox/manage/applications/${applicationId}`
    await send(
      'founder',
      `/programmes/applications/${applicationId}`,
      `/programmes/applications/${applicationId}/exit/consent`,
      {},
    )
    await send('staff', admin, `${admin}/exit/consent`, {})
    assert.match((await page(null, `/ur/sandbox/participants/${applicationId}`)).body, /Word error rate 11%/)
    const csv = await page(null, '/sandbox/participants.csv')
    assert.equal(csv.body.charCodeAt(0), 0xfeff, 'a byte-order mark, so spreadsheets read Urdu')
    assert.match(csv.body, /Test urdu-speech-startup,آزمائشی urdu-speech-startup,Awaaz: Urdu speech for helplines/)
    const json = JSON.parse((await page(null, '/sandbox/participants.json')).body) as { exit_outcome: string }[]
    assert.deepEqual(
      json.map((r) => r.exit_outcome),
      ['graduated'],
    )
  })
})

describe('a thesis grant, from application to award', () => {
  let callId = ''
  let applicationId = ''

  test('a budget over the cap and a missing endorsement are refused at submission; the supervisor endorses; then it goes in', async () => {
    const created = await send('committee', '/fund/manage/calls/new', '/fund/manage/calls/new', {
      scheme: 'thesis',
      titleEn: 'Thesis grants 2026',
      themeEn: 'AI theses in Pakistani universities',
      opensAt: '2026-02-20T09:00',
      closesAt: '2026-03-20T17:00',
      budget: '10,00,000',
    })
    assert.equal(created.statusCode, 303, created.body)
    callId = idIn(created.headers.location, /calls\/([0-9a-f-]{36})/)
    assert.match((await page('committee', `/fund/manage/calls/${callId}`)).body, /Rs 200,000.00/, 'the policy’s cap for a thesis')
    await send('committee', `/fund/manage/calls/${callId}`, `/fund/manage/calls/${callId}/publish`, {})
    clock.advance(Date.parse('2026-02-21T09:00:00.000Z') - clock.now().getTime())
    const start = await send('student', `/fund/calls/${callId}`, `/fund/calls/${callId}/apply`, {
      titleEn: 'Nastaliq OCR for court records',
    })
    assert.equal(start.statusCode, 303, start.body)
    applicationId = idIn(start.headers.location, /applications\/([0-9a-f-]{36})/)
    const url = `/programmes/applications/${applicationId}`
    const fields = {
      titleEn: 'Nastaliq OCR for court records',
      summaryEn: 'Reading handwritten Nastaliq in district court records',
      sectors: ['governance_justice'],
      province: 'balochistan',
      degree: 'ms',
      question: 'Can Nastaliq handwriting be read reliably?',
      method: 'A dataset of 5,000 pages and a transformer model',
      women_led: 'yes',
      item_0: 'GPU time',
      amount_0: '1,50,000',
      item_1: 'Field work',
      amount_1: '1,00,000',
    }
    const unknown = await send('student', url, url, { ...fields, supervisorEmail: 'nobody@test-university.edu.pk' })
    assert.equal(unknown.statusCode, 400)
    assert.match(unknown.body, /There is no account with this e-mail address at your university/)
    assert.match(unknown.body, /value="1,50,000"/, 'what was typed is kept')
    const over = await send('student', url, url, {
      ...fields,
      supervisorEmail: 'supervisor@test-university.edu.pk',
      action: 'submit',
    })
    assert.equal(over.statusCode, 409)
    assert.match(over.body, /The budget is more than the call allows/)
    assert.match(over.body, /Your supervisor has not endorsed the application yet/)
    const within = { ...fields, supervisorEmail: 'supervisor@test-university.edu.pk', amount_1: '30,000.50' }
    assert.equal((await send('student', url, url, within)).statusCode, 303)
    assert.equal((await send('student', url, `${url}/ask-endorsement`, {})).statusCode, 303)
    const supervisorView = await page('supervisor', url)
    assert.match(supervisorView.body, /Endorse the application/)
    assert.match(supervisorView.body, /Rs 180,000.50/, 'the budget total is exact to the paisa')
    assert.equal((await send('supervisor', url, `${url}/endorse`, {})).statusCode, 303)
    assert.match((await page('student', url)).body, /Endorsed by Test Person/)
    // A change after the endorsement asks the supervisor again; saving what was endorsed, unchanged, does not.
    const changed = { ...within, method: 'A dataset of 6,000 pages and a transformer model' }
    assert.equal((await send('student', url, url, changed)).statusCode, 303)
    assert.match((await page('student', url)).body, /Waiting for Test Person to endorse/)
    assert.equal((await send('supervisor', url, `${url}/endorse`, {})).statusCode, 303)
    assert.equal((await send('student', url, url, changed)).statusCode, 303)
    assert.match((await page('student', url)).body, /Endorsed by Test Person/)
    const submitted = await send('student', url, url, { ...changed, action: 'submit' })
    assert.equal(submitted.statusCode, 303, /<div class="error-summary"[\s\S]*?<\/div>/.exec(submitted.body)?.[0])
  })

  test('the supervisor can never review their student; the award is refused above what was asked and made at it', async () => {
    const admin = `/fund/manage/applications/${applicationId}`
    const supervisor = await send('committee', admin, `${admin}/assign`, { reviewerId: people.supervisor! })
    assert.equal(supervisor.statusCode, 409)
    assert.match(supervisor.body, /A thesis supervisor can never review their student’s application|The supervisor cannot review/)
    for (const r of ['r1', 'r2', 'r4'])
      assert.equal((await send('committee', admin, `${admin}/assign`, { reviewerId: people[r]! })).statusCode, 303)
    for (const r of ['r1', 'r2', 'r4']) {
      const list = (await page(r, '/programmes/reviews')).body
      const id = [...list.matchAll(/\/programmes\/reviews\/([0-9a-f-]{36})/g)].map((m) => m[1]!)
      const review = `/programmes/reviews/${id[0]}`
      assert.match((await page(r, review)).body, /Nastaliq OCR/)
      await send(r, review, `${review}/declare`, { conflict: 'none' })
      const scored = await send(r, review, review, {
        score_excellence: '4',
        comment_excellence: 'Clear',
        score_impact: '4',
        comment_impact: 'Courts need it',
        score_implementation: '3.5',
        comment_implementation: 'Tight',
        recommendation: 'support',
        action: 'submit',
      })
      assert.equal(scored.statusCode, 303, scored.body)
    }
    await send('committee', admin, `${admin}/consensus`, {
      score_excellence: '4',
      comment_excellence: 'Clear question',
      score_impact: '4',
      comment_impact: 'Useful to courts',
      score_implementation: '3.5',
      comment_implementation: 'Tight but feasible',
      reportEn: 'Fund it.',
    })
    clock.advance(Date.parse('2026-03-21T09:00:00.000Z') - clock.now().getTime())
    const tooMuch = await send('committee', admin, `${admin}/decide`, { outcome: 'award', amount: '180,001', reasonEn: 'Strong' })
    assert.equal(tooMuch.statusCode, 409)
    assert.match(tooMuch.body, /The amount is more than the application asks for/)
    assert.equal(
      (await send('committee', admin, `${admin}/decide`, { outcome: 'award', amount: '1,80,000.50', reasonEn: 'Strong' }))
        .statusCode,
      303,
    )
    const panel = (await page('committee', `/fund/manage/calls/${callId}`)).body
    assert.match(panel, /Money left<\/dt>\s*<dd><bdi>Rs 819,999.50<\/bdi>/)
    const mails = await t.database.engine.db.select().from(outboxMessages).where(eq(outboxMessages.kind, 'programme_decision'))
    const mail = mails.find((m) => m.subject.includes('Nastaliq'))
    // Both languages, the Urdu half with its values isolated so that they keep their own direction.
    assert.match(
      mail!.subject,
      /^Decision on “Nastaliq OCR for court records”: Admitted or funded · “\u2068Nastaliq OCR for court records\u2069” پر فیصلہ: \u2068داخلہ یا گرانٹ منظور\u2069$/,
    )
  })

  test('milestones within the award; payments within a milestone, approved by staff, then by someone else in finance, then paid', async () => {
    const admin = `/fund/manage/applications/${applicationId}`
    const mine = `/programmes/applications/${applicationId}`
    const over = await send('committee', admin, `${admin}/milestones`, {
      title_0: 'Dataset',
      amount_0: '1,00,000',
      due_0: '2026-06-30',
      title_1: 'Model and thesis',
      amount_1: '80,000.51',
      due_1: '2026-12-31',
    })
    assert.equal(over.statusCode, 400)
    assert.match(over.body, /The milestones add up to more than the award/)
    const set = await send('committee', admin, `${admin}/milestones`, {
      title_0: 'Dataset',
      amount_0: '1,00,000',
      due_0: '2026-06-30',
      title_1: 'Model and thesis',
      amount_1: '80,000.50',
      due_1: '2026-12-31',
    })
    assert.equal(set.statusCode, 303, set.body)
    const view = (await page('student', mine)).body
    const [dataset] = [...view.matchAll(/\/programmes\/milestones\/([0-9a-f-]{36})\/payments/g)].map((m) => m[1]!)
    const ask = (amount: string) =>
      send('student', mine, `/programmes/milestones/${dataset}/payments`, {
        [`amount_${dataset}`]: amount,
        [`note_${dataset}`]: '5,000 pages labelled',
      })
    const tooMuch = await ask('1,00,000.01')
    assert.equal(tooMuch.statusCode, 409)
    assert.match(tooMuch.body, /This is more than is left of the milestone/)
    assert.equal((await ask('60,000')).statusCode, 303)
    assert.equal((await ask('40,000.01')).statusCode, 409, 'what is pending counts against the milestone')
    const paymentId = /\/fund\/manage\/payments\/([0-9a-f-]{36})/.exec((await page('dual', admin)).body)![1]!
    assert.equal(
      (await send('dual', admin, `/fund/manage/payments/${paymentId}`, { step: 'approve', applicationId })).statusCode,
      303,
    )
    const same = await send('dual', '/fund/finance', `/fund/finance/payments/${paymentId}`, { step: 'approve' })
    assert.equal(same.statusCode, 409)
    assert.match(same.body, /Finance approval must come from someone other than the person who approved the payment/)
    assert.equal(
      (await send('finance', '/fund/finance', `/fund/finance/payments/${paymentId}`, { step: 'approve' })).statusCode,
      303,
    )
    assert.equal(
      (await send('finance', '/fund/finance', `/fund/finance/payments/${paymentId}`, { step: 'paid' })).statusCode,
      303,
    )
    assert.match((await page('student', `/ur${mine}`)).body, /ادا شدہ/)
    assert.equal((await page('committee', '/fund/finance')).statusCode, 403, 'finance is its own role')
  })

  test('the fund publishes each award, totals per fiscal year against the targets, and DAOIP-5 as the standard states it', async () => {
    const awards = await page(null, '/fund/awards')
    assert.match(awards.body, /Rs 180,000.50/)
    assert.match(awards.body, /Rs 60,000.00/, 'what has been paid')
    assert.match(awards.body, /2025-26[\s\S]*0 of 400[\s\S]*1 of 200/, 'decided in March 2026: fiscal year 2025-26')
    const pools = GrantPools.parse(JSON.parse((await page(null, '/fund/daoip5/grant-pools.json')).body))
    assert.deepEqual(pools.grantPools[0]!.totalGrantPoolSize, [{ amount: '1000000.00', denomination: 'PKR' }])
    const applications = GrantApplications.parse(JSON.parse((await page(null, '/fund/daoip5/applications.json')).body))
    const [only] = applications.grantPools.flatMap((p) => p.applications)
    assert.equal(only!.status, 'funded')
    assert.deepEqual(only!.fundsApproved, [{ amount: '180000.50', denomination: 'PKR' }])
    const rows = JSON.parse((await page(null, '/fund/awards.json')).body) as {
      amount_pkr: string
      paid_pkr: string
      fiscal_year: string
    }[]
    assert.deepEqual(
      rows.map((r) => [r.amount_pkr, r.paid_pkr, r.fiscal_year]),
      [['180000.50', '60000.00', '2025-26']],
    )
  })

  test('the committee records the fund’s size per fiscal year; the tracker follows the NAIF’s share of Ignite’s R&D fund', async () => {
    const bad = await send('committee', '/fund/manage', '/fund/manage/years', {
      fiscalYear: '2025-27',
      ignite: '1',
      naif: '2',
      source: 'x',
    })
    assert.equal(bad.statusCode, 400)
    assert.match(bad.body, /Give the fiscal year as 2026-27/)
    const over = await send('committee', '/fund/manage', '/fund/manage/years', {
      fiscalYear: '2025-26',
      ignite: '100',
      naif: '100.01',
      source: 'x',
    })
    assert.match(over.body, /cannot be more than the whole R&amp;D fund/)
    const fields = {
      fiscalYear: '2025-26',
      ignite: '1,00,00,00,000',
      naif: '29,99,50,000',
      source: 'Federal budget 2025-26, Ignite, p. 12',
    }
    assert.equal((await send('committee', '/fund/manage', '/fund/manage/years', fields)).statusCode, 303)
    assert.match((await page('committee', '/fund/manage')).body, /<bdi dir="ltr">30%<\/bdi>/)
    assert.equal(await latestNaifShare(t.database.engine.db), 30, '29.995% rounds half up to 30.0')
  })

  test('the applicant may challenge the procedure once decided; the committee answers, and the answer is kept', async () => {
    const url = `/programmes/applications/${applicationId}`
    const asked = await send('student', url, `${url}/redress`, { ground: 'One reviewer was from a partner lab' })
    assert.equal(asked.statusCode, 303)
    const twice = await send('student', url, `${url}/redress`, { ground: 'And another thing' })
    assert.equal(twice.statusCode, 409, 'one request at a time')
    const admin = `/fund/manage/applications/${applicationId}`
    const redressId = /redress\/([0-9a-f-]{36})"/.exec((await page('committee', admin)).body)![1]!
    const answered = await send('committee', admin, `${admin}/redress/${redressId}`, {
      answer: 'Each reviewer declared no conflict',
      upheld: 'no',
    })
    assert.equal(answered.statusCode, 303)
    assert.match((await page('student', url)).body, /Not upheld: Each reviewer declared no conflict/)
  })
})
