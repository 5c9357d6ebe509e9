import { readFileSync } from 'node:fs'
import { z } from 'zod'
import type { Db } from '../../db/engine.ts'
import type { AuditLog } from '../../platform/audit-log.ts'
import { DraftSchema, missingFields, type SystemRecord } from './register.record.ts'
import * as repo from './register.repository.ts'
import { entryOf } from './register.service.ts'

const DemoFile = z.object({
  systems: z.array(
    z.object({
      organisation: z.string(),
      publishedAt: z.iso.datetime(),
      record: z.record(z.string(), z.unknown()),
      changes: z
        .array(z.object({ publishedAt: z.iso.datetime(), changeNote: z.string(), set: z.record(z.string(), z.unknown()) }))
        .default([]),
    }),
  ),
})

const demoFile = () => DemoFile.parse(JSON.parse(readFileSync(new URL('./data/demo-systems.json', import.meta.url), 'utf8')))

/** A record from the demonstration file, checked like any submission so that bad demo data fails loudly. */
function checked(raw: Record<string, unknown>): SystemRecord {
  const record = DraftSchema.parse(raw)
  const missing = missingFields(record)
  if (missing.length) throw new Error(`demo system ${record.nameEn}: missing ${missing.join(', ')}`)
  return record
}

/**
 * Illustrative published systems, with their version history, so that a demonstration copy shows a living register.
 * Skipped for a body that already has a system of the same name, so running it again changes nothing.
 */
export async function seedDemoSystems(db: Db, audit: AuditLog): Promise<number> {
  const { systems } = demoFile()
  const orgs = await repo.organisationsBySlug(db, [...new Set(systems.map((s) => s.organisation))])
  for (const demo of systems) {
    const org = orgs.get(demo.organisation)
    if (!org) throw new Error(`demo system for unknown organisation ${demo.organisation}`)
    const record = checked(demo.record)
    if (await repo.registeredName(db, org.id, record.nameEn!)) continue
    await db.transaction(async (tx) => {
      const first = new Date(demo.publishedAt)
      const [system] = await repo.insertSystems(tx, [{ organisationId: org.id, createdAt: first }])
      const versions = [{ record, at: first, note: '' }]
      for (const c of demo.changes)
        versions.push({
          record: checked({ ...versions.at(-1)!.record, ...c.set }),
          at: new Date(c.publishedAt),
          note: c.changeNote,
        })
      const published = { impactLevel: 'not_assessed' as const, assessmentId: null }
      await repo.insertVersions(
        tx,
        versions.map((v, i) => ({
          systemId: system!.id,
          version: i + 1,
          record: v.record,
          ...published,
          changeNote: v.note,
          publishedAt: v.at,
        })),
      )
      const last = versions.at(-1)!
      await repo.upsertEntries(tx, [
        entryOf(system!.id, system!.number, org, versions.length, last.record, published, { first, now: last.at }),
      ])
      await repo.updateSystem(tx, system!.id, { currentVersion: versions.length })
      await audit.record(
        tx,
        { kind: 'system', name: 'seed' },
        {
          action: 'register.published',
          subject: { type: 'ai_system', id: system!.id },
          changes: { number: system!.number, version: versions.length, demo: true },
        },
      )
    })
  }
  return systems.length
}
