import { z } from 'zod'
import type { Db } from '../../db/engine.ts'
import type { AuditLog } from '../../platform/audit-log.ts'
import { HttpError } from '../../platform/errors.ts'
import { closeWorkItem, openWorkItem, pakistanToday } from '../../platform/work-queue.ts'
import {
  mayActOnOrganisation,
  organisationRoles,
  roles,
  scopeOf,
  type Permission,
  type Role,
  type UserActor,
} from '../../platform/rbac.ts'
import * as repo from './accounts.repository.ts'
import { organisationTypes, provinces } from './accounts.vocabulary.ts'
import type { AccountsDeps } from './accounts.service.ts'
import { endAllSessions } from './sessions.ts'

export type AccountRow = {
  id: string
  name: string
  email: string
  status: 'active' | 'deactivated'
  organisation: { nameEn: string; nameUr: string } | null
  roles: Role[]
  mfa: boolean
  lastSignInAt: Date | null
}

/** Accounts the actor may see under a permission: all of them, or their own organisation's. */
export async function accountsInScope(db: Db, actor: UserActor, permission: Permission): Promise<AccountRow[]> {
  const scope = scopeOf(actor, permission)
  if (scope !== 'all' && scope !== 'own_org') throw new HttpError(403, '403')
  if (scope === 'own_org' && !actor.organisationId) return []
  const rows = await repo.usersWithOrganisation(db, scope === 'own_org' ? actor.organisationId! : null)
  const roleRows = await repo.rolesOfUsers(
    db,
    rows.map((r) => r.user.id),
  )
  return rows.map(({ user, org }) => ({
    id: user.id,
    name: user.name,
    email: user.email,
    status: user.status,
    organisation: org ? { nameEn: org.nameEn, nameUr: org.nameUr } : null,
    roles: roleRows.filter((r) => r.userId === user.id).map((r) => r.role),
    mfa: user.mfaEnrolledAt !== null,
    lastSignInAt: user.lastSignInAt,
  }))
}

/** The account, if the actor may manage it under the permission; otherwise 404, so nothing leaks about it. */
async function manageable(db: Db, actor: UserActor, permission: Permission, userId: string) {
  const user = await repo.findUser(db, userId)
  if (!user || !mayActOnOrganisation(actor, permission, user.organisationId)) throw new HttpError(404, '404')
  if (user.id === actor.id) throw new HttpError(403, '403')
  return user
}

/** For people who leave: the account stays (its history does), it can no longer sign in, its sessions end now. */
export async function deactivate(deps: AccountsDeps, actor: UserActor, userId: string) {
  const user = await manageable(deps.db, actor, 'users.manage', userId)
  await deps.db.transaction(async (tx) => {
    await repo.updateUser(tx, user.id, { status: 'deactivated' })
    await endAllSessions(tx, user.id)
    await deps.audit.record(tx, actor, { action: 'accounts.deactivated', subject: { type: 'user', id: user.id } })
  })
}

/**
 * Sets which of the roles the actor may grant an account holds; roles the actor may not grant are left
 * alone. Taking any role away ends the account's sessions, so the change applies at once.
 */
export async function setRoles(deps: AccountsDeps, actor: UserActor, userId: string, wanted: readonly Role[]) {
  const user = await manageable(deps.db, actor, 'users.manage', userId)
  const grantable: readonly Role[] = scopeOf(actor, 'users.manage') === 'all' ? roles : organisationRoles
  if (wanted.some((r) => !grantable.includes(r))) throw new HttpError(403, '403')
  const held = await repo.rolesOf(deps.db, user.id)
  const added = wanted.filter((r) => !held.includes(r))
  const removed = held.filter((r) => grantable.includes(r) && !wanted.includes(r))
  if (added.length === 0 && removed.length === 0) return
  await deps.db.transaction(async (tx) => {
    await repo.grantRoles(tx, user.id, added, actor.id)
    if (removed.length > 0) {
      await repo.revokeRoles(tx, user.id, removed)
      await endAllSessions(tx, user.id)
    }
    await deps.audit.record(tx, actor, {
      action: 'accounts.roles_changed',
      subject: { type: 'user', id: user.id },
      changes: { added, removed },
    })
  })
}

