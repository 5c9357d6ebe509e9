import assert from 'node:assert/strict'
import { appendOnlyRefusal } from '../../test-support/database.ts'
import { after, before, describe, test } from 'node:test'
import type { UserActor } from '../../platform/rbac.ts'
import { auditEntries } from '../../platform/audit.tables.ts'
import { workItems } from '../../platform/work-queue.tables.ts'
import { testActor, testOrganisation } from '../../test-support/accounts.ts'
import { testApp, testDeps, type TestApp } from '../../test-support/app.ts'
import {
  acceptedAssessment,
  completeRecord,
  levelThreeAnswers,
  lowRiskAnswers,
  nationalQuestionnaireFile,
  SHIPPED_NATIONAL_VERSION,
} from '../../test-support/register.ts'
import { approve, createDraft, submitForReview } from '../register/register.service.ts'
import * as registerRepo from '../register/register.repository.ts'
import {
  acceptAssessment,
  assessmentFrameworks,
  assessmentFor,
  issueQuestionnaire,
  returnAssessment,
  saveSection,
  startAssessment,
  submitAssessment,
} from './assessments.service.ts'
import { sql } from 'drizzle-orm'
import { questionnaires } from './assessments.tables.ts'
import { QuestionnaireDefinition } from './questionnaire.ts'

let t: TestApp
let member: UserActor
let outsider: UserActor
let reviewer: UserActor
let author: UserActor
before(async () => {
  t = await testApp()
  const org = await testOrganisation(t, 'assessed-body')
  member = await testActor(t, ['org_member'], org.id)
  outsider = await testActor(t, ['org_member'], (await testOrganisation(t, 'elsewhere')).id)
  reviewer = await testActor(t, ['reviewer'])
  author = await testActor(t, ['assessment_policy'])
})
after(() => t.close())

const deps = () => testDeps(t)
const db = () => t.database.engine.db
const sectionsOf = async (id: string) => (await assessmentFor(db(), member, 'assessments.fill', id)).questionnaire.sections

async function answerAll(id: string, answers = lowRiskAnswers) {
  for (const s of await sectionsOf(id)) await saveSection(deps(), member, id, s.id, answers)
}

