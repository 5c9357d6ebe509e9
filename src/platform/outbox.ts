import { and, asc, desc, eq, isNull, lte } from 'drizzle-orm'
import type { Transporter } from 'nodemailer'
import type { Db } from '../db/engine.ts'
import type { Clock } from './clock.ts'
import { localVars, translator } from './i18n.ts'
import { notifications, outboxMessages } from './platform.tables.ts'

export type Email = { kind: string; to: string; subject: string; body: string }

/** Queues an e-mail in the caller's transaction: it is sent only if the change that caused it commits. */
export async function queueEmail(tx: Db, clock: Clock, email: Email): Promise<void> {
  const now = clock.now()
  await tx.insert(outboxMessages).values({
    kind: email.kind,
    toAddress: email.to,
    subject: email.subject,
    bodyText: email.body,
    createdAt: now,
    nextAttemptAt: now,
  })
}

/**
 * An e-mail's subject and body in English and in Urdu, one after the other: addresses do not say who reads which. A
 * pair of values `xEn` / `xUr` gives `x` in each language's part.
 */
export function bilingualEmail(key: string, vars: Record<string, unknown>) {
  const [en, ur] = [translator('en'), translator('ur')]
  const [inEn, inUr] = [localVars(vars, 'en'), localVars(vars, 'ur')]
  return {
    subject: `${en(`${key}.subject`, inEn)} · ${ur(`${key}.subject`, inUr)}`,
    body: `${en(`${key}.body`, inEn)}\n\n---\n\n${ur(`${key}.body`, inUr)}`,
  }
}

/**
 * Puts a message in a person's in-app inbox. It is stored as a kind and its values, not as text,
 * so it reads in whichever language the person uses when they open it (`notifications.<kind>.*`).
 */
export async function notify(
  tx: Db,
  clock: Clock,
  userId: string,
  message: { kind: string; vars: Record<string, string>; link?: string },
) {
  await tx
    .insert(notifications)
    .values({ userId, createdAt: clock.now(), kind: message.kind, vars: message.vars, link: message.link ?? null })
}

export const inboxOf = (db: Db, userId: string) =>
  db.select().from(notifications).where(eq(notifications.userId, userId)).orderBy(desc(notifications.createdAt)).limit(100)

export const markRead = (db: Db, userId: string, at: Date) =>
  db
    .update(notifications)
    .set({ readAt: at })
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)))

export const recentOutbox = (db: Db) => db.select().from(outboxMessages).orderBy(desc(outboxMessages.createdAt)).limit(200)

const MAX_ATTEMPTS = 8
const BATCH = 50

export type Mailer = { send(email: { from: string; to: string; subject: string; text: string }): Promise<void> }

/**
 * An SMTP mailer from `MIZAN_SMTP_URL` (e.g. `smtps://user:password@mail.example:465`). The mail library is loaded
 * with the first message, not with every process.
 */
export function smtpMailer(url: string): Mailer {
  let transport: Promise<Transporter> | undefined
  const connect = () => (transport ??= import('nodemailer').then(({ default: mail }) => mail.createTransport(url)))
  return { send: async (m) => void (await (await connect()).sendMail(m)) }
}

/**
 * Sends what is due. Without a mailer nothing leaves: messages stay in the outbox, where a system
 * administrator can read them. A failed send is retried with a growing wait, up to MAX_ATTEMPTS.
 */
export async function sendDue(
  db: Db,
  clock: Clock,
  mailer: Mailer | undefined,
  from: string,
): Promise<{ sent: number; failed: number }> {
  if (!mailer) return { sent: 0, failed: 0 }
  return sendBatch(db, clock, mailer, from)
}

/**
 * Without a mail server, each new message is announced once in the log (its kind and subject: never the
 * address or the body, which may hold a sign-in link), so an operator knows to pass it on.
 */
export async function announceUnsent(
  db: Db,
  clock: Clock,
  log: (message: { id: string; kind: string; subject: string }) => void,
): Promise<number> {
  const fresh = await db
    .update(outboxMessages)
    .set({ loggedAt: clock.now() })
    .where(and(isNull(outboxMessages.sentAt), isNull(outboxMessages.loggedAt)))
    .returning({ id: outboxMessages.id, kind: outboxMessages.kind, subject: outboxMessages.subject })
  for (const m of fresh) log(m)
  return fresh.length
}

async function sendBatch(db: Db, clock: Clock, mailer: Mailer, from: string): Promise<{ sent: number; failed: number }> {
  const now = clock.now()
  const due = await db
    .select()
    .from(outboxMessages)
    .where(and(isNull(outboxMessages.sentAt), lte(outboxMessages.nextAttemptAt, now)))
    .orderBy(asc(outboxMessages.nextAttemptAt))
    .limit(BATCH)
  let sent = 0
  let failed = 0
  for (const m of due.filter((m) => m.attempts < MAX_ATTEMPTS)) {
    try {
      await mailer.send({ from, to: m.toAddress, subject: m.subject, text: m.bodyText })
      await db
        .update(outboxMessages)
        .set({ sentAt: clock.now(), attempts: m.attempts + 1, lastError: null })
        .where(eq(outboxMessages.id, m.id))
      sent++
    } catch (err) {
      const wait = 2 ** m.attempts * 60_000
      await db
        .update(outboxMessages)
        .set({
          attempts: m.attempts + 1,
          lastError: err instanceof Error ? err.message : String(err),
          nextAttemptAt: new Date(now.getTime() + wait),
        })
        .where(eq(outboxMessages.id, m.id))
      failed++
    }
  }
  return { sent, failed }
}
