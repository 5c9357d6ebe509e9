import assert from 'node:assert/strict'
import { desc, eq, sql } from 'drizzle-orm'
import { after, before, describe, test } from 'node:test'
import { auditEntries } from '../../platform/audit.tables.ts'
import type { UserActor } from '../../platform/rbac.ts'
import { COUNT_CAP } from '../../platform/search-count.ts'
import { testActor, testOrganisation } from '../../test-support/accounts.ts'
import { testApp, testDeps, type TestApp } from '../../test-support/app.ts'
import { testEngineKind } from '../../test-support/database.ts'
import { queryRows } from '../../db/engine.ts'
import { acceptedAssessment, completeRecord, importedFile } from '../../test-support/register.ts'
import * as repo from './register.repository.ts'
import { importSystems, publishImport } from './register-import.service.ts'
import { approve, createDraft, retire, returnForChanges, saveSection, submitForReview } from './register.service.ts'
import { aiSystemVersions, registerEntries } from './register.tables.ts'

let t: TestApp
let member: UserActor
let outsider: UserActor
let reviewer: UserActor
before(async () => {
  t = await testApp()
  const org = await testOrganisation(t, 'register-owner')
  const other = await testOrganisation(t, 'another-body')
  member = await testActor(t, ['org_member'], org.id)
  outsider = await testActor(t, ['org_member'], other.id)
  reviewer = await testActor(t, ['reviewer'])
})
after(() => t.close())

const deps = () => testDeps(t)
const search = (q: string, f: Omit<repo.RegisterFilter, 'q'> = {}) =>
  repo.searchRegister(t.database.engine.db, { q, ...f }, 'relevance', 1, 20)

async function publish(overrides = {}) {
  const { id, number } = await createDraft(deps(), member, completeRecord(overrides))
  assert.deepEqual(await submitForReview(deps(), member, id, undefined), { ok: true })
  await acceptedAssessment(deps(), member, reviewer, id)
  await approve(deps(), reviewer, id, undefined)
  return { id, number }
}

