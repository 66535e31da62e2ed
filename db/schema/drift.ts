import { boolean, index, integer, jsonb, pgTable, real, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { registeredModels } from './registry';
import { referenceDatasets } from './reference';
import type { DriftResult, FeatureDrift } from '@/server/drift/drift-types';
import type { PerformanceSummary } from '@/server/monitoring/monitoring-queries';

export const driftReports = pgTable(
  'drift_reports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    modelId: uuid('model_id')
      .notNull()
      .references(() => registeredModels.id, { onDelete: 'cascade' }),
    referenceId: uuid('reference_id')
      .notNull()
      .references(() => referenceDatasets.id, { onDelete: 'cascade' }),
    windowFrom: timestamp('window_from', { withTimezone: true }).notNull(),
    windowTo: timestamp('window_to', { withTimezone: true }).notNull(),
    currentRows: integer('current_rows').notNull(),
    datasetDrift: boolean('dataset_drift').notNull(),
    driftShare: real('drift_share').notNull(),
    /** Per-feature results (method, statistic, p-value, threshold, drifted, histograms). */
    features: jsonb('features').$type<DriftResult['features']>().notNull(),
    prediction: jsonb('prediction').$type<FeatureDrift>(),
    /** Label-free estimate (CBPE) and realized performance where labels exist. */
    performance: jsonb('performance').$type<PerformanceSummary>(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('drift_reports_model_window').on(t.modelId, t.windowTo), index('drift_reports_model_created').on(t.modelId, t.createdAt)],
);
