import { index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { modelVersions, registeredModels } from './registry';
import { referenceDatasets } from './reference';
import { shadowRuns } from './shadow';
import type { FairnessReport } from '@/server/fairness/fairness-report-types';
import type { FairnessPopulation, FairnessSettings } from '@/server/fairness/fairness-settings';

/** Per-model grouping rules for fairness reports (absent: defaults from the protected attributes). */
export const fairnessSettings = pgTable('fairness_settings', {
  modelId: uuid('model_id')
    .primaryKey()
    .references(() => registeredModels.id, { onDelete: 'cascade' }),
  settings: jsonb('settings').$type<FairnessSettings>().notNull(),
  updatedBy: text('updated_by').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * One fairness report of one version over one population. Created pending with its inputs
 * (window, run or dataset, the settings in force); the job fills `report` once and the row
 * never changes again, so a gate's evidence can link to it.
 */
export const fairnessReports = pgTable(
  'fairness_reports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    modelId: uuid('model_id')
      .notNull()
      .references(() => registeredModels.id, { onDelete: 'cascade' }),
    versionId: uuid('version_id')
      .notNull()
      .references(() => modelVersions.id, { onDelete: 'cascade' }),
    population: text('population').$type<FairnessPopulation>().notNull(),
    windowFrom: timestamp('window_from', { withTimezone: true }),
    windowTo: timestamp('window_to', { withTimezone: true }),
    shadowRunId: uuid('shadow_run_id').references(() => shadowRuns.id, { onDelete: 'set null' }),
    referenceId: uuid('reference_id').references(() => referenceDatasets.id, { onDelete: 'set null' }),
    settings: jsonb('settings').$type<FairnessSettings>().notNull(),
    status: text('status').$type<'pending' | 'completed' | 'failed'>().notNull().default('pending'),
    trigger: text('trigger').$type<'schedule' | 'shadow' | 'manual'>().notNull(),
    rowCount: integer('row_count'),
    report: jsonb('report').$type<FairnessReport>(),
    error: text('error'),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [index('fairness_reports_model_created').on(t.modelId, t.createdAt), index('fairness_reports_version').on(t.versionId, t.population)],
);
