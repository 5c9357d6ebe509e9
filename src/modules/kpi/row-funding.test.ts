import assert from 'node:assert/strict'
import { appendOnlyRefusal } from '../../test-support/database.ts'
import { after, before, describe, test } from 'node:test'
import { eq } from 'drizzle-orm'
import { organisations } from '../accounts/accounts.tables.ts'
import { paisaOf } from '../../platform/numbers.ts'
import { sessionCookie, testActor } from '../../test-support/accounts.ts'
import { manualClock, submitForm, testApp, type TestApp } from '../../test-support/app.ts'
import { rowFunding } from './kpi.tables.ts'
import { fiscalYearOf } from './row-funding.service.ts'

describe('money in paisa', () => {
  test('rupees as people write them become exact paisa; anything else is refused', () => {
    assert.equal(paisaOf('12,50,000'), 125_000_000n, 'grouped in lakhs')
    assert.equal(paisaOf('1,250,000.5'), 125_000_050n)
    assert.equal(paisaOf('Rs. 0.10'), 10n)
    assert.equal(paisaOf('۱۲۵۰'), 125_000n, 'Urdu digits')
    assert.equal(paisaOf('999999999999999.99'), 99_999_999_999_999_999n, 'beyond what a double holds exactly')
    for (const wrong of ['12,5', '1.234', '-5', 'ten', '1e6', '']) assert.equal(paisaOf(wrong), undefined, wrong)
  })

  test('the fiscal year runs from 1 July to 30 June', () => {
    assert.equal(fiscalYearOf('2025-06-30'), '2024-25')
    assert.equal(fiscalYearOf('2025-07-01'), '2025-26')
    assert.equal(fiscalYearOf('2099-12-31'), '2099-00')
  })
})

describe('a row’s money', () => {
  let t: TestApp
  const clock = manualClock('2026-08-10T07:00:00.000Z')
  before(async () => (t = await testApp({ clock })))
  after(() => t.close())
  const row = '/progress/items/action%3A11'
  const record = (cookie: string, fields: Record<string, string>, prefix = '') =>
    submitForm(t.app, { cookie, formPage: `${prefix}${row}`, url: `${prefix}${row}/funding`, fields })

  test('recorded by fiscal year in exact paisa, checked beside each field, the newest entry for a year standing, summed exactly', async () => {
    const analyst = await sessionCookie(t, (await testActor(t, ['pic_analyst'])).id, clock.now())
    const wrong = await record(
      analyst,
      { fiscalYear: '2025-26', allocated: '100', released: '12,5', spent: '200', source: 'PSDP 2025-26' },
      '/ur',
    )
    assert.equal(wrong.statusCode, 400)
    assert.match(wrong.body, /روپوں میں رقم لکھیں/)
    const over = await record(analyst, { fiscalYear: '2025-26', allocated: '100', released: '90', spent: '95', source: 'PSDP' })
    assert.match(over.body, /More cannot be spent than was released\./)
    const future = await record(analyst, { fiscalYear: '2027-28', allocated: '1', released: '1', spent: '1', source: 'x' })
    assert.match(future.body, /Choose a fiscal year since the policy began\./)

    const entries = [
      { fiscalYear: '2024-25', allocated: '0.10', released: '0.10', spent: '0.10', source: 'PSDP 2024-25, p. 12' },
      { fiscalYear: '2025-26', allocated: '0.20', released: '0.20', spent: '0.10', source: 'PSDP 2025-26, p. 30' },
      {
        fiscalYear: '2025-26',
        allocated: '50,00,00,000.20',
        released: '20,00,00,000',
        spent: '5,00,00,000.10',
        source: 'Revised PSDP 2025-26',
      },
    ]
    for (const e of entries) assert.equal((await record(analyst, e)).statusCode, 303)
    const page = (await t.app.inject({ url: row })).body
    const cell = (label: string, value: string) => `<td data-label="${label}"><bdi>${value}</bdi></td>`
    const money = (a: string, r: string, s: string) =>
      cell('Allocated', `Rs ${a}`) + cell('Released', `Rs ${r}`) + cell('Spent', `Rs ${s}`)
    assert.ok(
      page.includes(
        `${cell('Fiscal year', '2025-26')}${money('500,000,000.20', '200,000,000.00', '50,000,000.10')}<td data-label="Source">Revised PSDP 2025-26`,
      ),
      'the newest entry for the year stands, each cell labelled for a phone',
    )
    // 0.10 + 500,000,000.20 is 500,000,000.30 exactly: no floating point between them.
    assert.ok(page.includes(`Total</th>${money('500,000,000.30', '200,000,000.10', '50,000,000.20')}`), 'summed exactly')
    assert.equal((await t.database.engine.db.select().from(rowFunding)).length, 3, 'the replaced entry stays on record')
    await assert.rejects(t.database.owner.delete(rowFunding), appendOnlyRefusal)
  })

  test('a lead body records its own rows’ money and no other’s', async () => {
    const [ignite] = await t.database.engine.db.select().from(organisations).where(eq(organisations.slug, 'ignite'))
    const member = await sessionCookie(t, (await testActor(t, ['org_member'], ignite!.id)).id, clock.now())
    const own = await record(member, {
      fiscalYear: '2026-27',
      allocated: '1,000',
      released: '500',
      spent: '0',
      source: 'Ignite board minutes',
    })
    assert.equal(own.statusCode, 303, 'row 11, the National AI Fund, is led by Ignite')
    const other = await submitForm(t.app, {
      cookie: member,
      formPage: '/contact',
      url: '/progress/items/action%3A15/funding',
      fields: { fiscalYear: '2026-27', allocated: '1', released: '1', spent: '1', source: 'x' },
    })
    assert.equal(other.statusCode, 403)
  })
})
