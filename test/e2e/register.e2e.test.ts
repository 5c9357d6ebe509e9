import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { Page } from 'playwright-core'
import type { SystemRecord } from '../../src/modules/register/register.record.ts'
import { impactAssessments } from '../../src/modules/assessments/assessments.tables.ts'
import { allQuestionnaires } from '../../src/modules/assessments/assessments.service.ts'
import { draftQuestionnaire } from '../../src/modules/assessments/questionnaire-authoring.service.ts'
import { QuestionnaireDefinition } from '../../src/modules/assessments/questionnaire.ts'
import { testDeps } from '../../src/test-support/app.ts'
import { testOrganisation, testUser } from '../../src/test-support/accounts.ts'
import {
  completeRecord,
  levelThreeAnswers,
  lowRiskAnswers,
  nationalQuestionnaireFile,
  SHIPPED_NATIONAL_VERSION,
} from '../../src/test-support/register.ts'
import { createDraft, submitForReview } from '../../src/modules/register/register.service.ts'
import { checkPage, openAs, startJourney, type Journey } from './browser.ts'

let j: Journey
before(async () => (j = await startJourney()))
after(() => j.close())

const checked = (page: Page) => checkPage(j, page)

/** Fills whatever fields of the record this part of the form shows, as a person would. */
async function fillPart(page: Page, record: SystemRecord) {
  for (const [key, value] of Object.entries(record)) {
    for (const item of [value].flat()) {
      const option = page.locator(`[name="${key}"][value="${String(item)}"]`)
      if (await option.count()) await option.check()
      else if (await page.locator(`[name="${key}"]`).count()) await page.fill(`[name="${key}"]`, String(item))
    }
  }
}

describe('registering an AI system, from a draft to the public register', () => {
  test(
    'a member drafts and submits without JavaScript, a reviewer publishes it in Urdu, and a citizen on a phone finds it by an Urdu word typed with Arabic letters',
    // About 105 s alone; beside another journey on a slow 2-core machine it passed 240 s. The limit catches a hang.
    { timeout: 600_000 },
    async () => {
      const org = await testOrganisation(j.t, 'zakat-council')
      const member = await testUser(j.t, { roles: ['org_member'], organisationId: org.id })
      const reviewer = await testUser(j.t, { roles: ['reviewer'] })
      const record = completeRecord({
        nameEn: 'Zakat disbursement check',
        nameUr: 'زکوٰۃ کی تقسیم کی جانچ',
        summaryUr: 'مستحقین کی فہرست میں دہرے اندراج تلاش کرتا ہے۔',
      })

      const officer = await openAs(j, member.id, { viewport: 'desktop', javaScript: false })
      let page = officer.page
      await page.goto('/register/manage')
      await checked(page)
      await page.click('text=Register a new AI system')
      for (let part = 1; part <= 8; part++) {
        await checked(page)
        await fillPart(page, record)
        await page.click('button:has-text("Save and continue")')
      }
      assert.match(page.url(), /\/register\/manage\/[0-9a-f-]{36}$/)
      await checked(page)
      assert.equal(await page.locator('.task-list .state-draft').count(), 0, 'every part is complete')
      await page.click('button:has-text("Submit for review")')
      assert.match((await page.textContent('main')) ?? '', /Waiting for review/)
      // The impact assessment, part by part; the level and the answers that raised it are shown before submitting.
      await page.click('button:has-text("Start the impact assessment")')
      await checked(page)
      await page.click('.task-list a >> nth=0')
      // Nine parts, and one comes back when an answer reveals a question on it (bias testing asks which groups).
      while (page.url().includes('/sections/')) {
        await checked(page)
        await fillPart(page, lowRiskAnswers)
        await page.click('button:has-text("Save and continue")')
      }
      await checked(page)
      assert.match((await page.textContent('.level-explained')) ?? '', /Level I: little impact/)
      await page.fill('#f-summaryEn', 'Information only; every decision is made by an officer.')
      await page.click('button:has-text("Submit for review")')
      assert.match((await page.textContent('main')) ?? '', /The AI Directorate is reviewing it/)
      await officer.context.close()

      const directorate = await openAs(j, reviewer.id, { viewport: 'desktop', javaScript: true })
      page = directorate.page
      await page.goto('/ur/register/review')
      await checked(page)
      await page.click('a[href*="/assessments/"]')
      await checked(page)
      await page.click('button:has-text("منظور کریں")')
      await page.click('text=زکوٰۃ کی تقسیم کی جانچ')
      await checked(page)
      await page.click('button:has-text("منظور کر کے شائع کریں")')
      assert.match(page.url(), /\/ur\/register\/\d+$/)
      await directorate.context.close()

      const citizen = await openAs(j, null, { viewport: 'phone', javaScript: false })
      page = citizen.page
      await page.goto('/ur/register')
      await checked(page)
      await page.fill('#f-q', 'زكوة')
      await page.click('button:has-text("تلاش")')
      await checked(page)
      await page.click('text=زکوٰۃ کی تقسیم کی جانچ')
      await checked(page)
      assert.match((await page.textContent('h1')) ?? '', /زکوٰۃ کی تقسیم کی جانچ/)
      assert.match((await page.textContent('main')) ?? '', /درخواست گزار|Applicants may ask for a review/)
      await citizen.context.close()
    },
  )
})