describe('register workflow', () => {
  test('a draft is saved in parts, cannot be submitted while incomplete, and is invisible to the public until approved', async () => {
    const { id, number } = await createDraft(deps(), member, { nameEn: 'Traffic signal timing' })
    const early = await submitForReview(deps(), member, id, undefined)
    assert.equal(early.ok, false)
    assert.ok('missing' in early && early.missing.includes('summaryEn') && early.missing.includes('provinces'))
    const full = completeRecord({
      nameEn: 'Traffic signal timing',
      summaryEn: 'Adjusts green-light timing at junctions from camera counts.',
    })
    for (const section of ['identity', 'purpose', 'decision', 'people', 'data', 'technology', 'lifecycle', 'risk'] as const)
      await saveSection(deps(), member, id, section, full)
    assert.equal(await repo.publishedByNumber(t.database.engine.db, number), undefined)
    assert.deepEqual(await submitForReview(deps(), member, id, undefined), { ok: true })
    await assert.rejects(saveSection(deps(), member, id, 'identity', full), /registerSubmitted/)
    assert.equal((await search('junctions')).total, 0)
    await assert.rejects(approve(deps(), reviewer, id, 'Clear and complete'), /registerNeedsAssessment/)
    await acceptedAssessment(deps(), member, reviewer, id)
    await approve(deps(), reviewer, id, 'Clear and complete')
    const shown = await repo.publishedByNumber(t.database.engine.db, number)
    assert.equal(shown?.entry.version, 1)
    assert.equal(shown?.entry.impactLevel, 'I')
    assert.equal(shown?.version.record.summaryEn, full.summaryEn)
    assert.equal((await search('junctions')).total, 1)
  })

  test('a member of another organisation, and a member acting as reviewer, are refused', async () => {
    const { id } = await createDraft(deps(), member, completeRecord())
    await assert.rejects(saveSection(deps(), outsider, id, 'identity', completeRecord()), /404/)
    await assert.rejects(submitForReview(deps(), outsider, id, undefined), /404/)
    await submitForReview(deps(), member, id, undefined)
    await assert.rejects(approve(deps(), member, id, undefined), /404/)
    await assert.rejects(createDraft(deps(), reviewer, completeRecord()), /403/)
  })

  test('a published change becomes a new version with who, when and why; the first version is kept as it was', async () => {
    const { id, number } = await publish({ nameEn: 'Crop yield estimation' })
    await saveSection(
      deps(),
      member,
      id,
      'identity',
      completeRecord({ nameEn: 'Crop yield estimation', summaryEn: 'Estimates wheat yield per district from satellite images.' }),
    )
    assert.deepEqual(await submitForReview(deps(), member, id, undefined), { ok: false, missing: ['changeNote'] })
    assert.deepEqual(await submitForReview(deps(), member, id, 'Clearer summary'), { ok: true })
    await returnForChanges(deps(), reviewer, id, {
      general: 'Say which satellites',
      fields: { summaryEn: 'Name the data source' },
    })
    assert.equal((await repo.findSystem(t.database.engine.db, id))?.draftState, 'returned')
    await saveSection(
      deps(),
      member,
      id,
      'identity',
      completeRecord({
        nameEn: 'Crop yield estimation',
        summaryEn: 'Estimates wheat yield per district from Sentinel-2 images.',
      }),
    )
    await submitForReview(deps(), member, id, 'Clearer summary')
    await approve(deps(), reviewer, id, undefined)
    const versions = await repo.versionsOf(t.database.engine.db, id)
    assert.deepEqual(
      versions.map((v) => v.version),
      [2, 1],
    )
    assert.equal(versions[0]!.changeNote, 'Clearer summary')
    assert.equal(versions[0]!.submittedBy, member.id)
    assert.equal(versions[0]!.publishedBy, reviewer.id)
    assert.equal(versions[1]!.record.summaryEn, completeRecord().summaryEn)
    const entry = (await repo.publishedByNumber(t.database.engine.db, number))?.entry
    assert.equal(entry?.version, 2)
    assert.deepEqual(entry?.firstPublishedAt, versions[1]!.publishedAt, 'the register still says when the system first appeared')
    const actions = (await t.database.engine.db.select().from(auditEntries).where(eq(auditEntries.subjectId, id))).map(
      (a) => a.action,
    )
    assert.deepEqual(actions, [
      'register.drafted',
      'register.submitted',
      'register.published',
      'register.draft_saved',
      'register.submitted',
      'register.returned',
      'register.draft_saved',
      'register.submitted',
      'register.published',
    ])
  })

  test('resubmitting a published record unchanged is refused', async () => {
    const { id } = await publish()
    await saveSection(deps(), member, id, 'identity', completeRecord())
    assert.deepEqual(await submitForReview(deps(), member, id, 'No real change'), { ok: false, unchanged: true })
  })

  test('published versions cannot be altered or deleted, even directly in the database', async () => {
    const { id } = await publish()
    await assert.rejects(
      t.database.engine.db.execute(sql`update ai_system_versions set change_note = 'forged' where system_id = ${id}`),
    )
    await assert.rejects(t.database.engine.db.delete(aiSystemVersions).where(eq(aiSystemVersions.systemId, id)))
  })

  test('retiring keeps the record public, as a new version marked retired', async () => {
    const { id, number } = await publish({ nameEn: 'Complaint routing' })
    const admin = await testActor(t, ['org_admin'], member.organisationId)
    await assert.rejects(retire(deps(), member, id, { retiredOn: '2026-06-30', reason: 'Replaced' }), /404/)
    assert.deepEqual(await retire(deps(), admin, id, { retiredOn: '2026-06-30', reason: 'Replaced by a new portal' }), {
      number,
      version: 2,
    })
    const shown = await repo.publishedByNumber(t.database.engine.db, number)
    assert.equal(shown?.entry.status, 'retired')
    assert.equal(shown?.version.record.statusSince, '2026-06-30')
    await assert.rejects(retire(deps(), admin, id, { retiredOn: '2026-07-01', reason: 'Again' }), /registerRetired/)
  })
})