/** A lost phone: the person sets up a new authenticator at their next sign-in. */
export async function resetAuthenticator(deps: AccountsDeps, actor: UserActor, userId: string) {
  const user = await manageable(deps.db, actor, 'users.reset_mfa', userId)
  await deps.db.transaction(async (tx) => {
    await repo.updateUser(tx, user.id, { mfaSecretSealed: null, mfaEnrolledAt: null, mfaLastStep: null })
    await repo.deleteRecoveryCodes(tx, user.id)
    await endAllSessions(tx, user.id)
    await deps.audit.record(tx, actor, { action: 'accounts.authenticator_reset', subject: { type: 'user', id: user.id } })
  })
}

/** The reviewer's review in progress for their scope, started if there is none. */
export async function currentReview(deps: AccountsDeps, actor: UserActor) {
  const organisationId = scopeOf(actor, 'access_review.perform') === 'all' ? null : actor.organisationId
  const open = await repo.openReviewOf(deps.db, actor.id, organisationId)
  if (open) return open
  return deps.db.transaction(async (tx) => {
    const review = await repo.insertReview(tx, { reviewerId: actor.id, organisationId, startedAt: deps.clock.now() })
    await deps.audit.record(tx, actor, {
      action: 'accounts.access_review_started',
      subject: { type: 'access_review', id: review!.id },
    })
    return review!
  })
}

export const decisionsOf = repo.decisionsOf
export const completedReviews = repo.completedReviews

/** Confirms an account's access, or revokes every role it holds (ending its sessions); both are recorded. */
export async function decide(deps: AccountsDeps, actor: UserActor, userId: string, decision: 'confirmed' | 'revoked') {
  const user = await manageable(deps.db, actor, 'access_review.perform', userId)
  const review = await currentReview(deps, actor)
  await deps.db.transaction(async (tx) => {
    await repo.recordDecision(tx, { reviewId: review.id, userId: user.id, decision, decidedAt: deps.clock.now() })
    if (decision === 'revoked') {
      await repo.revokeRoles(tx, user.id)
      await endAllSessions(tx, user.id)
    }
    await deps.audit.record(tx, actor, {
      action: `accounts.access_${decision}`,
      subject: { type: 'user', id: user.id },
      changes: { review: review.id },
    })
  })
}

/** The review in progress: the accounts to decide (everyone active in scope but the reviewer) and what was decided. */
export async function reviewInProgress(deps: AccountsDeps, actor: UserActor) {
  const review = await currentReview(deps, actor)
  const decisions = new Map((await decisionsOf(deps.db, review.id)).map((d) => [d.userId, d.decision]))
  const toReview = (await accountsInScope(deps.db, actor, 'access_review.perform')).filter(
    (a) => a.id !== actor.id && a.status === 'active',
  )
  return { review, decisions, toReview, pending: toReview.filter((a) => !decisions.has(a.id)).length }
}

/** A review is complete only when every account in it has been confirmed or revoked. */
export async function completeReview(deps: AccountsDeps, actor: UserActor) {
  const { review, pending } = await reviewInProgress(deps, actor)
  if (pending > 0) throw new HttpError(400, '400')
  await deps.db.transaction(async (tx) => {
    await repo.completeReview(tx, review.id, deps.clock.now())
    await closeWorkItem(tx, deps.clock, ACCESS_REVIEW_DUE, reviewSubject(review.organisationId))
    await deps.audit.record(tx, actor, {
      action: 'accounts.access_review_completed',
      subject: { type: 'access_review', id: review.id },
    })
  })
}

/** Policy 3.5 asks for periodic reviews of access: here, every quarter. */
export const ACCESS_REVIEW_EVERY_DAYS = 90
export const ACCESS_REVIEW_DUE = 'access_review.due'
const reviewSubject = (organisationId: string | null) =>
  organisationId ? { type: 'organisation', id: organisationId } : { type: 'mizan', id: 'all' }

/**
 * Puts an access review in the work queue of each organisation's administrators, and of the system
 * administrators for Mizan as a whole, when none was completed in the last quarter. Run daily.
 */
