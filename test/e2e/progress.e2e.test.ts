import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { testActor } from '../../src/test-support/accounts.ts'
import { checkPage, openAs, startJourney, type Journey } from './browser.ts'

let j: Journey
before(async () => (j = await startJourney()))
after(() => j.close())

test(
  'an analyst records a figure and judges a status; a citizen reads the progress in Urdu on a phone',
  { timeout: 300_000 },
  async () => {
    const analyst = await testActor(j.t, ['pic_analyst'])
    const desk = (await openAs(j, analyst.id, { viewport: 'desktop', javaScript: false })).page
    await desk.goto('/progress/items/target%3At-2.1a-trained')
    await checkPage(j, desk)
    await desk.fill('#f-value', 'lots')
    await desk.click('form[action*="t-2.1a-trained?_csrf="] button[type=submit]')
    assert.match((await desk.textContent('.error-summary'))!, /Enter a number of zero or more/)
    await checkPage(j, desk)
    await desk.fill('#f-value', '150000')
    await desk.fill('#f-measuredOn', '2025-12-31')
    await desk.fill('#f-source', 'National AI Skill Development Programme, annual return')
    await desk.click('form[action*="t-2.1a-trained?_csrf="] button[type=submit]')
    assert.match((await desk.textContent('main'))!, /150,000/)
    await desk.goto('/progress/items/action%3A11')
    await desk.check('input[name="status"][value="on_track"]')
    await desk.fill('#f-reason', 'The fund committee has been formed; the fund is being set up within Ignite.')
    await desk.click('form[action$="/status"] button[type=submit]')
    assert.match((await desk.textContent('main'))!, /The fund committee has been formed/)
    await checkPage(j, desk)

    const phone = (await openAs(j, null, { viewport: 'phone', javaScript: false })).page
    await phone.goto('/ur/progress?pillar=2')
    await checkPage(j, phone)
    await phone.click('a[href="/ur/progress/items/action%3A2"]')
    await checkPage(j, phone)
    await phone.goto('/ur/progress/items/target%3At-2.1a-trained')
    assert.match((await phone.textContent('main'))!, /۱۵۰٬۰۰۰|150,000|١٥٠/)
    await checkPage(j, phone)
    await phone.goto('/ur/progress/reports')
    await checkPage(j, phone)
  },
)
