import type { Panel } from '../../platform/panels.ts'
import { publicAuditSummary } from './audits.service.ts'
import { AuditSummary } from './views/audits.tsx'

/** The latest closed audit of a system, on its public register page. */
export const auditSummaryPanel: Panel = {
  id: 'audits.summary',
  on: 'register.system',
  order: 20,
  access: 'public',
  async load(deps, systemId, ctx) {
    const summary = await publicAuditSummary(deps.db, systemId)
    return summary ? <AuditSummary ctx={ctx} summary={summary} /> : null
  },
}
