import { sql } from 'drizzle-orm'
import {
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core'
import { roles, type Role } from '../../platform/rbac.ts'
import { organisationTypes, provinces } from './accounts.vocabulary.ts'

export const organisations = pgTable('organisations', {
  id: uuid('id').primaryKey().defaultRandom(),
  slug: text('slug').notNull().unique(),
  nameEn: text('name_en').notNull(),
  nameUr: text('name_ur').notNull(),
  type: text('type', { enum: organisationTypes }).notNull(),
  province: text('province', { enum: provinces }).notNull(),
  parentId: uuid('parent_id').references((): AnyPgColumn => organisations.id),
  active: boolean('active').notNull().default(true),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
})

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Stored lower-cased: sign-in is case-insensitive. */
    email: text('email').notNull(),
    name: text('name').notNull(),
    organisationId: uuid('organisation_id').references(() => organisations.id),
    status: text('status', { enum: ['active', 'deactivated'] })
      .notNull()
      .default('active'),
    passwordHash: text('password_hash'),
    passwordChangedAt: timestamp('password_changed_at', { withTimezone: true }),
    mfaSecretSealed: text('mfa_secret_sealed'),
    mfaEnrolledAt: timestamp('mfa_enrolled_at', { withTimezone: true }),
    /** The last TOTP time step accepted: a code from that step or earlier is a replay. */
    mfaLastStep: bigint('mfa_last_step', { mode: 'number' }),
    locale: text('locale', { enum: ['en', 'ur'] })
      .notNull()
      .default('en'),
    /** Made by the demo seed for trying Mizan: a production start refuses while any such account is active. */
    demo: boolean('demo').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastSignInAt: timestamp('last_sign_in_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('users_email_unique').on(sql`lower(${t.email})`)],
)

export const userRoles = pgTable(
  'user_roles',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    role: text('role', { enum: roles }).notNull(),
    grantedBy: uuid('granted_by').references(() => users.id),
    grantedAt: timestamp('granted_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.role] })],
)

export const recoveryCodes = pgTable(
  'recovery_codes',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    codeHash: text('code_hash').notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.userId, t.codeHash] })],
)

/**
 * Attempts per throttled key: a keyed hash of an account with a network, or with a known device (so unknown
 * addresses are throttled exactly like known ones and the table reveals no addresses). An attempt is counted
 * before its password is checked, in one statement, so parallel attempts are each counted.
 */
export const signInThrottle = pgTable('sign_in_throttle', {
  /** The keyed hash of what is throttled (the column kept its first name). */
  emailHash: text('email_hash').primaryKey(),
  failures: integer('failures').notNull(),
  notBefore: timestamp('not_before', { withTimezone: true }).notNull(),
})

/**
 * Browsers in which an account has fully signed in (a long-lived cookie, stored as its SHA-256). Sign-in from a
 * known device is throttled on its own key, so an attacker elsewhere cannot make the owner wait.
 */
export const knownDevices = pgTable(
  'known_devices',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('known_devices_user_idx').on(t.userId)],
)

/** Sessions live in the database, so any app process can serve any request and an account's sessions can all be ended. */
export const sessions = pgTable(
  'sessions',
  {
    /** SHA-256 of the cookie's token: a leaked table does not give working sessions. */
    tokenHash: text('token_hash').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    /** password: second factor still to give; enrol: authenticator still to set up; full: signed in. */
    stage: text('stage', { enum: ['password', 'enrol', 'full'] }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
)

/** Single-use links sent by e-mail: an invitation to join, or a password reset. Only the token's hash is kept. */
export const accountTokens = pgTable('account_tokens', {
  tokenHash: text('token_hash').primaryKey(),
  purpose: text('purpose', { enum: ['invitation', 'reset'] }).notNull(),
  email: text('email').notNull(),
  userId: uuid('user_id').references(() => users.id),
  name: text('name'),
  organisationId: uuid('organisation_id').references(() => organisations.id),
  roles: jsonb('roles').$type<Role[]>(),
  createdBy: uuid('created_by').references(() => users.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  usedAt: timestamp('used_at', { withTimezone: true }),
})

/** Periodic reviews of who may do what (policy 3.5): one row per review, one per decision. */
export const accessReviews = pgTable('access_reviews', {
  id: uuid('id').primaryKey().defaultRandom(),
  reviewerId: uuid('reviewer_id')
    .notNull()
    .references(() => users.id),
  organisationId: uuid('organisation_id').references(() => organisations.id),
  startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
  completedAt: timestamp('completed_at', { withTimezone: true }),
})

export const accessReviewDecisions = pgTable(
  'access_review_decisions',
  {
    reviewId: uuid('review_id')
      .notNull()
      .references(() => accessReviews.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    decision: text('decision', { enum: ['confirmed', 'revoked'] }).notNull(),
    decidedAt: timestamp('decided_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.reviewId, t.userId] })],
)
