import { z } from 'zod'
import { organisationTypes, provinces } from '../accounts/accounts.vocabulary.ts'
import { translator } from '../../platform/i18n.ts'
import {
  decisionRoles,
  fields,
  impactLevels,
  keysOf,
  languageKeyOf,
  lifecycleStatuses,
  maxLengthOf,
  recordKeys,
  sectors,
  supplierOrigins,
  type FieldSpec,
} from './register.record.ts'
import type { PublishedRow } from './register.repository.ts'

/**
 * The register as open data: one shape for the JSON API, the JSON download and the CSV (whose columns are the
 * same names, flattened), described once here for the OpenAPI document.
 */
const en = translator('en')

const describe = (f: FieldSpec, key: string) => {
  const label = en(`register.fields.${f.key}.label`)
  if (key === languageKeyOf(f))
    return `${label}: the language its first text is written in (ISO 639), given only where it is not the record's (textLanguage).`
  const hint = en(`register.fields.${f.key}.hint`)
  const language = !f.bilingual
    ? ''
    : key.endsWith('Ur')
      ? ' (Urdu)'
      : f.kind === 'prose'
        ? ` (in the language ${languageKeyOf(f)} names, or else textLanguage; English when both are left out)`
        : ' (in the language textLanguage names; English when it is left out)'
  const max = maxLengthOf(f)
  return `${label}${language}. ${hint}${max ? ` At most ${max.toLocaleString('en')} characters.` : ''}`.trim()
}

function outputOf(f: FieldSpec): z.ZodType {
  switch (f.kind) {
    case 'choice':
      return z.enum(f.options as [string, ...string[]])
    case 'multi':
      return z.array(z.enum(f.options as [string, ...string[]]))
    case 'count':
      return z.number().int()
    case 'date':
      return z.iso.date()
    default:
      return z.string()
  }
}

export const RecordOut = z
  .object(
    Object.fromEntries(fields.flatMap((f) => keysOf(f).map((key) => [key, outputOf(f).optional().describe(describe(f, key))]))),
  )
  .describe('The record as its organisation published it. Empty fields are left out.')

export const SystemOut = z.object({
  number: z.number().int().describe('The stable public number of the system; its page is /register/{number}.'),
  url: z.string().describe('The public page of the system.'),
  version: z.number().int().describe('The published version shown; every published change adds one.'),
  organisation: z
    .object({
      slug: z.string(),
      nameEn: z.string(),
      nameUr: z.string(),
      type: z.enum(organisationTypes),
      province: z.enum(provinces),
    })
    .describe('The public body that owns the system: its short name, names, kind and where it sits.'),
  reference: z
    .string()
    .nullable()
    .describe("The body's own reference for the system, or its page on the register it was imported from."),
  impactLevel: z
    .enum(impactLevels)
    .describe('The impact level from the accepted impact assessment: I (little) to IV (very high), or not_assessed.'),
  assessmentId: z.string().nullable().describe('The accepted impact assessment that set the level, if any.'),
  firstPublishedAt: z.string().describe('When the system first appeared in the register (ISO 8601, UTC).'),
  updatedAt: z.string().describe('When the version shown was published (ISO 8601, UTC).'),
  record: RecordOut,
})
export type SystemOut = z.output<typeof SystemOut>

export const SystemsQuery = z.object({
  q: z.string().max(200).optional().describe('Words to search for, in English or Urdu.'),
  sector: z.enum(sectors).optional(),
  organisation: z.string().max(60).optional().describe("The owning body's short name (slug), e.g. bisp."),
  province: z.enum(provinces).optional(),
  status: z.enum(lifecycleStatuses).optional(),
  decisionRole: z.enum(decisionRoles).optional(),
  impactLevel: z.enum(impactLevels).optional(),
  supplierOrigin: z.enum(supplierOrigins).optional(),
  updatedSince: z.iso
    .datetime({ offset: true })
    .optional()
    .describe('Only systems whose latest version was published at or after this time.'),
  cursor: z
    .string()
    .regex(/^\d{1,10}$/)
    .optional()
    .describe('Opaque: the `next` link of the previous page carries it.'),
  limit: z.coerce.number().int().min(1).max(100).default(20).describe('How many systems a page holds (1 to 100).'),
})

export const SystemsPage = z.object({
  data: z.array(SystemOut),
  next: z.string().nullable().describe('The URL of the next page, or null on the last page.'),
  suggestions: z
    .array(z.object({ number: z.number().int(), nameEn: z.string(), nameUr: z.string().nullable(), url: z.string() }))
    .optional()
    .describe(
      'Only when `q` matches nothing: systems whose names look like it, for a misspelt search (the search page offers the same).',
    ),
})

export const VersionsOut = z.object({
  number: z.number().int(),
  versions: z.array(
    z.object({
      version: z.number().int(),
      publishedAt: z.string(),
      changeNote: z.string().describe('Why the change was made; empty for a first publication.'),
      impactLevel: z.enum(impactLevels),
      record: RecordOut,
    }),
  ),
})

export function systemOut(row: PublishedRow, publicUrl: URL): SystemOut {
  return {
    number: row.number,
    url: new URL(`/register/${row.number}`, publicUrl).href,
    version: row.version,
    organisation: row.organisation,
    reference: row.reference,
    impactLevel: row.impactLevel,
    assessmentId: row.assessmentId,
    firstPublishedAt: row.firstPublishedAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    record: row.record as Record<string, unknown>,
  }
}

/** CSV columns: the system's facts, then every record field under its JSON name. */
export const csvColumns = [
  'number',
  'url',
  'version',
  'organisation',
  'organisationNameEn',
  'organisationNameUr',
  'organisationType',
  'organisationProvince',
  'reference',
  'impactLevel',
  'firstPublishedAt',
  'updatedAt',
  ...recordKeys,
] as const

/** One CSV row; lists are joined with "; ", which the import splits again. */
export function csvRow(s: SystemOut): Record<string, string | number> {
  const r = s.record as Record<string, unknown>
  const row: Record<string, string | number> = {
    number: s.number,
    url: s.url,
    version: s.version,
    organisation: s.organisation.slug,
    organisationNameEn: s.organisation.nameEn,
    organisationNameUr: s.organisation.nameUr,
    organisationType: s.organisation.type,
    organisationProvince: s.organisation.province,
    reference: s.reference ?? '',
    impactLevel: s.impactLevel,
    firstPublishedAt: s.firstPublishedAt,
    updatedAt: s.updatedAt,
  }
  for (const key of recordKeys) {
    const v = r[key]
    row[key] = Array.isArray(v) ? v.join('; ') : v === undefined ? '' : (v as string | number)
  }
  return row
}
