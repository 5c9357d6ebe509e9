import type { FastifyInstance } from 'fastify'
import type { Db } from '../db/engine.ts'
import type { Deps } from './deps.ts'
import type { FileReadRule } from './files.ts'
import type { Indicator } from './indicators.ts'
import type { Job, JobDeps } from './jobs.ts'
import type { Panel } from './panels.ts'
import type { SealedColumn } from './reseal.ts'

/** A step of the seed: reference data from the policy (every start), or demonstration data (trying Mizan only). */
export type SeedStep<D> = {
  /** Printed by `mizan seed` with the count the step returns. */
  name: string
  /** Steps run in ascending order across all features, so one feature's data can rely on another's. */
  order: number
  /** The count it prints; a step that returns nothing is not printed. */
  run(deps: D): Promise<number | void>
}

/**
 * Everything a feature brings, declared in one place (`src/modules/<feature>/<feature>.feature.ts`). The app, the
 * scheduler, the seed, `mizan reseal` and the policy tracker read the ordered list in `src/features.ts`; adding a
 * feature is one folder and one line there.
 */
export type Feature = {
  /** The module's folder name. */
  name: string
  /** Registers its routes. Each declares its access, as the access check demands. */
  routes?(app: FastifyInstance, deps: Deps): Promise<void> | void
  /** Scheduled jobs, named `<feature>.<what>`. */
  jobs?(deps: JobDeps): Job[]
  /** Figures the feature computes about itself, for the policy tracker. */
  indicators?: readonly Indicator[]
  seed?: readonly SeedStep<Db>[]
  demo?: readonly SeedStep<Deps>[]
  /** Columns of personal data it encrypts at rest, which `mizan reseal` rotates. */
  sealedColumns?: readonly SealedColumn[]
  /** Kinds of work-queue item it opens, `<feature>.<what>`; each is labelled `work.kinds.<kind>` in every catalogue. */
  workKinds?: readonly string[]
  /** What it shows on other features' pages. */
  panels?: readonly Panel[]
  /** Who may read the files attached to its records: owner type → rule. */
  fileRules?(deps: Deps): Readonly<Record<string, FileReadRule>>
}

/** Raised at start-up when two features declare the same thing: the second would silently shadow the first. */
export class DuplicateDeclarationError extends Error {}

function refuseDuplicates(what: string, names: readonly string[]) {
  const seen = new Set<string>()
  for (const name of names) {
    if (seen.has(name)) throw new DuplicateDeclarationError(`${what} "${name}" is declared twice`)
    seen.add(name)
  }
}

/** Checks what the list declares statically: feature names, indicators, seed steps, sealed columns and work kinds are unique. */
export function checkFeatures(features: readonly Feature[]): readonly Feature[] {
  refuseDuplicates(
    'feature',
    features.map((f) => f.name),
  )
  refuseDuplicates(
    'indicator',
    indicatorsOf(features).map((i) => i.key),
  )
  refuseDuplicates(
    'seed step',
    features.flatMap((f) => [...(f.seed ?? []), ...(f.demo ?? [])].map((s) => s.name)),
  )
  refuseDuplicates(
    'sealed column',
    sealedColumnsOf(features).map((c) => c.name),
  )
  refuseDuplicates('work kind', workKindsOf(features))
  return features
}

export const indicatorsOf = (features: readonly Feature[]) => features.flatMap((f) => f.indicators ?? [])
export const panelsOf = (features: readonly Feature[]) => features.flatMap((f) => f.panels ?? [])
export const sealedColumnsOf = (features: readonly Feature[]) => features.flatMap((f) => f.sealedColumns ?? [])
export const workKindsOf = (features: readonly Feature[]) => features.flatMap((f) => f.workKinds ?? [])

/** Every feature's jobs after the platform's own; a name declared twice is refused. */
export function jobsOf(features: readonly Feature[], deps: JobDeps, platform: readonly Job[] = []): Job[] {
  const jobs = [...platform, ...features.flatMap((f) => f.jobs?.(deps) ?? [])]
  refuseDuplicates(
    'job',
    jobs.map((j) => j.name),
  )
  return jobs
}

/** Every feature's file rules, by owner type; an owner type declared twice is refused. */
export function fileRulesOf(features: readonly Feature[], deps: Deps): Map<string, FileReadRule> {
  const rules = features.flatMap((f) => Object.entries(f.fileRules?.(deps) ?? {}))
  refuseDuplicates(
    'file owner',
    rules.map(([owner]) => owner),
  )
  return new Map(rules)
}

const ordered = <T extends { order: number }>(steps: T[]) => steps.sort((a, b) => a.order - b.order)

/** Reference-data steps of every feature, in the order they must run. */
export const seedStepsOf = (features: readonly Feature[]) => ordered(features.flatMap((f) => [...(f.seed ?? [])]))

/** Demonstration-data steps of every feature, in the order they must run. */
export const demoStepsOf = (features: readonly Feature[]) => ordered(features.flatMap((f) => [...(f.demo ?? [])]))
