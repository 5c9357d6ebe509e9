import type { SystemRecord } from '../modules/register/register.record.ts'

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
