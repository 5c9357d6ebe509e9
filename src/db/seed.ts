import { features } from '../features.ts'
import { demoStepsOf, seedStepsOf } from '../platform/feature.ts'
import type { Deps } from '../platform/deps.ts'
import type { Db } from './engine.ts'

/**
 * Reference data from the policy itself, loaded on every start and by `mizan seed`; with `demo`, also one account per
 * role and illustrative records for trying Mizan. The steps come from the features, in their declared order; each
 * upserts by a natural key, so running it again changes nothing.
 */
export async function seed(db: Db, demo?: Deps): Promise<Record<string, number>> {
  const counts: Record<string, number> = {}
  const keep = (name: string, n: number | void) => void (typeof n === 'number' && (counts[name] = n))
  for (const step of seedStepsOf(features)) keep(step.name, await step.run(db))
  if (demo) for (const step of demoStepsOf(features)) keep(step.name, await step.run(demo))
  return counts
}
