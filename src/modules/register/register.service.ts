import { isDeepStrictEqual } from 'node:util'
import { actorRef } from '../../platform/audit-log.ts'
import type { Db } from '../../db/engine.ts'
import type { Deps } from '../../platform/deps.ts'
import { HttpError } from '../../platform/errors.ts'
import { notify } from '../../platform/outbox.ts'
import { mayActOnOrganisation, scopeOf, type Permission, type UserActor } from '../../platform/rbac.ts'
import { closeWorkItem, openWorkItem } from '../../platform/work-queue.ts'
import type { organisations } from '../accounts/accounts.tables.ts'
import {
  compact,
  fieldSpecs,
  fieldsOf,
  keysOf,
  missingFields,
  personalDataFields,
  textLanguageOf,
  type Section,
  type SystemRecord,
} from './register.record.ts'
import { assessedNote, type ImpactLevel } from './change-notes.ts'
import * as repo from './register.repository.ts'
import type { ReviewComments } from './register.tables.ts'

type Organisation = Pick<typeof organisations.$inferSelect, 'id' | 'nameEn' | 'nameUr'>
type Published = { impactLevel: repo.VersionRow['impactLevel']; assessmentId: string | null }

const subject = (id: string) => ({ type: 'ai_system', id })
export const REVIEW_KIND = 'register.review'
export const RETURNED_KIND = 'register.returned'
export const IMPORT_KIND = 'register.import_review'

/** Every long text of a record, in each language: what search finds besides the name and summary. */
const SEARCHED_TEXT = fieldSpecs.filter((f) => f.bilingual && f.key !== 'name' && f.key !== 'summary').map((f) => f.key)

/** The text the public search indexes, in each language; the organisation's name is found too. */
export function entryOf(
  systemId: string,
  number: number,
  org: Organisation,
  version: number,
  record: SystemRecord,
  published: Published,
  at: { first: Date; now: Date },
): repo.EntryRow {
  // The name and summary are indexed from their own columns, weighted above the rest of the record.
  const r = record as Record<string, unknown>
  const textOf = (suffix: 'En' | 'Ur', orgName: string) =>
    [...SEARCHED_TEXT.map((key) => r[`${key}${suffix}`]), orgName].filter((v) => typeof v === 'string' && v).join('\n')
  return {
    systemId,
    number,
    version,
    organisationId: org.id,
    textLanguage: textLanguageOf(record),
    nameEn: record.nameEn!,
    nameUr: record.nameUr ?? null,
    summaryEn: record.summaryEn!,
    summaryUr: record.summaryUr ?? null,
    sector: record.sector!,
    provinces: record.provinces ?? [],
    status: record.status!,
    decisionRole: record.decisionRole!,
    impactLevel: published.impactLevel,
    supplierOrigin: record.supplierOrigin!,
    firstPublishedAt: at.first,
    updatedAt: at.now,
    textEn: textOf('En', org.nameEn),
    textUr: textOf('Ur', org.nameUr),
  }
}

/** Loads a system the actor may work on under a permission; anything else looks like it does not exist. */
async function systemFor(tx: Db, actor: UserActor, permission: Permission, id: string) {
  const system = await repo.lockSystem(tx, id)
  if (!system || !mayActOnOrganisation(actor, permission, system.organisationId)) throw new HttpError(404, '404')
  return system
}

/** What the working copy starts from: the draft if there is one, else the published record. */
async function workingRecord(tx: Db, system: repo.SystemRow): Promise<SystemRecord> {
  if (system.draft) return system.draft
  if (system.currentVersion === null) return {}
  return (await repo.currentVersionOf(tx, system.id, system.currentVersion))!.record
}

export async function createDraft(deps: Deps, actor: UserActor, record: SystemRecord): Promise<{ id: string; number: number }> {
  if (scopeOf(actor, 'register.draft') !== 'own_org' || !actor.organisationId) throw new HttpError(403, '403')
  const organisationId = actor.organisationId
  return deps.db.transaction(async (tx) => {
    const now = deps.clock.now()
    const [created] = await repo.insertSystems(tx, [
      {
        organisationId,
        createdAt: now,
        createdBy: actor.id,
        draftState: 'draft',
        draft: compact(record),
        draftUpdatedAt: now,
        draftUpdatedBy: actor.id,
      },
    ])
    await deps.audit.record(tx, actorRef(actor), {
      action: 'register.drafted',
      subject: subject(created!.id),
      changes: { number: created!.number, organisationId },
    })
    return created!
  })
}

