import assert from 'node:assert/strict'
import { appendOnlyRefusal } from '../../test-support/database.ts'
import { after, before, describe, test } from 'node:test'
import { auditEntries } from '../../db/schema.ts'
import { sessionCookie, testActor, testOrganisation, testUser } from '../../test-support/accounts.ts'
import { submitForm, submitUpload, testApp, testDeps, type TestApp } from '../../test-support/app.ts'
import {
  completeRecord,
  levelThreeAnswers,
  lowRiskAnswers,
  nationalQuestionnaireFile,
  SHIPPED_NATIONAL_VERSION,
} from '../../test-support/register.ts'
import { createDraft } from '../register/register.service.ts'
import {
  allQuestionnaires,
  assessmentFor,
  assessmentFrameworks,
  issueQuestionnaire,
  startAssessment,
  NATIONAL_KEY,
} from './assessments.service.ts'
import { retireQuestionnaire } from './questionnaire-authoring.service.ts'
import { QuestionnaireDefinition } from './questionnaire.ts'
import { questionnaireRetirements } from './assessments.tables.ts'

const national = nationalQuestionnaireFile()
const N = SHIPPED_NATIONAL_VERSION

/** The national questionnaire as a next version, with one question reworded so that its pages show which they are. */
function nextVersion(version = N + 1) {
  const def = JSON.parse(national) as {
    version: number
    sections: { questions: { id: string; text: Record<string, string> }[] }[]
  }
  def.version = version
  const q = def.sections.flatMap((s) => s.questions).find((q) => q.id === 'people_per_year')!
  q.text = {
    en: 'Roughly how many people does the system reach in a year (draft wording)?',
    ur: 'یہ نظام سال میں تقریباً کتنے لوگوں تک پہنچتا ہے (مسودے کی عبارت)؟',
  }
  return JSON.stringify(def)
}

