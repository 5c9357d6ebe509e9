import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { features } from '../features.ts'
import type { Deps } from './deps.ts'
import {
  checkFeatures,
  DuplicateDeclarationError,
  fileRulesOf,
  jobsOf,
  seedStepsOf,
  workKindsOf,
  type Feature,
} from './feature.ts'
import type { FastifyRequest } from 'fastify'
import { h } from 'preact'
import { render } from 'preact-render-to-string'
import { locales, translator } from './i18n.ts'
import type { JobDeps } from './jobs.ts'
import { createPanels, type Panel } from './panels.ts'

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
      [
        'work kind "a.review"',
        [
          { name: 'a', workKinds: ['a.review'] },
          { name: 'b', workKinds: ['a.review'] },
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

  test('every kind of work item a feature declares is labelled in each language, so the queue never shows a key', () => {
    const kinds = workKindsOf(features)
    assert.ok(kinds.length >= 15, kinds.join(', '))
    for (const locale of locales) {
      const t = translator(locale)
      const unlabelled = kinds.filter((k) => t(`work.kinds.${k}`) === `work.kinds.${k}`)
      assert.deepEqual(unlabelled, [], `${locale} has no label for ${unlabelled.join(', ')}`)
    }
  })

  test('panels render in their order, all loading at once, and a panel with a permission only for those who hold it', async () => {
    let loading = 0
    let most = 0
    const panel = (id: string, order: number, access: Panel['access']): Panel => ({
      id,
      on: 'register.system',
      order,
      access,
      async load(_deps, recordId) {
        most = Math.max(most, ++loading)
        await new Promise((done) => setTimeout(done, 5))
        loading--
        return h('p', null, `${id}:${recordId}`)
      },
    })
    const panels = createPanels({} as Deps, [
      panel('late', 30, 'public'),
      panel('staff', 20, 'incidents.triage'),
      panel('first', 10, 'public'),
    ])
    const req = (actor: FastifyRequest['actor']) =>
      ({ actor, locale: 'en', t: translator('en'), url: '/', server: { assets: {} } }) as unknown as FastifyRequest
    const shown = async (actor: FastifyRequest['actor']) =>
      (await panels.render('register.system', req(actor), 's-1')).map((n) => render(n)).join('')
    assert.equal(await shown(null), '<p>first:s-1</p><p>late:s-1</p>')
    assert.equal(most, 2, 'both loaded together')
    const reviewer = { kind: 'user', id: 'u', organisationId: null, roles: ['reviewer'] } as const
    assert.equal(await shown({ ...reviewer, roles: [...reviewer.roles] }), '<p>first:s-1</p><p>staff:s-1</p><p>late:s-1</p>')
    assert.deepEqual(await panels.render('register.organisation-dashboard', req(null), 'o-1'), [])
  })
})
