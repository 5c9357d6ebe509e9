import type { Db } from '../../db/engine.ts'
import { HttpError } from '../../platform/errors.ts'
import { formatWhen, localisePath, type Locale } from '../../platform/i18n.ts'
import { bilingualEmail, notify, queueEmail } from '../../platform/outbox.ts'
import { mayActOnOrganisation, organisationRoles, scopeOf, type Role, type UserActor } from '../../platform/rbac.ts'
import { issueToken, useToken, validToken } from './account-tokens.ts'
import * as repo from './accounts.repository.ts'
import { createAccount, type AccountsDeps } from './accounts.service.ts'
import { hashPassword } from './password.ts'
import { endAllSessions } from './sessions.ts'

export const INVITATION_DAYS = 7
export const RESET_HOURS = 1

export type Invitation = { email: string; name: string; organisationId: string; roles: Role[] }

/** Both languages in every message: the recipient's preference is not known before they sign in. */
const pkDate = (d: Date) => formatWhen('en', d)

/**
 * Invites someone to an organisation. An organisation administrator may invite only into their own
 * organisation and grant only its roles. The answer is the same whether or not the address has an
 * account; an existing account holder is told by e-mail to sign in instead.
 */
export async function invite(
  deps: AccountsDeps,
  actor: UserActor,
  invitation: Invitation,
  links: { publicUrl: URL; locale: Locale },
) {
  if (!mayActOnOrganisation(actor, 'users.manage', invitation.organisationId)) throw new HttpError(403, '403')
  if (scopeOf(actor, 'users.manage') !== 'all' && invitation.roles.some((r) => !organisationRoles.includes(r)))
    throw new HttpError(403, '403')
  const email = invitation.email.trim().toLowerCase()
  const existing = await repo.findUserByEmail(deps.db, email)
  const organisation = await repo.findOrganisation(deps.db, invitation.organisationId)
  if (!organisation) throw new HttpError(400, '400')
  await deps.db.transaction(async (tx) => {
    const now = deps.clock.now()
    if (existing) {
      await queueEmail(tx, deps.clock, {
        kind: 'invitation_existing',
        to: email,
        ...bilingualEmail('emails.invitationExisting', {
          url: new URL(localisePath(links.locale, '/sign-in'), links.publicUrl).href,
        }),
      })
    } else {
      const expiresAt = new Date(now.getTime() + INVITATION_DAYS * 24 * 60 * 60 * 1000)
      const token = await issueToken(tx, {
        purpose: 'invitation',
        email,
        name: invitation.name.trim(),
        organisationId: invitation.organisationId,
        roles: invitation.roles,
        createdBy: actor.id,
        createdAt: now,
        expiresAt,
      })
      const url = new URL(`${localisePath(links.locale, '/invitation')}?token=${token}`, links.publicUrl).href
      await queueEmail(tx, deps.clock, {
        kind: 'invitation',
        to: email,
        ...bilingualEmail('emails.invitation', {
          url,
          organisation: `${organisation.nameEn} / ${organisation.nameUr}`,
          expires: pkDate(expiresAt),
        }),
      })
    }
    await deps.audit.record(tx, actor, {
      action: 'accounts.invited',
      subject: { type: 'organisation', id: invitation.organisationId },
      changes: { roles: invitation.roles },
      personal: { email, name: invitation.name },
    })
  })
}

export const invitationFor = (db: Db, token: string, now: Date) => validToken(db, token, 'invitation', now)

/** Accepting creates the account with the invited roles; the new person must then enrol an authenticator. */
export async function acceptInvitation(
  deps: AccountsDeps,
  token: string,
  name: string,
  password: string,
): Promise<string | null> {
  const now = deps.clock.now()
  const invitation = await validToken(deps.db, token, 'invitation', now)
  if (!invitation || (await repo.findUserByEmail(deps.db, invitation.email))) return null
  return deps.db.transaction(async (tx) => {
    if (!(await useToken(tx, token, now))) return null
    const by = invitation.createdBy
      ? ({ kind: 'user', id: invitation.createdBy } as const)
      : ({ kind: 'system', name: 'invitation' } as const)
    const user = await createAccount({ ...deps, db: tx }, by, {
      email: invitation.email,
      name,
      organisationId: invitation.organisationId,
      roles: invitation.roles ?? [],
      password,
    })
    if (invitation.createdBy) {
      await notify(tx, deps.clock, invitation.createdBy, { kind: 'invitation_accepted', vars: { name }, link: '/admin/users' })
    }
    return user.id
  })
}

/** Always the same answer: whether the address has an account is never revealed. */
export async function requestPasswordReset(deps: AccountsDeps, email: string, links: { publicUrl: URL; locale: Locale }) {
  const user = await repo.findUserByEmail(deps.db, email.trim())
  if (!user || user.status !== 'active') return
  await deps.db.transaction(async (tx) => {
    const now = deps.clock.now()
    const token = await issueToken(tx, {
      purpose: 'reset',
      email: user.email,
      userId: user.id,
      createdAt: now,
      expiresAt: new Date(now.getTime() + RESET_HOURS * 60 * 60 * 1000),
    })
    const url = new URL(`${localisePath(links.locale, '/password/reset')}?token=${token}`, links.publicUrl).href
    await queueEmail(tx, deps.clock, {
      kind: 'password_reset',
      to: user.email,
      ...bilingualEmail('emails.passwordReset', { url, hours: RESET_HOURS }),
    })
    await deps.audit.record(
      tx,
      { kind: 'public' },
      { action: 'accounts.password_reset_requested', subject: { type: 'user', id: user.id } },
    )
  })
}

export const resetFor = (db: Db, token: string, now: Date) => validToken(db, token, 'reset', now)

/** Sets the new password and ends every session of the account, wherever it was signed in. */
export async function completePasswordReset(deps: AccountsDeps, token: string, password: string): Promise<boolean> {
  const now = deps.clock.now()
  const reset = await validToken(deps.db, token, 'reset', now)
  if (!reset?.userId) return false
  const userId = reset.userId
  return deps.db.transaction(async (tx) => {
    if (!(await useToken(tx, token, now))) return false
    await repo.updateUser(tx, userId, { passwordHash: await hashPassword(password), passwordChangedAt: now })
    await endAllSessions(tx, userId)
    await notify(tx, deps.clock, userId, { kind: 'password_changed', vars: {} })
    await deps.audit.record(
      tx,
      { kind: 'user', id: userId },
      { action: 'accounts.password_changed', subject: { type: 'user', id: userId }, changes: { via: 'reset_link' } },
    )
    return true
  })
}
