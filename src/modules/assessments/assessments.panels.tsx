import type { Panel } from '../../platform/panels.ts'
import { obligationsOf, openDuties } from './obligations.service.ts'
import { DutiesList, DutiesTable } from './views/obligations.tsx'

/** A system's duties under its impact level, on its public register page. */
export const dutiesPanel: Panel = {
  id: 'assessments.duties',
  on: 'register.system',
  order: 10,
  access: 'public',
  load: async (deps, systemId, ctx) => (
    <DutiesList ctx={ctx} duties={await obligationsOf(deps.db, deps.clock, systemId)} published />
  ),
}

/** The duties of an organisation's systems that are open, on its own list of systems. */
export const openDutiesPanel: Panel = {
  id: 'assessments.open-duties',
  on: 'register.organisation-dashboard',
  order: 10,
  access: 'register.draft',
  async load(deps, organisationId, ctx) {
    const due = await openDuties(deps.db, deps.clock, organisationId)
    return due.length ? (
      <DutiesTable ctx={ctx} rows={due} caption={ctx.t('obligations.dashboard.ours', { count: due.length })} />
    ) : null
  },
}
