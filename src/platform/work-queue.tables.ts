import { sql } from 'drizzle-orm'
import { date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'

/**
 * Things waiting for a person: every feature opens items here and closes them when done, and each
 * person sees one queue across all features. An item is for one person, or for everyone holding a role
 * (within one organisation when organisation_id is set).
 */
export const workItems = pgTable(
  'work_items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind').notNull(),
    subjectType: text('subject_type').notNull(),
    subjectId: text('subject_id').notNull(),
    /** Catalogue key of the item's title, and its values: the queue reads in each person's language. */
    titleKey: text('title_key').notNull(),
    titleVars: jsonb('title_vars').$type<Record<string, string>>().notNull(),
    link: text('link').notNull(),
    assigneeUserId: uuid('assignee_user_id'),
    assigneeRole: text('assignee_role'),
    organisationId: uuid('organisation_id'),
    /** A Pakistan calendar date: deadlines are legal dates. */
    dueOn: date('due_on'),
    /** 1 low, 2 normal, 3 high, 4 critical; overdue items come first whatever their urgency. */
    urgency: integer('urgency').notNull(),
    openedAt: timestamp('opened_at', { withTimezone: true }).notNull(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('work_items_open_subject_idx')
      .on(t.kind, t.subjectType, t.subjectId)
      .where(sql`closed_at is null`),
    index('work_items_assignee_idx').on(t.assigneeUserId),
    index('work_items_role_idx').on(t.assigneeRole, t.organisationId),
  ],
)
