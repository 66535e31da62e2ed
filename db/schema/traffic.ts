import { bigint, index, jsonb, pgTable, primaryKey, real, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Production traffic, one row per inference. Range-partitioned by day on occurred_at (the
 * migration declares the partitioning; partitions are created on demand and dropped by
 * retention). Features are stored in the model's schema order as real[]: numeric values
 * as given, categorical values as their category index, NULL for a missing value.
 */
export const inferenceEvents = pgTable(
  'inference_events',
  {
    modelId: uuid('model_id').notNull(),
    requestId: text('request_id').notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    versionId: uuid('version_id').notNull(),
    features: real('features').array().notNull(),
    /** Protected attributes and other slicing columns sent with the event. */
    attributes: jsonb('attributes').$type<Record<string, string | number | boolean | null>>(),
    /** Positive-class probability (binary) or the predicted value (regression). */
    score: real('score'),
    predictedLabel: text('predicted_label'),
    latencyMs: real('latency_ms'),
    /** Ground truth, attached later through /api/v1/labels. */
    label: text('label'),
    labeledAt: timestamp('labeled_at', { withTimezone: true }),
    ingestedAt: timestamp('ingested_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.modelId, t.requestId, t.occurredAt] }), index('inference_events_model_time').on(t.modelId, t.occurredAt)],
);

/**
 * Events per model and UTC hour, kept by statement-level triggers on inference_events (see
 * migration 0006) in the same transaction as every insert and label change, so dashboards
 * read a few hundred rows instead of scanning millions of events. Retention deletes the
 * hours of the partitions it drops.
 */
export const trafficHourly = pgTable(
  'traffic_hourly',
  {
    modelId: uuid('model_id').notNull(),
    hour: timestamp('hour', { withTimezone: true }).notNull(),
    events: bigint('events', { mode: 'number' }).notNull(),
    labeled: bigint('labeled', { mode: 'number' }).notNull(),
    withoutPrediction: bigint('without_prediction', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.modelId, t.hour] })],
);
