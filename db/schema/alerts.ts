import { sql } from 'drizzle-orm';
import { boolean, index, pgTable, real, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { registeredModels } from './registry';

export const ALERT_KINDS = [
  'drift_share',
  'feature_drift',
  'estimated_accuracy',
  'realized_accuracy',
  'estimated_accuracy_drop',
  'realized_accuracy_drop',
  'latency_p95',
  'error_rate',
  'volume_drop',
  'fairness_disparate_impact',
  'fairness_equalized_odds',
  'kpi_threshold',
] as const;

export type AlertKind = (typeof ALERT_KINDS)[number];

export const alertRules = pgTable('alert_rules', {
  id: uuid('id').primaryKey().defaultRandom(),
  modelId: uuid('model_id')
    .notNull()
    .references(() => registeredModels.id, { onDelete: 'cascade' }),
  kind: text('kind').$type<AlertKind>().notNull(),
  feature: text('feature'),
  threshold: real('threshold').notNull(),
  severity: text('severity').$type<'warning' | 'critical'>().notNull().default('warning'),
  enabled: boolean('enabled').notNull().default(true),
  createdBy: text('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const alerts = pgTable(
  'alerts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ruleId: uuid('rule_id')
      .notNull()
      .references(() => alertRules.id, { onDelete: 'cascade' }),
    modelId: uuid('model_id')
      .notNull()
      .references(() => registeredModels.id, { onDelete: 'cascade' }),
    status: text('status').$type<'open' | 'resolved'>().notNull(),
    severity: text('severity').$type<'warning' | 'critical'>().notNull(),
    value: real('value'),
    message: text('message').notNull(),
    openedAt: timestamp('opened_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
  },
  // At most one open alert per rule: re-evaluation updates it instead of duplicating.
  (t) => [uniqueIndex('alerts_one_open_per_rule').on(t.ruleId).where(sql`status = 'open'`), index('alerts_model').on(t.modelId, t.openedAt)],
);