/**
 * Saves one section of the working copy. A published system gets a new working copy from its current version;
 * the public record is untouched until a reviewer publishes the change.
 */
export async function saveSection(
  deps: Deps,
  actor: UserActor,
  id: string,
  section: Section,
  values: SystemRecord,
): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const system = await systemFor(tx, actor, 'register.draft', id)
    if (system.draftState === 'submitted') throw new HttpError(409, 'registerSubmitted')
    const before = await workingRecord(tx, system)
    const next: Record<string, unknown> = { ...before }
    const keys = fieldsOf(section).flatMap(keysOf)
    for (const key of keys) next[key] = (values as Record<string, unknown>)[key]
    const draft = compact(next as SystemRecord)
    const changed = keys.filter(
      (k) => !isDeepStrictEqual((before as Record<string, unknown>)[k], (draft as Record<string, unknown>)[k]),
    )
    const now = deps.clock.now()
    await repo.updateSystem(tx, id, {
      draft,
      draftState: system.draftState ?? 'draft',
      draftUpdatedAt: now,
      draftUpdatedBy: actor.id,
    })
    await deps.audit.record(tx, actorRef(actor), {
      action: 'register.draft_saved',
      subject: subject(id),
      changes: { section, fields: changed },
    })
  })
}

export type SubmitOutcome =
  { ok: true } | { ok: false; missing: string[] } | { ok: false; personal: string[] } | { ok: false; unchanged: true }

/** Sends the working copy to the AI Directorate. Every required field must be filled, and a change must say why. */
export async function submitForReview(
  deps: Deps,
  actor: UserActor,
  id: string,
  changeNote: string | undefined,
): Promise<SubmitOutcome> {
  return deps.db.transaction(async (tx) => {
    const system = await systemFor(tx, actor, 'register.draft', id)
    if (system.draftState !== 'draft' && system.draftState !== 'returned') throw new HttpError(409, 'registerNothingToSubmit')
    const record = system.draft!
    const missing = missingFields(record)
    if (system.currentVersion !== null && !changeNote) missing.push('changeNote')
    if (missing.length) return { ok: false, missing }
    const personal = personalDataFields(record)
    if (personal.length) return { ok: false, personal }
    if (
      system.currentVersion !== null &&
      isDeepStrictEqual((await repo.currentVersionOf(tx, id, system.currentVersion))!.record, record)
    ) {
      return { ok: false, unchanged: true }
    }
    const now = deps.clock.now()
    await repo.updateSystem(tx, id, {
      draftState: 'submitted',
      changeNote: changeNote ?? null,
      submittedAt: now,
      submittedBy: actor.id,
    })
    await openWorkItem(tx, deps.clock, {
      kind: REVIEW_KIND,
      subject: subject(id),
      title: { key: 'work.items.registerReview', vars: { name: record.nameEn!, number: String(system.number) } },
      link: `/register/review/${id}`,
      assignee: { role: 'reviewer' },
      dueOn: null,
      urgency: 2,
    })
    await closeWorkItem(tx, deps.clock, RETURNED_KIND, subject(id))
    await deps.audit.record(tx, actorRef(actor), {
      action: 'register.submitted',
      subject: subject(id),
      changes: { number: system.number, changeNote: changeNote ?? null },
    })
    return { ok: true }
  })
}

/** Publishes a working copy as the next version; the public register shows it at once. */
async function publishWorkingCopy(
  tx: Db,
  deps: Pick<Deps, 'clock'>,
  publishedBy: string | null,
  system: repo.SystemRow,
  org: Organisation,
  changeNote: string,
) {
  const now = deps.clock.now()
  const version = (system.currentVersion ?? 0) + 1
  const published: Published = { impactLevel: system.assessedLevel ?? 'not_assessed', assessmentId: system.assessmentId }
  const record = system.draft!
  await repo.insertVersions(tx, [
    {
      systemId: system.id,
      version,
      record,
      ...published,
      changeNote,
      submittedBy: system.submittedBy,
      publishedAt: now,
      publishedBy,
    },
  ])
  // The entry keeps its first publication date on later versions: the upsert never overwrites it.
  await repo.upsertEntries(tx, [entryOf(system.id, system.number, org, version, record, published, { first: now, now })])
  await repo.updateSystem(tx, system.id, {
    currentVersion: version,
    draftState: null,
    draft: null,
    changeNote: null,
    reviewComments: null,
    submittedAt: null,
    submittedBy: null,
  })
  return version
}

