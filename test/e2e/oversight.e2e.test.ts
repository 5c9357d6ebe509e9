import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { Page } from 'playwright-core'
import type { Answers } from '../../src/platform/questions.ts'
import { setAccreditation } from '../../src/modules/audits/audits.service.ts'
import { createDraft, submitForReview } from '../../src/modules/register/register.service.ts'
import { testActor, testOrganisation } from '../../src/test-support/accounts.ts'
import { testDeps } from '../../src/test-support/app.ts'
import { completeRecord, levelThreeAnswers } from '../../src/test-support/register.ts'
import { checkPage, openAs, startJourney, type Journey } from './browser.ts'

let j: Journey
before(async () => (j = await startJourney()))
after(() => j.close())

const checked = (page: Page) => checkPage(j, page)

async function answer(page: Page, answers: Answers) {
  for (const [question, options] of Object.entries(answers)) {
    for (const option of options) {
      const box = page.locator(`[name="${question}"][value="${option}"]`)
      if (await box.count()) await box.check()
    }
  }
}

const submit = (page: Page, action: string) => page.click(`form[action*="${action}"] button[type=submit]`)

// Each person works in their own language, so that every step is seen in one language and the journey as a whole in
// both: the body's officer in English, the Directorate in Urdu, the auditor in English and the citizen in Urdu.
const en = ''
const ur = '/ur'

describe('oversight of a high-impact system', () => {
  test(
    'an assessment reaches level III and brings duties; an evaluation is accepted; an auditor completes an audit; the public sees the summary',
    { timeout: 300_000 },
    async () => {
      const org = await testOrganisation(j.t, 'oversight')
      const firm = await testOrganisation(j.t, 'oversight-firm')
      const member = await testActor(j.t, ['org_member'], org.id)
      const reviewer = await testActor(j.t, ['reviewer'])
      const auditor = await testActor(j.t, ['auditor'], firm.id)
      const deps = testDeps(j.t)
      await setAccreditation(deps, reviewer, auditor.id, true)
      const { id: systemId, number } = await createDraft(
        deps,
        member,
        completeRecord({ nameEn: 'Pension eligibility', nameUr: 'پنشن کی اہلیت' }),
      )
      await submitForReview(deps, member, systemId, undefined)

      // The officer, without JavaScript, answers the assessment and sees level III and why.
      const officer = await openAs(j, member.id, { viewport: 'desktop', javaScript: false })
      const page = officer.page
      await page.goto(`${en}/register/manage/${systemId}`)
      await checked(page)
      await submit(page, '/assessment')
      await page.click('.task-list a >> nth=0')
      while (page.url().includes('/sections/')) {
        await checked(page)
        await answer(page, levelThreeAnswers)
        await page.click('form button[type=submit]')
      }
      await checked(page)
      assert.match((await page.textContent('.level-explained')) ?? '', /Level III/)
      await page.fill('#f-summaryEn', 'Pensions depend on it; officers review every refusal.')
      await submit(page, '/submit')

      // The Directorate accepts the assessment and publishes the record.
      const directorate = await openAs(j, reviewer.id, { viewport: 'desktop', javaScript: true })
      const rp = directorate.page
      await rp.goto(`${ur}/register/review`)
      await rp.click('a[href*="/assessments/"]')
      await checked(rp)
      await submit(rp, '/accept')
      await rp.goto(`${ur}/register/review/${systemId}`)
      await checked(rp)
      await submit(rp, '/approve')

      // The officer sees the duties, files the oversight arrangement and an evaluation.
      await page.goto(`${en}/obligations/systems/${systemId}`)
      await checked(page)
      assert.equal(await page.locator('.duty-list li').count(), 5, 'publication and four duties at level III')
      await page
        .locator('form[action*="/declare"]')
        .first()
        .locator('textarea')
        .fill('The tehsil officer reviews every refusal within a week.')
      await page.locator('form[action*="/declare"]').first().locator('button').click()
      await page.click(`a[href="${en}/evaluations/new/${systemId}"]`)
      await checked(page)
      await page.fill('#f-periodFrom', '2026-01-01')
      await page.fill('#f-periodTo', '2026-06-30')
      await page.fill('#f-performance', '97% of applications decided within the 30-day standard.')
      await page.fill('#f-group1', 'Women')
      await page.fill('#f-result1', 'Refusal rate 8%')
      await page.fill('#f-changes', 'None.')
      await page.check('#f-recommendation-continue')
      await page.click('button[value=submit]')
      await checked(page)
      await rp.goto(`${ur}/register/review`)
      await rp.click('a[href*="/evaluations/"]')
      await checked(rp)
      await rp.locator('form[action*="/decide"]').first().locator('button').click()

      // An audit is assigned; the auditor records a finding and an action and concludes.
      await rp.goto(`${ur}/audits/new`)
      await checked(rp)
      await rp.fill('#f-number', String(number))
      await rp.selectOption('#f-auditorId', auditor.id)
      await rp.fill('#f-scope', 'Fairness of refusals')
      await rp.fill('#f-dueOn', '2026-12-31')
      await submit(rp, '/audits/new')
      const auditPath = new URL(rp.url()).pathname.replace(/^\/ur/, '')
      const auditorSession = await openAs(j, auditor.id, { viewport: 'phone', javaScript: true })
      const ap = auditorSession.page
      await ap.goto(`${en}${auditPath}`)
      await checked(ap)
      await ap.check('#f-severity-medium')
      await ap.fill('#f-criterion', 'Policy 3.2(e)')
      await ap.fill('#f-description', 'Refusal letters do not say how to appeal.')
      await submit(ap, '/findings')
      await ap.fill('#f-action', 'Add the appeal route to every refusal letter.')
      await ap.fill('#f-owner', 'Director, Pensions')
      await ap.fill('#f-actionDueOn', '2027-01-31')
      await submit(ap, '/actions')
      await ap.fill('#f-conclusion', 'Fit for use with the action taken.')
      await ap.fill('#f-summaryEn', 'One medium finding: refusal letters lacked the appeal route; fixed by January.')
      await submit(ap, '/submit')
      await checked(ap)

      await page.goto(`${en}${auditPath}`)
      await checked(page)
      await page.fill('textarea[name=response]', 'Letters changed on 1 December.')
      await submit(page, '/respond')
      await rp.goto(`${ur}${auditPath}`)
      await submit(rp, '/close')

      // Anyone, on a phone, sees the level, the duties and the audit's summary.
      const citizen = await openAs(j, null, { viewport: 'phone', javaScript: false })
      await citizen.page.goto(`${ur}/register/${number}`)
      await checked(citizen.page)
      const main = (await citizen.page.textContent('main')) ?? ''
      assert.match(main, /درجہ III: زیادہ اثر/)
      assert.match(main, /refusal letters lacked the appeal route/)
      for (const s of [officer, directorate, auditorSession, citizen]) await s.context.close()
    },
  )
})

