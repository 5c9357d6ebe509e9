import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { Page } from 'playwright-core'
import { createCall, publishCall } from '../../src/modules/programmes/calls.service.ts'
import { writeConsensus } from '../../src/modules/programmes/decisions.service.ts'
import { assignReviewer, declare, reviewsOf, saveReview } from '../../src/modules/programmes/reviews.service.ts'
import { testActor, testOrganisation, testUser } from '../../src/test-support/accounts.ts'
import { manualClock, testDeps } from '../../src/test-support/app.ts'
import { checkPage, openAs, startJourney, type Journey } from './browser.ts'

// 15 January 2026, 14:00 in Pakistan; calls close a month later.
const clock = manualClock('2026-01-15T09:00:00.000Z')
let j: Journey
before(async () => (j = await startJourney({ clock })))
after(() => j.close())

const checked = (page: Page) => checkPage(j, page)
const submit = (page: Page, action: string, value?: string) =>
  page.click(`form[action*="${action}"] button[type=submit]${value ? `[value="${value}"]` : ''}`)
const at = (iso: string) => clock.advance(Date.parse(iso) - clock.now().getTime())
const en = ''
const ur = '/ur'

async function reviewAndScore(page: Page, prefix: string, reviewPath: string, scores: Record<string, string>, check: boolean) {
  await page.goto(`${prefix}${reviewPath}`)
  if (check) await checked(page)
  await page.check('#f-conflict-none')
  await submit(page, '/declare')
  if (check) await checked(page)
  for (const [criterion, score] of Object.entries(scores)) {
    await page.fill(`#f-score_${criterion}`, score)
    await page.fill(`#f-comment_${criterion}`, `Reasons for ${criterion}`)
  }
  await page.check('#f-recommendation-support')
  await submit(page, reviewPath, 'submit')
}

