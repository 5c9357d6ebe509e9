import { bigint, index, jsonb, pgTable, smallint, text, timestamp } from 'drizzle-orm/pg-core'

/**
 * The audit log: append-only and hash-chained. `payload` may be erased (retention, a data subject's
 * request) because the chain covers `payload_hash`, not the payload itself. A trigger refuses every
 * other update and every delete (see the migration).
 */
export const auditEntries = pgTable(
  'audit_entries',
  {
    seq: bigint('seq', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    actorKind: text('actor_kind', { enum: ['public', 'user', 'system'] }).notNull(),
    actorId: text('actor_id'),
    action: text('action').notNull(),
    subjectType: text('subject_type').notNull(),
    subjectId: text('subject_id'),
    payload: jsonb('payload').$type<Record<string, unknown>>(),
    payloadHash: text('payload_hash').notNull(),
    prevHash: text('prev_hash').notNull(),
    entryHash: text('entry_hash').notNull(),
    erasedAt: timestamp('erased_at', { withTimezone: true }),
    /** 1: plain SHA-256 (older entries); 2: HMAC under MIZAN_AUDIT_KEY. See audit-log.ts. */
    hashScheme: smallint('hash_scheme').notNull().default(1),
  },
  (t) => [index('audit_entries_subject_idx').on(t.subjectType, t.subjectId), index('audit_entries_at_idx').on(t.at)],
)

/** Signed statements "the chain reached entry `seq` with hash `entry_hash`": deleting newer entries breaks them. */
export const auditCheckpoints = pgTable('audit_checkpoints', {
  seq: bigint('seq', { mode: 'number' }).primaryKey(),
  entryHash: text('entry_hash').notNull(),
  at: timestamp('at', { withTimezone: true }).notNull(),
  signature: text('signature').notNull(),
})
