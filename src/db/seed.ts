import { seedDemoAccounts, seedOrganisations } from '../modules/accounts/accounts.seed.ts'
import { accountsDeps } from '../modules/accounts/accounts.service.ts'
import { seedDemoAssessments, seedQuestionnaires } from '../modules/assessments/assessments.service.ts'
import { seedDemoAccreditations } from '../modules/audits/audits.service.ts'
import { seedPillars } from '../modules/kpi/kpi.service.ts'
import { seedPolicyItems } from '../modules/kpi/progress.service.ts'
import { seedDemoIncidents } from '../modules/incidents/incidents.seed.ts'
import { seedDemoSystems } from '../modules/register/register.seed.ts'
import type { Deps } from '../platform/deps.ts'
import type { Db } from './engine.ts'

/**
 * Reference data from the policy itself, loaded on every start and by `mizan seed`; with `demo`, also one
 * account per role and illustrative register records for trying Mizan. Each step upserts by a natural key, so running it again changes nothing.
 */
export async function seed(db: Db, demo?: Deps): Promise<Record<string, number>> {
  const counts: Record<string, number> = {
    policyPillars: await seedPillars(db),
    organisations: await seedOrganisations(db),
    questionnaires: await seedQuestionnaires(db),
    policyItems: await seedPolicyItems(db),
  }
  if (demo) {
    counts.demoAccounts = await seedDemoAccounts(accountsDeps(db, demo.config.secrets, demo.clock, demo.audit))
    counts.demoSystems = await seedDemoSystems(db, demo.audit)
    counts.demoAssessments = await seedDemoAssessments(db, demo.clock, demo.audit)
    await seedDemoAccreditations(db, demo.clock)
    counts.demoIncidents = await seedDemoIncidents(demo)
  }
  return counts
}
