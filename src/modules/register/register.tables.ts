import { sql } from 'drizzle-orm'
import { bigint, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { tsvector } from '../../db/columns.ts'
import { organisations, users } from '../accounts/accounts.tables.ts'
import { decisionRoles, impactLevels, lifecycleStatuses, sectors, supplierOrigins, type SystemRecord } from './register.record.ts'
import type { ImportProblem, ImportWarning } from './register.import-file.ts'
import { draftStates } from './register.vocabulary.ts'

/** A reviewer's comments on a returned record: one overall, and one per field that needs fixing. */
export type ReviewComments = { general?: string; fields: Record<string, string> }

/** A file of records brought in at once; its records wait for review together. */
export const registerImports = pgTable('register_imports', {
  id: uuid('id').primaryKey().defaultRandom(),
  filename: text('filename').notNull(),
  /** How the file was read: `csv` or `json`, and a CSV's separator (`,` `;` or a tab). */
  format: text('format', { enum: ['csv', 'json'] })
    .notNull()
    .default('csv'),
  separator: text('separator'),
  /** Records to review: new systems, and known systems whose record the file changes. */
  rows: integer('rows').notNull(),
  changed: integer('changed').notNull().default(0),
  /** Records the file leaves incomplete, brought in as drafts for their bodies to complete before they submit them. */
  drafts: integer('drafts').notNull().default(0),
  /** Records the file holds exactly as the register already has them: nothing to review. */
  unchanged: integer('unchanged').notNull().default(0),
  /** What a reviewer should look at, although nothing stopped the import (names near those already registered). */
  warnings: jsonb('warnings').$type<ImportWarning[]>().notNull().default([]),
  importedAt: timestamp('imported_at', { withTimezone: true }).notNull(),
  importedBy: uuid('imported_by').references(() => users.id),
  publishedAt: timestamp('published_at', { withTimezone: true }),
  publishedBy: uuid('published_by').references(() => users.id),
})

/**
 * A file refused for its problems, kept for the person who sent it to page through and download while they fix it.
 * Problems quote the values they refuse, so they are forgotten after a few days (`register.forget-import-checks`).
 */
export const registerImportChecks = pgTable(
  'register_import_checks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    checkedBy: uuid('checked_by')
      .notNull()
      .references(() => users.id),
    checkedAt: timestamp('checked_at', { withTimezone: true }).notNull(),
    filename: text('filename').notNull(),
    format: text('format', { enum: ['csv', 'json'] }).notNull(),
    separator: text('separator'),
    records: integer('records').notNull(),
    problems: jsonb('problems').$type<ImportProblem[]>().notNull(),
  },
  (t) => [index('register_import_checks_checked_at_idx').on(t.checkedAt)],
)

/**
 * One AI system: its stable number (the public URL), its owner, and the working copy its organisation edits.
 * What the public sees is never here: it is the latest row of `ai_system_versions`.
 */
export const aiSystems = pgTable(
  'ai_systems',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    number: integer('number').generatedByDefaultAsIdentity().notNull().unique(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    createdBy: uuid('created_by').references(() => users.id),
    /** The latest published version, or null while the system has never been published. */
    currentVersion: integer('current_version'),
    draftState: text('draft_state', { enum: draftStates }),
    draft: jsonb('draft').$type<SystemRecord>(),
    /** Why this change is being made: becomes the version's "why". */
    changeNote: text('change_note'),
    reviewComments: jsonb('review_comments').$type<ReviewComments>(),
    draftUpdatedAt: timestamp('draft_updated_at', { withTimezone: true }),
    draftUpdatedBy: uuid('draft_updated_by').references(() => users.id),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    submittedBy: uuid('submitted_by').references(() => users.id),
    /** The body's own reference for the system, or where an import found it (another register's page for it). */
    reference: text('reference'),
    /** The import its working copy came from: the file that created the system, or that proposes its next version. */
    importId: uuid('import_id').references(() => registerImports.id),
    /** The accepted impact assessment and its level; every version published after carries them. */
    assessmentId: uuid('assessment_id'),
    assessedLevel: text('assessed_level', { enum: impactLevels }),
  },
  (t) => [
    index('ai_systems_organisation_idx').on(t.organisationId),
    index('ai_systems_draft_state_idx').on(t.draftState),
    index('ai_systems_import_idx').on(t.importId),
    uniqueIndex('ai_systems_reference_idx').on(t.organisationId, t.reference),
  ],
)

