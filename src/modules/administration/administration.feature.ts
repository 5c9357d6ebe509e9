import type { Feature } from '../../platform/feature.ts'
import { accountsDeps } from '../accounts/accounts.service.ts'
import { administrationRoutes } from './administration.routes.tsx'

/** The system administrator's pages: organisations, the outbox and the audit log's integrity. */
export const administrationFeature: Feature = {
  name: 'administration',
  routes: (app, deps) =>
    administrationRoutes(
      app,
      deps,
      accountsDeps(deps.db, deps.config.secrets, deps.clock, deps.audit, deps.config.securityContact),
    ),
}