describe('the programmes, end to end in both languages', () => {
  test(
    'a startup is admitted to the sandbox after three reviews and a consensus, agrees the plan, reports, and exits with a published report',
    { timeout: 300_000 },
    async () => {
      const startup = await testOrganisation(j.t, 'awaaz-labs', 'company')
      const directorate = await testOrganisation(j.t, 'sandbox-directorate')
      const staff = await testActor(j.t, ['sandbox_staff'], directorate.id)
      const founder = await testActor(j.t, ['org_member'], startup.id)
      const reviewers = await Promise.all([1, 2, 3].map(() => testActor(j.t, ['programme_reviewer'], directorate.id)))
      const deps = testDeps(j.t, clock)
      const callId = await createCall(deps, staff, 'sandbox', {
        scheme: 'cohort',
        titleEn: 'Sandbox cohort 2026',
        titleUr: 'سینڈ باکس گروپ 2026',
        themeEn: 'Language technology for public services',
        themeUr: 'عوامی خدمات کے لیے زبان کی ٹیکنالوجی',
        prioritySectors: ['governance_justice'],
        opensAt: new Date('2026-01-15T05:00:00Z'),
        closesAt: new Date('2026-02-15T12:00:00Z'),
        places: 5,
      })
      await publishCall(deps, staff, 'sandbox', callId)

      // The founder, on a phone without JavaScript, finds the call and applies.
      const f = (await openAs(j, founder.id, { viewport: 'phone', javaScript: false })).page
      await f.goto(`${en}/sandbox`)
      await checked(f)
      await f.click(`a[href="/sandbox/calls/${callId}"]`)
      await checked(f)
      await f.fill('#f-titleEn', 'Awaaz: Urdu speech for helplines')
      await submit(f, '/apply')
      await checked(f)
      await f.fill('#f-summaryEn', 'Urdu speech recognition on a provincial helpline')
      await f.check('#f-sectors-governance_justice')
      await f.selectOption('#f-province', 'punjab')
      await f.fill('#f-use_case', 'Transcribing helpline calls in Urdu')
      await f.fill('#f-data', 'Recorded calls, with consent, kept in Pakistan')
      await f.fill('#f-regulatory_questions', 'Is consent by voice enough?')
      await f.fill('#f-risks', 'Misrecognition; a person answers unsure calls')
      await f.fill('#f-duration_months', '6')
      await f.fill('#f-people', '2000')
      await f.fill('#f-selection', 'Callers who agree at the start')
      await f.fill('#f-exit_criteria', 'Word error rate under 15%')
      await f.check('#f-women_led-yes')
      await submit(f, '/programmes/applications/', 'submit')
      await checked(f)
      assert.match((await f.textContent('#state')) ?? '', /Submitted/)
      const applicationPath = new URL(f.url()).pathname

      // The Directorate, in Urdu on a desktop, assigns three reviewers.
      const s = (await openAs(j, staff.id, { viewport: 'desktop', javaScript: true })).page
      const admin = applicationPath.replace('/programmes/applications/', '/sandbox/manage/applications/')
      for (const r of reviewers) {
        await s.goto(`${ur}${admin}`)
        await s.selectOption('#f-reviewerId', r.id)
        await submit(s, '/assign')
      }
      await checked(s)

      // Each reviewer declares no conflict and scores, two in English and one in Urdu.
      for (const [i, r] of reviewers.entries()) {
        const p = (await openAs(j, r.id, { viewport: i === 2 ? 'phone' : 'desktop', javaScript: true })).page
        await p.goto(`${i === 2 ? ur : en}/programmes/reviews`)
        // Each page is checked by the first reviewer in English and the third in Urdu on a phone.
        if (i !== 1) await checked(p)
        const reviewPath = (await p.getAttribute('main a[href*="/programmes/reviews/"]', 'href'))!.replace(/^\/ur/, '')
        await reviewAndScore(
          p,
          i === 2 ? ur : en,
          reviewPath,
          { innovation: '4', regulatory_value: '4.5', safeguards: '3.5' },
          i !== 1,
        )
        if (i !== 1) await checked(p)
      }

      // The consensus, then, once the call has closed, the admission and the plan.
      await s.goto(`${ur}${admin}`)
      for (const [criterion, score] of Object.entries({ innovation: '4', regulatory_value: '4.5', safeguards: '3.5' })) {
        await s.fill(`#f-score_${criterion}`, score)
        await s.fill(`#f-comment_${criterion}`, 'متفقہ رائے')
      }
      await s.fill('#f-reportEn', 'A strong proposal with sound safeguards.')
      await s.fill('#f-reportUr', 'مضبوط تجویز، درست حفاظتی اقدامات کے ساتھ۔')
      await submit(s, '/consensus')
      await checked(s)
      at('2026-02-16T09:00:00.000Z')
      await s.check('#f-outcome-award')
      await s.fill('#f-reasonEn', 'Ranked first; meets every criterion.')
      await submit(s, '/decide')
      await s.fill('#f-conditions', 'Only callers who consent')
      await s.fill('#f-parameters', '2,000 callers in Punjab, 6 months')
      await s.fill('#f-startsOn', '2026-03-01')
      await s.fill('#f-endsOn', '2026-09-01')
      await s.fill('#f-contacts', 'Sandbox desk, AI Directorate')
      await submit(s, '/plan')
      await checked(s)

      // The founder accepts the plan and reports progress.
      await f.goto(`${en}${applicationPath}`)
      await checked(f)
      await submit(f, '/plan/accept')
      await f.fill('#f-body', 'First 500 calls transcribed; error rate 14%.')
      await submit(f, '/programmes/reports/', 'submit')
      await checked(f)

      // The exit report, consented to by both sides, is published; the public reads it in Urdu on a phone.
      await s.goto(`${ur}${admin}`)
      await s.check('#f-outcome-graduated')
      await s.fill('#f-activities', '6,000 calls over six months')
      await s.fill('#f-results', 'Word error rate 12%')
      await s.fill('#f-lessons', 'Voice consent works when repeated at the end of the call')
      await submit(s, `${admin}/exit`)
      await submit(s, '/exit/consent')
      await f.goto(`${en}${applicationPath}`)
      await submit(f, '/exit/consent')
      const citizen = (await openAs(j, null, { viewport: 'phone', javaScript: false })).page
      await citizen.goto(`${ur}/sandbox/participants`)
      await checked(citizen)
      await citizen.click('main th a')
      await checked(citizen)
      assert.match((await citizen.textContent('main')) ?? '', /Voice consent works when repeated/)
    },
  )

  test('a student applies for a thesis grant, is funded, and the first milestone is paid', { timeout: 300_000 }, async () => {
    at('2026-03-02T09:00:00.000Z')
    const university = await testOrganisation(j.t, 'nastaliq-university', 'academia')
    const naif = await testOrganisation(j.t, 'naif-test')
    const committee = await testActor(j.t, ['fund_committee'], naif.id)
    const finance = await testActor(j.t, ['finance_officer'], naif.id)
    const student = await testActor(j.t, ['org_member'], university.id)
    const supervisor = await testUser(j.t, {
      roles: ['org_member'],
      organisationId: university.id,
      email: 'dr.saima@nastaliq.edu.pk',
    })
    const reviewers = await Promise.all([1, 2, 3].map(() => testActor(j.t, ['programme_reviewer'], naif.id)))
    const deps = testDeps(j.t, clock)
    const callId = await createCall(deps, committee, 'fund', {
      scheme: 'thesis',
      titleEn: 'Thesis grants 2026',
      titleUr: 'مقالہ گرانٹس 2026',
      themeEn: 'AI theses in Pakistani universities',
      prioritySectors: [],
      opensAt: new Date('2026-03-01T04:00:00Z'),
      closesAt: new Date('2026-03-31T12:00:00Z'),
      budgetPaisa: 4_000_000_000n,
    })
    await publishCall(deps, committee, 'fund', callId)

    // The student, in Urdu on a phone, applies with a budget.
    const st = (await openAs(j, student.id, { viewport: 'phone', javaScript: true })).page
    await st.goto(`${ur}/fund/calls/${callId}`)
    await checked(st)
    await st.fill('#f-titleEn', 'Nastaliq OCR for court records')
    await submit(st, '/apply')
    await st.fill('#f-summaryEn', 'Reading handwritten Nastaliq in district court records')
    await st.check('#f-sectors-governance_justice')
    await st.selectOption('#f-province', 'balochistan')
    await st.fill('#f-supervisorEmail', 'dr.saima@nastaliq.edu.pk')
    await st.check('#f-degree-ms')
    await st.fill('#f-question', 'Can handwritten Nastaliq be read reliably?')
    await st.fill('#f-method', '5,000 pages and a transformer model')
    await st.check('#f-women_led-yes')
    await st.fill('#f-item_0', 'GPU time')
    await st.fill('#f-amount_0', '۱,۵۰,۰۰۰')
    await st.fill('#f-item_1', 'Field work')
    await st.fill('#f-amount_1', '30,000.50')
    await submit(st, '/programmes/applications/', 'save')
    await checked(st)
    await submit(st, '/ask-endorsement')
    const applicationPath = new URL(st.url()).pathname.replace(/^\/ur/, '')

    // The supervisor endorses in English; the student submits.
    const sv = (await openAs(j, supervisor.id, { viewport: 'desktop', javaScript: false })).page
    await sv.goto(`${en}${applicationPath}`)
    await checked(sv)
    await submit(sv, '/endorse')
    await st.goto(`${ur}${applicationPath}`)
    await submit(st, '/programmes/applications/', 'submit')
    await checked(st)

    // Three reviews and the consensus, made through the services: their pages were checked in the sandbox journey.
    const c = (await openAs(j, committee.id, { viewport: 'desktop', javaScript: true })).page
    const admin = applicationPath.replace('/programmes/applications/', '/fund/manage/applications/')
    const applicationId = applicationPath.split('/').pop()!
    const agreed = (comment: string) =>
      Object.fromEntries(
        Object.entries({ excellence: 40, impact: 40, implementation: 35 }).map(([k, tenths]) => [k, { tenths, comment }]),
      )
    for (const r of reviewers) {
      await assignReviewer(deps, committee, 'fund', applicationId, r.id)
      const [mine] = await reviewsOf(j.t.database.engine.db, r)
      await declare(deps, r, mine!.id, 'none', undefined)
      await saveReview(deps, r, mine!.id, { scores: agreed('Reasons'), recommendation: 'support' }, true)
    }
    await writeConsensus(deps, committee, 'fund', applicationId, {
      scores: agreed('Agreed'),
      reportEn: 'Fund it: a clear question and a feasible plan.',
    })
    await c.goto(`${en}${admin}`)
    at('2026-04-01T09:00:00.000Z')
    await c.check('#f-outcome-award')
    await c.fill('#f-amount', '180,000.50')
    await c.fill('#f-reasonEn', 'Meets every criterion.')
    await submit(c, '/decide')
    await checked(c)
    await c.fill('#f-title_0', 'Dataset')
    await c.fill('#f-amount_0', '100,000')
    await c.fill('#f-due_0', '2026-06-30')
    await c.fill('#f-title_1', 'Model and thesis')
    await c.fill('#f-amount_1', '80,000.50')
    await c.fill('#f-due_1', '2026-12-31')
    await submit(c, '/milestones')
    await checked(c)

    // The student asks for the first milestone's payment; staff approve, then finance approves and pays.
    await st.goto(`${ur}${applicationPath}`)
    await checked(st)
    const milestoneForm = st.locator('form[action*="/programmes/milestones/"]').first()
    await milestoneForm.locator('input[name^="amount_"]').fill('100,000')
    await milestoneForm.locator('input[name^="note_"]').fill('5,000 pages labelled')
    await milestoneForm.locator('button').click()
    await c.goto(`${en}${admin}`)
    await c.selectOption('form[action*="/fund/manage/payments/"] select', 'approve')
    await submit(c, '/fund/manage/payments/')
    const fi = (await openAs(j, finance.id, { viewport: 'desktop', javaScript: false })).page
    await fi.goto(`${ur}/fund/finance`)
    await checked(fi)
    await submit(fi, '/fund/finance/payments/')
    await fi.selectOption('form[action*="/fund/finance/payments/"] select', 'paid')
    await submit(fi, '/fund/finance/payments/')
    await st.goto(`${ur}${applicationPath}`)
    assert.match((await st.textContent('main')) ?? '', /ادا شدہ/)

    const citizen = (await openAs(j, null, { viewport: 'phone', javaScript: true })).page
    await citizen.goto(`${en}/fund/awards`)
    await checked(citizen)
    assert.match((await citizen.textContent('main')) ?? '', /Rs 180,000\.50[\s\S]*Rs 100,000\.00/)
  })
})