async function organisationOf(tx: Db, id: string): Promise<Organisation> {
  const [org] = await repo.organisationsById(tx, [id])
  return org!
}

/** A reviewer approves a submitted record for publication. */
export async function approve(
  deps: Deps,
  actor: UserActor,
  id: string,
  note: string | undefined,
): Promise<{ number: number; version: number }> {
  return deps.db.transaction(async (tx) => {
    const system = await systemFor(tx, actor, 'register.review', id)
    if (system.draftState !== 'submitted') throw new HttpError(409, 'registerNotSubmitted')
    if (!system.assessmentId) throw new HttpError(409, 'registerNeedsAssessment')
    // An empty note on a first version reads as "first publication" in each language.
    const changeNote = system.changeNote ?? ''
    const version = await publishWorkingCopy(
      tx,
      deps,
      actor.id,
      system,
      await organisationOf(tx, system.organisationId),
      changeNote,
    )
    await closeWorkItem(tx, deps.clock, REVIEW_KIND, subject(id))
    if (system.submittedBy) {
      await notify(tx, deps.clock, system.submittedBy, {
        kind: 'register_published',
        vars: { name: system.draft!.nameEn!, number: String(system.number) },
        link: `/register/${system.number}`,
      })
    }
    await deps.audit.record(tx, actorRef(actor), {
      action: 'register.published',
      subject: subject(id),
      changes: { number: system.number, version, note: note ?? null },
    })
    return { number: system.number, version }
  })
}

/** A reviewer sends a submitted record back, with comments on the record and on the fields to fix. */
export async function returnForChanges(deps: Deps, actor: UserActor, id: string, comments: ReviewComments): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const system = await systemFor(tx, actor, 'register.review', id)
    if (system.draftState !== 'submitted') throw new HttpError(409, 'registerNotSubmitted')
    await repo.updateSystem(tx, id, { draftState: 'returned', reviewComments: comments })
    await closeWorkItem(tx, deps.clock, REVIEW_KIND, subject(id))
    await openWorkItem(tx, deps.clock, {
      kind: RETURNED_KIND,
      subject: subject(id),
      title: { key: 'work.items.registerReturned', vars: { name: system.draft!.nameEn!, number: String(system.number) } },
      link: `/register/manage/${id}`,
      assignee: { role: 'org_member', organisationId: system.organisationId },
      urgency: 3,
    })
    if (system.submittedBy) {
      await notify(tx, deps.clock, system.submittedBy, {
        kind: 'register_returned',
        vars: { name: system.draft!.nameEn!, number: String(system.number) },
        link: `/register/manage/${id}`,
      })
    }
    await deps.audit.record(tx, actorRef(actor), {
      action: 'register.returned',
      subject: subject(id),
      changes: { number: system.number, fields: Object.keys(comments.fields), general: comments.general ?? null },
    })
  })
}

/** A system taken out of use stays in the register, as a new version marked retired. */
export async function retire(
  deps: Deps,
  actor: UserActor,
  id: string,
  input: { retiredOn: string; reason: string },
): Promise<{ number: number; version: number }> {
  return deps.db.transaction(async (tx) => {
    const system = await systemFor(tx, actor, 'register.retire', id)
    if (system.currentVersion === null) throw new HttpError(409, 'registerNotPublished')
    if (system.draftState === 'submitted') throw new HttpError(409, 'registerSubmitted')
    const current = (await repo.currentVersionOf(tx, id, system.currentVersion))!
    if (current.record.status === 'retired') throw new HttpError(409, 'registerRetired')
    const retired = {
      ...system,
      draft: { ...current.record, status: 'retired' as const, statusSince: input.retiredOn },
      submittedBy: actor.id,
    }
    const version = await publishWorkingCopy(
      tx,
      deps,
      actor.id,
      retired,
      await organisationOf(tx, system.organisationId),
      input.reason,
    )
    await closeWorkItem(tx, deps.clock, RETURNED_KIND, subject(id))
    await deps.audit.record(tx, actorRef(actor), {
      action: 'register.retired',
      subject: subject(id),
      changes: { number: system.number, version, retiredOn: input.retiredOn, reason: input.reason },
    })
    return { number: system.number, version }
  })
}

/**
 * Records an accepted impact assessment. A published system gets a new version carrying the level at once; one not
 * yet published carries it when it is. Called by the impact assessments, inside their acceptance transaction.
 */
