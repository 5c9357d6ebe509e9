import type { Feature } from '../../platform/feature.ts'
import { siteRoutes } from './site.routes.tsx'

/** The home page and the statements every government service publishes. */
export const siteFeature: Feature = { name: 'site', routes: siteRoutes }
