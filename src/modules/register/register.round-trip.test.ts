import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { seed } from '../../db/seed.ts'
import { sessionCookie, testUser } from '../../test-support/accounts.ts'
import { submitForm, submitUpload, testApp, testDeps, type TestApp } from '../../test-support/app.ts'
import { otherEngineKind, testEngineKind } from '../../test-support/database.ts'
import { completeRecord } from '../../test-support/register.ts'
import { fieldSpecs, languageKeyOf } from './register.record.ts'

/** The register's open data as a list of systems, by the JSON download. */
const registerOf = async (t: TestApp) =>
  (await t.app.inject({ url: '/register/export.json' })).json() as {
    url: string
    reference: string | null
    organisation: Record<string, string>
    record: Record<string, unknown>
  }[]

/** What must survive a move: every field of every record, and its body whole. Numbers and dates are the new register's. */
const comparable = (systems: Awaited<ReturnType<typeof registerOf>>) =>
  systems
    .map((s) => ({ organisation: s.organisation, record: s.record }))
    .sort((a, b) => String(a.record.nameEn).localeCompare(String(b.record.nameEn)))

/** An administrator who adds bodies and imports, and a reviewer who publishes, on a fresh register. */
async function importInto(target: TestApp, filename: string, bytes: string) {
  const admin = await sessionCookie(target, (await testUser(target, { roles: ['sysadmin', 'reviewer'] })).id)
  const res = await submitUpload(target.app, {
    cookie: admin,
    formPage: '/register/import',
    action: '/register/import',
    fields: { addBodies: 'yes' },
    file: { field: 'file', name: filename, bytes },
  })
  assert.equal(res.statusCode, 303, res.body.replace(/<[^>]+>/g, ' ').slice(0, 1500))
  const batch = res.headers.location!.replace('/register/import/', '/register/review/imports/')
  const published = await submitForm(target.app, { cookie: admin, formPage: batch, url: `${batch}/publish`, fields: {} })
  assert.equal(published.statusCode, 303)
  return res
}

describe(
  `the register's downloads import into an empty register on the other engine (${testEngineKind} to ${otherEngineKind})`,
  // Once a run is enough: in the server pass, from the server to PGlite.
  { skip: testEngineKind !== 'postgres' && 'runs in the PostgreSQL server pass' },
  () => {
    let source: TestApp
    before(async () => {
      source = await testApp()
      await seed(source.database.engine.db, testDeps(source))
      // Beside the demo register, a record in Sindhi whose long texts but one are in English, each marked as such.
      const english = Object.fromEntries(
        fieldSpecs.filter((f) => f.kind === 'prose' && f.key !== 'description').map((f) => [languageKeyOf(f), 'en']),
      )
      const sindhi = completeRecord({
        ...english,
        textLanguage: 'sd',
        nameEn: 'زمين جي رڪارڊ جي تصديق',
        nameUr: 'زمین کے ریکارڈ کی تصدیق',
        summaryEn: 'رڪارڊ جي جانچ',
        descriptionEn: 'اسڪين ٿيل رڪارڊ پڙهي ٿو.',
      })
      await importInto(source, 'sindhi.json', JSON.stringify([{ organisation: 'sindh-health', ...sindhi }]))
    })
    after(() => source.close())

    for (const format of ['csv', 'json'] as const)
      test(`the ${format.toUpperCase()} download brings back every field of every record and every body`, async () => {
        const exported = (await source.app.inject({ url: `/register/export.${format}` })).body
        const original = await registerOf(source)
        assert.ok(original.length >= 9, 'the demo register is there to move')
        assert.ok(original.some((s) => s.record.appealLanguage === 'en' && s.record.textLanguage === 'sd'))
        const target = await testApp({ engine: otherEngineKind! })
        try {
          await importInto(target, `register.${format}`, exported)
          const moved = await registerOf(target)
          assert.deepEqual(comparable(moved), comparable(original))
          // Each moved system remembers where it came from, so the same file again copies nothing.
          assert.deepEqual(moved.map((s) => s.reference).sort(), original.map((s) => s.url).sort())
          const admin = await sessionCookie(target, (await testUser(target, { roles: ['reviewer'] })).id)
          const again = await submitUpload(target.app, {
            cookie: admin,
            formPage: '/register/import',
            action: '/register/import',
            file: { field: 'file', name: `register.${format}`, bytes: exported },
          })
          assert.match(again.body, /are already in the register as they stand/)
        } finally {
          await target.close()
        }
      })
  },
)
