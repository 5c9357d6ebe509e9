import { createHash, createHmac, randomBytes } from 'node:crypto'
import { generateSecret, generateURI, verify as verifyTotp } from 'otplib'
import type { Secrets } from '../../config.ts'
import type { Db } from '../../db/engine.ts'
import type { AuditLog } from '../../platform/audit-log.ts'
import type { Clock } from '../../platform/clock.ts'
import { decrypt, encrypt, type KeyRing } from '../../platform/crypto.ts'
import type { Role, UserActor } from '../../platform/rbac.ts'
import * as repo from './accounts.repository.ts'
import { hashPassword, passwordMatches } from './password.ts'
import { endAllSessions, type Session } from './sessions.ts'
import { deviceTokenHash } from './known-devices.ts'
import { bilingualEmail, queueEmail } from '../../platform/outbox.ts'
import { hitCount } from '../../platform/rate-limit-store.ts'

export type AccountsDeps = {
  db: Db
  clock: Clock
  audit: AuditLog
  keys: KeyRing
  hmacKey: string
  /** Who hears of a flood of failed sign-ins on one account; the active system administrators when unset. */
  securityContact?: string | undefined
}

export const accountsDeps = (
  db: Db,
  secrets: Secrets,
  clock: Clock,
  audit: AuditLog,
  securityContact?: string,
): AccountsDeps => ({
  db,
  clock,
  audit,
  keys: secrets.encryptionKeys,
  hmacKey: secrets.auditKey,
  securityContact,
})

const keyedHash = (deps: AccountsDeps, purpose: string, value: string) =>
  createHmac('sha256', deps.hmacKey).update(`${purpose}\n${value}`).digest('hex')

/** Counts an attempt on a key before it is checked; the seconds to wait, or 0 to go ahead. */
const attempt = (deps: AccountsDeps, key: string) => repo.claimAttempt(deps.db, key, deps.clock.now())

/** Where a sign-in comes from: its network (see `networkOf`) and the device cookie it carries, if any. */
export type SignInOrigin = { network: string; deviceToken?: string | undefined }

/**
 * The throttle an attempt counts on. From a browser where this account has signed in before, the device's own;
 * otherwise the account together with the network. So guessing from elsewhere slows the guesser, never the owner.
 */
async function signInKey(deps: AccountsDeps, email: string, from: SignInOrigin): Promise<string> {
  if (from.deviceToken) {
    const device = deviceTokenHash(from.deviceToken)
    if ((await repo.deviceOwner(deps.db, device))?.email === email) return keyedHash(deps, 'sign-in-device', device)
  }
  return keyedHash(deps, 'sign-in', `${email}\n${from.network}`)
}

/** Failed passwords on one account, from everywhere, that make the security contact hear of it (once a window). */
export const FLOOD_ALERT = { failures: 20, windowMs: 60 * 60 * 1000 }

/** Tells the security contact, rather than locking the account: a lock would hand the attacker the owner's access. */
async function alertOnFlood(deps: AccountsDeps, user: repo.User) {
  const failures = await hitCount(
    { db: deps.db, clock: deps.clock, secret: deps.hmacKey },
    'sign-in-failures',
    user.id,
    FLOOD_ALERT.windowMs,
  )
  if (failures !== FLOOD_ALERT.failures) return
  const to = deps.securityContact ? [deps.securityContact] : await repo.activeSysadminEmails(deps.db)
  const email = bilingualEmail('emails.signInFlood', { account: user.email, failures, minutes: FLOOD_ALERT.windowMs / 60_000 })
  await deps.db.transaction(async (tx) => {
    for (const address of to) await queueEmail(tx, deps.clock, { kind: 'accounts.sign_in_flood', to: address, ...email })
    await deps.audit.record(
      tx,
      { kind: 'system', name: 'sign-in' },
      { action: 'accounts.sign_in_flood', subject: { type: 'user', id: user.id }, changes: { failures, alerted: to.length } },
    )
  })
}

export type SignInResult =
  | { outcome: 'accepted'; userId: string; next: 'second_factor' | 'enrol' }
  | { outcome: 'refused' }
  | { outcome: 'wait'; seconds: number }

/**
 * The password step. Unknown addresses, deactivated accounts and wrong passwords get the same answer
 * after the same work, and are throttled alike, so nothing tells whether an account exists.
 */
