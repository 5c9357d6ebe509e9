import { accountsFeature } from './modules/accounts/accounts.feature.ts'
import { administrationFeature } from './modules/administration/administration.feature.ts'
import { assessmentsFeature } from './modules/assessments/assessments.feature.ts'
import { auditsFeature } from './modules/audits/audits.feature.ts'
import { feedbackFeature } from './modules/feedback/feedback.feature.ts'
import { incidentsFeature } from './modules/incidents/incidents.feature.ts'
import { kpiFeature } from './modules/kpi/kpi.feature.ts'
import { programmesFeature } from './modules/programmes/programmes.feature.ts'
import { registerFeature } from './modules/register/register.feature.ts'
import { siteFeature } from './modules/site/site.feature.ts'
import { checkFeatures, indicatorsOf } from './platform/feature.ts'

// Routes are registered in this order. A new feature is one folder and one line here.
const reporting = [
  siteFeature,
  feedbackFeature,
  accountsFeature,
  administrationFeature,
  registerFeature,
  assessmentsFeature,
  auditsFeature,
  incidentsFeature,
  programmesFeature,
]

/** Every feature of Mizan, checked once: the tracker last, since it follows the figures of all the others. */
export const features = checkFeatures([...reporting, kpiFeature(indicatorsOf(reporting))])
