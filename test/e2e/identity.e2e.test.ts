import assert from 'node:assert/strict'
import { desc, eq } from 'drizzle-orm'
import { after, before, describe, test } from 'node:test'
import type { Page } from 'playwright-core'
import { outboxMessages } from '../../src/platform/platform.tables.ts'
import { sessionCookie, TEST_PASSWORD, testOrganisation, testUser, totpAt } from '../../src/test-support/accounts.ts'
import { manualClock } from '../../src/test-support/app.ts'
import { accessibilityViolations, accessibilityViolationsWithoutJs, newContext, startJourney, type Journey } from './browser.ts'

// The server's clock is the test's, so the authenticator codes the test computes are the ones it expects.
const clock = manualClock(new Date().toISOString())
let j: Journey
before(async () => (j = await startJourney({ clock })))
after(() => j.close())

const nextStep = () => clock.advance(30_000)

async function checked(page: Page) {
  const javaScript = !noJs.has(page)
  const violations = javaScript ? await accessibilityViolations(page) : await accessibilityViolationsWithoutJs(j, page)
  assert.deepEqual(violations, [], `axe on ${page.url()}`)
}
/** Pages opened in a context without JavaScript. */
const noJs = new WeakSet<Page>()

async function signIn(page: Page, prefix: string, email: string) {
  await page.goto(`${prefix}/sign-in`)
  await checked(page)
  await page.fill('#f-email', email)
  await page.fill('#f-password', TEST_PASSWORD)
  await page.click('button[type=submit]')
}

for (const locale of ['en', 'ur'] as const) {
  const prefix = locale === 'ur' ? '/ur' : ''
  describe(`an invited officer joins (${locale})`, () => {
    test(
      'the administrator invites, the officer sets a password, enrols an authenticator, signs out and in again',
      { timeout: 120_000 },
      async () => {
        const org = await testOrganisation(j.t, `journey-${locale}`)
        const admin = await testUser(j.t, { roles: ['org_admin'], organisationId: org.id })
        const officerEmail = `officer.${locale}@example.gov.pk`

        // The administrator signs in with both factors and sends the invitation.
        const adminContext = await newContext(j, { viewport: 'desktop', javaScript: true })
        const adminPage = await adminContext.newPage()
        await signIn(adminPage, prefix, admin.email)
        await checked(adminPage)
        nextStep()
        await adminPage.fill('#f-code', await totpAt(clock.now()))
        await adminPage.click('button[type=submit]')
        await adminPage.goto(`${prefix}/admin/users/invite`)
        await checked(adminPage)
        await adminPage.fill('#f-name', locale === 'ur' ? 'نادیہ شاہ' : 'Nadia Shah')
        await adminPage.fill('#f-email', officerEmail)
        await adminPage.check('#f-roles-org_member')
        await adminPage.click('button[type=submit]')
        assert.equal(new URL(adminPage.url()).pathname, `${prefix}/admin/users`)
        await checked(adminPage)
        await adminContext.close()

        // The officer opens the link from the e-mail on a phone, without JavaScript.
        const [mail] = await j.t.database.engine.db
          .select()
          .from(outboxMessages)
          .where(eq(outboxMessages.toAddress, officerEmail))
          .orderBy(desc(outboxMessages.createdAt))
        const link = /(http:\/\/localhost:3000\S+invitation\?token=[\w-]+)/.exec(mail!.bodyText)![1]!
        const context = await newContext(j, { viewport: 'phone', javaScript: false })
        const page = await context.newPage()
        noJs.add(page)
        const url = new URL(link)
        await page.goto(url.pathname + url.search)
        await checked(page)
        await page.fill('#f-password', TEST_PASSWORD)
        await page.fill('#f-confirm', TEST_PASSWORD)
        await page.click('button[type=submit]')

        assert.equal(new URL(page.url()).pathname, `${prefix}/account/mfa/enrol`)
        await checked(page)
        const secret = (await page.textContent('code.secret'))!.replaceAll(' ', '')
        nextStep()
        await page.fill('#f-code', await totpAt(clock.now(), secret))
        await page.click('button[type=submit]')
        assert.equal(await page.locator('.recovery-codes li').count(), 10)
        await checked(page)
        await page.click('a.button')
        assert.equal(new URL(page.url()).pathname, `${prefix}/work`)
        await page.goto(`${prefix}/account`)
        await checked(page)

        await page.click('form[action$="/sign-out"] button')
        await signIn(page, prefix, officerEmail)
        assert.equal(new URL(page.url()).pathname, `${prefix}/sign-in/verify`)
        await checked(page)
        nextStep()
        await page.fill('#f-code', await totpAt(clock.now(), secret))
        await page.click('button[type=submit]')
        // Signed in, staff land on their work queue.
        assert.equal(new URL(page.url()).pathname, `${prefix}/work`)
        await page.goto(`${prefix}/account`)
        assert.match((await page.textContent('main'))!, locale === 'ur' ? /نادیہ شاہ/ : /Nadia Shah/)
        await context.close()
      },
    )
  })
}

describe('every staff page, in both languages, on a phone', () => {
  const staffPages = [
    '/account',
    '/account/inbox',
    '/account/password',
    '/work',
    '/admin/users',
    '/admin/users/invite',
    '/admin/access-review',
    '/admin/organisations',
    '/admin/outbox',
    '/admin/audit',
  ]

  test('passes axe and reflows without sideways scrolling', { timeout: 180_000 }, async () => {
    const org = await testOrganisation(j.t, 'staff-pages')
    const admin = await testUser(j.t, { roles: ['org_admin', 'sysadmin'], organisationId: org.id })
    await testUser(j.t, { roles: ['org_member'], organisationId: org.id })
    const [name, value] = (await sessionCookie(j.t, admin.id, clock.now())).split('=') as [string, string]
    const context = await newContext(j, { viewport: 'phone', javaScript: true })
    await context.addCookies([{ name, value, url: j.base }])
    const page = await context.newPage()
    for (const prefix of ['', '/ur']) {
      for (const path of staffPages) {
        const res = await page.goto(`${prefix}${path}`)
        assert.equal(res?.status(), 200, `${prefix}${path}`)
        await checked(page)
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
        assert.ok(overflow <= 0, `${prefix}${path} is ${overflow}px wider than the screen`)
      }
    }
    await context.close()
  })
})
