import { eq } from 'drizzle-orm'
import { auditSummaryPanel } from './audits.panels.tsx'
import type { Feature } from '../../platform/feature.ts'
import { counting } from '../../platform/indicators.ts'
import { auditsRoutes } from './audits.routes.tsx'
import { ASSIGNED_KIND, CLOSE_KIND, EVIDENCE_OWNER, mayReadEvidence, seedDemoAccreditations } from './audits.service.ts'
import { audits } from './audits.tables.ts'

/** Independent audits by accredited auditors: findings, evidence, corrective actions and a public summary. */
export const auditsFeature: Feature = {
  name: 'audits',
  routes: auditsRoutes,
  fileRules: (deps) => ({ [EVIDENCE_OWNER]: (req, findingId) => mayReadEvidence(deps.db, req.actor, findingId) }),
  panels: [auditSummaryPanel],
  workKinds: [ASSIGNED_KIND, CLOSE_KIND],
  indicators: [counting('audits.closed', '3.2', audits, eq(audits.state, 'closed'))],
  // The accreditations print no count: the step only accredits the demo auditor the first time.
  demo: [{ name: 'demoAccreditations', order: 40, run: async (d) => void (await seedDemoAccreditations(d.db, d.clock)) }],
}