describe('register search', () => {
  before(async () => {
    await publish({
      nameEn: 'Tax fraud detection',
      nameUr: 'ٹیکس فراڈ کی نشاندہی',
      summaryEn: 'Flags suspicious sales tax returns for audit.',
      summaryUr: 'مشکوک سیلز ٹیکس گوشواروں کی نشاندہی کرتا ہے۔',
      sector: 'governance_justice',
      provinces: ['federal'],
    })
    await publish({
      nameEn: 'Land record digitisation',
      nameUr: 'اراضی ریکارڈ کی ڈیجیٹائزیشن',
      summaryEn: 'Reads handwritten land records (fard) with OCR.',
      summaryUr: 'ہاتھ سے لکھے گئے زمینی ریکارڈ کو پڑھتا ہے۔ ۲۰۲۵ سے',
      sector: 'record_digitisation',
      provinces: ['punjab'],
    })
  })

  test('every long text of the record is searched, a match in the name ranks first, and Latin accents fold both ways', async () => {
    await publish({ nameEn: 'Crop yield forecasting', risksEn: 'Monsoon anomalies may skew the naïve seasonal baseline.' })
    await publish({ nameEn: 'Monsoon flood alerts', summaryEn: 'Warns districts before monsoon floods.' })
    assert.deepEqual(
      (await search('anomalies')).hits.map((h) => h.nameEn),
      ['Crop yield forecasting'],
    )
    assert.deepEqual(
      (await search('naive')).hits.map((h) => h.nameEn),
      ['Crop yield forecasting'],
    )
    assert.deepEqual(
      (await search('naïve')).hits.map((h) => h.nameEn),
      ['Crop yield forecasting'],
    )
    assert.deepEqual(
      (await search('monsoon')).hits.map((h) => h.nameEn),
      ['Monsoon flood alerts', 'Crop yield forecasting'],
    )
    const ur = await publish({ nameEn: 'Urdu risks only', risksUr: 'سیلابی پانی کے اندازے میں غلطی' })
    assert.ok(ur)
    assert.deepEqual(
      (await search('سیلابی')).hits.map((h) => h.nameEn),
      ['Urdu risks only'],
    )
  })

  test('English words match their stems', async () => {
    const found = await search('detecting frauds')
    assert.deepEqual(
      found.hits.map((h) => h.nameEn),
      ['Tax fraud detection'],
    )
  })

  test('Urdu words are found, also when typed with Arabic ي and ك, with diacritics or with Arabic-Indic digits', async () => {
    assert.deepEqual(
      (await search('اراضی')).hits.map((h) => h.nameEn),
      ['Land record digitisation'],
    )
    assert.deepEqual(
      (await search('اراضي')).hits.map((h) => h.nameEn),
      ['Land record digitisation'],
      'Arabic yeh',
    )
    assert.deepEqual(
      (await search('ٹيكس')).hits.map((h) => h.nameEn),
      ['Tax fraud detection'],
      'Arabic yeh and kaf',
    )
    assert.deepEqual(
      (await search('ٹَیکس')).hits.map((h) => h.nameEn),
      ['Tax fraud detection'],
      'with a diacritic',
    )
    assert.deepEqual(
      (await search('٢٠٢٥')).hits.map((h) => h.nameEn),
      ['Land record digitisation'],
      'Arabic-Indic digits',
    )
  })

  test('a misspelt name falls back to names that look alike', async () => {
    const found = await search('digitisaton')
    assert.equal(found.fuzzy, true)
    assert.deepEqual(
      found.hits.map((h) => h.nameEn),
      ['Land record digitisation'],
    )
  })

  test('filters narrow the results', async () => {
    assert.equal(
      (await search('', { sector: 'record_digitisation' })).hits.every((h) => h.sector === 'record_digitisation'),
      true,
    )
    assert.deepEqual((await search('handwritten', { province: 'federal' })).hits, [])
    assert.equal((await search('handwritten', { province: 'punjab' })).total, 1)
  })
})

