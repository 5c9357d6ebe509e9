import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { after, before, describe, test } from 'node:test'
import { stringify as toYaml } from 'yaml'
import type { UserActor } from '../../platform/rbac.ts'
import { sessionCookie, testOrganisation, testUser } from '../../test-support/accounts.ts'
import { submitForm, submitUpload, testApp, testDeps, type TestApp } from '../../test-support/app.ts'
import {
  completeRecord,
  levelThreeAnswers,
  lowRiskAnswers,
  nationalQuestionnaireFile,
  SHIPPED_NATIONAL_VERSION,
} from '../../test-support/register.ts'
import { approve, createDraft, submitForReview } from '../register/register.service.ts'
import { acceptAssessment, saveSection, startAssessment, submitAssessment } from './assessments.service.ts'

let t: TestApp
let member: UserActor
let memberCookie: string
let reviewer: UserActor
let reviewerCookie: string
let authorCookie: string

before(async () => {
  t = await testApp()
  const org = await testOrganisation(t, 'sindh-revenue')
  const m = await testUser(t, { roles: ['org_member'], organisationId: org.id })
  member = { kind: 'user', id: m.id, organisationId: org.id, roles: ['org_member'] }
  memberCookie = await sessionCookie(t, m.id)
  const rv = await testUser(t, { roles: ['reviewer'] })
  reviewer = { kind: 'user', id: rv.id, organisationId: null, roles: ['reviewer'] }
  reviewerCookie = await sessionCookie(t, rv.id)
  authorCookie = await sessionCookie(t, (await testUser(t, { roles: ['assessment_policy'] })).id)
})
after(() => t.close())

const fields = (answers: Record<string, string[]>) => answers as Record<string, string[]>
/**
 * An assessment policy officer uploads a questionnaire file, which is kept as a draft, and issues it from the draft's
 * page, as the pages do; a refused upload is answered as it is.
 */
async function uploadQuestionnaire(filename: string, content: string) {
  const uploaded = await submitUpload(t.app, {
    cookie: authorCookie,
    formPage: '/admin/questionnaires',
    action: '/admin/questionnaires',
    file: { field: 'file', name: filename, bytes: content },
  })
  if (uploaded.statusCode !== 303) return uploaded
  const draft = uploaded.headers.location as string
  return submitForm(t.app, { cookie: authorCookie, formPage: draft, url: `${draft}/issue`, fields: {} })
}
/** A member starts the system's assessment from its page, as the button there does. */
const startedFromManagePage = (systemId: string, fields: Record<string, string> = {}) =>
  submitForm(t.app, {
    cookie: memberCookie,
    formPage: `/register/manage/${systemId}`,
    url: `/register/manage/${systemId}/assessment`,
    fields,
  })

