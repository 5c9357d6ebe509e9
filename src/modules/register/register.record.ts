import { z } from 'zod'
import { blankToUndefined } from '../../platform/forms.tsx'
import { contentLanguage, DEFAULT_TEXT_LANGUAGE } from '../../platform/content-language.ts'
import { findPersonalData } from '../../platform/personal-data.ts'
import { provinces } from '../accounts/accounts.vocabulary.ts'

/**
 * What a register record says, written once: the forms, the record page, the version diff, the CSV and
 * JSON open data and the import are all driven by this list, so a field added here appears everywhere.
 * Labels and hints live in the catalogues under `register.fields.<key>`.
 */
export const sections = ['identity', 'purpose', 'decision', 'people', 'data', 'technology', 'lifecycle', 'risk'] as const
export type Section = (typeof sections)[number]

/** The policy's priority areas (section 4). */
export const sectors = [
  'education',
  'health',
  'record_digitisation',
  'governance_justice',
  'agriculture',
  'manufacturing',
  'energy',
  'climate',
  'cultural_identity',
  'other',
] as const
export const decisionRoles = ['automated', 'human_review', 'information'] as const
/**
 * The answer a body gives when its records do not say (an older register rarely does): published as "not stated
 * by the body", so that nobody has to invent a claim. Offered where not knowing is itself worth publishing.
 */
export const NOT_STATED = 'not_stated'
export const supplierOrigins = ['in_house', 'local_company', 'foreign_company', NOT_STATED] as const
export const lifecycleStatuses = ['planned', 'pilot', 'production', 'suspended', 'retired'] as const
export const impactLevels = ['I', 'II', 'III', 'IV', 'not_assessed'] as const
export const personalDataCategories = [
  'none',
  'identity',
  'contact',
  'financial',
  'health',
  'biometric',
  'location',
  'education',
  'employment',
  'criminal',
  'images_voice',
  'children',
  NOT_STATED,
] as const
export const sensitiveAttributes = [
  'none',
  'gender',
  'age',
  'religion',
  'ethnicity',
  'disability',
  'language',
  'political_opinion',
  NOT_STATED,
] as const
export const modelTypes = [
  'rules',
  'statistical',
  'machine_learning',
  'deep_learning',
  'language_model',
  'computer_vision',
  'speech',
  'ocr',
  'forecasting',
  'other',
  NOT_STATED,
] as const
export const procurementRoutes = [
  'in_house',
  'open_tender',
  'limited_tender',
  'direct_contract',
  'donor_funded',
  'other',
  NOT_STATED,
] as const
export const languages = ['urdu', 'english', 'punjabi', 'sindhi', 'pashto', 'balochi', 'saraiki', 'other', NOT_STATED] as const

type Kind = 'line' | 'prose' | 'email' | 'url' | 'phone' | 'date' | 'count' | 'choice' | 'multi' | 'language'

/**
 * The languages the form offers for a record's text: English and the languages of Pakistan's provinces (Punjabi in
 * Shahmukhi, `pnb`). A file or the API may give any other ISO 639 language; the form then offers that one too.
 */
export const textLanguages = ['en', 'pnb', 'sd', 'ps', 'bal', 'skr', 'brh', 'hno'] as const

export type FieldSpec = {
  key: string
  section: Section
  kind: Kind
  /**
   * Text in the record's language and in Urdu, as `<key>En` and `<key>Ur`: the first is English unless the record's
   * `textLanguage` names another language (the keys keep the names the open data has always used). Only the first
   * is ever required. A long text (`prose`) may be written in a language of its own, which `<key>Language` names.
   */
  bilingual?: true
  /** Needed before a record may be submitted for review (drafts may be incomplete). */
  required?: true
  options?: readonly string[]
  max?: number
}

