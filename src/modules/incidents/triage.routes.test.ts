import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { eq } from 'drizzle-orm'
import sharp from 'sharp'
import { storedFiles } from '../../platform/files.tables.ts'
import type { UserActor } from '../../platform/rbac.ts'
import { sessionCookie, testActor, testOrganisation } from '../../test-support/accounts.ts'
import { submitForm, submitUpload, testApp, testDeps, type TestApp } from '../../test-support/app.ts'
import { publishedTestSystem } from '../../test-support/register.ts'
import { EVIDENCE_OWNER } from './incidents.service.ts'
import { incidentReports } from './incidents.tables.ts'

let t: TestApp
let reviewer: UserActor
let member: UserActor
let other: UserActor
let cookies: { reviewer: string; member: string; other: string }
let system: { id: string; number: number }
before(async () => {
  t = await testApp()
  reviewer = await testActor(t, ['reviewer'])
  member = await testActor(t, ['org_member'], (await testOrganisation(t, 'land-records')).id)
  other = await testActor(t, ['org_member'], (await testOrganisation(t, 'another-body')).id)
  cookies = {
    reviewer: await sessionCookie(t, reviewer.id),
    member: await sessionCookie(t, member.id),
    other: await sessionCookie(t, other.id),
  }
  system = await publishedTestSystem(testDeps(t), member, reviewer, { nameEn: 'Land record OCR', sector: 'agriculture' })
})
after(() => t.close())

const latestReport = async () =>
  (await t.database.engine.db.select().from(incidentReports).orderBy(incidentReports.receivedAt)).at(-1)!