describe('register import', () => {
  test('descriptive text holding a citizen’s CNIC or phone number is refused at submission and at import, naming the field; contact fields stay public', async () => {
    const record = completeRecord({
      affectedEn: 'Applicants such as Ali (CNIC 35202 1234567 1), reachable on (0301) 7654321.',
      contactPhone: '+92 51 9246326',
    })
    const { id } = await createDraft(deps(), member, record)
    assert.deepEqual(await submitForReview(deps(), member, id, undefined), { ok: false, personal: ['affectedEn'] })
    const admin = await testActor(t, ['org_admin'], member.organisationId)
    const imported = await importSystems(
      deps(),
      admin,
      'systems.csv',
      importedFile([
        { organisation: 'register-owner', record: completeRecord({ problemUr: 'درخواست گزار کا نمبر ۰۳۰۰-۱۲۳۴۵۶۷ ہے' }) },
      ]),
    )
    assert.deepEqual(!imported.ok && imported.problems, [{ line: 2, field: 'problemUr', message: 'register.personal.problemUr' }])
  })

  test('an import arrives as submitted, a bad row stops the whole file, and a reviewer publishes it in one decision', async () => {
    const admin = await testActor(t, ['org_admin'], member.organisationId)
    await assert.rejects(importSystems(deps(), member, 'systems.csv', importedFile([])), /403/)
    const bad = await importSystems(
      deps(),
      admin,
      'systems.csv',
      importedFile([
        { organisation: 'register-owner', record: completeRecord({ nameEn: 'Imported one' }) },
        { organisation: 'another-body', record: completeRecord({ nameEn: 'Imported two' }) },
        { organisation: 'no-such-body', record: { nameEn: 'Imported three' } },
      ]),
    )
    assert.equal(bad.ok, false)
    assert.ok(!bad.ok && bad.problems.some((p) => p.line === 3 && p.message === 'register.import.notYourOrganisation'))
    assert.ok(!bad.ok && bad.problems.some((p) => p.line === 4 && p.field === 'summaryEn'))
    assert.equal((await search('Imported')).total, 0)
    const good = await importSystems(
      deps(),
      admin,
      'systems.csv',
      importedFile([{ organisation: 'register-owner', record: completeRecord({ nameEn: 'Imported one' }) }]),
    )
    assert.ok(good.ok)
    assert.equal((await search('Imported')).total, 0)
    await assert.rejects(publishImport(deps(), member, good.importId, undefined), /403/)
    assert.deepEqual(await publishImport(deps(), reviewer, good.importId, 'Checked against the ministry list'), { published: 1 })
    assert.equal((await search('Imported')).total, 1)
    await assert.rejects(publishImport(deps(), reviewer, good.importId, undefined), /registerImportPublished/)
  })

  test('a search counts its matches exactly up to 1,000 and says "more" past it, and pages through them in rank order', async () => {
    const admin = await testActor(t, ['org_admin'], member.organisationId)
    // Each record names the word a different number of times, so that the ranking has an order to keep.
    const records = Array.from({ length: COUNT_CAP + 1 }, (_, i) => ({
      organisation: 'register-owner',
      record: completeRecord({
        nameEn: `Cadastre ${i}`,
        summaryEn: `Reads land records${' and cadastre maps'.repeat(i % 7)}.`,
        // One record is a pilot, so that the others are exactly as many as are counted.
        status: i === 0 ? 'pilot' : 'production',
      }),
    }))
    const imported = await importSystems(deps(), admin, 'systems.csv', importedFile(records))
    assert.ok(imported.ok)
    await publishImport(deps(), reviewer, imported.importId, undefined)
    const db = t.database.engine.db
    const first = await repo.searchRegister(db, { q: 'cadastre' }, 'relevance', 1, 20)
    assert.deepEqual([first.total, first.more, first.hits.length], [COUNT_CAP, true, 20])
    const exactly = await repo.searchRegister(db, { q: 'cadastre', status: 'production' }, 'relevance', 1, 20)
    assert.deepEqual([exactly.total, exactly.more], [COUNT_CAP, false])
    // Page 3 of the two-step search holds what one ranked statement over every match puts there.
    const page3 = await repo.searchRegister(db, { q: 'cadastre' }, 'relevance', 3, 20)
    const m = repo.fullTextMatching({ q: 'cadastre' })
    const ranked = await db
      .select({ number: registerEntries.number })
      .from(registerEntries)
      .where(m.where)
      .orderBy(desc(m.score!), desc(registerEntries.updatedAt), desc(registerEntries.number))
      .limit(20)
      .offset(40)
    assert.deepEqual(
      page3.hits.map((h) => h.number),
      ranked.map((r) => r.number),
    )
    assert.ok(page3.hits.every((h) => h.organisation.slug === 'register-owner' && h.nameEn.startsWith('Cadastre')))
    // By name, the order is the text's ("Cadastre 10" before "Cadastre 2"), not the order the rows were stored in.
    const byName = await repo.searchRegister(db, { q: 'cadastre' }, 'name', 2, 20)
    const named = [...Array(COUNT_CAP + 1).keys()].map((i) => `Cadastre ${i}`).sort()
    assert.deepEqual(
      byName.hits.map((h) => h.nameEn),
      named.slice(20, 40),
    )
  })

  test(
    'on the embedded engine, which has no autovacuum, an import and its publication leave the planner statistics of what they wrote',
    { skip: testEngineKind !== 'pglite' && 'a server analyses by itself' },
    async () => {
      const admin = await testActor(t, ['org_admin'], member.organisationId)
      const records = Array.from({ length: 40 }, (_, i) => ({
        organisation: 'register-owner',
        record: completeRecord({ nameEn: `Statistics ${i}` }),
      }))
      const imported = await importSystems(deps(), admin, 'systems.csv', importedFile(records))
      assert.ok(imported.ok)
      await publishImport(deps(), reviewer, imported.importId, undefined)
      const db = t.database.engine.db
      // ANALYZE of a small table counts every row: the planner's figure is the table's own.
      for (const table of ['ai_systems', 'ai_system_versions', 'register_entries']) {
        const [row] = await queryRows<{ planned: number; actual: number }>(
          db,
          sql`select reltuples::int as planned, (select count(*)::int from ${sql.identifier(table)}) as actual
              from pg_class where relname = ${table}`,
        )
        assert.equal(row?.planned, row?.actual, table)
      }
    },
  )
})