describe('impact assessments', () => {
  test('one assessment is open per system; another organisation cannot see it', async () => {
    const { id: systemId } = await createDraft(deps(), member, completeRecord())
    const first = await startAssessment(deps(), member, systemId)
    assert.equal(await startAssessment(deps(), member, systemId), first)
    await assert.rejects(startAssessment(deps(), outsider, systemId), /404/)
    await assert.rejects(assessmentFor(db(), outsider, 'assessments.fill', first), /404/)
  })

  test('answers keep only options the question offers, and one for a single choice', async () => {
    const { id: systemId } = await createDraft(deps(), member, completeRecord())
    const id = await startAssessment(deps(), member, systemId)
    await saveSection(deps(), member, id, 'stakes', { decision_area: ['money', 'health'], reversibility: ['forged'] })
    const { assessment } = await assessmentFor(db(), member, 'assessments.fill', id)
    assert.deepEqual(assessment.answers, { decision_area: ['money'] })
  })

  test('submission needs every shown question, no prohibited practice and a public summary; then it is locked', async () => {
    const { id: systemId } = await createDraft(deps(), member, completeRecord())
    const id = await startAssessment(deps(), member, systemId)
    await saveSection(deps(), member, id, 'stakes', lowRiskAnswers)
    const early = await submitAssessment(deps(), member, id, { en: 'Summary' })
    assert.equal(early.ok || early.reason, 'unanswered')
    await answerAll(id, { ...lowRiskAnswers, prohibited_practices: ['social_scoring'] })
    assert.equal((await submitAssessment(deps(), member, id, { en: 'Summary' })).ok || 'refused', 'refused')
    await answerAll(id)
    const noSummary = await submitAssessment(deps(), member, id, {})
    assert.equal(noSummary.ok || noSummary.reason, 'summary')
    const done = await submitAssessment(deps(), member, id, { en: 'Information only.' })
    assert.equal(done.ok && done.score.level, 'I')
    await assert.rejects(saveSection(deps(), member, id, 'stakes', lowRiskAnswers), /assessmentLocked/)
    const items = await db().select().from(workItems)
    assert.ok(items.some((i) => i.kind === 'assessments.review' && i.subjectId === id && !i.closedAt))
  })

  test('answers to questions a later answer took away are kept while drafting, and not submitted', async () => {
    const { id: systemId } = await createDraft(deps(), member, completeRecord())
    const id = await startAssessment(deps(), member, systemId)
    await answerAll(id)
    // No bias testing after all: which groups were tested no longer applies.
    await answerAll(id, { ...lowRiskAnswers, bias_testing: ['no'] })
    assert.deepEqual((await assessmentFor(db(), member, 'assessments.fill', id)).assessment.answers.bias_groups, [
      'gender',
      'province',
    ])
    const done = await submitAssessment(deps(), member, id, { en: 'Information only.' })
    assert.ok(done.ok)
    const submitted = (await assessmentFor(db(), member, 'assessments.fill', id)).assessment
    assert.equal(submitted.answers.bias_groups, undefined)
    assert.deepEqual(submitted.answers.bias_testing, ['no'])
    const [entry] = await db()
      .select()
      .from(auditEntries)
      .where(sql`${auditEntries.action} = 'assessments.submitted' and ${auditEntries.subjectId} = ${id}`)
    assert.deepEqual(entry!.payload?.dropped, ['bias_groups'])
  })

  test('a returned assessment can be fixed and submitted again; only reviewers decide', async () => {
    const { id: systemId } = await createDraft(deps(), member, completeRecord())
    const id = await startAssessment(deps(), member, systemId)
    await answerAll(id)
    await submitAssessment(deps(), member, id, { en: 'First try' })
    await assert.rejects(acceptAssessment(deps(), member, id, undefined), /404/)
    await returnAssessment(deps(), reviewer, id, 'The system handles money: check the first question.')
    await answerAll(id, levelThreeAnswers)
    const again = await submitAssessment(deps(), member, id, { en: 'Second try' })
    assert.equal(again.ok && again.score.level, 'III')
  })

  test('accepting the assessment of a published system adds a register version carrying the level', async () => {
    const { id: systemId, number } = await createDraft(deps(), member, completeRecord({ nameEn: 'Assessed twice' }))
    await submitForReview(deps(), member, systemId, undefined)
    await acceptedAssessment(deps(), member, reviewer, systemId)
    await approve(deps(), reviewer, systemId, undefined)
    assert.equal((await registerRepo.publishedByNumber(db(), number))?.entry.impactLevel, 'I')
    const second = await acceptedAssessment(deps(), member, reviewer, systemId, levelThreeAnswers)
    const shown = await registerRepo.publishedByNumber(db(), number)
    assert.deepEqual([shown?.entry.version, shown?.entry.impactLevel, shown?.version.assessmentId], [2, 'III', second.id])
    assert.equal(shown?.version.changeNote, 'Impact assessment accepted: level III')
    // The note Mizan wrote itself reads in the page's language; the open data keeps it as stored.
    const history = (await t.app.inject({ url: `/ur/register/${number}` })).body
    assert.match(history, /اثرات کا جائزہ منظور ہوا: \u2068درجہ III: زیادہ اثر\u2069/)
    assert.doesNotMatch(history, /Impact assessment accepted/)
  })

  test('a new questionnaire version is issued only after the newest; old assessments keep the version they answered', async () => {
    const { id: systemId } = await createDraft(deps(), member, completeRecord())
    const old = await acceptedAssessment(deps(), member, reviewer, systemId)
    const shipped = QuestionnaireDefinition.parse(JSON.parse(nationalQuestionnaireFile()))
    const next = SHIPPED_NATIONAL_VERSION + 1
    await assert.rejects(issueQuestionnaire(deps(), author, shipped), /questionnaireVersion/)
    await assert.rejects(issueQuestionnaire(deps(), reviewer, { ...shipped, version: next }), /403/)
    await issueQuestionnaire(deps(), author, { ...shipped, version: next, scoring: { ...shipped.scoring, deduction: 0.2 } })
    const fresh = await startAssessment(deps(), member, systemId)
    assert.equal((await assessmentFor(db(), member, 'assessments.fill', fresh)).questionnaire.version, next)
    assert.equal((await assessmentFor(db(), member, 'assessments.fill', old.id)).questionnaire.version, next - 1)
  })

  test('two frameworks are active side by side: a body chooses one where it applies, and each assessment keeps the one it answered', async () => {
    const national = QuestionnaireDefinition.parse(JSON.parse(nationalQuestionnaireFile()))
    const health = {
      ...national,
      key: 'health_sector_aia',
      version: 1,
      title: { en: 'Health sector AIA', ur: 'صحت کے شعبے کا جائزہ' },
      appliesTo: { sectors: ['health' as const] },
    }
    await issueQuestionnaire(deps(), author, health)
    const { id: hospital } = await createDraft(deps(), member, completeRecord({ sector: 'health' }))
    const { id: revenue } = await createDraft(deps(), member, completeRecord({ sector: 'governance_justice' }))
    const offered = async (systemId: string) => (await assessmentFrameworks(db(), systemId)).map((f) => f.key)
    // The screening questionnaire Mizan ships applies everywhere, beside the national one.
    assert.deepEqual(await offered(hospital), ['pk_national_aia', 'health_sector_aia', 'pk_screening'])
    assert.deepEqual(
      await offered(revenue),
      ['pk_national_aia', 'pk_screening'],
      'a sector framework is offered only in its sector',
    )
    await assert.rejects(startAssessment(deps(), member, revenue, 'health_sector_aia'), /404/)
    const byHealth = await startAssessment(deps(), member, hospital, 'health_sector_aia')
    const byDefault = await startAssessment(deps(), member, revenue)
    assert.equal((await assessmentFor(db(), member, 'assessments.fill', byHealth)).questionnaire.key, 'health_sector_aia')
    assert.equal((await assessmentFor(db(), member, 'assessments.fill', byDefault)).questionnaire.key, 'pk_national_aia')
    const { id: third } = await createDraft(deps(), member, completeRecord())
    await assert.rejects(startAssessment(deps(), member, third, 'no_such_framework'), /404/)
    const wrong = { ...health, version: 2, appliesTo: { sectors: ['astrology'] } }
    assert.equal(QuestionnaireDefinition.safeParse(wrong).success, false, 'a sector Mizan does not know is refused')
  })

  test('an issued questionnaire can be neither changed nor removed, even by the schema owner', async () => {
    const owner = t.database.owner
    await assert.rejects(owner.update(questionnaires).set({ version: 99 }), appendOnlyRefusal)
    await assert.rejects(owner.delete(questionnaires), appendOnlyRefusal)
    await assert.rejects(owner.execute(sql`truncate questionnaires cascade`), appendOnlyRefusal)
  })
})
