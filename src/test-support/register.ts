import { readFileSync } from 'node:fs'
import {
  acceptAssessment,
  assessmentFor,
  saveSection,
  startAssessment,
  submitAssessment,
} from '../modules/assessments/assessments.service.ts'
import type { Answers } from '../platform/questions.ts'
import { readRow, type ImportPage, type ImportProblem } from '../modules/register/register.import-file.ts'
import type { SystemRecord } from '../modules/register/register.record.ts'
import { approve, createDraft, submitForReview } from '../modules/register/register.service.ts'
import type { Deps } from '../platform/deps.ts'
import type { UserActor } from '../platform/rbac.ts'

/** A complete record, ready to submit; tests override what they are about. */
export function completeRecord(overrides: SystemRecord = {}): SystemRecord {
  return {
    nameEn: 'Benefit eligibility screening',
    nameUr: 'امدادی اہلیت کی جانچ',
    summaryEn: 'Scores applications for family support payments to decide which need a home visit.',
    summaryUr: 'خاندانی امداد کی درخواستوں کو جانچتا ہے تاکہ معلوم ہو کہ کن کے لیے گھر کا دورہ ضروری ہے۔',
    descriptionEn: 'A statistical model ranks applications by the likelihood that household details are out of date.',
    seniorOfficer: 'Director General, Operations',
    contactEmail: 'ai-register@example.gov.pk',
    sector: 'governance_justice',
    problemEn: 'Survey teams cannot visit every household every year.',
    legalBasisEn: 'Benazir Income Support Programme Act 2010, section 6.',
    decisionRole: 'human_review',
    oversightEn: 'An officer reviews every refusal before it is sent.',
    appealEn: 'Applicants may ask for a review at any tehsil office within 30 days.',
    affectedEn: 'Applicants for family support, mostly women heads of household.',
    provinces: ['punjab', 'sindh'],
    dataSourcesEn: 'The national socio-economic registry.',
    personalData: ['identity', 'financial'],
    sensitiveAttributes: ['gender'],
    retentionEn: 'Scores are kept for three years.',
    modelTypes: ['statistical'],
    supplierOrigin: 'in_house',
    procurementRoute: 'in_house',
    languages: ['urdu', 'english'],
    status: 'production',
    statusSince: '2025-07-01',
    risksEn: 'Out-of-date records may lead to wrongful refusals.',
    mitigationsEn: 'Every refusal is reviewed by an officer; the model is re-tested each quarter.',
    ...overrides,
  }
}

/** The national questionnaire's answers that lead to a low level: information only, people-reviewed, well mitigated. */
export const lowRiskAnswers: Answers = {
  prohibited_practices: ['none'],
  decision_area: ['information'],
  reversibility: ['easily'],
  duration: ['days'],
  vulnerable_groups: ['none'],
  people_per_year: ['under_1k'],
  autonomy: ['human'],
  personal_data: ['none'],
  data_sharing: ['nobody'],
  explainability: ['plain'],
  explanation_given: ['always'],
  data_quality: ['good'],
  representative: ['yes'],
  bias_testing: ['regularly'],
  bias_groups: ['gender', 'province'],
  exposure: ['staff'],
  security_review: ['independent'],
  consultation: ['formal'],
  human_review: ['all'],
  override: ['yes'],
  appeal: ['yes_published'],
}

/** Answers that lead to level III: money at stake for over a million people, sensitive data, partial mitigation. */
export const levelThreeAnswers: Answers = {
  ...lowRiskAnswers,
  decision_area: ['money'],
  reversibility: ['hard'],
  duration: ['years'],
  vulnerable_groups: ['women', 'children', 'poor'],
  children_direct: ['no'],
  people_per_year: ['over_1m'],
  autonomy: ['human_usually_follows'],
  personal_data: ['sensitive'],
  sensitive_kinds: ['biometric'],
  data_sharing: ['government'],
  explainability: ['technical'],
  data_quality: ['mixed'],
  exposure: ['public'],
  human_review: ['sample'],
  representative: ['partly'],
  consultation: ['no'],
}

/** Answers a system's impact assessment and has a reviewer accept it, through the services. */
export async function acceptedAssessment(
  deps: Deps,
  member: UserActor,
  reviewer: UserActor,
  systemId: string,
  answers: Answers = lowRiskAnswers,
) {
  const id = await startAssessment(deps, member, systemId)
  const { questionnaire } = await assessmentFor(deps.db, member, 'assessments.fill', id)
  for (const section of questionnaire.sections) await saveSection(deps, member, id, section.id, answers)
  const submitted = await submitAssessment(deps, member, id, { en: 'Low risk: information only, reviewed by people.' })
  if (!submitted.ok) throw new Error(`assessment not submitted: ${submitted.reason}`)
  await acceptAssessment(deps, reviewer, id, undefined)
  return { id, level: submitted.score.level }
}

/** A system drafted by a body's member, assessed and published by a reviewer, through the services. */
export async function publishedTestSystem(deps: Deps, member: UserActor, reviewer: UserActor, record: SystemRecord = {}) {
  const { id, number } = await createDraft(deps, member, completeRecord(record))
  await submitForReview(deps, member, id, undefined)
  await acceptedAssessment(deps, member, reviewer, id)
  await approve(deps, reviewer, id, undefined)
  return { id, number }
}

/** Records as an import reads them from a CSV file, its header on line 1: one page, checked field by field. */
export function importedFile(rows: { organisation: string; record: SystemRecord }[]): ImportPage[] {
  const problems: ImportProblem[] = []
  const read = rows.map((r, i) => readRow(i + 2, i + 2, r, problems))
  return [{ format: 'csv', separator: ',', rows: read, problems }]
}

/** The newest version of the national questionnaire that Mizan ships: what a next version is drafted from. */
export const SHIPPED_NATIONAL_VERSION = 2
/** The file of a shipped version of the national questionnaire, as its text. */
export const nationalQuestionnaireFile = (version = SHIPPED_NATIONAL_VERSION) =>
  readFileSync(new URL(`../modules/assessments/data/pk-national-aia-v${version}.json`, import.meta.url), 'utf8')