describe('from a report to a public incident, through the pages', () => {
  test('a reviewer opens an incident from a report: the summary is proposed without the phone number, and text that still has one is sent back', async () => {
    await submitForm(t.app, {
      formPage: '/report',
      url: '/report',
      fields: {
        narrative: 'The OCR swapped my plot with my neighbour’s. Call me on 0301-7654321.',
        system: String(system.number),
        harmKinds: ['financial'],
        severity: 'severe',
        name: 'Rashid Khan',
        email: 'rashid@example.pk',
        consent: 'yes',
      },
    })
    const report = await latestReport()
    assert.equal(
      (await t.app.inject({ url: `/incidents/reports/${report.id}`, headers: { cookie: cookies.member } })).statusCode,
      403,
      'bodies never read reports',
    )

    const page = await t.app.inject({ url: `/incidents/reports/${report.id}`, headers: { cookie: cookies.reviewer } })
    assert.equal(page.statusCode, 200)
    assert.match(page.body, /Call me on \[telephone number removed\]/)
    assert.doesNotMatch(page.body, /Rashid|rashid@/, 'contact details are not on the page until asked for')
    const shown = await submitForm(t.app, {
      cookie: cookies.reviewer,
      formPage: `/incidents/reports/${report.id}`,
      url: `/incidents/reports/${report.id}/contact`,
      fields: {},
    })
    assert.match(shown.body, /rashid@example\.pk/)

    const fields = {
      titleEn: 'Plots swapped by record OCR',
      summaryEn: 'A plot was recorded under a neighbour. Call 0301-7654321.',
      system: String(system.number),
      harmKinds: ['financial'],
      severity: 'severe',
      checked: 'yes',
    }
    const refused = await submitForm(t.app, {
      cookie: cookies.reviewer,
      formPage: `/incidents/reports/${report.id}`,
      url: `/incidents/reports/${report.id}/open`,
      fields,
    })
    assert.equal(refused.statusCode, 400)
    assert.match(refused.body, /telephone number removed.*0301-7654321/s, 'the reviewer sees what was found')
    await new Promise((done) => setImmediate(done))
    assert.deepEqual(
      t.logs.filter((l) => l.level >= 50).map((l) => l.msg),
      [],
      'a refusal is not an error',
    )
    const unchecked = await submitForm(t.app, {
      cookie: cookies.reviewer,
      formPage: `/incidents/reports/${report.id}`,
      url: `/incidents/reports/${report.id}/open`,
      fields: { ...fields, summaryEn: 'A plot was recorded under a neighbour.', checked: '' },
    })
    assert.match(unchecked.body, /Confirm that you have checked the text/)
    const opened = await submitForm(t.app, {
      cookie: cookies.reviewer,
      formPage: `/incidents/reports/${report.id}`,
      url: `/incidents/reports/${report.id}/open`,
      fields: { ...fields, summaryEn: 'A plot was recorded under a neighbour.' },
    })
    assert.equal(opened.statusCode, 303)
    assert.match(opened.headers.location!, /^\/incidents\/manage\/\d+$/)
  })

  test('the proposed Urdu summary replaces the reporter’s own name, as written in Urdu in the contact fields', async () => {
    await submitForm(t.app, {
      formPage: '/ur/report',
      url: '/ur/report',
      fields: {
        narrative: 'میں رشید خان ہوں۔ میری زمین کا ریکارڈ غلط درج ہوا، رابطہ (0301) 7654321',
        system: String(system.number),
        harmKinds: ['financial'],
        severity: 'severe',
        name: 'رشید خان',
        consent: 'yes',
      },
    })
    const report = await latestReport()
    const page = await t.app.inject({ url: `/incidents/reports/${report.id}`, headers: { cookie: cookies.reviewer } })
    assert.match(page.body, /میں \[نام ہٹایا گیا\] ہوں۔/)
    assert.match(page.body, /رابطہ \[فون نمبر ہٹایا گیا\]/)
  })

  test('the body answers through its page, the reviewer decides, and the public sees the outcome but never the report', async () => {
    const number = /href="\/incidents\/manage\/(\d+)"/.exec(
      (await t.app.inject({ url: '/incidents/manage', headers: { cookie: cookies.reviewer } })).body,
    )![1]
    const manage = `/incidents/manage/${number}`
    assert.equal(
      (
        await submitForm(t.app, {
          cookie: cookies.reviewer,
          formPage: manage,
          url: `${manage}/refer`,
          fields: { dueOn: '2027-01-10' },
        })
      ).statusCode,
      303,
    )
    assert.equal(
      (await t.app.inject({ url: manage, headers: { cookie: cookies.other } })).statusCode,
      404,
      'another body is told it does not exist',
    )
    assert.doesNotMatch(
      (await t.app.inject({ url: '/incidents/manage', headers: { cookie: cookies.other } })).body,
      new RegExp(`/incidents/manage/${number}"`),
    )
    const tooPersonal = await submitForm(t.app, {
      cookie: cookies.member,
      formPage: manage,
      url: `${manage}/respond`,
      fields: { explanation: 'We phoned 0301-7654321 and fixed it.' },
    })
    assert.equal(tooPersonal.statusCode, 400)
    assert.equal(
      (
        await submitForm(t.app, {
          cookie: cookies.member,
          formPage: manage,
          url: `${manage}/respond`,
          fields: { explanation: 'Two plot numbers were read alike.', redress: 'The record is corrected and the fee refunded.' },
        })
      ).statusCode,
      303,
    )
    const noReason = await submitForm(t.app, {
      cookie: cookies.reviewer,
      formPage: manage,
      url: `${manage}/decide`,
      fields: { outcome: 'not_upheld' },
    })
    assert.equal(noReason.statusCode, 400)
    assert.equal(
      (
        await submitForm(t.app, {
          cookie: cookies.reviewer,
          formPage: manage,
          url: `${manage}/decide`,
          fields: { outcome: 'redress_provided', reason: 'Record corrected.' },
        })
      ).statusCode,
      303,
    )

    const pub = await t.app.inject({ url: `/ur/incidents/${number}` })
    assert.equal(pub.statusCode, 200)
    assert.match(pub.body, /ازالہ کر دیا گیا/)
    assert.match(pub.body, /The record is corrected and the fee refunded/)
    assert.doesNotMatch(pub.body, /0301|Rashid|swapped my plot/, 'neither the report nor the reporter appears')
    assert.match(
      (await t.app.inject({ url: `/register/${system.number}` })).body,
      new RegExp(`/incidents/${number}"`),
      'the system page lists it',
    )
  })

  test('the public database searches and filters, draws its chart with a table beside it, and exports CSV and JSON', async () => {
    const list = await t.app.inject({ url: '/incidents?q=plot&sector=agriculture' })
    assert.match(list.body, /1 incidents found|Plots swapped/)
    assert.match(list.body, /<svg/)
    assert.match(list.body, /<caption>Incidents published each month, as a table<\/caption>/)
    assert.doesNotMatch((await t.app.inject({ url: '/incidents?sector=health' })).body, /Plots swapped/)
    assert.equal((await t.app.inject({ url: '/incidents?from=not-a-date' })).statusCode, 400)
    const csv = await t.app.inject({ url: '/incidents/export.csv' })
    assert.ok(csv.body.startsWith('\uFEFFnumber,url,titleEn'))
    assert.match(csv.body, /redress_provided/)
    const json = JSON.parse((await t.app.inject({ url: '/incidents/export.json?status=redress_provided' })).body) as {
      systemNumber: number
      organisation: string
    }[]
    assert.equal(json.length, 1)
    assert.deepEqual([json[0]!.systemNumber, json[0]!.organisation], [system.number, 'land-records'])
    const api = await t.app.inject({ url: '/api/v1/incidents?harm=financial' })
    assert.deepEqual(
      (JSON.parse(api.body) as { number: number }[]).map((i) => i.number),
      [(json[0] as unknown as { number: number }).number],
      'the documented API gives the same records',
    )
    assert.equal((await t.app.inject({ url: '/api/v1/incidents?harm=nonsense' })).statusCode, 400)
  })

  test('a photo attached to a report loses its location data, and only triage staff can open it', async () => {
    const photo = await sharp({ create: { width: 16, height: 16, channels: 3, background: '#885522' } })
      .jpeg()
      .withExif({ IFD0: { Artist: 'Reporter phone' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '24/1 51/1 36/1' } })
      .toBuffer()
    assert.ok((await sharp(photo).metadata()).exif, 'the test photo does carry EXIF')
    const res = await submitUpload(t.app, {
      formPage: '/report',
      action: '/report',
      fields: { narrative: 'Photo of the wrong record', harmKinds: ['financial'], severity: 'minor' },
      file: { field: 'evidence', name: 'record.jpg', bytes: photo },
    })
    assert.equal(res.statusCode, 200)
    const report = await latestReport()
    const [file] = await t.database.engine.db.select().from(storedFiles).where(eq(storedFiles.ownerId, report.id))
    assert.equal(file!.ownerType, EVIDENCE_OWNER)
    assert.equal((await sharp(file!.bytes).metadata()).exif, undefined)
    assert.equal(file!.bytes.includes(Buffer.from('Reporter phone')), false)
    assert.equal((await t.app.inject({ url: `/files/${file!.id}` })).statusCode, 404)
    assert.equal((await t.app.inject({ url: `/files/${file!.id}`, headers: { cookie: cookies.member } })).statusCode, 404)
    assert.equal((await t.app.inject({ url: `/files/${file!.id}`, headers: { cookie: cookies.reviewer } })).statusCode, 200)

    const wrong = await submitUpload(t.app, {
      formPage: '/report',
      action: '/report',
      fields: { narrative: 'Keep this text', harmKinds: ['financial'], severity: 'minor' },
      file: { field: 'evidence', name: 'page.html', bytes: '<html><script>alert(1)</script></html>' },
    })
    assert.equal(wrong.statusCode, 400)
    assert.match(wrong.body, /Attach a PDF, JPEG or PNG file/)
    assert.match(wrong.body, /Keep this text/)
  })
})