describe('filling in an impact assessment through the pages', () => {
  test('a member answers part by part, sees a new question appear, sees the level and why, and submits; a reviewer accepts; the public reads it', async () => {
    const deps = testDeps(t)
    const { id: systemId, number } = await createDraft(deps, member, completeRecord({ nameEn: 'Property tax valuation' }))
    await submitForReview(deps, member, systemId, undefined)
    const started = await startedFromManagePage(systemId)
    assert.equal(started.statusCode, 303)
    const base = started.headers.location as string
    const people = `${base}/sections/people`
    const first = await submitForm(t.app, {
      cookie: memberCookie,
      formPage: people,
      url: people,
      fields: fields({ vulnerable_groups: ['children'], people_per_year: ['to_1m'] }),
    })
    assert.equal(first.headers.location, `${people}?appeared=1`, 'the page comes back to ask the question the answer revealed')
    const again = await t.app.inject({ url: first.headers.location as string, headers: { cookie: memberCookie } })
    assert.match(again.body, /Does the system decide directly about individual children\?/)
    for (const section of [
      'prohibited',
      'stakes',
      'people',
      'autonomy',
      'data',
      'explainability',
      'quality',
      'security',
      'oversight',
    ]) {
      const url = `${base}/sections/${section}`
      const saved = await submitForm(t.app, { cookie: memberCookie, formPage: url, url, fields: fields(levelThreeAnswers) })
      assert.equal(saved.statusCode, 303, section)
    }
    const summary = await t.app.inject({ url: base, headers: { cookie: memberCookie } })
    assert.match(summary.body, /Level III: high impact/)
    assert.match(summary.body, /These answers raised the score:/)
    assert.match(summary.body, /Money: a benefit, a tax, a fine, a loan or a payment/)
    const noSummary = await submitForm(t.app, {
      cookie: memberCookie,
      formPage: base,
      url: `${base}/submit`,
      fields: { summaryEn: '' },
    })
    assert.equal(noSummary.statusCode, 400)
    assert.match(noSummary.body, /Write a public summary in English/)
    const submitted = await submitForm(t.app, {
      cookie: memberCookie,
      formPage: base,
      url: `${base}/submit`,
      fields: {
        summaryEn: 'Valuations affect tax bills; every change is checked by an assessor.',
        summaryUr: 'قیمتوں کا تعین ٹیکس بلوں پر اثر ڈالتا ہے۔',
      },
    })
    assert.equal(submitted.statusCode, 303)
    const assessmentId = base.split('/').pop()!
    assert.equal(
      (await t.app.inject({ url: `/assessments/${assessmentId}/review`, headers: { cookie: memberCookie } })).statusCode,
      403,
    )
    assert.match(
      (await t.app.inject({ url: '/register/review', headers: { cookie: reviewerCookie } })).body,
      new RegExp(`/assessments/${assessmentId}/review`),
    )
    const accepted = await submitForm(t.app, {
      cookie: reviewerCookie,
      formPage: `/assessments/${assessmentId}/review`,
      url: `/assessments/${assessmentId}/accept`,
      fields: {},
    })
    assert.equal(accepted.statusCode, 303)
    assert.equal(
      (await t.app.inject({ url: `/register/${number}/assessment` })).statusCode,
      404,
      'nothing is public before the record is',
    )
    await approve(deps, reviewer, systemId, undefined)
    const record = await t.app.inject({ url: `/ur/register/${number}` })
    assert.match(record.body, /درجہ III: زیادہ اثر/)
    const shown = await t.app.inject({ url: `/ur/register/${number}/assessment` })
    assert.equal(shown.statusCode, 200)
    assert.match(shown.body, /قیمتوں کا تعین ٹیکس بلوں پر اثر ڈالتا ہے۔/)
  })

  test('a prohibited practice cannot be submitted, and says why', async () => {
    const deps = testDeps(t)
    const { id: systemId } = await createDraft(deps, member, completeRecord({ nameEn: 'Citizen scoring' }))
    const started = await startedFromManagePage(systemId)
    const base = started.headers.location as string
    for (const section of [
      'prohibited',
      'stakes',
      'people',
      'autonomy',
      'data',
      'explainability',
      'quality',
      'security',
      'oversight',
    ]) {
      const url = `${base}/sections/${section}`
      await submitForm(t.app, {
        cookie: memberCookie,
        formPage: url,
        url,
        fields: fields({ ...lowRiskAnswers, prohibited_practices: ['social_scoring'] }),
      })
    }
    const refused = await submitForm(t.app, {
      cookie: memberCookie,
      formPage: base,
      url: `${base}/submit`,
      fields: { summaryEn: 'Scores citizens' },
    })
    assert.equal(refused.statusCode, 400)
    assert.match(refused.body, /cannot be submitted for registration/)
  })

  test('the summary names each answer a later answer took away, in both languages, before anything is submitted', async () => {
    const deps = testDeps(t)
    const { id: systemId } = await createDraft(deps, member, completeRecord({ nameEn: 'Bias-tested triage' }))
    const started = await startedFromManagePage(systemId)
    const base = started.headers.location as string
    const quality = `${base}/sections/quality`
    await submitForm(t.app, { cookie: memberCookie, formPage: quality, url: quality, fields: fields(lowRiskAnswers) })
    const before = await t.app.inject({ url: base, headers: { cookie: memberCookie } })
    assert.doesNotMatch(before.body, /no longer appl/)
    await submitForm(t.app, {
      cookie: memberCookie,
      formPage: quality,
      url: quality,
      fields: fields({ ...lowRiskAnswers, bias_testing: ['no'] }),
    })
    const en = await t.app.inject({ url: base, headers: { cookie: memberCookie } })
    assert.match(en.body, /This answer no longer applies, because of a later answer, and will not be submitted:/)
    assert.match(en.body, /<li>For which groups are the results compared\?<\/li>/)
    const ur = await t.app.inject({ url: `/ur${base}`, headers: { cookie: memberCookie } })
    assert.match(ur.body, /یہ جواب اب لاگو نہیں ہوتا/)
  })
})

