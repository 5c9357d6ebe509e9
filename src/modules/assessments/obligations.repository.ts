import { and, asc, eq, inArray, isNull, lt, sql } from 'drizzle-orm'
import type { Db } from '../../db/engine.ts'
import { obligations, obligationSettings } from './assessments.tables.ts'
import type { ObligationKind, ObligationRules } from './obligation-rules.ts'

export type ObligationRow = typeof obligations.$inferSelect
type NewObligation = typeof obligations.$inferInsert

/** The rules a system administrator saved, if any (there is one row). */
export async function savedRules(db: Db): Promise<ObligationRules | undefined> {
  const [row] = await db.select().from(obligationSettings).where(eq(obligationSettings.id, 1))
  return row?.rules
}

export const saveRules = (db: Db, rules: ObligationRules, at: Date, by: string) =>
  db
    .insert(obligationSettings)
    .values({ id: 1, rules, updatedAt: at, updatedBy: by })
    .onConflictDoUpdate({ target: obligationSettings.id, set: { rules, updatedAt: at, updatedBy: by } })

export const insertObligations = (db: Db, rows: NewObligation[]) => db.insert(obligations).values(rows)

export const updateObligation = (db: Db, id: string, values: Partial<NewObligation>) =>
  db.update(obligations).set(values).where(eq(obligations.id, id))

export const findObligation = async (db: Db, id: string) => (await db.select().from(obligations).where(eq(obligations.id, id)))[0]

export const lockObligation = async (db: Db, id: string) =>
  (await db.select().from(obligations).where(eq(obligations.id, id)).for('update'))[0]

/** A system's open duties, of the given kinds when they are named. */
export const openObligationsOf = (db: Db, systemId: string, kinds?: readonly ObligationKind[]) =>
  db
    .select()
    .from(obligations)
    .where(
      and(
        eq(obligations.systemId, systemId),
        eq(obligations.status, 'open'),
        kinds ? inArray(obligations.kind, [...kinds]) : undefined,
      ),
    )
    .orderBy(asc(obligations.dueOn))

/** A system's duties: open ones first, soonest due first. */
export const obligationsOfSystem = (db: Db, systemId: string) =>
  db
    .select()
    .from(obligations)
    .where(eq(obligations.systemId, systemId))
    .orderBy(sql`${obligations.status} = 'open' desc`, asc(obligations.dueOn))

/** Open duties (of these systems, when given), those overdue on `today` first. */
export const openObligations = (db: Db, today: string, systemIds: string[] | null, limit: number) =>
  db
    .select()
    .from(obligations)
    .where(and(eq(obligations.status, 'open'), systemIds ? inArray(obligations.systemId, systemIds) : undefined))
    .orderBy(sql`${obligations.dueOn} < ${today}::date desc`, asc(obligations.dueOn))
    .limit(limit)

/** Open duties not yet due on `today`: the ones a reminder may be owed for. */
export const openNotYetDue = (db: Db, today: string) =>
  db
    .select()
    .from(obligations)
    .where(and(eq(obligations.status, 'open'), sql`${obligations.dueOn} >= ${today}::date`))

/** Open duties past their date that are not yet marked overdue. */
export const newlyOverdue = (db: Db, today: string) =>
  db
    .select()
    .from(obligations)
    .where(and(eq(obligations.status, 'open'), lt(obligations.dueOn, today), isNull(obligations.overdueSince)))
