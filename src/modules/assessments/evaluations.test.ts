import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import type { UserActor } from '../../platform/rbac.ts'
import { sessionCookie, testActor, testOrganisation } from '../../test-support/accounts.ts'
import { submitForm, testApp, testDeps, type TestApp } from '../../test-support/app.ts'
import { acceptedAssessment, completeRecord, levelThreeAnswers } from '../../test-support/register.ts'
import { createDraft } from '../register/register.service.ts'
import { addMonths } from './obligation-rules.ts'
import { obligationsOf } from './obligations.service.ts'

let t: TestApp
let member: UserActor
let reviewer: UserActor
before(async () => {
  t = await testApp()
  const org = await testOrganisation(t, 'evaluating-body')
  member = await testActor(t, ['org_member'], org.id)
  reviewer = await testActor(t, ['reviewer'])
})
after(() => t.close())

const complete = {
  periodFrom: '2026-01-01',
  periodTo: '2026-06-30',
  performance: 'Target: 95% of cases routed correctly. Achieved 96.2%.',
  group1: 'Women applicants',
  result1: 'Refusal rate 11%',
  group2: 'Men applicants',
  result2: 'Refusal rate 10%',
  changes: 'Retrained on 2026 survey data.',
  recommendation: 'continue',
}

test('an evaluation is saved as a draft until complete; a reviewer queries it, then accepts it, which meets the duty and opens the next', async () => {
  const deps = testDeps(t)
  const { id: systemId } = await createDraft(deps, member, completeRecord({ nameEn: 'Evaluated system' }))
  await acceptedAssessment(deps, member, reviewer, systemId, levelThreeAnswers)
  const memberCookie = await sessionCookie(t, member.id)
  const reviewerCookie = await sessionCookie(t, reviewer.id)
  const outsiderCookie = await sessionCookie(
    t,
    (await testActor(t, ['org_member'], (await testOrganisation(t, 'outside-body')).id)).id,
  )
  const auditorCookie = await sessionCookie(t, (await testActor(t, ['auditor'])).id)

  const incomplete = await submitForm(t.app, {
    cookie: memberCookie,
    formPage: `/evaluations/new/${systemId}`,
    url: `/evaluations/new/${systemId}`,
    fields: { performance: 'Good', intent: 'submit' },
  })
  assert.equal(incomplete.statusCode, 400)
  assert.match(incomplete.body, /Give results for at least one group/)
  const id = /action="\/evaluations\/([0-9a-f-]{36})"/.exec(incomplete.body)?.[1]
  assert.ok(id, 'the draft was kept')
  assert.equal((await t.app.inject({ url: `/evaluations/${id}`, headers: { cookie: outsiderCookie } })).statusCode, 404)
  assert.equal((await t.app.inject({ url: `/evaluations/${id}`, headers: { cookie: auditorCookie } })).statusCode, 404)

  const submitted = await submitForm(t.app, {
    cookie: memberCookie,
    formPage: `/evaluations/${id}`,
    url: `/evaluations/${id}`,
    fields: { ...complete, intent: 'submit' },
  })
  assert.equal(submitted.statusCode, 303)
  assert.match(
    (await t.app.inject({ url: '/register/review', headers: { cookie: reviewerCookie } })).body,
    new RegExp(`/evaluations/${id}`),
  )
  const queried = await submitForm(t.app, {
    cookie: reviewerCookie,
    formPage: `/evaluations/${id}`,
    url: `/evaluations/${id}/decide`,
    fields: { decision: 'query', question: 'Which survey data, and how many records?' },
  })
  assert.equal(queried.statusCode, 303)
  const form = await t.app.inject({ url: `/evaluations/${id}`, headers: { cookie: memberCookie } })
  assert.match(form.body, /Which survey data, and how many records\?/)
  await submitForm(t.app, {
    cookie: memberCookie,
    formPage: `/evaluations/${id}`,
    url: `/evaluations/${id}`,
    fields: { ...complete, changes: 'Retrained on 1.2 million records of the 2026 survey.', intent: 'submit' },
  })
  const accepted = await submitForm(t.app, {
    cookie: reviewerCookie,
    formPage: `/evaluations/${id}`,
    url: `/evaluations/${id}/decide`,
    fields: { decision: 'accept' },
  })
  assert.equal(accepted.statusCode, 303)

  const evaluations = (await obligationsOf(t.database.engine.db, deps.clock, systemId)).filter(
    (d) => d.kind === 'lifecycle_evaluation',
  )
  assert.deepEqual(evaluations.map((d) => d.status).sort(), ['met', 'open'])
  const met = evaluations.find((d) => d.status === 'met')!
  const next = evaluations.find((d) => d.status === 'open')!
  assert.equal(next.dueOn, addMonths(met.dueOn, 6), 'at level III the next evaluation falls due six months after the last')
})