export async function checkPassword(
  deps: AccountsDeps,
  email: string,
  password: string,
  from: SignInOrigin,
): Promise<SignInResult> {
  const normalised = email.trim().toLowerCase()
  const key = await signInKey(deps, normalised, from)
  const seconds = await attempt(deps, key)
  if (seconds > 0) return { outcome: 'wait', seconds }
  const user = await repo.findUserByEmail(deps.db, normalised)
  const usable = user?.status === 'active' ? user : undefined
  if (!(await passwordMatches(usable?.passwordHash ?? null, password))) {
    if (usable) {
      await deps.audit.record(
        deps.db,
        { kind: 'public' },
        { action: 'accounts.sign_in_refused', subject: { type: 'user', id: usable.id } },
      )
      await alertOnFlood(deps, usable)
    }
    return { outcome: 'refused' }
  }
  await repo.clearThrottle(deps.db, key)
  return { outcome: 'accepted', userId: usable!.id, next: usable!.mfaEnrolledAt ? 'second_factor' : 'enrol' }
}

const RECOVERY_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
const normaliseRecoveryCode = (code: string) =>
  code
    .toUpperCase()
    .replace(/[^0-9A-Z]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1')
const hashRecoveryCode = (code: string) => createHash('sha256').update(normaliseRecoveryCode(code)).digest('hex')

/** Ten single-use codes of 50 random bits each, written as XXXXX-XXXXX in an alphabet without look-alikes. */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: 10 }, () => {
    const chars = [...randomBytes(10)].map((b) => RECOVERY_ALPHABET[b % 32]).join('')
    return `${chars.slice(0, 5)}-${chars.slice(5)}`
  })
}

const TOTP_TOLERANCE_S = 30

/** Checks a TOTP code, refusing any from a time step already used (a replayed code). */
async function totpStep(
  deps: AccountsDeps,
  sealedSecret: string,
  code: string,
  afterStep: number | null,
): Promise<number | null> {
  const result = await verifyTotp({
    secret: decrypt(deps.keys, sealedSecret),
    token: code,
    epoch: Math.floor(deps.clock.now().getTime() / 1000),
    epochTolerance: TOTP_TOLERANCE_S,
    ...(afterStep !== null ? { afterTimeStep: afterStep } : {}),
  }).catch(() => ({ valid: false as const }))
  return result.valid && 'timeStep' in result ? result.timeStep : null
}

export type SecondFactorResult = { outcome: 'accepted' } | { outcome: 'refused' } | { outcome: 'wait'; seconds: number }

/** The second step: a code from the authenticator app, or one of the recovery codes. */
export async function checkSecondFactor(deps: AccountsDeps, userId: string, code: string): Promise<SecondFactorResult> {
  const key = keyedHash(deps, 'second-factor', userId)
  const seconds = await attempt(deps, key)
  if (seconds > 0) return { outcome: 'wait', seconds }
  const user = await repo.findUser(deps.db, userId)
  if (!user || user.status !== 'active' || !user.mfaSecretSealed || !user.mfaEnrolledAt) return { outcome: 'refused' }
  const compact = code.replace(/\s/g, '')
  let method: 'totp' | 'recovery_code' | null = null
  if (/^\d{6}$/.test(compact)) {
    const step = await totpStep(deps, user.mfaSecretSealed, compact, user.mfaLastStep)
    if (step !== null) {
      await repo.updateUser(deps.db, userId, { mfaLastStep: step })
      method = 'totp'
    }
  } else if (await repo.useRecoveryCode(deps.db, userId, hashRecoveryCode(code), deps.clock.now())) {
    method = 'recovery_code'
  }
  if (!method) {
    await deps.audit.record(
      deps.db,
      { kind: 'public' },
      { action: 'accounts.second_factor_refused', subject: { type: 'user', id: userId } },
    )
    return { outcome: 'refused' }
  }
  await repo.clearThrottle(deps.db, key)
  await repo.updateUser(deps.db, userId, { lastSignInAt: deps.clock.now() })
  await deps.audit.record(
    deps.db,
    { kind: 'user', id: userId },
    { action: 'accounts.signed_in', subject: { type: 'user', id: userId }, changes: { method } },
  )
  return { outcome: 'accepted' }
}

export type Enrolment = { secret: string; uri: string; qr: string }

