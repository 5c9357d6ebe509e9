import type { Feature } from '../../platform/feature.ts'
import type { Indicator } from '../../platform/indicators.ts'
import { seedPillars } from './kpi.service.ts'
import { REPORT_OWNER } from './progress-report.service.ts'
import { progressRoutes } from './progress.routes.tsx'
import { EVIDENCE_OWNER, seedPolicyItems } from './progress.service.ts'

/**
 * The policy tracker (policy 1.8): the policy as data, progress, statuses and the biannual reports. It follows the
 * figures every other feature computes about itself, so it is made from theirs.
 */
export const kpiFeature = (indicators: readonly Indicator[]): Feature => ({
  name: 'kpi',
  routes: (app, deps) => progressRoutes(app, deps, indicators),
  // Published reports, their PDFs and the evidence behind figures are public, like the figures.
  fileRules: () => ({ [REPORT_OWNER]: async () => true, [EVIDENCE_OWNER]: async () => true }),
  seed: [
    { name: 'policyPillars', order: 10, run: seedPillars },
    { name: 'policyItems', order: 40, run: seedPolicyItems },
  ],
})
