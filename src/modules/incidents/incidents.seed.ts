import { readFileSync } from 'node:fs'
import { z } from 'zod'
import type { Deps } from '../../platform/deps.ts'
import { pakistanToday } from '../../platform/work-queue.ts'
import { actorByEmail } from '../accounts/accounts.service.ts'
import { registeredSystemId, systemSummary } from '../register/register.service.ts'
import { ReportForm, submitReport } from './incidents.service.ts'
import { anyIncident } from './incidents.repository.ts'
import { outcomes } from './incidents.vocabulary.ts'
import { decideIncident, openIncident, referIncident, respondToIncident } from './triage.service.ts'

const DemoFile = z.object({
  incidents: z.array(
    z.object({
      organisation: z.string(),
      system: z.string(),
      report: z.looseObject({ locale: z.enum(['en', 'ur']) }),
      titleEn: z.string().optional(),
      titleUr: z.string().optional(),
      summaryEn: z.string().optional(),
      summaryUr: z.string().optional(),
      refer: z.boolean().optional(),
      response: z
        .object({ explanation: z.string(), remediation: z.string().optional(), redress: z.string().optional() })
        .optional(),
      outcome: z.object({ outcome: z.enum(outcomes), reason: z.string().optional() }).optional(),
    }),
  ),
})

/**
 * On a demonstration copy, a few illustrative reports taken through the real workflow by the demo reviewer and the
 * demo officer: one put right, one waiting for the body's answer, one just opened, one waiting for triage.
 */
export async function seedDemoIncidents(deps: Deps): Promise<number> {
  const demo = DemoFile.parse(JSON.parse(readFileSync(new URL('./demo/incidents.json', import.meta.url), 'utf8')))
  const reviewer = await actorByEmail(deps.db, 'reviewer@demo.mizan.pk')
  const officer = await actorByEmail(deps.db, 'officer@demo.mizan.pk')
  // Once there is any incident, the demonstration has been seeded (or real work has begun): add nothing.
  if (!reviewer || !officer || (await anyIncident(deps.db))) return demo.incidents.length
  for (const d of demo.incidents) {
    const systemId = await registeredSystemId(deps.db, d.organisation, d.system)
    const system = systemId && (await systemSummary(deps.db, systemId))
    if (!system) continue
    const report = await submitReport(deps, ReportForm.parse({ ...d.report, system: String(system.number) }), d.report.locale)
    if (!('id' in report) || !d.titleEn || !d.summaryEn) continue
    const form = ReportForm.parse({ ...d.report })
    const { id } = await openIncident(deps, reviewer, [report.id], {
      system: system.number,
      titleEn: d.titleEn,
      titleUr: d.titleUr,
      summaryEn: d.summaryEn,
      summaryUr: d.summaryUr,
      harmKinds: form.harmKinds,
      severity: form.severity,
      province: form.province,
    })
    if (d.refer) await referIncident(deps, reviewer, id, { dueOn: pakistanToday(deps.clock, 14) })
    if (d.response) await respondToIncident(deps, officer, id, d.response)
    if (d.outcome) await decideIncident(deps, reviewer, id, d.outcome)
  }
  return demo.incidents.length
}