/** Published versions. Rows are only ever added: a trigger refuses updates and deletes. */
export const aiSystemVersions = pgTable(
  'ai_system_versions',
  {
    systemId: uuid('system_id')
      .notNull()
      .references(() => aiSystems.id),
    version: integer('version').notNull(),
    record: jsonb('record').$type<SystemRecord>().notNull(),
    impactLevel: text('impact_level', { enum: impactLevels }).notNull().default('not_assessed'),
    /** The accepted impact assessment that set the level; impact assessments fill it. */
    assessmentId: uuid('assessment_id'),
    changeNote: text('change_note').notNull(),
    submittedBy: uuid('submitted_by').references(() => users.id),
    publishedAt: timestamp('published_at', { withTimezone: true }).notNull(),
    publishedBy: uuid('published_by').references(() => users.id),
  },
  (t) => [primaryKey({ columns: [t.systemId, t.version] })],
)

/**
 * The register as the public searches it: one row per published system, rebuilt from its latest version
 * on each publication. Search vectors are generated by the engine, so they can never disagree with the text.
 */
export const registerEntries = pgTable(
  'register_entries',
  {
    systemId: uuid('system_id')
      .primaryKey()
      .references(() => aiSystems.id),
    number: integer('number').notNull().unique(),
    version: integer('version').notNull(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    /** The language its `…_en` text is written in (ISO 639): English unless the record names another. */
    textLanguage: text('text_language').notNull().default('en'),
    nameEn: text('name_en').notNull(),
    nameUr: text('name_ur'),
    summaryEn: text('summary_en').notNull(),
    summaryUr: text('summary_ur'),
    sector: text('sector', { enum: sectors }).notNull(),
    provinces: text('provinces').array().notNull(),
    status: text('status', { enum: lifecycleStatuses }).notNull(),
    decisionRole: text('decision_role', { enum: decisionRoles }).notNull(),
    impactLevel: text('impact_level', { enum: impactLevels }).notNull(),
    supplierOrigin: text('supplier_origin', { enum: supplierOrigins }).notNull(),
    firstPublishedAt: timestamp('first_published_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    textEn: text('text_en').notNull(),
    textUr: text('text_ur').notNull(),
    /**
     * The record's words in one vector, so that one index both finds and ranks them: the English text stemmed, the
     * Urdu text normalised and unstemmed; name and summary weighted A, the rest of the record D; Latin accents folded,
     * so "naive" finds "naïve". The A parts come first: a word's weightiest place is then its first, where ts_rank
     * counts it, and RUM's score is ts_rank's times the query's size (see `rankedPageStatement`).
     */
    search: tsvector('search')
      .notNull()
      .generatedAlwaysAs(
        sql`setweight(to_tsvector('english'::regconfig, mizan_unaccent(name_en || ' ' || summary_en)), 'A') || setweight(to_tsvector('simple'::regconfig, mizan_normalise_urdu(coalesce(name_ur, '') || ' ' || coalesce(summary_ur, ''))), 'A') || setweight(to_tsvector('english'::regconfig, mizan_unaccent(text_en)), 'D') || setweight(to_tsvector('simple'::regconfig, mizan_normalise_urdu(text_ur)), 'D')`,
      ),
    /** Names, normalised, for the misspelling fallback (trigram similarity). */
    names: text('names')
      .notNull()
      .generatedAlwaysAs(sql`lower(mizan_normalise_urdu(name_en || ' ' || coalesce(name_ur, '')))`),
  },
  (t) => [
    // On a server with RUM, `rankingIndex` (src/db/engine.ts) puts a RUM index in this one's place.
    index('register_entries_search_idx').using('gin', t.search),
    index('register_entries_names_trgm_idx').using('gin', sql`${t.names} gin_trgm_ops`),
    index('register_entries_organisation_idx').on(t.organisationId),
    index('register_entries_sector_idx').on(t.sector),
    index('register_entries_status_idx').on(t.status),
    index('register_entries_provinces_idx').using('gin', t.provinces),
    index('register_entries_updated_idx').on(t.updatedAt, t.number),
  ],
)

/**
 * One row counting changes to the public register, bumped in the same transaction as each publication. Readers
 * that keep derived answers (API pages, the search page's facets) compare it to know whether theirs still hold.
 */
export const registerGeneration = pgTable('register_generation', {
  id: integer('id').primaryKey(),
  generation: bigint('generation', { mode: 'number' }).notNull(),
})