export const fields = [
  { key: 'textLanguage', section: 'identity', kind: 'language' },
  { key: 'name', section: 'identity', kind: 'line', bilingual: true, required: true, max: 200 },
  { key: 'summary', section: 'identity', kind: 'line', bilingual: true, required: true, max: 300 },
  { key: 'description', section: 'identity', kind: 'prose', bilingual: true, required: true },
  { key: 'seniorOfficer', section: 'identity', kind: 'line', required: true, max: 200 },
  { key: 'team', section: 'identity', kind: 'line', max: 200 },
  { key: 'contactEmail', section: 'identity', kind: 'email', required: true },
  { key: 'contactPhone', section: 'identity', kind: 'phone' },
  { key: 'website', section: 'identity', kind: 'url' },
  { key: 'sector', section: 'purpose', kind: 'choice', options: sectors, required: true },
  { key: 'problem', section: 'purpose', kind: 'prose', bilingual: true, required: true },
  { key: 'processReplaced', section: 'purpose', kind: 'prose', bilingual: true },
  { key: 'alternatives', section: 'purpose', kind: 'prose', bilingual: true },
  { key: 'legalBasis', section: 'purpose', kind: 'prose', bilingual: true, required: true },
  { key: 'decisionRole', section: 'decision', kind: 'choice', options: decisionRoles, required: true },
  { key: 'oversight', section: 'decision', kind: 'prose', bilingual: true, required: true },
  { key: 'appeal', section: 'decision', kind: 'prose', bilingual: true, required: true },
  { key: 'affected', section: 'people', kind: 'prose', bilingual: true, required: true },
  { key: 'decisionsPerYear', section: 'people', kind: 'count' },
  { key: 'provinces', section: 'people', kind: 'multi', options: [...provinces, NOT_STATED], required: true },
  { key: 'dataSources', section: 'data', kind: 'prose', bilingual: true, required: true },
  { key: 'personalData', section: 'data', kind: 'multi', options: personalDataCategories, required: true },
  { key: 'sensitiveAttributes', section: 'data', kind: 'multi', options: sensitiveAttributes, required: true },
  { key: 'dataSharing', section: 'data', kind: 'prose', bilingual: true },
  { key: 'retention', section: 'data', kind: 'prose', bilingual: true, required: true },
  { key: 'modelTypes', section: 'technology', kind: 'multi', options: modelTypes, required: true },
  { key: 'supplierName', section: 'technology', kind: 'line', max: 200 },
  { key: 'supplierOrigin', section: 'technology', kind: 'choice', options: supplierOrigins, required: true },
  { key: 'procurementRoute', section: 'technology', kind: 'choice', options: procurementRoutes, required: true },
  { key: 'openSource', section: 'technology', kind: 'prose', bilingual: true },
  { key: 'languages', section: 'technology', kind: 'multi', options: languages, required: true },
  { key: 'status', section: 'lifecycle', kind: 'choice', options: lifecycleStatuses, required: true },
  { key: 'statusSince', section: 'lifecycle', kind: 'date', required: true },
  { key: 'inUseSince', section: 'lifecycle', kind: 'date' },
  { key: 'risks', section: 'risk', kind: 'prose', bilingual: true, required: true },
  { key: 'mitigations', section: 'risk', kind: 'prose', bilingual: true, required: true },
] as const satisfies readonly FieldSpec[]

/** The same list, seen through the general shape (for code that reads optional properties). */
export const fieldSpecs: readonly FieldSpec[] = fields

type Field = (typeof fields)[number]
type ValueOf<F> = F extends { kind: 'multi'; options: readonly (infer O)[] }
  ? O[]
  : F extends { kind: 'choice'; options: readonly (infer O)[] }
    ? O
    : F extends { kind: 'count' }
      ? number
      : string
type KeysOf<F extends Field> = F extends { bilingual: true } ? `${F['key']}En` | `${F['key']}Ur` : F['key']
type LanguageKeyOf<F extends Field> = F extends { bilingual: true; kind: 'prose' } ? `${F['key']}Language` : never

/** One register record as entered: every field optional until submission. */
export type SystemRecord = { [F in Field as KeysOf<F>]?: ValueOf<F> } & { [F in Field as LanguageKeyOf<F>]?: string }
export type RecordKey = keyof SystemRecord