export async function openDueAccessReviews(deps: AccountsDeps): Promise<number> {
  const since = new Date(deps.clock.now().getTime() - ACCESS_REVIEW_EVERY_DAYS * 24 * 60 * 60 * 1000)
  const reviewed = new Set((await repo.reviewsCompletedSince(deps.db, since)).map((r) => r.organisationId ?? 'all'))
  const holders = await repo.activeHolders(deps.db, ['org_admin', 'sysadmin'])
  let opened = 0
  for (const h of holders) {
    const scope = h.role === 'sysadmin' ? null : h.organisationId
    if ((h.role === 'org_admin' && !scope) || reviewed.has(scope ?? 'all')) continue
    await openWorkItem(
      deps.db,
      deps.clock,
      {
        kind: ACCESS_REVIEW_DUE,
        subject: reviewSubject(scope),
        title: scope
          ? {
              key: 'work.items.accessReviewOrganisation',
              vars: { organisationEn: h.nameEn ?? '', organisationUr: h.nameUr ?? '' },
            }
          : { key: 'work.items.accessReviewAll' },
        link: '/admin/access-review',
        assignee: { role: h.role, organisationId: scope },
        dueOn: pakistanToday(deps.clock, 30),
        urgency: 2,
      },
      { keep: true },
    )
    reviewed.add(scope ?? 'all')
    opened++
  }
  return opened
}

/** The active people holding any of these roles in an organisation: who is told about its duties. */
export const activeMembers = repo.activeMembers

export const allOrganisations = repo.allOrganisations

/** What a new body needs, checked alike where a person types it and where a file brings it. */
export const NewOrganisationSchema = z.object({
  nameEn: z.string().trim().min(1, { error: 'administration.errors.nameEn' }).max(200, { error: 'administration.errors.nameEn' }),
  nameUr: z.string().trim().min(1, { error: 'administration.errors.nameUr' }).max(200, { error: 'administration.errors.nameUr' }),
  slug: z
    .string()
    .trim()
    .regex(/^[a-z0-9][a-z0-9-]{1,59}$/, { error: 'administration.errors.slug' }),
  type: z.enum(organisationTypes, { error: 'administration.errors.type' }),
  province: z.enum(provinces, { error: 'administration.errors.province' }),
})

export type NewOrganisation = z.output<typeof NewOrganisationSchema> & { parentId?: string | undefined }

/** Adds an organisation; null when its short name is taken. */
export async function createOrganisation(deps: AccountsDeps, actor: UserActor, o: NewOrganisation): Promise<string | null> {
  if (scopeOf(actor, 'organisations.manage') !== 'all') throw new HttpError(403, '403')
  if (await repo.findOrganisationBySlug(deps.db, o.slug)) return null
  return (await deps.db.transaction((tx) => addOrganisations(tx, deps.audit, actor, [o]))).get(o.slug)!
}

/**
 * Adds the bodies a file names, in the caller's transaction (an import brings its records and their bodies in
 * together, or neither), one audit entry each. Only a system administrator, or an operator at the command line.
 */
export async function addOrganisations(
  tx: Db,
  audit: Pick<AuditLog, 'record'>,
  actor: UserActor | { kind: 'system'; name: string },
  list: NewOrganisation[],
): Promise<Map<string, string>> {
  const ids = new Map<string, string>()
  if (list.length === 0) return ids
  if (actor.kind === 'user' && scopeOf(actor, 'organisations.manage') !== 'all') throw new HttpError(403, '403')
  for (const o of list) {
    const row = await repo.insertOrganisation(tx, { ...o, parentId: o.parentId ?? null })
    await audit.record(tx, actor.kind === 'user' ? { kind: 'user', id: actor.id } : actor, {
      action: 'organisations.created',
      subject: { type: 'organisation', id: row.id },
      changes: { ...o },
    })
    ids.set(o.slug, row.id)
  }
  return ids
}

/** Organisations' ids by their short names, for features that name organisations in their data files. */
export async function organisationIdsBySlug(db: Db, slugs: readonly string[]): Promise<Map<string, string>> {
  return new Map((await repo.organisationsBySlugs(db, slugs)).map((r) => [r.slug, r.id]))
}
