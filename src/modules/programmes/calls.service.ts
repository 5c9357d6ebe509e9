import type { Db } from '../../db/engine.ts'
import { actorRef } from '../../platform/audit-log.ts'
import type { Deps } from '../../platform/deps.ts'
import { HttpError } from '../../platform/errors.ts'
import { scopeOf, type UserActor } from '../../platform/rbac.ts'
import type { CallDefinition } from './call-definition.ts'
import { programmeConfigs, schemeConfig } from './programmes.config.ts'
import * as repo from './programmes.repository.ts'
import type { Programme, Scheme } from './programmes.vocabulary.ts'

export type { CallRow } from './programmes.repository.ts'
export const callSubject = (id: string) => ({ type: 'programme_call', id })

/** Only the programme's own staff run its calls: the sandbox's for the sandbox, the NAIF committee for the fund. */
export function requireManager(actor: UserActor, programme: Programme) {
  if (scopeOf(actor, programmeConfigs[programme].manage) !== 'all') throw new HttpError(403, '403')
}
export const isManager = (actor: UserActor | null, programme: Programme) =>
  scopeOf(actor, programmeConfigs[programme].manage) === 'all'

/** Where a call stands at this instant: before opening, open, or closed. Closing is to the second: at it, too late. */
export function windowOf(call: Pick<repo.CallRow, 'opensAt' | 'closesAt'>, now: Date): 'upcoming' | 'open' | 'closed' {
  if (now.getTime() < call.opensAt.getTime()) return 'upcoming'
  return now.getTime() < call.closesAt.getTime() ? 'open' : 'closed'
}

/** When the decisions are due: the call's target (three months by default) after it closes. */
export function decisionDue(call: repo.CallRow): Date {
  const due = new Date(call.closesAt)
  due.setUTCMonth(due.getUTCMonth() + call.definition.decisionWithinMonths)
  return due
}

export type CallInput = {
  scheme: Scheme
  titleEn: string
  titleUr?: string | undefined
  themeEn: string
  themeUr?: string | undefined
  prioritySectors: string[]
  opensAt: Date
  closesAt: Date
  capPaisa?: bigint | undefined
  budgetPaisa?: bigint | undefined
  places?: number | undefined
}

/** What is wrong with a call's terms, by field, as catalogue keys; empty when it can be saved. */
export function callProblems(programme: Programme, input: CallInput, definition: CallDefinition): Record<string, string> {
  const problems: Record<string, string> = {}
  const config = programmeConfigs[programme]
  if (!config.schemes[input.scheme]) problems.scheme = 'programmes.errors.scheme'
  if (input.closesAt.getTime() <= input.opensAt.getTime()) problems.closesAt = 'programmes.errors.closesBeforeOpens'
  if (config.money) {
    if (input.budgetPaisa === undefined) problems.budget = 'programmes.errors.budget'
    else if (input.capPaisa !== undefined && input.capPaisa > input.budgetPaisa) problems.cap = 'programmes.errors.capOverBudget'
  } else if (input.places === undefined) problems.places = 'programmes.errors.places'
  const defaultCap = config.schemes[input.scheme]?.defaultCapPaisa ?? null
  if (input.capPaisa !== undefined && defaultCap !== null && input.capPaisa > defaultCap)
    problems.cap = 'programmes.errors.capOverPolicy'
  if (definition.quotas.length && input.places === undefined && input.budgetPaisa === undefined)
    problems.places = 'programmes.errors.quotaNeedsPlaces'
  return problems
}

const rowOf = (programme: Programme, input: CallInput) => ({
  programme,
  scheme: input.scheme,
  titleEn: input.titleEn,
  titleUr: input.titleUr ?? null,
  themeEn: input.themeEn,
  themeUr: input.themeUr ?? null,
  prioritySectors: input.prioritySectors,
  opensAt: input.opensAt,
  closesAt: input.closesAt,
  capPaisa: programmeConfigs[programme].money ? (input.capPaisa ?? schemeConfig(programme, input.scheme)!.defaultCapPaisa) : null,
  budgetPaisa: programmeConfigs[programme].money ? (input.budgetPaisa ?? null) : null,
  places: input.places ?? null,
})