/** The keys of a field's text: one, or its pair in the record's language (or the text's own) and in Urdu. */
export const textKeysOf = (f: FieldSpec): string[] => (f.bilingual ? [`${f.key}En`, `${f.key}Ur`] : [f.key])
/** Whether a field's first text may name a language of its own: a long text may, where a name or summary may not. */
const hasOwnLanguage = (f: FieldSpec) => f.bilingual === true && f.kind === 'prose'
/** The key naming the language of a long text's first text, stored only where it is not the record's. */
export const languageKeyOf = (f: FieldSpec) => `${f.key}Language`
/** Every stored key of a field: its text, and for a long text the language it is written in. */
export const keysOf = (f: FieldSpec): string[] => (hasOwnLanguage(f) ? [...textKeysOf(f), languageKeyOf(f)] : textKeysOf(f))
export const recordKeys = fields.flatMap(keysOf) as RecordKey[]
export const fieldsOf = (section: Section): readonly FieldSpec[] => fields.filter((f) => f.section === section)

const PROSE_MAX = 8000
const LINE_MAX = 300

/** The most characters a text field takes: stated in its hint, the import's messages and the documentation. */
export const maxLengthOf = (f: FieldSpec): number | undefined =>
  f.kind === 'line' ? (f.max ?? LINE_MAX) : f.kind === 'prose' ? PROSE_MAX : undefined
const optional = <S extends z.ZodType>(schema: S) => z.preprocess(blankToUndefined, schema.optional())

/** Form checkboxes arrive as one string or many; files may hold "a; b". */
const listOf = (options: readonly string[], key: string) =>
  z.preprocess(
    (v) => {
      const items = (typeof v === 'string' ? v.split(/[;|]/) : Array.isArray(v) ? v : v === undefined || v === null ? [] : [v])
        .map((s) => (typeof s === 'string' ? s.trim() : s))
        .filter((s) => s !== '')
      return items.length ? [...new Set(items)] : undefined
    },
    z
      .array(z.enum(options as [string, ...string[]], { error: `register.errors.${key}` }))
      .refine((chosen) => !chosen.includes(NOT_STATED) || chosen.length === 1, { error: 'register.errors.notStatedAlone' })
      .optional(),
  )

function valueSchema(f: FieldSpec, key: string): z.ZodType {
  const message = { error: `register.errors.${f.key}` }
  switch (f.kind) {
    case 'line':
    case 'prose':
      return z.string(message).max(maxLengthOf(f)!, { error: 'register.errors.tooLong' })
    case 'email':
      return z.email({ error: 'register.errors.email' }).max(254, { error: 'register.errors.email' })
    case 'url':
      return z.url({ protocol: /^https?$/, error: 'register.errors.url' }).max(500, { error: 'register.errors.url' })
    case 'phone':
      return z.string().regex(/^\+?[0-9][0-9 -]{6,19}$/, { error: 'register.errors.phone' })
    case 'date':
      return z.iso.date({ error: 'register.errors.date' })
    case 'count':
      return z.coerce
        .number({ error: 'register.errors.count' })
        .int({ error: 'register.errors.count' })
        .min(0, { error: 'register.errors.count' })
        .max(1e12, { error: 'register.errors.count' })
    case 'choice':
      return z.enum(f.options as [string, ...string[]], { error: `register.errors.${key}` })
    case 'multi':
      return listOf(f.options!, key)
    case 'language':
      return textLanguage
  }
}

/**
 * The language of the record's text (all but the Urdu text, which has its own fields), stored only when it is not
 * English, so that a record which never named one and a record naming English compare equal.
 */
const textLanguage = z.string({ error: 'register.errors.textLanguage' }).transform((code, ctx) => {
  const canonical = contentLanguage(code)
  if (!canonical || canonical === 'ur') ctx.issues.push({ code: 'custom', message: 'register.errors.textLanguage', input: code })
  return canonical === DEFAULT_TEXT_LANGUAGE ? undefined : canonical
})

/** The language a record's text (its `…En` fields) is written in. */
export const textLanguageOf = (record: SystemRecord): string => record.textLanguage ?? DEFAULT_TEXT_LANGUAGE

/**
 * The language of one of a record's texts, by the field's key or the text's: Urdu for the Urdu text; otherwise the
 * language the field names for itself, or else the record's.
 */
export function languageOf(record: SystemRecord, key: string): string {
  if (key.endsWith('Ur')) return 'ur'
  const own = (record as Record<string, unknown>)[`${key.replace(/En$/, '')}Language`]
  return typeof own === 'string' ? own : textLanguageOf(record)
}

