import { and, count, eq, gt, inArray, isNotNull, type SQL } from 'drizzle-orm'
import type { PgTable } from 'drizzle-orm/pg-core'
import type { Db } from './db/engine.ts'
import { accessReviews, organisations } from './modules/accounts/accounts.tables.ts'
import { impactAssessments } from './modules/assessments/assessments.tables.ts'
import { audits } from './modules/audits/audits.tables.ts'
import { incidentReports, incidents } from './modules/incidents/incidents.tables.ts'
import { aiSystems, registerEntries } from './modules/register/register.tables.ts'
import type { Indicator } from './platform/indicators.ts'

const QUARTER_MS = 90 * 24 * 60 * 60 * 1000

const countOf = async (db: Db, table: PgTable, where?: SQL) =>
  Number((await db.select({ n: count() }).from(table).where(where))[0]!.n)

/** A figure that is a count of rows, as most of Mizan's are. */
const counting = (key: string, source: string, table: PgTable, where?: SQL): Indicator => ({
  key,
  unit: 'count',
  source,
  compute: (db) => countOf(db, table, where),
})

/** Every figure Mizan computes about itself; features add theirs here, the policy tracker reads them. */
export const indicators: readonly Indicator[] = [
  counting('accounts.organisations', '3.2(b)', organisations, eq(organisations.active, true)),
  {
    key: 'accounts.access_reviews_last_quarter',
    unit: 'count',
    source: '3.5',
    compute: (db, now) =>
      countOf(
        db,
        accessReviews,
        and(isNotNull(accessReviews.completedAt), gt(accessReviews.completedAt, new Date(now.getTime() - QUARTER_MS))),
      ),
  },
  counting('register.systems_published', '3.2(b)', registerEntries),
  counting('register.systems_awaiting_review', '3.2(b)', aiSystems, eq(aiSystems.draftState, 'submitted')),
  counting('assessments.accepted', '3.2', impactAssessments, eq(impactAssessments.state, 'accepted')),
  counting('audits.closed', '3.2', audits, eq(audits.state, 'closed')),
  counting('incidents.reports_received', '3.2(e)', incidentReports),
  counting(
    'incidents.incidents_resolved',
    '3.2(e)',
    incidents,
    inArray(incidents.state, ['resolved', 'redress_provided', 'not_upheld']),
  ),
]
