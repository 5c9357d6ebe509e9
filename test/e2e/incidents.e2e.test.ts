import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { testActor, testOrganisation } from '../../src/test-support/accounts.ts'
import { testDeps } from '../../src/test-support/app.ts'
import { publishedTestSystem } from '../../src/test-support/register.ts'
import { checkPage, openAs, startJourney, type Journey } from './browser.ts'

let j: Journey
before(async () => (j = await startJourney()))
after(() => j.close())

const toUrduDigits = (s: string) => s.replace(/\d/g, (d) => String.fromCharCode(0x06f0 + Number(d)))

test(
  'a citizen reports in Urdu on a phone and tracks it; a reviewer triages and refers; the body answers; the public page shows the outcome',
  { timeout: 300_000 },
  async () => {
    const org = await testOrganisation(j.t, 'incident-journey-body')
    const member = await testActor(j.t, ['org_member'], org.id)
    const reviewer = await testActor(j.t, ['reviewer'])
    const { number } = await publishedTestSystem(testDeps(j.t), member, reviewer, {
      nameEn: 'School admission matching',
      nameUr: 'اسکول داخلہ نظام',
    })

    // The citizen: Urdu, a 320 px phone, no JavaScript; the system page's link fills in which system.
    const citizen = await openAs(j, null, { viewport: 'phone', javaScript: false })
    const phone = citizen.page
    await phone.goto(`/ur/register/${number}`)
    await phone.click(`a[href="/ur/report?system=${number}"]`)
    await checkPage(j, phone)
    await phone.fill('#f-narrative', 'میری بیٹی کو داخلہ نہیں ملا حالانکہ نمبر پورے تھے۔ میرا نمبر ۰۳۰۰-۱۲۳۴۵۶۷ ہے۔')
    await phone.check('input[name="harmKinds"][value="wrongful_denial"]')
    await phone.check('input[name="severity"][value="serious"]')
    await phone.check('input[name="affected"][value="children"]')
    await phone.fill('#f-name', 'ثنا بی بی')
    await phone.click('form[action^="/ur/report"] button[type=submit]')
    const code = (await phone.textContent('.tracking-code'))!.trim()
    assert.match(code, /^\d{4} \d{4} \d{4} \d{4}$/)
    await checkPage(j, phone)
    await phone.goto('/ur/track')
    await phone.fill('#f-code', toUrduDigits(code))
    await phone.click('form[action="/ur/track"] button[type=submit]')
    assert.match((await phone.textContent('main'))!, /آپ کی رپورٹ پہنچ گئی ہے/)
    await checkPage(j, phone)

    // The reviewer: the proposed summary has the number taken out; they write the public text and open the incident.
    const desk = (await openAs(j, reviewer.id, { viewport: 'desktop', javaScript: true })).page
    await desk.goto('/incidents/reports')
    await checkPage(j, desk)
    await desk.click('table a[href^="/incidents/reports/"]')
    await checkPage(j, desk)
    assert.match(await desk.inputValue('#f-summaryUr'), /\[فون نمبر ہٹایا گیا\]/, 'the marker is in the report’s language')
    assert.doesNotMatch(await desk.inputValue('#f-summaryUr'), /۰۳۰۰/)
    await desk.fill('#f-titleEn', 'Qualified children refused admission')
    await desk.fill('#f-summaryEn', 'A parent reports that a qualified child was refused admission by the matching system.')
    await desk.check('#f-checked')
    await desk.click('form[action$="/open"] button[type=submit]')
    await desk.waitForURL(/\/incidents\/manage\/\d+$/)
    const incident = /(\d+)$/.exec(desk.url())![1]
    await checkPage(j, desk)
    await desk.click('form[action$="/refer"] button[type=submit]')
    await desk.waitForSelector('text=Sent to the public body')

    // The body answers, in Urdu.
    const office = (await openAs(j, member.id, { viewport: 'desktop', javaScript: false })).page
    await office.goto(`/ur/incidents/manage/${incident}`)
    await checkPage(j, office)
    await office.fill('#f-explanation', 'میرٹ لسٹ میں ایک غلطی تھی۔')
    await office.fill('#f-redress', 'متاثرہ بچوں کو داخلہ دے دیا گیا ہے۔')
    await office.click('form[action$="/respond"] button[type=submit]')
    await office.waitForURL(new RegExp(`/ur/incidents/manage/${incident}$`))

    // The reviewer records that redress was given.
    await desk.goto(`/incidents/manage/${incident}`)
    await desk.check('input[name="outcome"][value="redress_provided"]')
    await desk.fill('#f-reason', 'Children admitted.')
    await desk.click('form[action$="/decide"] button[type=submit]')
    await desk.waitForURL(new RegExp(`/incidents/manage/${incident}$`))

    // The public page and the citizen's tracking page show the outcome and the redacted summary, never the reporter.
    await phone.goto(`/ur/incidents/${incident}`)
    await checkPage(j, phone)
    const shown = (await phone.textContent('main'))!
    assert.match(shown, /ازالہ کر دیا گیا/)
    assert.match(shown, /متاثرہ بچوں کو داخلہ دے دیا گیا ہے/)
    assert.doesNotMatch(shown, /ثنا|۰۳۰۰/)
    await phone.goto('/ur/track')
    await phone.fill('#f-code', code)
    await phone.click('form[action="/ur/track"] button[type=submit]')
    assert.match((await phone.textContent('main'))!, /ازالہ کر دیا گیا/)
    await checkPage(j, phone)
    await phone.goto('/ur/incidents')
    await checkPage(j, phone)
  },
)
