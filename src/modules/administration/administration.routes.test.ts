import assert from 'node:assert/strict'
import { eq, sql } from 'drizzle-orm'
import { after, before, describe, test } from 'node:test'
import { organisations } from '../accounts/accounts.tables.ts'
import { auditEntries } from '../../platform/audit.tables.ts'
import { queueEmail } from '../../platform/outbox.ts'
import { sessionCookie, testUser } from '../../test-support/accounts.ts'
import { testApp, type TestApp } from '../../test-support/app.ts'
import { systemClock } from '../../platform/clock.ts'

let t: TestApp
let cookie: string
before(async () => {
  t = await testApp()
  cookie = await sessionCookie(t, (await testUser(t, { roles: ['sysadmin'] })).id)
})
after(() => t.close())

async function post(url: string, fields: Record<string, string>, formPage: string) {
  const page = await t.app.inject({ url: formPage, headers: { cookie } })
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!
  const both = `${cookie}; ${page.cookies.map((c) => `${c.name}=${c.value}`).join('; ')}`
  return t.app.inject({
    method: 'POST',
    url,
    headers: { cookie: both, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: csrf, ...fields }).toString(),
  })
}

describe('system administration', () => {
  test('a system administrator adds an organisation; a taken or malformed short name is explained', async () => {
    const fields = {
      nameEn: 'Health Department, Punjab',
      nameUr: 'محکمہ صحت، پنجاب',
      slug: 'punjab-health',
      type: 'provincial_department',
      province: 'punjab',
      parentId: '',
    }
    assert.equal((await post('/admin/organisations', fields, '/admin/organisations')).statusCode, 303)
    const [row] = await t.database.engine.db.select().from(organisations).where(eq(organisations.slug, 'punjab-health'))
    assert.equal(row?.nameUr, 'محکمہ صحت، پنجاب')
    const taken = await post('/ur/admin/organisations', fields, '/ur/admin/organisations')
    assert.equal(taken.statusCode, 400)
    assert.match(taken.body, /یہ مختصر نام کسی اور ادارے کا ہے/)
    const malformed = await post('/admin/organisations', { ...fields, slug: 'Punjab Health!' }, '/admin/organisations')
    assert.match(malformed.body, /Use 2 to 60 lower-case letters/)
    assert.match(malformed.body, /value="Health Department, Punjab"/)
  })

  test('the outbox shows waiting e-mail, and each reading of it is audited', async () => {
    await queueEmail(t.database.engine.db, systemClock, {
      kind: 'test',
      to: 'someone@example.gov.pk',
      subject: 'Waiting message',
      body: 'Body text',
    })
    const page = await t.app.inject({ url: '/admin/outbox', headers: { cookie } })
    assert.equal(page.statusCode, 200)
    assert.match(page.body, /Waiting message/)
    assert.match(page.body, /No mail server is configured/)
    const viewed = await t.database.engine.db.select().from(auditEntries).where(eq(auditEntries.action, 'outbox.viewed'))
    assert.equal(viewed.length, 1)
  })

  test('the audit page says whether the chain is intact, and names what was altered', async () => {
    const intact = await t.app.inject({ url: '/admin/audit', headers: { cookie } })
    assert.match(intact.body, /The audit log is intact/)
    const db = t.database.owner
    await db.execute(sql.raw('alter table audit_entries disable trigger user'))
    await db.execute(sql.raw(`update audit_entries set action = 'forged' where seq = 1`))
    await db.execute(sql.raw('alter table audit_entries enable trigger user'))
    const tampered = await t.app.inject({ url: '/ur/admin/audit', headers: { cookie } })
    assert.match(tampered.body, /آڈٹ لاگ میں چھیڑ چھاڑ کی گئی ہے/)
    assert.match(tampered.body, /entry 1: it was altered/)
  })
})