describe('authoring a questionnaire: draft, preview, trial, issue', () => {
  let t: TestApp
  let author: string
  before(async () => {
    t = await testApp()
    author = await sessionCookie(t, (await testUser(t, { roles: ['assessment_policy'] })).id)
  })
  after(() => t.close())

  const upload = (bytes: string, name = `national-v${N + 1}.json`) =>
    submitUpload(t.app, {
      cookie: author,
      formPage: '/admin/questionnaires',
      action: '/admin/questionnaires',
      file: { field: 'file', name, bytes },
    })
  const trial = (draft: string, bytes: string) =>
    submitUpload(t.app, {
      cookie: author,
      formPage: draft,
      action: `${draft}/trial`,
      file: { field: 'file', name: 'sets.json', bytes },
    })
  const issued = async () =>
    (await allQuestionnaires(t.database.engine.db)).filter((q) => q.key === NATIONAL_KEY).map((q) => q.version)

  test('an upload is a draft that no body sees; uploading the same version again replaces it', async () => {
    const before = await issued()
    const first = await upload(nextVersion())
    assert.equal(first.statusCode, 303)
    assert.match(first.headers.location!, /^\/admin\/questionnaires\/drafts\/[0-9a-f-]{36}$/)
    assert.deepEqual(await issued(), before, 'nothing is issued by an upload')
    const again = await upload(nextVersion())
    const list = await t.app.inject({ url: '/admin/questionnaires', headers: { cookie: author } })
    assert.equal([...list.body.matchAll(/href="\/admin\/questionnaires\/drafts\//g)].length, 1, 'one draft of the next version')
    assert.match(list.body, new RegExp(`href="${again.headers.location}"`))
    assert.equal((await t.app.inject({ url: first.headers.location!, headers: { cookie: author } })).statusCode, 404)
    const stranger = await t.app.inject({ method: 'POST', url: `${again.headers.location}/discard` })
    assert.equal(stranger.statusCode, 403, 'a discard without a session and its token is refused')
    assert.equal((await t.app.inject({ url: again.headers.location!, headers: { cookie: author } })).statusCode, 200)
  })

  test('the preview shows the draft as a body will see it, in English and in Urdu', async () => {
    const draft = (await upload(nextVersion())).headers.location!
    const en = await t.app.inject({ url: `${draft}/preview`, headers: { cookie: author } })
    assert.equal(en.statusCode, 200)
    assert.match(en.body, /Roughly how many people does the system reach in a year \(draft wording\)\?/)
    assert.match(en.body, /nothing you choose here is saved/)
    const ur = await t.app.inject({ url: `/ur${draft}/preview`, headers: { cookie: author } })
    assert.equal(ur.statusCode, 200)
    assert.match(ur.body, /<html lang="ur" dir="rtl"/)
    assert.match(ur.body, /یہ نظام سال میں تقریباً کتنے لوگوں تک پہنچتا ہے \(مسودے کی عبارت\)؟/)
  })

  test('a trial scores every answer set with the draft and lists each disagreement first', async () => {
    const draft = (await upload(nextVersion())).headers.location!
    const sets = [
      { name: 'Low risk, as expected', answers: lowRiskAnswers, expected: 'I' },
      { name: 'Benefits, expected too low', answers: levelThreeAnswers, expected: 'II' },
      { name: 'A question the draft lacks', answers: { ...lowRiskAnswers, retired_question: ['yes'] }, expected: 'I' },
      { name: 'Benefits, as expected', answers: levelThreeAnswers, expected: 'III' },
    ]
    const res = await trial(draft, JSON.stringify(sets))
    assert.equal(res.statusCode, 200)
    assert.match(
      res.body,
      /2 of 4 answer sets agree with the level expected; 1 differ; 1 name a question or option this draft does not have\./,
    )
    const rows = [...res.body.matchAll(/<tr><th scope="row"[^>]*><bdi>(\d+)<\/bdi>/g)].map((m) => Number(m[1]))
    assert.deepEqual(rows, [2, 3, 1, 4], 'the disagreement and the unreadable set come first')
    assert.match(
      res.body,
      /<bdi>Benefits, expected too low<\/bdi><\/th><td[^>]*>Level II:[^<]*<\/td><td[^>]*>Level III:[^<]*<\/td><td[^>]*><strong>Differs<\/strong>/,
    )
    assert.match(res.body, /Not in this draft: <code dir="ltr">retired_question<\/code>/)

    const notAList = await trial(draft, JSON.stringify({ answers: lowRiskAnswers, expected: 'I' }))
    assert.equal(notAList.statusCode, 400)
    assert.match(notAList.body, /The file is not a JSON list of answer sets\./)
  })

  test('issuing makes the draft the next version, once, and records who drafted and issued it', async () => {
    const draft = (await upload(nextVersion())).headers.location!
    const issue = await submitForm(t.app, { cookie: author, formPage: draft, url: `${draft}/issue`, fields: {} })
    assert.equal(issue.statusCode, 303)
    assert.equal(Math.max(...(await issued())), N + 1)
    assert.equal((await t.app.inject({ url: draft, headers: { cookie: author } })).statusCode, 404, 'the draft is gone')
    const refused = await upload(nextVersion())
    assert.equal(refused.statusCode, 409, 'the version is issued: a draft of it is refused at once')
    const actions = (await t.database.engine.db.select().from(auditEntries)).map((e) => e.action)
    assert.ok(actions.includes('assessments.questionnaire_drafted'))
    assert.ok(actions.includes('assessments.questionnaire_issued'))
  })

  test('a discarded draft is gone, and nothing was issued', async () => {
    const draft = (await upload(nextVersion(N + 2))).headers.location!
    const discard = await submitForm(t.app, { cookie: author, formPage: draft, url: `${draft}/discard`, fields: {} })
    assert.equal(discard.statusCode, 303)
    assert.equal((await t.app.inject({ url: draft, headers: { cookie: author } })).statusCode, 404)
    assert.ok(!(await issued()).includes(N + 2))
  })

  test('retiring a version offers the one before it to new assessments, and leaves those that answered it alone', async () => {
    const deps = testDeps(t)
    const body = await testOrganisation(t, 'retirement-body')
    const member = await testActor(t, ['org_member'], body.id)
    const officer = await testActor(t, ['assessment_policy'])
    const versionOf = async (assessmentId: string) =>
      (await assessmentFor(t.database.engine.db, member, 'assessments.fill', assessmentId)).questionnaire.version
    const startedBefore = await startAssessment(deps, member, (await createDraft(deps, member, completeRecord())).id)
    assert.equal(await versionOf(startedBefore), N + 1)

    const idOf = async (version: number) =>
      (await allQuestionnaires(t.database.engine.db)).find((q) => q.key === 'pk_national_aia' && q.version === version)!.id
    const newest = `/admin/questionnaires/${await idOf(N + 1)}/retire`
    const blank = await submitForm(t.app, { cookie: author, formPage: newest, url: newest, fields: { reason: '  ' } })
    assert.equal(blank.statusCode, 400)
    assert.match(blank.body, /Say why this version is retired/)
    const retired = await submitForm(t.app, {
      cookie: author,
      formPage: newest,
      url: newest,
      fields: { reason: 'The wording of the reach question misled bodies.' },
    })
    assert.equal(retired.statusCode, 303)
    const list = await t.app.inject({ url: '/admin/questionnaires', headers: { cookie: author } })
    assert.match(list.body, /Retired on [^<]+: <q>The wording of the reach question misled bodies\.<\/q>/)
    assert.equal((await t.app.inject({ url: newest, headers: { cookie: author } })).statusCode, 404, 'retired once')

    const startedAfter = await startAssessment(deps, member, (await createDraft(deps, member, completeRecord())).id)
    assert.equal(await versionOf(startedAfter), N, 'new assessments answer the newest version not retired')
    assert.equal(await versionOf(startedBefore), N + 1, 'an assessment keeps the version it answered')

    for (let version = N; version > 1; version--) await retireQuestionnaire(deps, officer, await idOf(version), 'Replaced.')

    const first = `/admin/questionnaires/${await idOf(1)}/retire`
    const last = await submitForm(t.app, { cookie: author, formPage: first, url: first, fields: { reason: 'Old.' } })
    assert.equal(last.statusCode, 409)
    assert.match(last.body, /The national questionnaire must keep a version/)
    await assert.rejects(t.database.owner.delete(questionnaireRetirements), appendOnlyRefusal, 'the database keeps retirements')
  })

  test('a framework whose every version is retired is offered to no one', async () => {
    const deps = testDeps(t)
    const officer = await testActor(t, ['assessment_policy'])
    const member = await testActor(t, ['org_member'], (await testOrganisation(t, 'screened-body')).id)
    const short = { ...JSON.parse(nextVersion(1)), key: 'short_aia', title: { en: 'Short', ur: 'مختصر' } }
    const issuedShort = await issueQuestionnaire(deps, officer, QuestionnaireDefinition.parse(short))
    const { id: systemId } = await createDraft(deps, member, completeRecord())
    const offered = async () => (await assessmentFrameworks(t.database.engine.db, systemId)).map((f) => f.key)
    assert.deepEqual(await offered(), ['pk_national_aia', 'pk_screening', 'short_aia'])
    await retireQuestionnaire(deps, officer, issuedShort.id, 'Folded into the national questionnaire.')
    assert.deepEqual(await offered(), ['pk_national_aia', 'pk_screening'])
  })

  test('authoring is the assessment policy staff’s: a system administrator and a reviewer are refused', async () => {
    for (const role of ['sysadmin', 'reviewer'] as const) {
      const cookie = await sessionCookie(t, (await testUser(t, { roles: [role] })).id)
      assert.equal((await t.app.inject({ url: '/admin/questionnaires', headers: { cookie } })).statusCode, 403, role)
    }
  })
})
