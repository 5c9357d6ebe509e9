import { seedPillars } from '../modules/kpi/kpi.service.ts'
import type { Db } from './engine.ts'

/**
 * Reference data from the policy itself, loaded on every start and by `mizan seed`.
 * Each step upserts by a natural key, so running it again changes nothing.
 */
export async function seed(db: Db): Promise<Record<string, number>> {
  return { policyPillars: await seedPillars(db) }
}
