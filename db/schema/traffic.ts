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
    /** Multiclass only: each class's probability, in the model's declared class order (sums to 1 ± 1e-3). */
    probabilities: real('probabilities').array(),
    latencyMs: real('latency_ms'),
    /** Ground truth, attached later through /api/v1/labels. */
    label: text('label'),
    labeledAt: timestamp('labeled_at', { withTimezone: true }),
    ingestedAt: timestamp('ingested_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.modelId, t.requestId, t.occurredAt] }), index('inference_events_model_time').on(t.modelId, t.occurredAt)],
);

/**
 * Events per model, version and UTC hour, kept by statement-level triggers on
 * inference_events (migrations 0006, 0009, 0015) in the same transaction as every insert,
 * label change and delete, so dashboards read a few thousand rows instead of scanning
 * millions of events. Retention deletes the hours of the partitions it drops.
 * Binary classifiers also get predicted positives, positive labels and the confusion counts
 * of their labelled events (the prediction is the logged label, else score ≥ the serving
 * version's decision_threshold, as in server/monitoring/realized-performance.ts); other task
 * types keep zeros there.
 */
export const trafficHourly = pgTable(
  'traffic_hourly',
  {
    modelId: uuid('model_id').notNull(),
    hour: timestamp('hour', { withTimezone: true }).notNull(),
    versionId: uuid('version_id').notNull(),
    events: bigint('events', { mode: 'number' }).notNull(),
    labeled: bigint('labeled', { mode: 'number' }).notNull(),
    withoutPrediction: bigint('without_prediction', { mode: 'number' }).notNull(),
    /** Events per latency bucket: 40 log buckets, √2 wide from 0.1 ms (server/traffic/rollup-buckets.ts); events without a latency are in none. */
    latencyHistogram: bigint('latency_histogram', { mode: 'number' }).array().notNull(),
    /** Events per score bucket: 20 equal buckets on [0, 1]; scores outside [0, 1] are in none. */
    scoreHistogram: bigint('score_histogram', { mode: 'number' }).array().notNull(),
    predictedPositive: bigint('predicted_positive', { mode: 'number' }).notNull(),
    labelPositive: bigint('label_positive', { mode: 'number' }).notNull(),
    truePositive: bigint('true_positive', { mode: 'number' }).notNull(),
    falsePositive: bigint('false_positive', { mode: 'number' }).notNull(),
    trueNegative: bigint('true_negative', { mode: 'number' }).notNull(),
    falseNegative: bigint('false_negative', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.modelId, t.hour, t.versionId] })],
);