describe('refreshing a part in place', () => {
  test('the preview shows the question an answer reveals and the level, and saves nothing', async () => {
    const deps = testDeps(t)
    const { id: systemId } = await createDraft(deps, member, completeRecord({ nameEn: 'Previewed system' }))
    const started = await startedFromManagePage(systemId)
    const people = `${started.headers.location as string}/sections/people`
    const preview = await submitForm(t.app, {
      cookie: memberCookie,
      formPage: people,
      url: `${people}/preview`,
      fields: { vulnerable_groups: ['children'] },
    })
    assert.equal(preview.statusCode, 200)
    assert.match(preview.body, /^<div id="section-body">/)
    assert.match(preview.body, /Does the system decide directly about individual children\?/)
    assert.match(preview.body, /Level I: little impact/)
    const page = await t.app.inject({ url: people, headers: { cookie: memberCookie } })
    assert.doesNotMatch(page.body, /Does the system decide directly about individual children\?/, 'nothing was saved')
    assert.match(page.body, /hx-post="[^"]+\/preview"/)
  })
})

describe('issuing a questionnaire version', () => {
  const shipped = JSON.parse(nationalQuestionnaireFile()) as {
    version: number
    scoring: { levels: { upTo: number }[] }
  }
  const next = SHIPPED_NATIONAL_VERSION + 1
  const upload = uploadQuestionnaire

  test('an assessment policy officer uploads YAML: a malformed definition is refused with each problem, a good one is issued', async () => {
    const broken = structuredClone(shipped)
    broken.version = next
    broken.scoring.levels[1]!.upTo = 0.1
    const refused = await upload('national-next.yaml', toYaml(broken))
    assert.equal(refused.statusCode, 400)
    assert.match(refused.body, /scoring.levels: each level must reach higher than the one before/)
    const good = structuredClone(shipped)
    good.version = next
    assert.equal((await upload('national-next.yaml', toYaml(good))).statusCode, 303)
    const list = await t.app.inject({ url: '/admin/questionnaires', headers: { cookie: authorCookie } })
    assert.match(list.body, new RegExp(`<bdi>${next}</bdi>`))
    assert.equal((await upload('national-next.json', JSON.stringify(good))).statusCode, 409)
    assert.equal((await t.app.inject({ url: '/admin/questionnaires', headers: { cookie: reviewerCookie } })).statusCode, 403)
  })

  test('beside the national questionnaire, a body may choose the shipped screening, in either language', async () => {
    const { id: systemId } = await createDraft(testDeps(t), member, completeRecord({ nameEn: 'Screened system' }))
    const page = `/register/manage/${systemId}`
    const en = await t.app.inject({ url: page, headers: { cookie: memberCookie } })
    assert.match(en.body, /<legend>Which questionnaire to answer<\/legend>/)
    assert.match(en.body, /value="pk_national_aia" checked/)
    assert.match(en.body, /<label for="f-framework-pk_screening">Rapid impact screening<\/label>/)
    const ur = await t.app.inject({ url: `/ur${page}`, headers: { cookie: memberCookie } })
    assert.match(ur.body, /<label for="f-framework-pk_screening">اثرات کی فوری جانچ<\/label>/)
    const started = await startedFromManagePage(systemId, { framework: 'pk_screening' })
    assert.equal(started.statusCode, 303)
    const summary = await t.app.inject({ url: started.headers.location!, headers: { cookie: memberCookie } })
    assert.match(summary.body, /<p class="caption">Rapid impact screening, version 1<\/p>/)
    const inUrdu = await t.app.inject({ url: `/ur${started.headers.location!}`, headers: { cookie: memberCookie } })
    assert.match(inUrdu.body, /اثرات کی فوری جانچ(<\/[a-z]+>)?، ورژن ⁨1⁩<\/p>/, 'an Urdu comma after the title')
  })
})

