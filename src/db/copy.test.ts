import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { eq, sql } from 'drizzle-orm'
import { organisations } from '../modules/accounts/accounts.tables.ts'
import type { SystemRecord } from '../modules/register/register.record.ts'
import { aiSystems } from '../modules/register/register.tables.ts'
import { freshDatabase, type TestDatabase } from '../test-support/database.ts'
import { copyInto, Serialised } from './copy.ts'

let database: TestDatabase
before(async () => (database = await freshDatabase()))
after(() => database.dispose())

test('rows written by COPY are stored exactly as an INSERT stores them, whatever their text holds', async () => {
  const { db } = database.engine
  const [org] = await db
    .insert(organisations)
    .values({ slug: 'copy-check', nameEn: 'Copy check', nameUr: 'جانچ', type: 'public_body', province: 'federal' })
    .returning()
  const awkward = 'tab\there, line\nbreak, return\r, back\\slash, \\N, “quotes”, اردو ٹیکسٹ, \\t not a tab'
  const row = (reference: string | null) => ({
    organisationId: org!.id,
    reference,
    createdAt: new Date('2026-03-01T10:20:30.456Z'),
    draftState: 'submitted' as const,
    draft: {
      nameEn: awkward,
      descriptionEn: 'a "quoted" {json} \\ value',
      provinces: ['punjab', 'sindh'],
      decisionsPerYear: 12,
    } satisfies SystemRecord,
    changeNote: awkward,
    draftUpdatedAt: new Date('2026-03-01T10:20:30.456Z'),
  })
  await db.insert(aiSystems).values(row('by-insert'))
  // A value may come already serialised, as an import's records come from the thread that read them.
  const serialised = { ...row('serialised'), draft: new Serialised(JSON.stringify(row(null).draft)) }
  await db.transaction((tx) => copyInto(tx, aiSystems, [row('by-copy'), row(null), serialised]))
  const stored = await db.select().from(aiSystems).where(eq(aiSystems.organisationId, org!.id)).orderBy(aiSystems.number)
  assert.equal(stored.length, 4)
  const comparable = ({ id: _id, number: _number, reference: _reference, ...rest }: (typeof stored)[number]) => rest
  for (const copied of stored.slice(1)) assert.deepEqual(comparable(copied), comparable(stored[0]!))
  assert.deepEqual(
    stored.map((s) => s.reference),
    ['by-insert', 'by-copy', null, 'serialised'],
  )
  assert.ok(stored[1]!.number > stored[0]!.number, 'the identity column takes its default')
  // Read as the engine holds it: Drizzle would parse a JSON string holding an object into the object again.
  const kinds = await db
    .select({ kind: sql<string>`jsonb_typeof(${aiSystems.draft})` })
    .from(aiSystems)
    .where(eq(aiSystems.organisationId, org!.id))
  assert.deepEqual(
    kinds.map((k) => k.kind),
    ['object', 'object', 'object', 'object'],
  )
})

test('a COPY of more rows than a slice, with long text in every script, stores every character of every row', async () => {
  const { db } = database.engine
  const [org] = await db
    .insert(organisations)
    .values({ slug: 'copy-slices', nameEn: 'Copy slices', nameUr: 'حصے', type: 'public_body', province: 'federal' })
    .returning()
  // Two-, three- and four-byte characters, long enough that a slice outgrows the bytes it started with; the first
  // rows' texts are of three-byte characters only (ﷺ, as Urdu text writes after the Prophet's name), a slice's
  // largest share of bytes to characters.
  const text = (i: number) =>
    i < 3 ? 'ﷺ'.repeat(200_000) : `${i} نظام کی تفصیل 𝐀𝐈 🇵🇰 ${'ڈیٹا، ماڈل اور جانچ '.repeat(60)}`.trim()
  const rows = Array.from({ length: 2600 }, (_, i) => ({
    organisationId: org!.id,
    reference: `slice-${i}`,
    createdAt: new Date('2026-03-01T10:20:30.456Z'),
    draftState: 'submitted' as const,
    draft: new Serialised(JSON.stringify({ nameEn: `System ${i}`, descriptionUr: text(i) })),
    draftUpdatedAt: new Date('2026-03-01T10:20:30.456Z'),
  }))
  await db.transaction((tx) => copyInto(tx, aiSystems, rows))
  const stored = await db
    .select({ reference: aiSystems.reference, draft: aiSystems.draft })
    .from(aiSystems)
    .where(eq(aiSystems.organisationId, org!.id))
    .orderBy(aiSystems.number)
  assert.equal(stored.length, rows.length)
  stored.forEach((s, i) => {
    assert.equal(s.reference, `slice-${i}`)
    assert.deepEqual(s.draft, { nameEn: `System ${i}`, descriptionUr: text(i) })
  })
})
