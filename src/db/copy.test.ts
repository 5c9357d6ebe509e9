import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { eq } from 'drizzle-orm'
import { organisations } from '../modules/accounts/accounts.tables.ts'
import type { SystemRecord } from '../modules/register/register.record.ts'
import { aiSystems } from '../modules/register/register.tables.ts'
import { freshDatabase, type TestDatabase } from '../test-support/database.ts'
import { copyInto } from './copy.ts'

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
  await db.transaction((tx) => copyInto(tx, aiSystems, [row('by-copy'), row(null)]))
  const stored = await db.select().from(aiSystems).where(eq(aiSystems.organisationId, org!.id)).orderBy(aiSystems.number)
  assert.equal(stored.length, 3)
  const comparable = ({ id: _id, number: _number, reference: _reference, ...rest }: (typeof stored)[number]) => rest
  assert.deepEqual(comparable(stored[1]!), comparable(stored[0]!))
  assert.deepEqual(comparable(stored[2]!), comparable(stored[0]!))
  assert.deepEqual(
    stored.map((s) => s.reference),
    ['by-insert', 'by-copy', null],
  )
  assert.ok(stored[1]!.number > stored[0]!.number, 'the identity column takes its default')
})
