import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { after, before, test } from 'node:test'
import { eq } from 'drizzle-orm'
import { createAuditLog } from '../../platform/audit-log.ts'
import { systemClock } from '../../platform/clock.ts'
import { decrypt, keyIdOf, parseKeyRing } from '../../platform/crypto.ts'
import { resealAll } from '../../platform/reseal.ts'
import { features } from '../../features.ts'
import { sealedColumnsOf } from '../../platform/feature.ts'

const sealedColumns = sealedColumnsOf(features)
import { testApp, testDeps, type TestApp } from '../../test-support/app.ts'
import { ReportForm, submitReport } from './incidents.service.ts'
import { incidentReports } from './incidents.tables.ts'

let t: TestApp
before(async () => (t = await testApp()))
after(() => t.close())

test('after a key rotation, re-sealing moves reporters’ contact details to the new key, so the old key can be removed', async () => {
  const outcome = await submitReport(
    testDeps(t),
    ReportForm.parse({ narrative: 'x', harmKinds: 'privacy', severity: 'minor', email: 'zara@example.pk' }),
    'en',
  )
  assert.ok('id' in outcome)
  const oldRing = t.config.secrets.encryptionKeys
  const spec = [...oldRing.keys].map(([id, k]) => `${id}:${k.toString('base64')}`).join(',')
  const rotated = parseKeyRing(`next:${randomBytes(32).toString('base64')},${spec}`)
  const audit = createAuditLog({ clock: systemClock, auditKey: t.config.secrets.auditKey })

  const counts = await resealAll(t.database.engine.db, rotated, sealedColumns, audit)
  assert.equal(counts['incident_reports.contact'], 1)
  const [row] = await t.database.engine.db.select().from(incidentReports).where(eq(incidentReports.id, outcome.id))
  assert.equal(keyIdOf(row!.contactSealed!), 'next')
  const onlyNew = parseKeyRing(`next:${rotated.keys.get('next')!.toString('base64')}`)
  assert.deepEqual(JSON.parse(decrypt(onlyNew, row!.contactSealed!)), { email: 'zara@example.pk' })
  assert.equal(
    (await resealAll(t.database.engine.db, rotated, sealedColumns, audit))['incident_reports.contact'],
    0,
    'a second run has nothing left to do',
  )
})
