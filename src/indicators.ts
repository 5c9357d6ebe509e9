import { and, count, eq, gt, inArray, isNotNull } from 'drizzle-orm'
import { accessReviews, organisations } from './modules/accounts/accounts.tables.ts'
import { incidentReports, incidents } from './modules/incidents/incidents.tables.ts'
import { aiSystems, registerEntries } from './modules/register/register.tables.ts'
import type { Indicator } from './platform/indicators.ts'

const QUARTER_MS = 90 * 24 * 60 * 60 * 1000

/** Every figure Mizan computes about itself; features add theirs here, the policy tracker reads them. */
export const indicators: readonly Indicator[] = [
  {
    key: 'accounts.organisations',
    unit: 'count',
    source: '3.2(b)',
    async compute(db) {
      const [row] = await db.select({ n: count() }).from(organisations).where(eq(organisations.active, true))
      return Number(row!.n)
    },
  },
  {
    key: 'accounts.access_reviews_last_quarter',
    unit: 'count',
    source: '3.5',
    async compute(db, now) {
      const since = new Date(now.getTime() - QUARTER_MS)
      const [row] = await db.select({ n: count() }).from(accessReviews).where(and(isNotNull(accessReviews.completedAt), gt(accessReviews.completedAt, since)))
      return Number(row!.n)
    },
  },
  {
    key: 'register.systems_published',
    unit: 'count',
    source: '3.2(b)',
    async compute(db) {
      const [row] = await db.select({ n: count() }).from(registerEntries)
      return Number(row!.n)
    },
  },
  {
    key: 'register.systems_awaiting_review',
    unit: 'count',
    source: '3.2(b)',
    async compute(db) {
      const [row] = await db.select({ n: count() }).from(aiSystems).where(eq(aiSystems.draftState, 'submitted'))
      return Number(row!.n)
    },
  },
  {
    key: 'incidents.reports_received',
    unit: 'count',
    source: '3.2(e)',
    async compute(db) {
      const [row] = await db.select({ n: count() }).from(incidentReports)
      return Number(row!.n)
    },
  },
  {
    key: 'incidents.incidents_resolved',
    unit: 'count',
    source: '3.2(e)',
    async compute(db) {
      const [row] = await db.select({ n: count() }).from(incidents).where(inArray(incidents.state, ['resolved', 'redress_provided', 'not_upheld']))
      return Number(row!.n)
    },
  },
]
