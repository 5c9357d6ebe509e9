import { inArray } from 'drizzle-orm'
import { systemIncidentsPanel } from './incidents.panels.tsx'
import type { Feature } from '../../platform/feature.ts'
import { counting } from '../../platform/indicators.ts'
import { scopeOf } from '../../platform/rbac.ts'
import { incidentDatabaseRoutes } from './incident-database.routes.tsx'
import { incidentsRoutes } from './incidents.routes.tsx'
import { seedDemoIncidents } from './incidents.seed.ts'
import { EVIDENCE_OWNER } from './incidents.service.ts'
import { incidentReports, incidents } from './incidents.tables.ts'
import { applyRetention } from './retention.service.ts'
import { triageRoutes } from './triage.routes.tsx'
import { DECIDE_KIND, RESPOND_KIND, TRIAGE_KIND } from './triage.service.ts'

/** Reports of harm from the public, triage, incidents with the body's answer and redress, and the public database. */
export const incidentsFeature: Feature = {
  name: 'incidents',
  async routes(app, deps) {
    await incidentsRoutes(app, deps)
    await triageRoutes(app, deps)
    await incidentDatabaseRoutes(app, deps)
  },
  // Evidence is never public: only triage staff read it.
  fileRules: () => ({ [EVIDENCE_OWNER]: async (req) => scopeOf(req.actor, 'incidents.triage') === 'all' }),
  jobs: (deps) => [
    {
      name: 'incidents.retention',
      schedule: { dailyAt: '03:30' },
      async run(db) {
        const done = await applyRetention(db, deps.clock, deps.audit)
        if (done.erased) deps.log.info({ retention: done }, 'incidents: retention applied')
      },
    },
  ],
  panels: [systemIncidentsPanel],
  workKinds: [TRIAGE_KIND, RESPOND_KIND, DECIDE_KIND],
  indicators: [
    counting('incidents.reports_received', '3.2(e)', incidentReports),
    counting(
      'incidents.incidents_resolved',
      '3.2(e)',
      incidents,
      inArray(incidents.state, ['resolved', 'redress_provided', 'not_upheld']),
    ),
  ],
  demo: [{ name: 'demoIncidents', order: 50, run: seedDemoIncidents }],
  sealedColumns: [
    { name: 'incident_reports.contact', table: incidentReports, id: incidentReports.id, sealed: incidentReports.contactSealed },
  ],
}