/** Staff draft a call from the scheme's template; it stays a draft, seen by staff alone, until they publish it. */
export async function createCall(deps: Deps, actor: UserActor, programme: Programme, input: CallInput): Promise<string> {
  requireManager(actor, programme)
  const template = schemeConfig(programme, input.scheme)?.template
  if (!template) throw new HttpError(400, 'programmes.scheme')
  if (Object.keys(callProblems(programme, input, template)).length) throw new HttpError(400, '400')
  return deps.db.transaction(async (tx) => {
    const id = await repo.insertCall(tx, {
      ...rowOf(programme, input),
      definition: template,
      createdAt: deps.clock.now(),
      createdBy: actor.id,
    })
    await deps.audit.record(tx, actorRef(actor), {
      action: 'programmes.call_drafted',
      subject: callSubject(id),
      changes: { programme, scheme: input.scheme, opensAt: input.opensAt.toISOString(), closesAt: input.closesAt.toISOString() },
    })
    return id
  })
}

/**
 * A call's terms and definition may change until it opens; after that every applicant must have answered the same
 * call, so it is refused.
 */
async function changeable(tx: Db, deps: Deps, actor: UserActor, programme: Programme, id: string) {
  requireManager(actor, programme)
  const call = await repo.lockCall(tx, id)
  if (!call || call.programme !== programme) throw new HttpError(404, '404')
  if (call.publishedAt && windowOf(call, deps.clock.now()) !== 'upcoming') throw new HttpError(409, 'programmes.callOpened')
  return call
}

export async function updateCallTerms(deps: Deps, actor: UserActor, programme: Programme, id: string, input: CallInput) {
  await deps.db.transaction(async (tx) => {
    const call = await changeable(tx, deps, actor, programme, id)
    if (Object.keys(callProblems(programme, input, call.definition)).length) throw new HttpError(400, '400')
    await repo.updateCall(tx, id, rowOf(programme, input))
    await deps.audit.record(tx, actorRef(actor), { action: 'programmes.call_changed', subject: callSubject(id) })
  })
}

/** Staff replace the call's eligibility, rubric, quotas or form with a checked definition (JSON). */
export async function replaceDefinition(
  deps: Deps,
  actor: UserActor,
  programme: Programme,
  id: string,
  definition: CallDefinition,
) {
  await deps.db.transaction(async (tx) => {
    const call = await changeable(tx, deps, actor, programme, id)
    if (definition.quotas.length && call.places === null && call.budgetPaisa === null)
      throw new HttpError(409, 'programmes.quotaNeedsPlaces')
    await repo.updateCall(tx, id, { definition })
    await deps.audit.record(tx, actorRef(actor), { action: 'programmes.call_definition_replaced', subject: callSubject(id) })
  })
}

export async function publishCall(deps: Deps, actor: UserActor, programme: Programme, id: string) {
  await deps.db.transaction(async (tx) => {
    const call = await changeable(tx, deps, actor, programme, id)
    if (call.publishedAt) return
    await repo.updateCall(tx, id, { publishedAt: deps.clock.now(), publishedBy: actor.id })
    await deps.audit.record(tx, actorRef(actor), { action: 'programmes.call_published', subject: callSubject(id) })
  })
}

/** The programme's calls as a person may see them: staff see drafts too. */
export const callsOf = (db: Db, actor: UserActor | null, programme: Programme) =>
  repo.callsOf(db, programme, !isManager(actor, programme))

/** A call, if it belongs to the programme and the person may see it (a draft only by staff). */
export async function callOf(db: Db, actor: UserActor | null, programme: Programme, id: string) {
  const call = await repo.findCall(db, id)
  if (!call || call.programme !== programme || (!call.publishedAt && !isManager(actor, programme)))
    throw new HttpError(404, '404')
  return call
}
