import { and, asc, desc, eq, inArray, isNull, or, sql } from 'drizzle-orm'
import type { Db } from '../db/engine.ts'
import type { Clock } from './clock.ts'
import { PAKISTAN_OFFSET_MS } from './clock.ts'
import type { Role, UserActor } from './rbac.ts'
import { workItems } from './work-queue.tables.ts'

export type Urgency = 1 | 2 | 3 | 4

export type WorkItem = {
  kind: string
  subject: { type: string; id: string }
  title: { key: string; vars?: Record<string, string> }
  link: string
  assignee: { userId: string } | { role: Role; organisationId?: string | null }
  dueOn?: string | null
  urgency: Urgency
}

/** The date in Pakistan at an instant, as YYYY-MM-DD. */
export const pakistanDateOf = (at: Date) => new Date(at.getTime() + PAKISTAN_OFFSET_MS).toISOString().slice(0, 10)

/** Whole days from one calendar date (YYYY-MM-DD) to another: negative when `to` is earlier. */
export const daysBetween = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000)

/** Today's date in Pakistan, as YYYY-MM-DD, or `days` later. */
export const pakistanToday = (clock: Clock, days = 0) =>
  pakistanDateOf(new Date(clock.now().getTime() + days * 24 * 60 * 60 * 1000))

/**
 * Opens an item, or updates the open one for the same kind and subject, so a feature may call it again
 * as things change; with `keep`, an item already open is left as it is (its due date does not slide).
 */
export async function openWorkItem(tx: Db, clock: Clock, item: WorkItem, opts: { keep?: boolean } = {}): Promise<void> {
  const values = {
    kind: item.kind,
    subjectType: item.subject.type,
    subjectId: item.subject.id,
    titleKey: item.title.key,
    titleVars: item.title.vars ?? {},
    link: item.link,
    assigneeUserId: 'userId' in item.assignee ? item.assignee.userId : null,
    assigneeRole: 'role' in item.assignee ? item.assignee.role : null,
    organisationId: 'role' in item.assignee ? (item.assignee.organisationId ?? null) : null,
    dueOn: item.dueOn ?? null,
    urgency: item.urgency,
  }
  const insert = tx.insert(workItems).values({ ...values, openedAt: clock.now() })
  const target = [workItems.kind, workItems.subjectType, workItems.subjectId]
  await (opts.keep
    ? insert.onConflictDoNothing({ target, where: sql`closed_at is null` })
    : insert.onConflictDoUpdate({ target, targetWhere: sql`closed_at is null`, set: values }))
}

export async function closeWorkItem(tx: Db, clock: Clock, kind: string, subject: { type: string; id: string }): Promise<void> {
  await tx
    .update(workItems)
    .set({ closedAt: clock.now() })
    .where(
      and(
        eq(workItems.kind, kind),
        eq(workItems.subjectType, subject.type),
        eq(workItems.subjectId, subject.id),
        isNull(workItems.closedAt),
      ),
    )
}

export type QueueFilter = { kind?: string | undefined; overdueOnly?: boolean | undefined }

/** A person's open items: theirs, and their roles' (in their organisation). Overdue first, then by urgency and due date. */
export async function workQueueOf(db: Db, clock: Clock, actor: UserActor, filter: QueueFilter = {}) {
  const today = pakistanToday(clock)
  const mine = or(
    eq(workItems.assigneeUserId, actor.id),
    actor.roles.length
      ? and(
          inArray(workItems.assigneeRole, [...actor.roles]),
          or(
            isNull(workItems.organisationId),
            actor.organisationId ? eq(workItems.organisationId, actor.organisationId) : sql`false`,
          ),
        )
      : sql`false`,
  )
  const overdue = sql<boolean>`(${workItems.dueOn} is not null and ${workItems.dueOn} < ${today}::date)`
  const rows = await db
    .select({ item: workItems, overdue })
    .from(workItems)
    .where(
      and(
        isNull(workItems.closedAt),
        mine,
        filter.kind ? eq(workItems.kind, filter.kind) : undefined,
        filter.overdueOnly ? overdue : undefined,
      ),
    )
    .orderBy(desc(overdue), desc(workItems.urgency), sql`${workItems.dueOn} asc nulls last`, asc(workItems.openedAt))
    .limit(500)
  return rows.map((r) => ({ ...r.item, overdue: Boolean(r.overdue) }))
}