describe('a new version of the national questionnaire, from its author to a body', () => {
  test(
    'an author drafts it, previews it in Urdu, runs a trial and issues it, without JavaScript; a body answers it in Urdu to level III',
    { timeout: 600_000 },
    async () => {
      const next = SHIPPED_NATIONAL_VERSION + 1
      const definition = JSON.parse(nationalQuestionnaireFile()) as {
        version: number
        sections: { questions: { id: string; text: Record<string, string> }[] }[]
      }
      definition.version = next
      definition.sections.flatMap((s) => s.questions).find((q) => q.id === 'people_per_year')!.text = {
        en: 'How many people does the system reach in a year?',
        ur: 'یہ نظام سال میں کتنے لوگوں تک پہنچتا ہے؟',
      }
      const author = await testUser(j.t, { roles: ['assessment_policy'] })
      const { context, page } = await openAs(j, author.id, { viewport: 'desktop', javaScript: false })
      await page.goto('/admin/questionnaires')
      await checked(page)
      const json = (name: string, value: unknown) => ({
        name,
        mimeType: 'application/json',
        buffer: Buffer.from(JSON.stringify(value)),
      })
      await page.setInputFiles('input[type=file]', json(`national-v${next}.json`, definition))
      await page.click('form[enctype="multipart/form-data"] button[type=submit]')
      assert.match(page.url(), /\/admin\/questionnaires\/drafts\/[0-9a-f-]{36}$/)
      await checked(page)

      await page.click('a[hreflang="ur"][href$="/preview"]')
      await checked(page)
      assert.equal(await page.getAttribute('html', 'dir'), 'rtl')
      assert.match((await page.textContent('main')) ?? '', /یہ نظام سال میں کتنے لوگوں تک پہنچتا ہے؟/)
      await page.goBack()

      const sets = [
        { name: 'Benefits, as expected', answers: levelThreeAnswers, expected: 'III' },
        { name: 'Benefits, expected too low', answers: levelThreeAnswers, expected: 'II' },
      ]
      await page.setInputFiles('form[action*="/trial"] input[type=file]', json('sets.json', sets))
      await page.click('form[action*="/trial"] button[type=submit]')
      await checked(page)
      assert.match((await page.textContent('main')) ?? '', /1 of 2 answer sets agree with the level expected; 1 differ/)

      await page.click(`button:has-text("Issue version ${next}")`)
      await checked(page)
      const issued = await allQuestionnaires(j.t.database.engine.db)
      assert.ok(issued.some((q) => q.key === 'pk_national_aia' && q.version === next))
      await context.close()

      // A body starts its assessment in Urdu: the new version is what it answers.
      const org = await testOrganisation(j.t, 'excise-department')
      const member = await testUser(j.t, { roles: ['org_member'], organisationId: org.id })
      const memberActor = { kind: 'user' as const, id: member.id, organisationId: org.id, roles: ['org_member' as const] }
      const deps = testDeps(j.t)
      const { id: systemId } = await createDraft(deps, memberActor, completeRecord({ nameEn: 'Vehicle tax assessment' }))
      await submitForReview(deps, memberActor, systemId, undefined)
      const body = await openAs(j, member.id, { viewport: 'phone', javaScript: false })
      await body.page.goto(`/ur/register/manage/${systemId}`)
      await body.page.click(`form[action$="/register/manage/${systemId}/assessment"] button[type=submit]`)
      assert.match(body.page.url(), /\/ur\/assessments\/[0-9a-f-]{36}$/)
      const summary = body.page.url()
      await body.page.click('a[href*="/sections/"]')
      // Part by part, as a person answers; a part comes back when an answer reveals a question on it.
      for (let step = 0; step < 20 && /\/sections\//.test(body.page.url()); step++) {
        await checked(body.page)
        for (const [question, options] of Object.entries(levelThreeAnswers))
          for (const option of options) {
            const input = body.page.locator(`[name="${question}"][value="${option}"]`)
            if (await input.count()) await input.check()
          }
        await body.page.click('main form button[type=submit]')
      }
      assert.equal(body.page.url(), summary)
      await checked(body.page)
      const main = (await body.page.textContent('main')) ?? ''
      assert.match(main, /درجہ III/)
      assert.match(main, new RegExp(`ورژن\\s*\u2068?${next}`))
      await body.context.close()
    },
  )
})

