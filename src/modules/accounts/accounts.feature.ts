import { and, eq, gt, isNotNull } from 'drizzle-orm'
import { countOf, counting } from '../../platform/indicators.ts'
import type { Feature } from '../../platform/feature.ts'
import { accountLinksRoutes } from './account-links.routes.tsx'
import { accountsRoutes } from './accounts.routes.tsx'
import { seedDemoAccounts, seedOrganisations } from './accounts.seed.ts'
import { accountsDeps } from './accounts.service.ts'
import { accessReviews, organisations, users } from './accounts.tables.ts'
import { adminRoutes } from './admin.routes.tsx'
import { ACCESS_REVIEW_DUE, openDueAccessReviews } from './admin.service.ts'
import { createDeviceCookie } from './known-devices.ts'
import { createSessionStore, pruneSessions } from './sessions.ts'

const QUARTER_MS = 90 * 24 * 60 * 60 * 1000

/** Identity: sign-in with a second factor, invitations and resets, account administration and access reviews. */
export const accountsFeature: Feature = {
  name: 'accounts',
  async routes(app, deps) {
    const https = deps.config.publicUrl.protocol === 'https:'
    const sessions = createSessionStore({ db: deps.db, clock: deps.clock, https })
    const accounts = accountsDeps(deps.db, deps.config.secrets, deps.clock, deps.audit, deps.config.securityContact)
    await accountsRoutes(app, deps, sessions, accounts, createDeviceCookie({ db: deps.db, clock: deps.clock, https }))
    await accountLinksRoutes(app, deps, sessions, accounts)
    await adminRoutes(app, deps, accounts)
  },
  jobs: (deps) => [
    {
      name: 'accounts.access-reviews-due',
      schedule: { dailyAt: '06:00' },
      run: (db) => openDueAccessReviews(accountsDeps(db, deps.secrets, deps.clock, deps.audit)).then(() => undefined),
    },
    { name: 'sessions.prune', schedule: { everyMinutes: 60 }, run: (db, now) => pruneSessions(db, now) },
  ],
  indicators: [
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
  ],
  seed: [{ name: 'organisations', order: 20, run: seedOrganisations }],
  demo: [
    { name: 'demoAccounts', order: 10, run: (d) => seedDemoAccounts(accountsDeps(d.db, d.config.secrets, d.clock, d.audit)) },
  ],
  workKinds: [ACCESS_REVIEW_DUE],
  sealedColumns: [{ name: 'users.mfa_secret', table: users, id: users.id, sealed: users.mfaSecretSealed }],
}
