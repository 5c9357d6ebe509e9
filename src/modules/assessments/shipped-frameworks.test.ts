import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { after, before, describe, test } from 'node:test'
import { seed } from '../../db/seed.ts'
import { testActor } from '../../test-support/accounts.ts'
import { testApp, testDeps, type TestApp } from '../../test-support/app.ts'
import { nationalQuestionnaireFile } from '../../test-support/register.ts'
import { allQuestionnaires } from './assessments.service.ts'
import { impactAssessments, questionnaires } from './assessments.tables.ts'
import { retireQuestionnaire } from './questionnaire-authoring.service.ts'
import { QuestionnaireDefinition, score, type Questionnaire } from './questionnaire.ts'
import { isChoice, type Answers } from '../../platform/questions.ts'
import { eq } from 'drizzle-orm'

const definition = (json: string) => QuestionnaireDefinition.parse(JSON.parse(json))
const v1 = definition(nationalQuestionnaireFile(1))
const v2 = definition(nationalQuestionnaireFile(2))
const screening = definition(readFileSync(new URL('./data/pk-screening-v1.json', import.meta.url), 'utf8'))

/** A small, fixed pseudo-random sequence (mulberry32), so that every run draws the same answer sets. */
function random(seedValue: number) {
  let a = seedValue
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * Answer sets as bodies give them: each choice question answered with one option, or some of a multiple choice's
 * options, and about one in ten left unanswered; whatever conditions then hide counts for nothing, as it would. Each
 * set leans its own way, from the first options (in the national questionnaire, the least risk and mitigation) to
 * the last, so that the sets reach every level.
 */
function answerSets(def: Questionnaire, n: number): Answers[] {
  const next = random(2026)
  const questions = def.sections.flatMap((s) => s.questions).filter(isChoice)
  return Array.from({ length: n }, () => {
    const lean = next()
    const answers: Answers = {}
    for (const q of questions) {
      if (next() < 0.1) continue
      const ids = q.options.map((o) => o.id)
      const at = Math.min(ids.length - 1, Math.floor(((lean + next()) / 2) * ids.length))
      const chosen = q.type === 'single' ? [ids[at]!] : ids.filter(() => next() < lean)
      if (chosen.length) answers[q.id] = chosen
    }
    return answers
  })
}

const demoAnswers = Object.values(
  (JSON.parse(readFileSync(new URL('./demo/assessments.json', import.meta.url), 'utf8')) as { presets: Record<string, Answers> })
    .presets,
)

describe('the national questionnaire in scheme 2', () => {
  test('version 2 gives every answer set the score, deduction and level that version 1 gave', () => {
    const sets = [...demoAnswers, ...answerSets(v1, 20_000)]
    const levels = new Map<string, number>()
    let deducted = 0
    for (const [i, answers] of sets.entries()) {
      const before = score(v1, answers)
      const after = score(v2, answers)
      assert.equal(after.scheme, 2)
      assert.deepEqual(
        [after.level, after.deducted, after.maxRisk, after.threshold, after.prohibited],
        [before.level, before.deducted, before.maxRisk, before.threshold, before.prohibited],
        `answer set ${i}: ${JSON.stringify(answers)}`,
      )
      assert.ok(Math.abs(after.score - before.score) < 1e-9, `answer set ${i}: ${after.score} against ${before.score}`)
      levels.set(after.level, (levels.get(after.level) ?? 0) + 1)
      if (after.deducted) deducted++
    }
    // The comparison means something only if the sets reach every level, with and without the deduction.
    assert.deepEqual([...levels.keys()].sort(), ['I', 'II', 'III', 'IV'])
    assert.ok(Math.min(...levels.values()) >= 100, JSON.stringify([...levels]))
    assert.ok(deducted >= 100 && deducted <= sets.length - 100, `deducted in ${deducted} of ${sets.length}`)
  })

  test('the shipped screening reaches every level: its riskiest answers give IV, internal administration with safeguards I', () => {
    const levels = new Set(answerSets(screening, 2_000).map((answers) => score(screening, answers).level))
    assert.deepEqual([...levels].sort(), ['I', 'II', 'III', 'IV'])
    const worst = Object.fromEntries(
      screening.sections
        .flatMap((s) => s.questions)
        .filter(isChoice)
        .map((q) => [q.id, [q.options.at(-1)!.id]]),
    )
    assert.equal(score(screening, { ...worst, prohibited_practices: ['none'] }).level, 'IV')
    // Internal administration, nobody's data, a person checking every output: level I.
    const least = { prohibited_practices: ['none'], decision_effect: ['none'], area: ['internal'], people: ['under_1k'] }
    assert.equal(
      score(screening, { ...least, personal_data: ['none'], human_check: ['always'], appeal: ['published'] }).level,
      'I',
    )
  })
})

describe('stored assessments when version 2 is shipped', () => {
  let t: TestApp
  before(async () => {
    t = await testApp()
  })
  after(() => t.close())

  test('every level stored under version 1 is kept, and version 2 gives each the same', async () => {
    const db = t.database.engine.db
    const deps = testDeps(t)
    // A deployment from before version 2: the demonstration's assessments are answered under version 1.
    const shipped = (await allQuestionnaires(db)).find((q) => q.key === v2.key && q.version === 2)!
    await retireQuestionnaire(deps, await testActor(t, ['assessment_policy']), shipped.id, 'Answered under version 1.')
    await seed(db, deps)
    const [first] = await db.select({ id: questionnaires.id }).from(questionnaires).where(eq(questionnaires.version, 1))
    const stored = await db.select().from(impactAssessments)
    assert.ok(stored.length >= 5, `${stored.length} stored assessments`)
    assert.ok(stored.every((a) => a.questionnaireId === first!.id))
    // Seeding again, as every start does, leaves each stored score as it was.
    await seed(db)
    const again = new Map((await db.select().from(impactAssessments)).map((a) => [a.id, a.result]))
    for (const a of stored) {
      assert.deepEqual(again.get(a.id), a.result)
      assert.equal(score(v2, a.answers).level, a.result!.level, `assessment ${a.id}`)
    }
  })
})