/** A new authenticator secret, kept sealed until a first code proves the app has it. */
export async function beginEnrolment(deps: AccountsDeps, userId: string): Promise<Enrolment> {
  const user = (await repo.findUser(deps.db, userId))!
  let secret: string
  if (user.mfaSecretSealed && !user.mfaEnrolledAt) secret = decrypt(deps.keys, user.mfaSecretSealed)
  else {
    secret = generateSecret()
    await repo.updateUser(deps.db, userId, {
      mfaSecretSealed: encrypt(deps.keys, secret),
      mfaEnrolledAt: null,
      mfaLastStep: null,
    })
  }
  const uri = generateURI({ issuer: 'Mizan', label: user.email, secret })
  return { secret, uri, qr: await (await import('qrcode')).toString(uri, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' }) }
}

/** Confirms enrolment with a first code; returns the recovery codes, shown once and stored only as hashes. */
export async function confirmEnrolment(deps: AccountsDeps, userId: string, code: string): Promise<string[] | null> {
  const user = (await repo.findUser(deps.db, userId))!
  if (!user.mfaSecretSealed || user.mfaEnrolledAt) return null
  const step = await totpStep(deps, user.mfaSecretSealed, code.replace(/\s/g, ''), null)
  if (step === null) return null
  const codes = newRecoveryCodes()
  await deps.db.transaction(async (tx) => {
    const now = deps.clock.now()
    await repo.updateUser(tx, userId, { mfaEnrolledAt: now, mfaLastStep: step, lastSignInAt: now })
    await repo.replaceRecoveryCodes(tx, userId, codes.map(hashRecoveryCode))
    await deps.audit.record(
      tx,
      { kind: 'user', id: userId },
      { action: 'accounts.mfa_enrolled', subject: { type: 'user', id: userId } },
    )
  })
  return codes
}

/** The person behind a fully signed-in session, with their roles; nothing for a half-signed-in one. */
export async function actorOf(deps: AccountsDeps, session: Session | null): Promise<UserActor | null> {
  if (!session || session.stage !== 'full') return null
  const user = await repo.findUser(deps.db, session.userId)
  if (!user || user.status !== 'active') return null
  return { kind: 'user', id: user.id, organisationId: user.organisationId, roles: await repo.rolesOf(deps.db, user.id) }
}

/**
 * A signed-in person changes their password: the current one is asked for again (and wrong tries are
 * slowed as at sign-in), and every session of the account ends, on every device.
 */
export async function changePassword(
  deps: AccountsDeps,
  userId: string,
  current: string,
  next: string,
): Promise<SecondFactorResult> {
  const key = keyedHash(deps, 'change-password', userId)
  const seconds = await attempt(deps, key)
  if (seconds > 0) return { outcome: 'wait', seconds }
  const user = await repo.findUser(deps.db, userId)
  if (!user || !(await passwordMatches(user.passwordHash, current))) {
    return { outcome: 'refused' }
  }
  await repo.clearThrottle(deps.db, key)
  await deps.db.transaction(async (tx) => {
    await repo.updateUser(tx, userId, { passwordHash: await hashPassword(next), passwordChangedAt: deps.clock.now() })
    await endAllSessions(tx, userId)
    await deps.audit.record(
      tx,
      { kind: 'user', id: userId },
      { action: 'accounts.password_changed', subject: { type: 'user', id: userId }, changes: { via: 'account_page' } },
    )
  })
  return { outcome: 'accepted' }
}

export type NewAccount = {
  email: string
  name: string
  organisationId: string | null
  roles: readonly Role[]
  password?: string
  demo?: boolean
}

/** Creates an account with its roles, recorded as done by `by` (a user, or the command line). */
export async function createAccount(
  deps: AccountsDeps,
  by: { kind: 'user'; id: string } | { kind: 'system'; name: string },
  account: NewAccount,
) {
  return deps.db.transaction(async (tx) => {
    const now = deps.clock.now()
    const user = await repo.insertUser(tx, {
      email: account.email.trim().toLowerCase(),
      name: account.name.trim(),
      organisationId: account.organisationId,
      passwordHash: account.password ? await hashPassword(account.password) : null,
      passwordChangedAt: account.password ? now : null,
      createdAt: now,
      demo: account.demo ?? false,
    })
    await repo.grantRoles(tx, user.id, account.roles, by.kind === 'user' ? by.id : null)
    await deps.audit.record(tx, by, {
      action: 'accounts.created',
      subject: { type: 'user', id: user.id },
      changes: { roles: [...account.roles], organisationId: account.organisationId, ...(account.demo ? { demo: true } : {}) },
      personal: { email: user.email, name: user.name },
    })
    return user
  })
}

/** An active account as services see it, by e-mail address: for seeding demonstration records through the services. */
export async function actorByEmail(db: Db, email: string): Promise<UserActor | undefined> {
  const user = await repo.findUserByEmail(db, email)
  if (!user || user.status !== 'active') return undefined
  return { kind: 'user', id: user.id, organisationId: user.organisationId, roles: await repo.rolesOf(db, user.id) }
}

/** A person's account and the organisation they belong to, for their own pages. */
export async function accountOf(db: Db, userId: string) {
  const user = await repo.findUser(db, userId)
  if (!user) return undefined
  return { user, organisation: user.organisationId ? await repo.findOrganisation(db, user.organisationId) : undefined }
}

/** An organisation by its id, for pages that name it. */
export const organisationOf = (db: Db, id: string) => repo.findOrganisation(db, id)
