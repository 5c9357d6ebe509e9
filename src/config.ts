import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { z } from 'zod'
import { parseKeyRing, type KeyRing } from './platform/crypto.ts'

/** Raised for configuration a person must fix; the message says what and how. */
export class ConfigError extends Error {}

/** As Fastify takes it: all, none, a list of addresses or CIDR ranges, or a rule per hop. */
export type TrustProxy = boolean | string[] | ((address: string, hop: number) => boolean)

const trustProxy = z
  .string()
  .optional()
  .transform((v): TrustProxy => {
    if (v === undefined || v === '' || v === 'false') return false
    if (v === 'true') return true
    // A number is how many proxies stand in front of Mizan: trust that many hops and no more.
    if (/^\d+$/.test(v)) return (_address: string, hop: number) => hop < Number(v)
    return v.split(',').map((s) => s.trim())
  })

const DEFAULT_DATA_DIR = './data'

/** Where the embedded engine keeps its data, read without loading the rest (which would create the folder). */
export const dataDirOf = (env: NodeJS.ProcessEnv = process.env) => resolve(env.MIZAN_DATA_DIR || DEFAULT_DATA_DIR)

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  MIZAN_DATA_DIR: z.string().min(1).default(DEFAULT_DATA_DIR),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  MIZAN_MIGRATION_DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  DATABASE_READ_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  MIZAN_AUDIT_ANCHORS: z.string().min(1).optional(),
  MIZAN_PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  MIZAN_TRUST_PROXY: trustProxy,
  MIZAN_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  MIZAN_LOG_CLIENT_ADDRESS: z.enum(['hashed', 'none']).default('hashed'),
  MIZAN_METRICS_TOKEN: z.string().min(24, 'must be at least 24 characters').optional(),
  MIZAN_COOKIE_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  MIZAN_ENCRYPTION_KEYS: z.string().min(1).optional(),
  MIZAN_AUDIT_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
  MIZAN_SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://')
    .optional(),
  MIZAN_MAIL_FROM: z.string().min(3).default('Mizan <no-reply@localhost>'),
  MIZAN_CHROMIUM: z.string().min(1).default('/usr/bin/chromium'),
  MIZAN_SECURITY_CONTACT: z.email('must be an e-mail address').optional(),
})

export type Secrets = { cookieSecret: string; encryptionKeys: KeyRing; auditKey: string }

export type Config = {
  env: 'development' | 'production' | 'test'
  port: number
  host: string
  dataDir: string
  databaseUrl: string | undefined
  /** The role that owns the schema and runs migrations; the app's own role (DATABASE_URL) then owns nothing. */
  migrationUrl: string | undefined
  /** A streaming replica of DATABASE_URL's server, for what the public reads (`registerReading`). */
  readUrl: string | undefined
  /** Where signed audit checkpoints are appended, outside the database. */
  auditAnchorFile: string | undefined
  publicUrl: URL
  trustProxy: TrustProxy
  logLevel: string
  /** Client addresses in the log: a keyed hash of their network, or nothing. */
  logClientAddress: 'hashed' | 'none'
  metricsToken: string | undefined
  secrets: Secrets
  /** Demo accounts are seeded only when trying Mizan: never in production, never on a server database. */
  demoData: boolean
  /** Without it, e-mail stays in the outbox, readable by system administrators. */
  smtpUrl: string | undefined
  mailFrom: string
  /** Chromium renders published reports to PDF; where it is missing, publishing says so and HTML still works. */
  chromiumPath: string
  /** Hears of floods of failed sign-ins; the active system administrators when unset. */
  securityContact: string | undefined
}

const SECRETS_FILE = 'secrets.json'