describe('answering with JavaScript on', () => {
  test(
    'a revealed question and the new level appear as soon as an answer changes, under the strict Content Security Policy',
    { timeout: 120_000 },
    async () => {
      const org = await testOrganisation(j.t, 'oversight-js')
      const member = await testActor(j.t, ['org_member'], org.id)
      const { id: systemId } = await createDraft(testDeps(j.t), member, completeRecord({ nameEn: 'Answered with JavaScript' }))
      const { context, page } = await openAs(j, member.id, { viewport: 'phone', javaScript: true })
      const refused: string[] = []
      page.on('console', (m) => m.type() === 'error' && refused.push(m.text()))
      await page.goto(`/ur/register/manage/${systemId}`)
      await submit(page, '/assessment')
      await page.goto(`${new URL(page.url()).pathname}/sections/people`)
      await checked(page)
      assert.equal(await page.locator('[name=children_direct]').count(), 0)
      await page.check('[name=vulnerable_groups][value=children]')
      await page.waitForSelector('[name=children_direct]')
      const before = await page.textContent('.level-explained')
      await page.check('[name=people_per_year][value=over_1m]')
      await page.waitForFunction((text) => document.querySelector('.level-explained')?.textContent !== text, before)
      assert.match(
        (await page.textContent('.level-explained')) ?? '',
        /10 لاکھ سے زیادہ/,
        'the answer that raised the score is named',
      )
      assert.ok(await page.isChecked('[name=vulnerable_groups][value=children]'), 'what was ticked stays ticked')
      await checked(page)
      assert.deepEqual(refused, [], 'no script or style was refused')
      await context.close()
    },
  )
})