describe('questions answered in words, dates and numbers', () => {
  test('a typed answer that is not what its question takes comes back beside its question, with what was typed, in either language', async () => {
    const v1 = JSON.parse(nationalQuestionnaireFile()) as {
      sections: unknown[]
    }
    const text = (en: string, ur: string) => ({ en, ur })
    const typed = {
      ...v1,
      key: 'typed_aia',
      version: 1,
      title: text('Typed answers', 'لکھے ہوئے جوابات'),
      sections: [
        {
          id: 'context',
          title: text('Context', 'پس منظر'),
          questions: [
            { id: 'intro', type: 'note', text: text('These describe the system.', 'یہ نظام کو بیان کرتے ہیں۔') },
            { id: 'purpose', type: 'long_text', required: true, text: text('What is it for?', 'یہ کس لیے ہے؟') },
            { id: 'since', type: 'date', text: text('In use since', 'کب سے استعمال میں ہے') },
            { id: 'per_year', type: 'number', integer: true, min: 0, text: text('Decisions a year', 'سالانہ فیصلے') },
          ],
        },
        ...v1.sections,
      ],
    }
    const issued = await uploadQuestionnaire('typed.json', JSON.stringify(typed))
    assert.equal(issued.statusCode, 303)
    const { id: systemId } = await createDraft(testDeps(t), member, completeRecord({ nameEn: 'Typed answers system' }))
    const started = await startedFromManagePage(systemId, { framework: 'typed_aia' })
    const section = `${started.headers.location}/sections/context`
    const form = await t.app.inject({ url: section, headers: { cookie: memberCookie } })
    assert.match(form.body, /<textarea id="f-purpose" name="purpose"/)
    assert.match(form.body, /<input id="f-since" name="since" type="date"/)
    assert.match(form.body, /A whole number of at least 0\./)
    assert.match(form.body, /In use since \(optional\)/)

    const post = (fields: Record<string, string>, page = section) =>
      submitForm(t.app, { cookie: memberCookie, formPage: page, url: page, fields })
    const refused = await post({ purpose: 'Ranks applications', since: '2025-02-30', per_year: '12.5' })
    assert.equal(refused.statusCode, 400)
    assert.match(refused.body, /id="f-since-error">Give a real date as year, month and day/)
    assert.match(refused.body, /id="f-per_year-error">Give a whole number, without a fraction/)
    assert.match(refused.body, /value="2025-02-30"/)
    assert.match(refused.body, />Ranks applications<\/textarea>/)
    const inUrdu = await post({ purpose: 'درخواستوں کی درجہ بندی', since: '2025-02-30', per_year: '۱۲٫۵' }, `/ur${section}`)
    assert.equal(inUrdu.statusCode, 400)
    assert.match(inUrdu.body, /id="f-per_year-error">کسر کے بغیر پورا عدد دیں/)
    assert.match(inUrdu.body, /value="۱۲٫۵"/)

    const saved = await post({ purpose: 'Ranks applications', since: '2024-07-01', per_year: '۱۲,۵۰۰' })
    assert.equal(saved.statusCode, 303)
    const summary = await t.app.inject({ url: started.headers.location!, headers: { cookie: memberCookie } })
    assert.match(summary.body, /Ranks applications/)
    assert.match(summary.body, /12,500/)
  })
})