/**
 * The language one long text is written in, when it is not the record's: any ISO 639 language, English included (an
 * English text in a Sindhi record), but not Urdu, whose text has boxes of its own.
 */
const fieldLanguage = z.string({ error: 'register.errors.fieldLanguage' }).transform((code, ctx) => {
  const canonical = contentLanguage(code)
  if (!canonical || canonical === 'ur') ctx.issues.push({ code: 'custom', message: 'register.errors.fieldLanguage', input: code })
  return canonical
})

function shape(only?: readonly FieldSpec[]) {
  const entries: [string, z.ZodType][] = []
  for (const f of only ?? fields) {
    for (const key of textKeysOf(f)) entries.push([key, f.kind === 'multi' ? valueSchema(f, key) : optional(valueSchema(f, key))])
    if (hasOwnLanguage(f)) entries.push([languageKeyOf(f), optional(fieldLanguage)])
  }
  return entries
}

/** Every field optional, and each well formed: what a file's record is checked against, field by field. */
export const RecordFields = z.object(Object.fromEntries(shape())) as unknown as z.ZodType<SystemRecord>

/** A draft: anything may be missing, but what is there must be well formed. Only the English name is needed. */
export const DraftSchema = z.object(Object.fromEntries(shape())).extend({
  nameEn: z.preprocess(
    blankToUndefined,
    z.string({ error: 'register.errors.name' }).max(200, { error: 'register.errors.tooLong' }),
  ),
}) as unknown as z.ZodType<SystemRecord>

/** One section's form; absent keys of other sections are left as they were. */
export const sectionSchema = (section: Section) =>
  z.object(Object.fromEntries(shape(fieldsOf(section)))) as unknown as z.ZodType<SystemRecord>

/** The keys of text the public reads as the body wrote it: every long text, and the summary. */
const publishedTextKeys = fieldSpecs.filter((f) => f.kind === 'prose' || f.key === 'summary').flatMap(textKeysOf)
/** The key of each required field (its English one, for text in two languages). */
const requiredKeys = fieldSpecs.filter((f) => f.required).map((f) => keysOf(f)[0]!)

/**
 * Descriptive text that looks as if it holds someone's identifier (a CNIC, a phone number, an e-mail address, …).
 * The register is public: contact details belong in the contact fields, which are published as such.
 */
export function personalDataFields(record: SystemRecord): string[] {
  const r = record as Record<string, unknown>
  return publishedTextKeys.filter((key) => typeof r[key] === 'string' && findPersonalData(r[key]).length > 0)
}

const isEmpty = (v: unknown) => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0)

/** The required fields still empty: what must be filled in before the record can be submitted. */
export function missingFields(record: SystemRecord): string[] {
  const r = record as Record<string, unknown>
  return requiredKeys.filter((key) => isEmpty(r[key]))
}

/** Sections in which a required field is still empty. */
export const incompleteSections = (record: SystemRecord): Set<Section> => {
  const missing = new Set(missingFields(record))
  return new Set(fields.filter((f) => keysOf(f).some((k) => missing.has(k))).map((f) => f.section))
}

/** Each text's own-language key, and the key of the English text it is the language of. */
const ownLanguageOf = new Map(fieldSpecs.filter(hasOwnLanguage).map((f) => [languageKeyOf(f), `${f.key}En`]))

/**
 * Stored records drop empty values, so that two versions compare equal when they say the same thing: a text's own
 * language, too, where it is the record's or there is no text for it to be the language of. The record is built
 * once, key by key, and never has a key deleted: a deletion leaves an object in V8's slow dictionary form, and an
 * import turns every record it reads into JSON.
 */
export function compact(record: SystemRecord): SystemRecord {
  const r = record as Record<string, unknown>
  const recordLanguage = isEmpty(r.textLanguage) ? DEFAULT_TEXT_LANGUAGE : r.textLanguage
  const out: Record<string, unknown> = {}
  for (const key of recordKeys) {
    const v = r[key]
    if (isEmpty(v)) continue
    const textKey = ownLanguageOf.get(key)
    if (textKey !== undefined && (v === recordLanguage || isEmpty(r[textKey]))) continue
    out[key] = v
  }
  return out as SystemRecord
}
