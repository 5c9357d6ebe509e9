import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { sessionCookie, testOrganisation, testUser } from '../../test-support/accounts.ts'
import { manualClock, submitForm, testApp, type TestApp } from '../../test-support/app.ts'

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
  await make('founder', ['org_member'], startup.id)
  await make('student', ['org_member'], university.id)
  await make('supervisor', ['org_member'], university.id, 'supervisor@test-university.edu.pk')
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
    for (const r of ['r1', 'r2', 'r4']) {
      const url = `/programmes/reviews/${reviewIds[r]}`
      assert.equal((await send(r, url, `${url}/declare`, { conflict: 'none' })).statusCode, 303)
      assert.match((await page(r, url)).body, /Recorded calls, with consent/)
    }
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
    // r2 has not submitted: r1's 4.5 is nowhere on r2's page.
    assert.doesNotMatch((await page('r2', url('r2'))).body, /Reviewer 1/)
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
})
