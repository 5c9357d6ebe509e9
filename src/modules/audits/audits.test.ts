import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import type { UserActor } from '../../platform/rbac.ts'
import { sessionCookie, testActor, testOrganisation } from '../../test-support/accounts.ts'
import { submitForm, submitUpload, testApp, testDeps, type TestApp } from '../../test-support/app.ts'
import { acceptedAssessment, completeRecord, levelThreeAnswers } from '../../test-support/register.ts'
import { obligationsOf } from '../assessments/obligations.service.ts'
import { approve, createDraft, submitForReview } from '../register/register.service.ts'

let t: TestApp
let member: UserActor
let reviewer: UserActor
let auditor: UserActor
let otherAuditor: UserActor
before(async () => {
  t = await testApp()
  const org = await testOrganisation(t, 'audited-body')
  const firm = await testOrganisation(t, 'audit-firm')
  member = await testActor(t, ['org_member'], org.id)
  reviewer = await testActor(t, ['reviewer'])
  auditor = await testActor(t, ['auditor'], firm.id)
  otherAuditor = await testActor(t, ['auditor'], firm.id)
})
after(() => t.close())

const cookie = (actor: UserActor) => sessionCookie(t, actor.id)
/** The smallest valid PNG: a 1×1 transparent pixel. */
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082',
  'hex',
)

test('an accredited auditor audits one system and sees nothing else; the body answers; the Directorate closes it and the public reads the summary', async () => {
  const deps = testDeps(t)
  const { id: systemId, number } = await createDraft(deps, member, completeRecord({ nameEn: 'Audited system' }))
  await submitForReview(deps, member, systemId, undefined)
  const assessment = await acceptedAssessment(deps, member, reviewer, systemId, levelThreeAnswers)
  await approve(deps, reviewer, systemId, undefined)

  const assign = {
    number: String(number),
    auditorId: auditor.id,
    scope: 'Fairness of refusals and the appeal route',
    dueOn: '2026-12-31',
  }
  const notYet = await submitForm(t.app, {
    cookie: await cookie(reviewer),
    formPage: '/audits/auditors',
    url: '/audits/new',
    fields: assign,
  })
  assert.equal(notYet.statusCode, 409, 'nobody can be assigned before accreditation')
  assert.match(notYet.body, /This auditor is not accredited/)
  assert.equal(
    (
      await submitForm(t.app, {
        cookie: await cookie(reviewer),
        formPage: '/audits/auditors',
        url: `/audits/auditors/${auditor.id}`,
        fields: { accredited: 'yes' },
      })
    ).statusCode,
    303,
  )
  const assigned = await submitForm(t.app, {
    cookie: await cookie(reviewer),
    formPage: '/audits/new',
    url: '/audits/new',
    fields: assign,
  })
  assert.equal(assigned.statusCode, 303)
  const auditUrl = assigned.headers.location as string

  // The auditor's world is the audits assigned to them.
  assert.equal((await t.app.inject({ url: auditUrl, headers: { cookie: await cookie(otherAuditor) } })).statusCode, 404)
  assert.doesNotMatch(
    (await t.app.inject({ url: '/audits', headers: { cookie: await cookie(otherAuditor) } })).body,
    /Audited system/,
  )
  for (const [url, status] of [
    [`/register/manage/${systemId}`, 403],
    ['/obligations', 403],
    [`/obligations/systems/${systemId}`, 404],
    [`/assessments/${assessment.id}`, 403],
    ['/register/review', 403],
  ] as const) {
    assert.equal((await t.app.inject({ url, headers: { cookie: await cookie(auditor) } })).statusCode, status, url)
  }

  const finding = await submitUpload(t.app, {
    cookie: await cookie(auditor),
    formPage: auditUrl,
    action: '/findings',
    fields: {
      severity: 'high',
      criterion: 'Policy 3.2(e): redress',
      description: 'Appeals are not answered within the published 30 days.',
    },
    file: { field: 'evidence', name: 'appeals.png', bytes: PNG },
  })
  assert.equal(finding.statusCode, 303)
  const page = await t.app.inject({ url: auditUrl, headers: { cookie: await cookie(member) } })
  const file = /href="(\/files\/[0-9a-f-]{36})"/.exec(page.body)?.[1]
  assert.ok(file, 'the body sees the evidence')
  assert.equal((await t.app.inject({ url: file, headers: { cookie: await cookie(reviewer) } })).statusCode, 200)
  assert.equal((await t.app.inject({ url: file, headers: { cookie: await cookie(otherAuditor) } })).statusCode, 404)
  assert.notEqual((await t.app.inject({ url: file })).statusCode, 200, 'evidence is never public')

  await submitForm(t.app, {
    cookie: await cookie(auditor),
    formPage: auditUrl,
    url: `${auditUrl}/actions`,
    fields: {
      action: 'Answer every appeal within 30 days and report the backlog monthly.',
      owner: 'Director, Appeals',
      actionDueOn: '2027-03-31',
    },
  })
  const concluded = await submitForm(t.app, {
    cookie: await cookie(auditor),
    formPage: auditUrl,
    url: `${auditUrl}/submit`,
    fields: {
      conclusion: 'Fit for use once appeals are answered on time.',
      summaryEn: 'One high finding: appeals answered late. A corrective action is agreed.',
    },
  })
  assert.equal(concluded.statusCode, 303)
  const early = await submitForm(t.app, {
    cookie: await cookie(reviewer),
    formPage: auditUrl,
    url: `${auditUrl}/close`,
    fields: {},
  })
  assert.equal(early.statusCode, 409, 'not before the body has answered')
  const actionId = /action="\/audits\/actions\/([0-9a-f-]{36})\/respond"/.exec(
    (await t.app.inject({ url: auditUrl, headers: { cookie: await cookie(member) } })).body,
  )?.[1]
  assert.ok(actionId)
  await submitForm(t.app, {
    cookie: await cookie(member),
    formPage: auditUrl,
    url: `/audits/actions/${actionId}/respond`,
    fields: { response: 'Two more officers assigned to appeals from January.' },
  })
  assert.equal(
    (await submitForm(t.app, { cookie: await cookie(reviewer), formPage: auditUrl, url: `${auditUrl}/close`, fields: {} }))
      .statusCode,
    303,
  )

  const duty = (await obligationsOf(t.database.engine.db, deps.clock, systemId)).find((d) => d.kind === 'audit_before_production')
  assert.equal(duty?.status, 'met')
  const record = await t.app.inject({ url: `/register/${number}` })
  assert.match(record.body, /Last third-party audit/)
  assert.match(record.body, /One high finding: appeals answered late/)
  assert.match(record.body, /Findings: 0 critical, 1 high, 0 medium, 0 low/)
})
