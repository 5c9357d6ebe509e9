import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { features } from '../features.ts'
import type { Deps } from './deps.ts'
import { checkFeatures, DuplicateDeclarationError, fileRulesOf, jobsOf, seedStepsOf, type Feature } from './feature.ts'
import type { JobDeps } from './jobs.ts'

const job = (name: string) => ({ name, schedule: { everyMinutes: 1 }, run: async () => {} })
const step = (name: string, order: number) => ({ name, order, run: async () => 1 })
const jobDeps = {} as JobDeps

describe('feature manifests', () => {
  test('the start refuses two features that declare the same thing, naming it', () => {
    const cases: [string, Feature[]][] = [
      ['feature "a"', [{ name: 'a' }, { name: 'a' }]],
      [
        'indicator "a.n"',
        [
          { name: 'a', indicators: [{ key: 'a.n', unit: 'count', source: '1', compute: async () => 0 }] },
          { name: 'b', indicators: [{ key: 'a.n', unit: 'count', source: '1', compute: async () => 0 }] },
        ],
      ],
      [
        'seed step "things"',
        [
          { name: 'a', seed: [step('things', 1)] },
          { name: 'b', demo: [step('things', 2)] },
        ],
      ],
    ]
    for (const [what, list] of cases)
      assert.throws(
        () => checkFeatures(list),
        (e: Error) => e instanceof DuplicateDeclarationError && e.message === `${what} is declared twice`,
      )
    assert.throws(
      () => jobsOf([{ name: 'a', jobs: () => [job('a.tick')] }], jobDeps, [job('a.tick')]),
      /job "a.tick" is declared twice/,
    )
    const rule = async () => true
    assert.throws(
      () =>
        fileRulesOf(
          [
            { name: 'a', fileRules: () => ({ doc: rule }) },
            { name: 'b', fileRules: () => ({ doc: rule }) },
          ],
          {} as Deps,
        ),
      /file owner "doc" is declared twice/,
    )
  })

  test('seed steps run in their declared order, whichever feature declares them', () => {
    const order = seedStepsOf([
      { name: 'a', seed: [step('late', 40), step('first', 10)] },
      { name: 'b', seed: [step('middle', 20)] },
    ]).map((s) => s.name)
    assert.deepEqual(order, ['first', 'middle', 'late'])
  })

  test('Mizan’s own list is consistent, and the reference seed runs pillars, organisations, questionnaires, then policy items', () => {
    assert.doesNotThrow(() => checkFeatures(features))
    assert.deepEqual(
      seedStepsOf(features).map((s) => s.name),
      ['policyPillars', 'organisations', 'questionnaires', 'policyItems'],
    )
  })
})
