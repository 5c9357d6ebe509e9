import { countDistinct, eq, ne } from 'drizzle-orm'
import type { Feature } from '../../platform/feature.ts'
import { counting } from '../../platform/indicators.ts'
import { registerApiRoutes } from './register-api.routes.tsx'
import { forgetImportChecks } from './register-import.service.ts'
import { registerManageRoutes } from './register-manage.routes.tsx'
import { registerRoutes } from './register.routes.tsx'
import { seedDemoSystems } from './register.seed.ts'
import { IMPORT_KIND, RETURNED_KIND, REVIEW_KIND } from './register.service.ts'
import { aiSystems, registerEntries } from './register.tables.ts'

/** The public register of AI systems (policy 3.2(b)): drafting, review, versions, search, open data and import. */
export const registerFeature: Feature = {
  name: 'register',
  async routes(app, deps) {
    await registerRoutes(app, deps)
    await registerApiRoutes(app, deps)
    await registerManageRoutes(app, deps)
  },
  indicators: [
    counting('register.systems_published', '3.2(b)', registerEntries),
    {
      // Bodies that apply the national framework: each has a system in the register whose impact assessment was accepted.
      key: 'register.bodies_assessed',
      unit: 'count',
      source: '3.2(c)',
      compute: async (db) =>
        Number(
          (
            await db
              .select({ n: countDistinct(registerEntries.organisationId) })
              .from(registerEntries)
              .where(ne(registerEntries.impactLevel, 'not_assessed'))
          )[0]!.n,
        ),
    },
    counting('register.systems_awaiting_review', '3.2(b)', aiSystems, eq(aiSystems.draftState, 'submitted')),
  ],
  jobs: () => [{ name: 'register.forget-import-checks', schedule: { dailyAt: '03:30' }, run: forgetImportChecks }],
  workKinds: [REVIEW_KIND, RETURNED_KIND, IMPORT_KIND],
  demo: [{ name: 'demoSystems', order: 20, run: (d) => seedDemoSystems(d.db, d.audit) }],
}