describe('an accepted assessment as open data', () => {
  test('names its framework and gives the stored score, the explanation part by part, and only the answers the public may read', async () => {
    const deps = testDeps(t)
    const v1 = JSON.parse(nationalQuestionnaireFile()) as {
      sections: { id: string }[]
    }
    const text = (en: string) => ({ en, ur: `${en} (اردو)` })
    const open = {
      ...v1,
      key: 'open_aia',
      version: 1,
      title: text('Open framework'),
      sections: [
        {
          id: 'context',
          title: text('Context'),
          questions: [
            { id: 'purpose', type: 'long_text', required: true, public: true, text: text('What is it for?') },
            { id: 'vendor', type: 'text', text: text('Who supplies it?') },
          ],
        },
        ...v1.sections,
      ],
    }
    const issued = await uploadQuestionnaire('open.json', JSON.stringify(open))
    assert.equal(issued.statusCode, 303)
    const { id: systemId, number } = await createDraft(deps, member, completeRecord({ nameEn: 'Openly assessed system' }))
    await submitForReview(deps, member, systemId, undefined)
    const id = await startAssessment(deps, member, systemId, 'open_aia')
    const answers = { ...levelThreeAnswers, purpose: ['Ranks applications for a home visit'], vendor: ['Acme Analytics'] }
    for (const section of open.sections) await saveSection(deps, member, id, section.id, answers)
    const submitted = await submitAssessment(deps, member, id, { en: 'Ranks applications; officers decide.' })
    assert.ok(submitted.ok)
    await acceptAssessment(deps, reviewer, id, undefined)
    await approve(deps, reviewer, systemId, undefined)

    const res = await t.app.inject({ url: `/api/v1/systems/${number}/assessment` })
    assert.equal(res.statusCode, 200)
    const body = res.json()
    assert.deepEqual(body.framework, { key: 'open_aia', version: 1, title: text('Open framework') })
    assert.equal(body.level, submitted.score.level)
    assert.equal(body.score.raw, submitted.score.raw)
    const sum = (key: 'risk' | 'mitigation') =>
      (body.explanation.sections as Record<string, number>[]).reduce((n, s) => n + s[key]!, 0)
    assert.equal(sum('risk'), submitted.score.raw, 'the parts add up to the raw score')
    assert.equal(sum('mitigation'), submitted.score.mitigation)
    assert.equal(
      (body.explanation.risk as { points: number }[]).reduce((n, c) => n + c.points, 0),
      submitted.score.raw,
      'every point is traced to an answer',
    )
    assert.deepEqual(body.answers.purpose, ['Ranks applications for a home visit'])
    assert.equal(body.answers.vendor, undefined, 'a typed answer the framework does not publish stays with the Directorate')
    assert.doesNotMatch(res.body, /Acme/)
    const page = await t.app.inject({ url: `/register/${number}/assessment` })
    assert.match(page.body, /Ranks applications for a home visit/)
    assert.doesNotMatch(page.body, /Acme/)
    assert.match(page.body, /<caption>Points by part of the questionnaire<\/caption>/)
    const record = await t.app.inject({ url: `/register/${number}` })
    assert.match(record.body, /<h2 id="framework-heading">Impact assessment<\/h2><p>Open framework, version 1: Level III/)
    assert.equal((await t.app.inject({ url: '/api/v1/systems/999999/assessment' })).statusCode, 404)
  })
})

describe('the definition format', () => {
  test('is served as JSON Schema that an outside validator (Ajv, draft 2020-12) holds the shipped definitions to', async () => {
    const res = await t.app.inject({ url: '/api/v1/questionnaire-definition.schema.json' })
    assert.equal(res.statusCode, 200)
    assert.match(res.headers['content-type'] as string, /^application\/schema\+json/)
    const validate = new Ajv2020({ strict: false }).compile(res.json())
    for (const file of [
      './data/pk-national-aia-v1.json',
      './data/pk-national-aia-v2.json',
      './data/pk-screening-v1.json',
      './fixtures/canada-aia-scheme.json',
    ]) {
      const definition = JSON.parse(readFileSync(new URL(file, import.meta.url), 'utf8')) as Record<string, unknown>
      assert.ok(validate(definition), `${file}: ${JSON.stringify(validate.errors)}`)
      assert.equal(validate({ ...definition, key: 'Not A Key' }), false)
      assert.equal(validate({ ...definition, sections: [] }), false)
    }
  })
})
