import { foreignKey, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { bytea } from './bytea';
import { modelVersions, registeredModels } from './registry';
import type { ShadowSummary } from '@/server/shadow/shadow-summary';

export const SHADOW_RUN_STATUSES = ['pending', 'running', 'completed', 'cancelled', 'failed'] as const;

export type ShadowRunStatus = (typeof SHADOW_RUN_STATUSES)[number];

/** A candidate version replayed over a window of logged traffic, split into batch jobs. */
export const shadowRuns = pgTable(
  'shadow_runs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    modelId: uuid('model_id')
      .notNull()
      .references(() => registeredModels.id, { onDelete: 'cascade' }),
    candidateVersionId: uuid('candidate_version_id')
      .notNull()
      .references(() => modelVersions.id),
    windowFrom: timestamp('window_from', { withTimezone: true }),
    windowTo: timestamp('window_to', { withTimezone: true }),
    /** "Last N events" instead of a time range. */
    maxEvents: integer('max_events'),
    sliceFeature: text('slice_feature'),
    status: text('status').$type<ShadowRunStatus>().notNull().default('pending'),
    totalEvents: integer('total_events'),
    processedEvents: integer('processed_events').notNull().default(0),
    batchCount: integer('batch_count'),
    batchesDone: integer('batches_done').notNull().default(0),
    summary: jsonb('summary').$type<ShadowSummary>(),
    error: text('error'),
    trigger: text('trigger').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [index('shadow_runs_model').on(t.modelId, t.createdAt)],
);

/** One checkpointed slice of a run: a keyset range over (occurred_at, request_id). */
export const shadowBatches = pgTable(
  'shadow_batches',
  {
    runId: uuid('run_id')
      .notNull()
      .references(() => shadowRuns.id, { onDelete: 'cascade' }),
    batchNo: integer('batch_no').notNull(),
    fromTime: timestamp('from_time', { withTimezone: true }).notNull(),
    fromRequestId: text('from_request_id').notNull(),
    toTime: timestamp('to_time', { withTimezone: true }).notNull(),
    toRequestId: text('to_request_id').notNull(),
    rowCount: integer('row_count').notNull(),
    status: text('status').$type<'pending' | 'done'>().notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    durationMs: integer('duration_ms'),
    doneAt: timestamp('done_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.runId, t.batchNo] })],
);

/**
 * The results of one done batch of a run, column-oriented: one row per batch, written in the
 * same transaction as the batch's "done" mark, so a retried batch can never store its events
 * twice (the key is the batch; a batch is a fixed keyset range of events). Each bytea holds
 * one value per event in the batch's (occurred_at, request_id) order, in the platform's
 * little-endian layout: float32 scores and latencies (NaN = none), int32 label codes into
 * `labelValues` (−1 = none), and the slice column (float32 values of a numeric feature, or
 * int32 codes into `sliceValues`), and for a regression run its float64 ground truth. See
 * server/shadow/shadow-results-store.ts.
 */
export const shadowBatchResults = pgTable(
  'shadow_batch_results',
  {
    runId: uuid('run_id').notNull(),
    batchNo: integer('batch_no').notNull(),
    rowCount: integer('row_count').notNull(),
    labelValues: jsonb('label_values').$type<string[]>().notNull(),
    candidateScores: bytea('candidate_scores').notNull(),
    servingScores: bytea('serving_scores').notNull(),
    candidateLabels: bytea('candidate_labels').notNull(),
    servingLabels: bytea('serving_labels').notNull(),
    labels: bytea('labels').notNull(),
    latencyMs: bytea('latency_ms').notNull(),
    sliceValues: jsonb('slice_values').$type<string[]>(),
    slices: bytea('slices'),
    /** Events per serving version id. */
    servingVersions: jsonb('serving_versions').$type<Record<string, number>>().notNull(),
    /** The batch's rows where the versions differ most (the run's are among the union of these). */
    largestDifferences: jsonb('largest_differences').$type<Record<string, unknown>[]>().notNull(),
    /** Regression runs: float64 ground truth per event (NaN = none); null for classifiers. */
    numericLabels: bytea('numeric_labels'),
  },
  (t) => [
    primaryKey({ columns: [t.runId, t.batchNo] }),
    foreignKey({ columns: [t.runId, t.batchNo], foreignColumns: [shadowBatches.runId, shadowBatches.batchNo] }).onDelete('cascade'),
  ],
);