export async function applyAssessment(
  tx: Db,
  deps: Pick<Deps, 'clock'>,
  acceptedBy: string | null,
  systemId: string,
  accepted: { assessmentId: string; level: ImpactLevel },
) {
  const system = await repo.lockSystem(tx, systemId)
  if (!system) throw new HttpError(404, '404')
  await repo.updateSystem(tx, systemId, { assessmentId: accepted.assessmentId, assessedLevel: accepted.level })
  if (system.currentVersion === null) return null
  const current = (await repo.currentVersionOf(tx, systemId, system.currentVersion))!
  const assessed = {
    ...system,
    assessmentId: accepted.assessmentId,
    assessedLevel: accepted.level,
    draft: current.record,
    submittedBy: null,
  }
  const version = await publishWorkingCopy(
    tx,
    deps,
    acceptedBy,
    assessed,
    await organisationOf(tx, system.organisationId),
    assessedNote(accepted.level),
  )
  // The organisation's own working copy, if any, is kept: publishing the version above cleared it.
  if (system.draft)
    await repo.updateSystem(tx, systemId, {
      draft: system.draft,
      draftState: system.draftState,
      changeNote: system.changeNote,
      reviewComments: system.reviewComments,
      submittedAt: system.submittedAt,
      submittedBy: system.submittedBy,
    })
  return version
}

/** What other features need to know about a system: whose it is and what it is called. */
export async function systemSummary(db: Db, id: string) {
  const system = await repo.findSystem(db, id)
  if (!system) return undefined
  const record =
    system.draft ?? (system.currentVersion === null ? {} : (await repo.currentVersionOf(db, id, system.currentVersion))!.record)
  return {
    id,
    number: system.number,
    organisationId: system.organisationId,
    nameEn: record.nameEn ?? '',
    nameUr: record.nameUr ?? null,
    published: system.currentVersion !== null,
    assessmentId: system.assessmentId,
    sector: record.sector,
  }
}

/** A published system's name and accepted assessment, by its public number. */
export async function publishedSystem(db: Db, number: number) {
  const shown = await repo.publishedByNumber(db, number)
  if (!shown) return undefined
  return {
    id: shown.entry.systemId,
    number,
    nameEn: shown.version.record.nameEn ?? '',
    nameUr: shown.version.record.nameUr ?? null,
    assessmentId: shown.version.assessmentId,
  }
}

/** Published systems that have no accepted impact assessment: each owes one. */
export const unassessedPublished = (db: Db) => repo.unassessedPublished(db)

/** The ids of one organisation's systems, for features that keep records about them. */
export const systemIdsOf = (db: Db, organisationId: string) => repo.systemIdsOf(db, organisationId)

/** A published system by its body's short name and its English name, for seeding demonstration data. */
export async function registeredSystemId(db: Db, organisationSlug: string, nameEn: string) {
  const org = await repo.organisationBySlug(db, organisationSlug)
  const entry = org && (await repo.registeredName(db, org.id, nameEn))
  return entry ? (await repo.publishedByNumber(db, entry.number))?.entry.systemId : undefined
}

/** Published systems by id, each with its number, names, sector and body, for pages that list records about them. */
export async function registerFacts(db: Db, ids: readonly string[]) {
  return new Map((await repo.entriesByIds(db, [...new Set(ids)])).map((r) => [r.systemId, r]))
}
export type RegisterFacts = Awaited<ReturnType<typeof registerFacts>> extends Map<string, infer F> ? F : never

/** Ids of published systems matching a sector, a body's short name or a register number. */
export const publishedIdsWhere = (
  db: Db,
  f: { sector?: string | undefined; body?: string | undefined; number?: number | undefined },
) => repo.publishedIdsWhere(db, f)
export { sectors } from './register.record.ts'

/** The bodies with published systems, for other features' search filters. */
export const bodiesInRegister = (db: Db) => repo.organisationsInRegister(db)

/**
 * What the register's pages and API read, answered by its repository as it stands: routes reach the data only
 * through this service.
 */
export {
  bodiesDirectory,
  currentVersionOf,
  findImport,
  findSystem,
  generation,
  organisationBySlug,
  organisationsInRegister,
  pendingImports,
  publishedByNumber,
  publishedPage,
  registerSize,
  searchRegister,
  versionsOf,
  workingCopies,
} from './register.repository.ts'
