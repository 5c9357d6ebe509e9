import { and, eq, sql } from 'drizzle-orm'
import type { Feature } from '../../platform/feature.ts'
import { counting } from '../../platform/indicators.ts'
import { ASSIGN_KIND, ATTACHMENT_OWNER, ENDORSE_KIND, mayReadAttachment } from './applications.service.ts'
import { awardedRupees, outputsOfKind, paidRupees, REDRESS_KIND } from './decisions.service.ts'
import { FINANCE_KIND, remindReports, REPORT_KIND } from './participation.service.ts'
import { programmesRoutes } from './programmes.routes.tsx'
import { latestNaifShare } from './transparency.service.ts'
import { seedDemoCalls } from './programmes.seed.ts'
import { programmeDecisions } from './programmes.tables.ts'
import { REVIEW_KIND } from './reviews.service.ts'

const awardsOf = (programme: 'sandbox' | 'fund') =>
  and(
    eq(programmeDecisions.outcome, 'award'),
    sql`${programmeDecisions.callId} in (select id from programme_calls where programme = ${programme})`,
  )

/** The regulatory sandbox and the National AI Fund: one programme workflow, from call to decision, in two configurations. */
export const programmesFeature: Feature = {
  name: 'programmes',
  routes: programmesRoutes,
  fileRules: (deps) => ({ [ATTACHMENT_OWNER]: (req, applicationId) => mayReadAttachment(deps.db, req.actor, applicationId) }),
  workKinds: [ASSIGN_KIND, ENDORSE_KIND, REVIEW_KIND, REDRESS_KIND, FINANCE_KIND, REPORT_KIND],
  jobs: (deps) => [
    {
      name: 'programmes.report_reminders',
      schedule: { dailyAt: '07:00' },
      async run(db) {
        const due = await remindReports(db, deps.clock)
        if (due) deps.log.info({ due }, "programmes: reports due soon are in their participants' work queues")
      },
    },
  ],
  indicators: [
    counting('programmes.sandbox_admitted', '3.8', programmeDecisions, awardsOf('sandbox')),
    counting('programmes.fund_awards', '1.1', programmeDecisions, awardsOf('fund')),
    // Whole rupees: the tracker's figures are numbers; the sum itself is taken in paisa, exactly, by the database.
    { key: 'programmes.fund_awarded_pkr', unit: 'pkr', source: '1.1', compute: (db) => awardedRupees(db, 'fund') },
    { key: 'programmes.fund_paid_pkr', unit: 'pkr', source: '1.1', compute: (db) => paidRupees(db) },
    { key: 'programmes.naif_share_percent', unit: 'percent', source: '1.1(b)', compute: (db) => latestNaifShare(db) },
    // What funded projects produced (2.1.1(f)), as the projects record it.
    { key: 'programmes.fund_papers', unit: 'count', source: '2.1.1', compute: (db) => outputsOfKind(db, 'paper') },
    { key: 'programmes.fund_patents', unit: 'count', source: '2.1.1', compute: (db) => outputsOfKind(db, 'patent') },
    { key: 'programmes.fund_jobs', unit: 'count', source: '2.1.1', compute: (db) => outputsOfKind(db, 'jobs') },
  ],
  demo: [{ name: 'demoCalls', order: 60, run: seedDemoCalls }],
}
