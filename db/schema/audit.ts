import { bigint, index, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { bytea } from './bytea';

// Rows are written only by the SQL function audit_append (see the custom migration):
// columns other than body are derived from body inside the database.
export const auditEvents = pgTable(
  'audit_events',
  {
    seq: bigint('seq', { mode: 'number' }).primaryKey(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    actorType: text('actor_type').notNull(),
    actorId: text('actor_id'),
    actorLabel: text('actor_label').notNull(),
    action: text('action').notNull(),
    targetType: text('target_type'),
    targetId: text('target_id'),
    // The exact RFC 8785 canonical JSON bytes that were hashed; never re-serialized.
    body: text('body').notNull(),
    prevHash: bytea('prev_hash').notNull(),
    hash: bytea('hash').notNull(),
  },
  (t) => [
    index('audit_events_occurred_at').on(t.occurredAt),
    index('audit_events_actor').on(t.actorLabel, t.seq),
    index('audit_events_action').on(t.action, t.seq),
    index('audit_events_target').on(t.targetType, t.targetId, t.seq),
  ],
);

export const auditCheckpoints = pgTable('audit_checkpoints', {
  seq: bigint('seq', { mode: 'number' }).primaryKey(),
  headHash: bytea('head_hash').notNull(),
  signedAt: timestamp('signed_at', { withTimezone: true }).notNull().defaultNow(),
  // Canonical JSON of {seq, headHash, signedAt, keyId} that the signature covers.
  statement: text('statement').notNull(),
  signature: text('signature').notNull(),
  publicKey: text('public_key').notNull(),
});
