import { sql } from 'drizzle-orm';
import type { Executor } from '@/db/client';
import { LATENCY_BUCKETS, SCORE_BUCKETS } from '@/server/traffic/rollup-buckets';
import type { ConfusionMatrix } from '@/server/statistics/classification-metrics';
import { addHistograms, emptyLatencyHistogram } from './latency-quantiles';
import { BUCKET_MS, type Bucket } from './dashboard-range';

// Reads traffic_hourly (never the events): a model's rollups summed per hour or UTC day,
// per version, with the latency histograms summed per bucket in SQL. Cost grows with the
// hours and versions of the range, not with the events in them.

/** What the rollups count, summed over any set of hours. */
export interface RollupCounts {
  events: number;
  labeled: number;
  withoutPrediction: number;
  predictedPositive: number;
  labelPositive: number;
  confusion: ConfusionMatrix;
}

export interface VersionCounts extends RollupCounts {
  versionId: string;
  latencyHistogram: number[];
}

export interface RollupBucket extends RollupCounts {
  start: Date;
  /** Per version that served in the bucket. */
  versions: VersionCounts[];
  latencyHistogram: number[];
}

export const emptyCounts = (): RollupCounts => ({ events: 0, labeled: 0, withoutPrediction: 0, predictedPositive: 0, labelPositive: 0, confusion: { tp: 0, fp: 0, tn: 0, fn: 0 } });

export function addCounts(into: RollupCounts, add: RollupCounts): RollupCounts {
  into.events += add.events;
  into.labeled += add.labeled;
  into.withoutPrediction += add.withoutPrediction;
  into.predictedPositive += add.predictedPositive;
  into.labelPositive += add.labelPositive;
  into.confusion.tp += add.confusion.tp;
  into.confusion.fp += add.confusion.fp;
  into.confusion.tn += add.confusion.tn;
  into.confusion.fn += add.confusion.fn;
  return into;
}

interface Window {
  modelId: string;
  from: Date;
  to: Date;
}

const ORIGIN = '2000-01-01T00:00:00Z';

function binned(bucket: Bucket) {
  return sql`(extract(epoch from date_bin(${`${BUCKET_MS[bucket] / 1000} seconds`}::interval, hour, ${ORIGIN}::timestamptz)) * 1000)::bigint`;
}

const within = (w: Window) => sql`model_id = ${w.modelId} and hour >= ${w.from.toISOString()}::timestamptz and hour < ${w.to.toISOString()}::timestamptz`;

type CountRow = { start: string; version_id: string; events: string; labeled: string; without_prediction: string; predicted_positive: string; label_positive: string; tp: string; fp: string; tn: string; fn: string; latency: string[] };

function countsOf(row: CountRow): RollupCounts {
  return {
    events: Number(row.events),
    labeled: Number(row.labeled),
    withoutPrediction: Number(row.without_prediction),
    predictedPositive: Number(row.predicted_positive),
    labelPositive: Number(row.label_positive),
    confusion: { tp: Number(row.tp), fp: Number(row.fp), tn: Number(row.tn), fn: Number(row.fn) },
  };
}

/**
 * Element-wise sum of a histogram column over the grouped rows, as one array. One sum per
 * element: several times faster than unnesting the arrays (the int4 casts keep the sums
 * off numeric; an hour of one version never counts 2^31 events).
 */
export function summedHistogram(column: 'latency_histogram' | 'score_histogram', length: number) {
  return sql.raw(`array[${Array.from({ length }, (_, i) => `sum(${column}[${i + 1}]::int4)`).join(', ')}]`);
}

/**
 * Every bucket of [from, to) (empty ones included, as zeros), with per-version counts and
 * latency histograms and their sums; one pass over the rollup rows of the range.
 */
export async function rollupSeries(executor: Executor, window: Window & { bucket: Bucket }): Promise<RollupBucket[]> {
  const rows = await executor.execute<CountRow>(sql`
    select ${binned(window.bucket)}::text as start, version_id, sum(events) as events, sum(labeled) as labeled, sum(without_prediction) as without_prediction,
           sum(predicted_positive) as predicted_positive, sum(label_positive) as label_positive,
           sum(true_positive) as tp, sum(false_positive) as fp, sum(true_negative) as tn, sum(false_negative) as fn,
           ${summedHistogram('latency_histogram', LATENCY_BUCKETS)} as latency
    from traffic_hourly where ${within(window)}
    group by 1, 2`);
  const step = BUCKET_MS[window.bucket];
  const first = window.from.getTime();
  const buckets: RollupBucket[] = Array.from({ length: Math.round((window.to.getTime() - first) / step) }, (_, i) => ({
    start: new Date(first + i * step),
    ...emptyCounts(),
    versions: [],
    latencyHistogram: emptyLatencyHistogram(),
  }));
  for (const row of rows) {
    const bucket = buckets[Math.round((Number(row.start) - first) / step)];
    if (!bucket) continue;
    const version = countsOf(row);
    const latencyHistogram = row.latency.map(Number);
    addCounts(bucket, version);
    bucket.versions.push({ versionId: row.version_id, ...version, latencyHistogram });
    addHistograms(bucket.latencyHistogram, latencyHistogram);
  }
  return buckets;
}

/** The score histogram (20 buckets on [0, 1]) of a window's events. */
export async function scoreHistogram(executor: Executor, window: Window): Promise<number[]> {
  const [row] = await executor.execute<{ histogram: (string | null)[] }>(sql`
    select ${summedHistogram('score_histogram', SCORE_BUCKETS)} as histogram from traffic_hourly where ${within(window)}`);
  return (row?.histogram ?? []).map(Number).concat(new Array<number>(SCORE_BUCKETS).fill(0)).slice(0, SCORE_BUCKETS);
}
