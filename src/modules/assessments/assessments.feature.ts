import { eq } from 'drizzle-orm'
import { dutiesPanel, frameworkPanel, openDutiesPanel } from './assessments.panels.tsx'
import type { Feature } from '../../platform/feature.ts'
import { counting } from '../../platform/indicators.ts'
import { assessmentsRoutes } from './assessments.routes.tsx'
import { RETURNED_KIND, REVIEW_KIND, seedDemoAssessments, seedQuestionnaires } from './assessments.service.ts'
import { impactAssessments } from './assessments.tables.ts'
import { evaluationsRoutes } from './evaluations.routes.tsx'
import { QUERIED_KIND, REVIEW_KIND as EVALUATION_REVIEW_KIND } from './evaluations.service.ts'
import { obligationsRoutes } from './obligations.routes.tsx'
import { questionnaireAuthoringRoutes } from './questionnaire-authoring.routes.tsx'
import { OVERDUE_DIRECTORATE_KIND, OVERDUE_KIND, runObligationsDaily } from './obligations.service.ts'

/** Impact assessments and their levels, the duties each level brings, and lifecycle evaluations (policy 3.2). */
export const assessmentsFeature: Feature = {
  name: 'assessments',
  async routes(app, deps) {
    await assessmentsRoutes(app, deps)
    await questionnaireAuthoringRoutes(app, deps)
    await obligationsRoutes(app, deps)
    await evaluationsRoutes(app, deps)
  },
  jobs: (deps) => [
    {
      name: 'obligations.daily',
      schedule: { dailyAt: '06:30' },
      async run(db) {
        const round = await runObligationsDaily(db, deps.clock, deps.audit, deps.publicUrl)
        deps.log.info({ obligations: round }, 'obligations: daily round')
      },
    },
  ],
  panels: [frameworkPanel, dutiesPanel, openDutiesPanel],
  workKinds: [REVIEW_KIND, RETURNED_KIND, OVERDUE_KIND, OVERDUE_DIRECTORATE_KIND, EVALUATION_REVIEW_KIND, QUERIED_KIND],
  indicators: [counting('assessments.accepted', '3.2', impactAssessments, eq(impactAssessments.state, 'accepted'))],
  seed: [{ name: 'questionnaires', order: 30, run: seedQuestionnaires }],
  demo: [{ name: 'demoAssessments', order: 30, run: (d) => seedDemoAssessments(d.db, d.clock, d.audit) }],
}
