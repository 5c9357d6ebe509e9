import assert from 'node:assert/strict'
import { eq, sql } from 'drizzle-orm'
import { after, before, describe, test } from 'node:test'
import { organisations } from '../accounts/accounts.tables.ts'
import { auditEntries } from '../../platform/audit.tables.ts'
import { queueEmail } from '../../platform/outbox.ts'
import { sessionCookie, testUser } from '../../test-support/accounts.ts'
import { submitUpload, testApp, type TestApp } from '../../test-support/app.ts'
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

  const uploadBodies = (name: string, bytes: Buffer | string, as = cookie) =>
    submitUpload(t.app, {
      cookie: as,
      formPage: '/admin/organisations',
      action: '/admin/organisations/import',
      file: { field: 'file', name, bytes },
    })
  const textOf = (html: string) =>
    html
      .replace(/<[^>]+>/g, ' ')
      .replace(/[\u2066-\u2069]/g, '')
      .replace(/\s+/g, ' ')
  const slugs = async () =>
    new Set((await t.database.engine.db.select({ slug: organisations.slug }).from(organisations)).map((o) => o.slug))

  test('bodies come from a CSV all at once, every problem listed in one pass, and nothing is added while one remains', async () => {
    const before = await slugs()
    const refused = await uploadBodies(
      'bodies.csv',
      [
        'slug;nameEn;nameUr;type;province;parent',
        'lahore-mc;Metropolitan Corporation Lahore;میٹروپولیٹن کارپوریشن لاہور;municipal_government;punjab;',
        'Bad Slug;Somewhere;کہیں;tehsil;punjab;',
        'lahore-mc;Lahore again;لاہور;municipal_government;punjab;',
        'kasur-district;District Government Kasur;ضلعی حکومت قصور;district_government;punjab;no-such-body',
        'a-body;A;ا;autonomous_body;federal;b-body',
        'b-body;B;ب;autonomous_body;federal;a-body',
      ].join('\n'),
    )
    assert.equal(refused.statusCode, 400)
    const text = textOf(refused.body)
    assert.match(text, /3 slug Bad Slug Use 2 to 60 lower-case letters/)
    assert.match(text, /3 type tehsil Choose a type/)
    assert.match(text, /4 slug lahore-mc The file lists this short name twice: it first appears on line 2/)
    assert.match(text, /5 parent no-such-body No body on Mizan or in this file has this short name/)
    assert.match(text, /6 parent b-body The bodies on these lines each sit under another in a circle/)
    assert.deepEqual(await slugs(), before, 'nothing is added while a problem remains')
  })

  test('a clean list adds its bodies under their parents, in the order they need; sent again, it changes nothing', async () => {
    const csv = [
      'slug,nameEn,nameUr,type,province,parent',
      'sindh-lg-dept,Local Government Department Sindh,محکمہ بلدیات سندھ,provincial_department,sindh,',
      'karachi-mc,Karachi Metropolitan Corporation,کراچی میٹروپولیٹن کارپوریشن,municipal_government,sindh,sindh-lg-dept',
      'hyderabad-district,District Government Hyderabad,ضلعی حکومت حیدرآباد,district_government,sindh,karachi-mc',
    ]
    // The child comes before its parent in the file: the import adds the parent first all the same.
    const added = await uploadBodies('bodies.csv', [csv[0], csv[3], csv[2], csv[1]].join('\r\n'))
    assert.equal(added.statusCode, 303, textOf(added.body).slice(0, 500))
    const landing = await t.app.inject({ url: added.headers.location!, headers: { cookie } })
    assert.match(textOf(landing.body), /3 bodies were added\./)
    assert.match(landing.body, /<code dir="ltr">karachi-mc<\/code>/)
    const rows = await t.database.engine.db.select().from(organisations)
    const bySlug = new Map(rows.map((o) => [o.slug, o]))
    assert.equal(bySlug.get('karachi-mc')!.parentId, bySlug.get('sindh-lg-dept')!.id)
    assert.equal(bySlug.get('hyderabad-district')!.parentId, bySlug.get('karachi-mc')!.id)
    const again = await uploadBodies('bodies.csv', csv.join('\n'))
    assert.equal(again.statusCode, 303)
    const second = await t.app.inject({ url: again.headers.location!, headers: { cookie } })
    assert.match(textOf(second.body), /0 bodies were added\. 3 were already on Mizan as listed/)
    const changed = await uploadBodies('bodies.csv', `${csv[0]}\n${csv[2]!.replace('Karachi Metropolitan', 'Karachi City')}`)
    assert.equal(changed.statusCode, 400)
    assert.match(
      textOf(changed.body),
      /2 slug karachi-mc A body with this short name is already on Mizan, with a different nameEn/,
    )
  })

  test('a list of bodies in another encoding, or as another kind of file, is refused whole, saying why; and only for administrators', async () => {
    const latin1 = Buffer.from('slug,nameEn,nameUr,type,province\nbad-one,Caf\xe9,x,public_body,federal\n', 'latin1')
    const res = await uploadBodies('bodies.csv', latin1)
    assert.equal(res.statusCode, 400)
    assert.match(textOf(res.body), /not saved in UTF-8/)
    assert.match(textOf((await uploadBodies('bodies.xlsx', 'x')).body), /The file must be a \.csv file/)
    const officer = await sessionCookie(t, (await testUser(t, { roles: ['reviewer'] })).id)
    assert.equal((await t.app.inject({ url: '/admin/organisations', headers: { cookie: officer } })).statusCode, 403)
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