/**
 * Reads the environment once. Only the embedded engine may invent its own secrets (kept beside its data);
 * a server deployment has several processes that must share them, so they must come from the environment.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable means "not set", as shells and container files commonly write it.
  const parsed = EnvSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')))
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`)
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`)
  }
  const e = parsed.data
  // The embedded engine lives in one process: it has no replica to read from.
  if (e.DATABASE_READ_URL && !e.DATABASE_URL)
    throw new ConfigError('DATABASE_READ_URL names a replica of a PostgreSQL server: set DATABASE_URL to that server too.')
  const dataDir = resolve(e.MIZAN_DATA_DIR)
  const given = { cookieSecret: e.MIZAN_COOKIE_SECRET, encryptionKeys: e.MIZAN_ENCRYPTION_KEYS, auditKey: e.MIZAN_AUDIT_KEY }
  const secrets = e.DATABASE_URL ? secretsFromEnvironment(given) : embeddedSecrets(dataDir, given)
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    dataDir,
    databaseUrl: e.DATABASE_URL,
    migrationUrl: e.DATABASE_URL ? e.MIZAN_MIGRATION_DATABASE_URL : undefined,
    readUrl: e.DATABASE_READ_URL,
    // On the embedded engine, beside the database by default; on a server, wherever the operator points it.
    auditAnchorFile: e.MIZAN_AUDIT_ANCHORS
      ? anchorFileOrExplain(e.MIZAN_AUDIT_ANCHORS)
      : e.DATABASE_URL
        ? undefined
        : join(dataDir, 'audit-anchors.jsonl'),
    publicUrl: new URL(e.MIZAN_PUBLIC_URL ?? `http://localhost:${e.PORT}`),
    trustProxy: e.MIZAN_TRUST_PROXY,
    logLevel: e.MIZAN_LOG_LEVEL,
    logClientAddress: e.MIZAN_LOG_CLIENT_ADDRESS,
    metricsToken: e.MIZAN_METRICS_TOKEN,
    secrets,
    demoData: e.NODE_ENV !== 'production' && !e.DATABASE_URL,
    smtpUrl: e.MIZAN_SMTP_URL,
    mailFrom: e.MIZAN_MAIL_FROM,
    chromiumPath: e.MIZAN_CHROMIUM,
    securityContact: e.MIZAN_SECURITY_CONTACT,
  }
}

/** The anchor file's folder must exist: a checkpoint that cannot be anchored would only show up as a failed job. */
function anchorFileOrExplain(path: string): string {
  const file = resolve(path)
  if (!existsSync(dirname(file))) throw new ConfigError(`MIZAN_AUDIT_ANCHORS: the folder ${dirname(file)} does not exist.`)
  return file
}

type GivenSecrets = { cookieSecret?: string | undefined; encryptionKeys?: string | undefined; auditKey?: string | undefined }

const SECRET_VARIABLES = {
  cookieSecret: 'MIZAN_COOKIE_SECRET',
  encryptionKeys: 'MIZAN_ENCRYPTION_KEYS',
  auditKey: 'MIZAN_AUDIT_KEY',
} as const

function secretsFromEnvironment(given: GivenSecrets): Secrets {
  const missing = Object.entries(SECRET_VARIABLES)
    .filter(([name]) => !given[name as keyof GivenSecrets])
    .map(([, variable]) => variable)
  if (missing.length > 0) {
    throw new ConfigError(
      `DATABASE_URL is set, so these secrets must be set in the environment too: ${missing.join(', ')}.\n` +
        'Generate them with: npm run mizan -- secrets',
    )
  }
  return { cookieSecret: given.cookieSecret!, encryptionKeys: keyRingOrExplain(given.encryptionKeys!), auditKey: given.auditKey! }
}

function keyRingOrExplain(spec: string): KeyRing {
  try {
    return parseKeyRing(spec)
  } catch (err) {
    throw new ConfigError(`MIZAN_ENCRYPTION_KEYS: ${(err as Error).message}`)
  }
}

const StoredSecrets = z.object({
  cookieSecret: z.string().min(32),
  encryptionKeys: z.string().min(1),
  auditKey: z.string().min(32),
})
type StoredSecrets = z.infer<typeof StoredSecrets>

/** Secrets the environment does not give come from the data directory, generated there on first start. */
function embeddedSecrets(dataDir: string, given: GivenSecrets): Secrets {
  const complete = given.cookieSecret && given.encryptionKeys && given.auditKey
  const stored = complete ? undefined : storedSecrets(join(dataDir, SECRETS_FILE))
  return {
    cookieSecret: given.cookieSecret ?? stored!.cookieSecret,
    encryptionKeys: keyRingOrExplain(given.encryptionKeys ?? stored!.encryptionKeys),
    auditKey: given.auditKey ?? stored!.auditKey,
  }
}

function storedSecrets(file: string): StoredSecrets {
  const fresh = generateSecrets()
  if (!existsSync(file)) {
    mkdirSync(join(file, '..'), { recursive: true })
    writeFileSync(file, JSON.stringify(fresh, null, 2), { mode: 0o600 })
    return fresh
  }
  // A file from an older version lacks newer secrets: add them, never replace existing ones.
  const read = StoredSecrets.partial().safeParse(JSON.parse(readFileSync(file, 'utf8')))
  if (!read.success) throw new ConfigError(`${file} is damaged; restore it from a backup.`)
  const merged = { ...fresh, ...read.data }
  if (Object.keys(read.data).length < Object.keys(fresh).length)
    writeFileSync(file, JSON.stringify(merged, null, 2), { mode: 0o600 })
  return merged
}

/** Fresh secrets in the form the environment variables take. */
export function generateSecrets(): StoredSecrets {
  const keyId = `k${new Date().toISOString().slice(0, 10).replaceAll('-', '')}`
  return {
    cookieSecret: randomBytes(32).toString('base64url'),
    encryptionKeys: `${keyId}:${randomBytes(32).toString('base64')}`,
    auditKey: randomBytes(32).toString('base64url'),
  }
}
