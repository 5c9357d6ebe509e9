import { Command } from 'commander'
import { existsSync, readFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { ConfigError, dataDirOf, generateSecrets, loadConfig, type Config } from '../config.ts'
import { EngineBusyError, maintainEmbedded, migrationsCurrent, openEngine, type Engine } from '../db/engine.ts'
import { seed } from '../db/seed.ts'
import {
  backupToFile,
  exportToDirectory,
  importFromDirectory,
  restoreFromFile,
  SnapshotError,
  type Manifest,
} from '../db/snapshot.ts'
import { createScheduler } from '../jobs.ts'
import { findOrganisationBySlug, findUserByEmail } from '../modules/accounts/accounts.repository.ts'
import { accountsDeps, createAccount } from '../modules/accounts/accounts.service.ts'
import { demoAccountsProblem, removeDemoAccounts } from '../modules/accounts/demo-accounts.service.ts'
import { passwordProblem } from '../modules/accounts/password.ts'
import { readAs, readImport } from '../modules/register/register.import-file.ts'
import { problemLine } from '../platform/file-problems.tsx'
import { importSystems } from '../modules/register/register-import.service.ts'
import { translator } from '../platform/i18n.ts'
import { z } from 'zod'
import { auditLogFor, type Anchor } from '../platform/audit-log.ts'
import { smtpMailer } from '../platform/outbox.ts'
import { systemClock } from '../platform/clock.ts'
import { resealAll } from '../platform/reseal.ts'
import { features } from '../features.ts'
import { sealedColumnsOf } from '../platform/feature.ts'

/**
 * Opens the configured database for a command. `existing` commands read or change a database that must be there
 * already: they refuse plainly where there is none, rather than create an empty one and report on it.
 */
async function withEngine(work: (engine: Engine, config: Config) => Promise<void>, opts: { existing?: boolean } = {}) {
  const dir = dataDirOf()
  if (opts.existing && !process.env.DATABASE_URL && !existsSync(join(dir, 'pglite'))) {
    throw new UsageError(
      `there is no Mizan database in ${dir}. Set MIZAN_DATA_DIR to the folder Mizan runs on, or DATABASE_URL for a server.`,
    )
  }
  const config = loadConfig()
  const engine = await openEngine({ databaseUrl: config.databaseUrl, migrationUrl: config.migrationUrl, dataDir: config.dataDir })
  try {
    if (opts.existing && !(await migrationsCurrent(engine.db))) {
      throw new UsageError(
        `the database (${engine.kind === 'pglite' ? dir : 'DATABASE_URL'}) has not been set up by this version of Mizan: run mizan migrate first.`,
      )
    }
    await work(engine, config)
  } finally {
    await engine.close()
  }
}

const auditLogOf = (config: Config) => auditLogFor(config, systemClock)

const program = new Command()
  .name('mizan')
  .description('Operate Mizan. The database is chosen as for the server: DATABASE_URL, or the embedded engine in MIZAN_DATA_DIR.')

program
  .command('migrate')
  .description('apply the SQL migrations this version ships that the database does not have yet')
  .action(() =>
    withEngine(async (engine) => {
      await engine.migrate()
      console.log(`migrations applied (${engine.kind})`)
    }),
  )

program
  .command('seed')
  .description('load the reference data from the National AI Policy 2025; safe to run again')
  .action(() =>
    withEngine(async (engine, config) => {
      await engine.migrate()
      const counts = await seed(
        engine.db,
        config.demoData
          ? { db: engine.db, engine: engine.kind, clock: systemClock, config, audit: auditLogOf(config) }
          : undefined,
      )
      for (const [what, n] of Object.entries(counts)) console.log(`${what}: ${n}`)
    }),
  )

program
  .command('create-admin')
  .description(
    'create a system administrator; the password is read from standard input (e.g. read -rs P; echo "$P" | mizan create-admin …)',
  )
  .requiredOption('--email <email>', 'their e-mail address, used to sign in')
  .requiredOption('--name <name>', 'their full name')
  .option('--organisation <slug>', 'their organisation', 'moitt')
  .action((opts: { email: string; name: string; organisation: string }) =>
    withEngine(async (engine, config) => {
      const password = (await readStdin()).replace(/\r?\n$/, '')
      const email = z.email().safeParse(opts.email.trim())
      if (!email.success) throw new UsageError(`"${opts.email}" is not an e-mail address.`)
      const problem = await passwordProblem(password, [opts.email, opts.name])
      if (problem) throw new UsageError(`The password was refused: ${translator('en')(problem)}.`)
      await engine.migrate()
      await seed(engine.db)
      const deps = accountsDeps(engine.db, config.secrets, systemClock, auditLogOf(config))
      const org = await findOrganisationBySlug(engine.db, opts.organisation)
      if (!org) throw new UsageError(`There is no organisation "${opts.organisation}".`)
      if (await findUserByEmail(engine.db, email.data)) throw new UsageError(`An account for ${email.data} exists already.`)
      const user = await createAccount(
        deps,
        { kind: 'system', name: 'cli' },
        { email: email.data, name: opts.name, organisationId: org.id, roles: ['sysadmin'], password },
      )
      console.log(`created system administrator ${user.email}; they set up their authenticator app at first sign-in`)
    }),
  )

program
  .command('secrets')
  .description('print fresh secrets as environment variables, for a deployment on a PostgreSQL server')
  .action(() => {
    const s = generateSecrets()
    console.log(`MIZAN_COOKIE_SECRET=${s.cookieSecret}\nMIZAN_ENCRYPTION_KEYS=${s.encryptionKeys}\nMIZAN_AUDIT_KEY=${s.auditKey}`)
  })

program
  .command('reseal')
  .description('after putting a new encryption key first, re-seal all personal data with it so the old key can be removed')
  .action(() =>
    withEngine(
      async (engine, config) => {
        const counts = await resealAll(engine.db, config.secrets.encryptionKeys, sealedColumnsOf(features), auditLogOf(config))
        console.log(
          Object.entries(counts)
            .map(([name, n]) => `${name}: ${n} re-sealed`)
            .join('\n'),
        )
      },
      { existing: true },
    ),
  )

program
  .command('jobs')
  .description('scheduled work')
  .command('run-due')
  .description('run every scheduled job that is due now, once, and print what ran (safe beside running servers)')
  .action(() =>
    withEngine(
      async (engine, config) => {
        const log = {
          info: (o: object, m: string) => console.log(m, JSON.stringify(o)),
          error: (o: object, m: string) => console.error(m, o),
        }
        const mailer = config.smtpUrl ? smtpMailer(config.smtpUrl) : undefined
        const scheduler = createScheduler({
          db: engine.db,
          engine: engine.kind,
          clock: systemClock,
          audit: auditLogOf(config),
          log,
          secrets: config.secrets,
          mailer,
          mailFrom: config.mailFrom,
          publicUrl: config.publicUrl,
        })
        await scheduler.register()
        const outcomes = await scheduler.runDue()
        for (const o of outcomes) console.log(`${o.name}: ${o.outcome}${o.error ? ` (${o.error})` : ''}`)
        if (outcomes.length === 0) console.log('nothing was due')
        if (outcomes.some((o) => o.outcome === 'failed')) process.exitCode = 1
      },
      { existing: true },
    ),
  )

const summary = (m: Manifest) =>
  `${Object.values(m.tables).reduce((a, b) => a + b, 0)} rows in ${Object.keys(m.tables).length} tables, at migration ${m.migration}`

program
  .command('backup')
  .argument('<file>', 'where to write the backup (gzip)')
  .description('write a consistent snapshot of every table to one file (a single repeatable-read transaction)')
  .action((file: string) =>
    withEngine(
      async (engine) => console.log(`backed up ${summary(await backupToFile(engine.db, engine.kind, file))} to ${file}`),
      { existing: true },
    ),
  )

/** Into production, a load with active demo accounts is refused unless the operator asks for it by name. */
const loadChecks = (config: Config, opts: { allowDemo?: boolean }) =>
  config.env === 'production' && !opts.allowDemo
    ? {
        check: async (tx: Engine['db']) => {
          const problem = await demoAccountsProblem(tx)
          return problem && `${problem}\nTo load them anyway (and remove them before starting), add --allow-demo.`
        },
      }
    : {}

program
  .command('restore')
  .argument('<file>', 'a file written by mizan backup')
  .option('--allow-demo', 'with NODE_ENV=production, load a backup that holds demo accounts (remove them before starting)')
  .description('load a backup into an empty database (a new data directory or a new server database); all or nothing')
  .action((file: string, opts: { allowDemo?: boolean }) =>
    withEngine(async (engine, config) => {
      await engine.migrate()
      console.log(`restored ${summary(await restoreFromFile(engine.db, file, loadChecks(config, opts)))}`)
      await maintainEmbedded(engine.db, engine.kind)
    }),
  )

program
  .command('export-all')
  .argument('<dir>', 'folder to write manifest.json and one <table>.jsonl per table into')
  .description('export every table as JSON lines, the format for moving between engines (see README)')
  .action((dir: string) =>
    withEngine(
      async (engine) => console.log(`exported ${summary(await exportToDirectory(engine.db, engine.kind, dir))} to ${dir}`),
      { existing: true },
    ),
  )

program
  .command('import-all')
  .argument('<dir>', 'a folder written by mizan export-all')
  .option('--allow-demo', 'with NODE_ENV=production, load an export that holds demo accounts (remove them before starting)')
  .description('import an export into an empty database, e.g. from the embedded engine into a PostgreSQL server')
  .action((dir: string, opts: { allowDemo?: boolean }) =>
    withEngine(async (engine, config) => {
      await engine.migrate()
      console.log(`imported ${summary(await importFromDirectory(engine.db, dir, loadChecks(config, opts)))}`)
      await maintainEmbedded(engine.db, engine.kind)
    }),
  )

program
  .command('demo')
  .description('the demo accounts that the embedded engine seeds for trying Mizan')
  .command('remove')
  .description(
    'deactivate every demo account and remove its password, authenticator and sessions (audited); production refuses to start until this is done',
  )
  .action(() =>
    withEngine(
      async (engine, config) => {
        const removed = await removeDemoAccounts(accountsDeps(engine.db, config.secrets, systemClock, auditLogOf(config)))
        console.log(removed ? `removed ${removed} demo accounts` : 'there are no demo accounts to remove')
      },
      { existing: true },
    ),
  )

program
  .command('import')
  .description('bring records in from files')
  .command('systems')
  .argument(
    '<file>',
    'a .csv file with the columns of the register download, or a .json list of records; each names its organisation',
  )
  .description(
    'import AI systems into the register as submitted for review; every row is checked and the whole file goes in or nothing does',
  )
  .option('--add-bodies', 'add the bodies the file names that Mizan does not know, as the file describes them')
  .option('--incomplete-as-drafts', 'bring records that leave required fields empty in as drafts for their bodies to complete')
  .action((file: string, opts: { addBodies?: boolean; incompleteAsDrafts?: boolean }) =>
    withEngine(async (engine, config) => {
      if (!existsSync(file)) throw new UsageError(`no such file: ${file}`)
      await engine.migrate()
      const pages = await readImport({ filename: basename(file), path: file })
      const deps = { db: engine.db, engine: engine.kind, clock: systemClock, config, audit: auditLogOf(config) }
      const outcome = await importSystems(deps, { kind: 'system', name: 'cli' }, basename(file), pages, {
        addBodies: opts.addBodies ?? false,
        incompleteAsDrafts: opts.incompleteAsDrafts ?? false,
      })
      const t = translator('en')
      if (!outcome.ok) {
        for (const p of outcome.problems) console.error(problemLine(t, p))
        throw new UsageError(`nothing was imported: ${outcome.problems.length} problems in ${file}`)
      }
      const { format, separator, records } = outcome.read
      console.log(t(...readAs(format, separator, records)))
      console.log(
        `imported ${outcome.count} systems from ${file}, waiting for review (import ${outcome.importId}): ` +
          `${outcome.created} new, ${outcome.changed} changed, ${outcome.drafts} incomplete drafts, ${outcome.unchanged} unchanged`,
      )
    }),
  )

const audit = program.command('audit').description('the tamper-evident audit log')

audit
  .command('verify')
  .option(
    '--anchors <file>',
    'the signed checkpoints kept outside the database (default: MIZAN_AUDIT_ANCHORS, or audit-anchors.jsonl in the data folder)',
  )
  .description(
    'recompute the hash chain and the signed checkpoints, and compare with the anchors; exits 1 naming each altered, deleted or re-ordered entry',
  )
  .action((opts: { anchors?: string }) =>
    withEngine(
      async (engine, config) => {
        const file = opts.anchors ?? config.auditAnchorFile
        if (opts.anchors && !existsSync(opts.anchors)) throw new UsageError(`there is no anchor file ${opts.anchors}.`)
        const { anchors, problems } = file && existsSync(file) ? readAnchors(file) : { anchors: [], problems: [] }
        const report = await auditLogOf(config).verify(engine.db, { anchors })
        for (const p of [...problems, ...report.problems]) console.log(`PROBLEM ${p}`)
        const ok = report.ok && problems.length === 0
        console.log(
          `${ok ? 'intact' : 'TAMPERED'}: ${report.entries} entries, ${report.checkpoints} checkpoints, ${anchors.length} anchors`,
        )
        if (!ok) process.exitCode = 1
      },
      { existing: true },
    ),
  )

audit
  .command('checkpoint')
  .description('sign the newest entry, so that deleting entries up to it is detected; keep the printed line outside the database')
  .action(() =>
    withEngine(
      async (engine, config) => {
        const c = await auditLogOf(config).checkpoint(engine.db)
        console.log(c ? `checkpoint seq=${c.seq} hash=${c.entryHash}` : 'the audit log is empty')
      },
      { existing: true },
    ),
  )

const jsonOrNull = (line: string): unknown => {
  try {
    return JSON.parse(line)
  } catch {
    return null
  }
}

const AnchorLine = z.object({
  seq: z.number().int().positive(),
  entryHash: z.string(),
  at: z.iso.datetime(),
  signature: z.string(),
})

/** The anchor file's lines; a line that is not an anchor is itself a problem (the file is written only by Mizan). */
function readAnchors(file: string): { anchors: Anchor[]; problems: string[] } {
  const anchors: Anchor[] = []
  const problems: string[] = []
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (!line.trim()) return
      const parsed = AnchorLine.safeParse(jsonOrNull(line))
      if (parsed.success) anchors.push(parsed.data)
      else problems.push(`${file}, line ${i + 1}: not an anchor Mizan wrote`)
    })
  return { anchors, problems }
}

/** A mistake in how a command was called: said plainly, exit 1. */
class UsageError extends Error {}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

try {
  await program.parseAsync()
} catch (err) {
  // Problems a person can fix are said plainly; anything else is a bug and keeps its stack.
  if (err instanceof ConfigError || err instanceof EngineBusyError || err instanceof SnapshotError || err instanceof UsageError) {
    console.error(`mizan: ${err.message}`)
    process.exit(1)
  }
  throw err
}
