import { createHash, randomBytes } from 'node:crypto'
import { eq } from 'drizzle-orm'
import { generate } from 'otplib'
import { createAuditLog } from '../platform/audit-log.ts'
import { encrypt } from '../platform/crypto.ts'
import { type Role, type UserActor } from '../platform/rbac.ts'
import { systemClock } from '../platform/clock.ts'
import { organisations, sessions, users } from '../db/schema.ts'
import { createAccount } from '../modules/accounts/accounts.service.ts'
import type { TestData } from './app.ts'

export const TEST_PASSWORD = 'river-lamp-kettle-orbit'
export const TOTP_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP'

export const totpAt = (at: Date, secret = TOTP_SECRET) => generate({ secret, epoch: Math.floor(at.getTime() / 1000) })

/** An organisation for tests, made once per name: a federal ministry unless told another type. */
export async function testOrganisation(
  t: TestData,
  slug = 'test-ministry',
  type: (typeof organisations.$inferInsert)['type'] = 'federal_ministry',
) {
  const db = t.database.engine.db
  const [org] = await db
    .insert(organisations)
    .values({ slug, nameEn: `Test ${slug}`, nameUr: `آزمائشی ${slug}`, type, province: 'federal' })
    .onConflictDoUpdate({ target: organisations.slug, set: { slug } })
    .returning()
  return org!
}

/** An account with a password and, unless told otherwise, an enrolled authenticator using TOTP_SECRET. */
export async function testUser(
  t: TestData,
  opts: { roles: Role[]; email?: string; organisationId?: string | null; enrolled?: boolean },
) {
  const db = t.database.engine.db
  const audit = createAuditLog({ clock: systemClock, auditKey: t.config.secrets.auditKey })
  const keys = t.config.secrets.encryptionKeys
  const user = await createAccount(
    { db, clock: systemClock, audit, keys, hmacKey: t.config.secrets.auditKey },
    { kind: 'system', name: 'test' },
    {
      email: opts.email ?? `${randomBytes(4).toString('hex')}@example.gov.pk`,
      name: 'Test Person',
      organisationId: opts.organisationId ?? null,
      roles: opts.roles,
      password: TEST_PASSWORD,
    },
  )
  if (opts.enrolled !== false) {
    await db
      .update(users)
      .set({ mfaSecretSealed: encrypt(keys, TOTP_SECRET), mfaEnrolledAt: new Date() })
      .where(eq(users.id, user.id))
  }
  return user
}

/** A fully signed-in session made directly, for tests about what a role may do rather than how it signs in. */
export async function sessionCookie(t: TestData, userId: string, now = new Date()) {
  const token = randomBytes(32).toString('base64url')
  await t.database.engine.db.insert(sessions).values({
    tokenHash: createHash('sha256').update(token).digest('hex'),
    userId,
    stage: 'full',
    createdAt: now,
    lastSeenAt: now,
    expiresAt: new Date(now.getTime() + 12 * 60 * 60 * 1000),
  })
  return `mizan-session=${token}`
}

/** A signed-in person as services see them. */
export async function testActor(t: TestData, roles: Role[], organisationId: string | null = null): Promise<UserActor> {
  const user = await testUser(t, { roles, organisationId })
  return { kind: 'user', id: user.id, organisationId, roles }
}
