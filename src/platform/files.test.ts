import assert from 'node:assert/strict'
import { eq, sql } from 'drizzle-orm'
import { after, before, describe, test } from 'node:test'
import { manualClock, openForm, testApp, type TestApp } from '../test-support/app.ts'
import { createAuditLog } from './audit-log.ts'
import { detectKind, FileDamaged, readFile, storeFile, type NewFile } from './files.ts'
import { storedFiles } from './files.tables.ts'

const pdf = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n')
const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52])
const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46])
const xlsx = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from('....[Content_Types].xml....xl/workbook.xml....')])
const csv = Buffer.from('\uFEFFضلع,تعداد\nلاہور,12\n')
const html = Buffer.from('<!doctype html><script>alert(1)</script>')
const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>')
const zip = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from('....evil.exe....')])

describe('file types are judged by content', () => {
  test('each allowed kind is recognised by its magic bytes', () => {
    assert.equal(detectKind(pdf), 'pdf')
    assert.equal(detectKind(png), 'png')
    assert.equal(detectKind(jpeg), 'jpeg')
    assert.equal(detectKind(xlsx), 'xlsx')
    assert.equal(detectKind(csv), 'csv')
  })

  test('markup, other archives and binary junk are never accepted, whatever their name', () => {
    assert.equal(detectKind(html), null)
    assert.equal(detectKind(svg), null)
    assert.equal(detectKind(zip), null)
    assert.equal(detectKind(Buffer.from([0, 1, 2, 3, 0xfe])), null)
    assert.equal(detectKind(Buffer.from([0xc3, 0x28])), null, 'not valid UTF-8')
  })
})

let t: TestApp
const clock = manualClock()
let audit: ReturnType<typeof createAuditLog>
before(async () => {
  t = await testApp({
    clock,
    setup(app) {
      app.fileRules.set('test-record', async (_req, ownerId) => ownerId === 'open')
      app.post('/test/upload', { config: { access: 'public' } }, async (req, reply) => {
        const part = await req.file()
        if (!part) return reply.code(400).send()
        const bytes = await part.toBuffer()
        const id = await storeFile(
          t.database.engine.db,
          { clock, audit },
          { kind: 'public' },
          { ownerType: 'test-record', ownerId: 'open', filename: part.filename, bytes, allowed: ['pdf', 'png'], maxBytes: 1024 },
        )
        return reply.redirect(`/files/${id}`, 303)
      })
    },
  })
  audit = createAuditLog({ clock, auditKey: t.config.secrets.auditKey })
})
after(() => t.close())

const store = (f: Partial<NewFile>) =>
  storeFile(
    t.database.engine.db,
    { clock, audit },
    { kind: 'public' },
    {
      ownerType: 'test-record',
      ownerId: 'open',
      filename: 'a.pdf',
      bytes: pdf,
      allowed: ['pdf', 'png', 'jpeg', 'csv', 'xlsx'],
      maxBytes: 10_000,
      ...f,
    },
  )

describe('the files service', () => {
  test('a renamed HTML file, a type the feature does not allow, a wrong extension and an oversized file are refused', async () => {
    await assert.rejects(store({ filename: 'report.pdf', bytes: html }), { statusCode: 415 })
    await assert.rejects(store({ filename: 'data.csv', bytes: html }), { statusCode: 415 })
    await assert.rejects(store({ filename: 'photo.jpg', bytes: jpeg, allowed: ['pdf'] }), { statusCode: 415 })
    await assert.rejects(store({ filename: 'photo.png', bytes: pdf }), { statusCode: 415 })
    await assert.rejects(store({ bytes: Buffer.alloc(20_000, 0x25) }), { statusCode: 413 })
  })

  test('a stored file is served as a download, with its checksum, only to those who may see its record', async () => {
    const id = await store({ filename: 'ڈیٹا رپورٹ.pdf' })
    const res = await t.app.inject(`/files/${id}`)
    assert.equal(res.statusCode, 200)
    assert.deepEqual(res.rawPayload, pdf)
    assert.equal(res.headers['content-type'], 'application/pdf')
    assert.match(res.headers['content-disposition'] as string, /^attachment; filename="file"; filename\*=UTF-8''%DA%88/)
    assert.equal(res.headers['x-content-type-options'], 'nosniff')
    assert.match(res.headers['content-security-policy'] as string, /sandbox/)

    const hidden = await store({ ownerId: 'closed' })
    assert.equal((await t.app.inject(`/files/${hidden}`)).statusCode, 404)
    assert.equal((await t.app.inject('/files/00000000-0000-4000-8000-000000000000')).statusCode, 404)
    assert.equal((await t.app.inject('/files/not-a-uuid')).statusCode, 400)
  })

  test('bytes that no longer match their checksum are detected and never served', async () => {
    const id = await store({ filename: 'x.png', bytes: png })
    await t.database.engine.db.execute(sql`update stored_files set bytes = ${Buffer.from('%PDF-forged')} where id = ${id}`)
    await assert.rejects(readFile(t.database.engine.db, id), FileDamaged)
    const res = await t.app.inject(`/files/${id}`)
    assert.equal(res.statusCode, 500)
    assert.doesNotMatch(res.body, /PDF-forged/)
  })
})

describe('CSRF on multipart forms', () => {
  const multipart = (filename: string, bytes: Buffer) => {
    const boundary = '----mizan-test-boundary'
    const body = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="evidence"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      bytes,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ])
    return { body, type: `multipart/form-data; boundary=${boundary}` }
  }

  test('the token is checked from the form action before the body is read: without it nothing is stored', async () => {
    const before = (await t.database.engine.db.select().from(storedFiles)).length
    const { cookie, csrf } = await openForm(t.app, '/contact')
    const { body, type } = multipart('evidence.pdf', pdf)
    const refused = await t.app.inject({
      method: 'POST',
      url: '/test/upload',
      headers: { cookie, 'content-type': type },
      payload: body,
    })
    assert.equal(refused.statusCode, 403)
    assert.equal((await t.database.engine.db.select().from(storedFiles)).length, before)

    const accepted = await t.app.inject({
      method: 'POST',
      url: `/test/upload?_csrf=${encodeURIComponent(csrf)}`,
      headers: { cookie, 'content-type': type },
      payload: body,
    })
    assert.equal(accepted.statusCode, 303)
    const id = String(accepted.headers.location).split('/').pop()!
    const [row] = await t.database.engine.db.select().from(storedFiles).where(eq(storedFiles.id, id))
    assert.equal(row?.filename, 'evidence.pdf')
  })

  test('an upload over the size limit or of the wrong type gets a clear 4xx page', async () => {
    const { cookie, csrf } = await openForm(t.app, '/ur/contact')
    const { body, type } = multipart('page.pdf', html)
    const res = await t.app.inject({
      method: 'POST',
      url: `/ur/test/upload?_csrf=${encodeURIComponent(csrf)}`,
      headers: { cookie, 'content-type': type },
      payload: body,
    })
    assert.equal(res.statusCode, 415)
    assert.match(res.body, /اس قسم کی فائل قبول نہیں کی جاتی/)
  })
})
