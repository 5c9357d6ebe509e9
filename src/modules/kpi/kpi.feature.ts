import type { Feature } from '../../platform/feature.ts'
import type { Indicator } from '../../platform/indicators.ts'
import { dataCallsRoutes } from './data-calls.routes.tsx'
import { CALL_KIND, CALL_OVERDUE_KIND, runDataCallsDaily } from './data-calls.service.ts'
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
  async routes(app, deps) {
    const tracker = { db: deps.db, clock: deps.clock, indicators }
    await progressRoutes(app, deps, indicators)
    await dataCallsRoutes(app, deps, tracker)
  },
  jobs: (deps) => [
    {
      name: 'progress.data-calls',
      schedule: { dailyAt: '07:00' },
      async run(db) {
        const round = await runDataCallsDaily({ db, clock: deps.clock, indicators }, deps)
        deps.log.info({ dataCalls: round }, 'progress: daily data-call round')
      },
    },
  ],
  workKinds: [CALL_KIND, CALL_OVERDUE_KIND],
  // Published reports, their PDFs and the evidence behind figures are public, like the figures.
  fileRules: () => ({ [REPORT_OWNER]: async () => true, [EVIDENCE_OWNER]: async () => true }),
  seed: [
    { name: 'policyPillars', order: 10, run: seedPillars },
    { name: 'policyItems', order: 40, run: seedPolicyItems },
  ],
})
