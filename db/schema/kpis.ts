import { sql } from 'drizzle-orm';
import { check, doublePrecision, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { registeredModels } from './registry';

export const KPI_AGGREGATIONS = ['sum', 'mean', 'rate'] as const;
export type KpiAggregation = (typeof KPI_AGGREGATIONS)[number];

export const KPI_DIRECTIONS = ['up', 'down'] as const;
/** Which way is good: `up` (revenue, approval rate) or `down` (losses, complaints). */
export type KpiDirection = (typeof KPI_DIRECTIONS)[number];

/** A business KPI that clients post points for; maintainers manage the definitions. */
export const kpiDefinitions = pgTable('kpi_definitions', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull().unique(),
  description: text('description').notNull().default(''),
  unit: text('unit').notNull().default(''),
  aggregation: text('aggregation').$type<KpiAggregation>().notNull(),
  direction: text('direction').$type<KpiDirection>().notNull(),
  target: doublePrecision('target'),
  /** Alert bounds: a `kpi_threshold` rule opens when the aggregate leaves [alertLow, alertHigh]. */
  alertLow: doublePrecision('alert_low'),
  alertHigh: doublePrecision('alert_high'),
  /** Set when the KPI belongs to one model; its points are then attributed to that model. */
  modelId: uuid('model_id').references(() => registeredModels.id, { onDelete: 'cascade' }),
  createdBy: text('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedBy: text('updated_by').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * One observation of a KPI. `id` comes from the client so a replayed batch stores nothing twice.
 * A point carries either `value` or, for rate KPIs, `numerator` and `denominator`
 * (a bare `value` of a rate KPI counts as numerator over a denominator of 1).
 */
export const kpiPoints = pgTable(
  'kpi_points',
  {
    id: text('id').primaryKey(),
    kpiId: uuid('kpi_id')
      .notNull()
      .references(() => kpiDefinitions.id, { onDelete: 'cascade' }),
    time: timestamp('time', { withTimezone: true }).notNull(),
    value: doublePrecision('value'),
    numerator: doublePrecision('numerator'),
    denominator: doublePrecision('denominator'),
    modelId: uuid('model_id').references(() => registeredModels.id, { onDelete: 'cascade' }),
    segment: text('segment'),
    ingestedAt: timestamp('ingested_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('kpi_points_kpi_time').on(t.kpiId, t.time),
    index('kpi_points_model_time').on(t.modelId, t.time),
    check(
      'kpi_points_value_or_ratio',
      sql`(${t.value} IS NOT NULL AND ${t.numerator} IS NULL AND ${t.denominator} IS NULL) OR (${t.value} IS NULL AND ${t.numerator} IS NOT NULL AND ${t.denominator} IS NOT NULL)`,
    ),
  ],
);