describe('register pages, in both languages, on a phone', () => {
  test('pass axe and reflow without sideways scrolling', { timeout: 600_000 }, async () => {
    const org = await testOrganisation(j.t, 'zakat-council')
    const admin = await testUser(j.t, { roles: ['org_admin'], organisationId: org.id })
    const reviewer = await testUser(j.t, { roles: ['reviewer'] })
    const author = await testUser(j.t, { roles: ['assessment_policy'] })
    const first = await j.t.app.inject({ url: '/api/v1/systems?limit=1' })
    const number = (first.json() as { data: { number: number }[] }).data[0]?.number
    assert.ok(number, 'the journey above published a system')
    const [assessment] = await j.t.database.engine.db.select().from(impactAssessments)
    // A draft of the national questionnaire's next version, for its page and its preview.
    const national = QuestionnaireDefinition.parse(JSON.parse(nationalQuestionnaireFile()))
    const next = Math.max(...(await allQuestionnaires(j.t.database.engine.db)).map((q) => q.version)) + 1
    const draft = await draftQuestionnaire(
      testDeps(j.t),
      { kind: 'user', id: author.id, organisationId: null, roles: ['assessment_policy'] },
      { ...national, version: next },
      `national-v${next}.json`,
    )
    const publicPages = [
      '/register',
      `/register?q=zakat&sector=governance_justice`,
      `/register/${number}`,
      `/register/${number}/versions/1`,
      `/register/${number}/assessment`,
      '/register/bodies/zakat-council',
      '/api/docs',
    ]
    for (const [userId, pages] of [
      [null, publicPages],
      [
        admin.id,
        [
          '/register/manage',
          '/register/manage/new',
          '/register/import',
          `/assessments/${assessment!.id}`,
          `/obligations/systems/${assessment!.systemId}`,
        ],
      ],
      [reviewer.id, ['/register/review', '/obligations']],
      [
        author.id,
        [
          '/admin/questionnaires',
          `/admin/questionnaires/drafts/${draft.id}`,
          `/admin/questionnaires/drafts/${draft.id}/preview`,
          `/admin/questionnaires/${(await allQuestionnaires(j.t.database.engine.db))[0]!.id}/retire`,
          '/admin/obligation-rules',
        ],
      ],
    ] as const) {
      const { context, page } = await openAs(j, userId, { viewport: 'phone', javaScript: true })
      for (const prefix of ['', '/ur']) {
        for (const path of pages) {
          const res = await page.goto(`${prefix}${path}`)
          assert.equal(res?.status(), 200, `${prefix}${path}`)
          await checked(page)
        }
      }
      await context.close()
    }
  })
})
