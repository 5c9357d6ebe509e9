import type { Panel } from '../../platform/panels.ts'
import { incidentsOfSystem } from './incident-database.service.ts'
import { SystemIncidents } from './views/incident-database.tsx'

/** The published incidents about a system, on its public register page. */
export const systemIncidentsPanel: Panel = {
  id: 'incidents.published',
  on: 'register.system',
  order: 30,
  access: 'public',
  load: async (deps, systemId, ctx) => <SystemIncidents ctx={ctx} rows={await incidentsOfSystem(deps.db, systemId)} />,
}
