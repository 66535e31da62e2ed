// The CSV of each dashboard chart, from the same loaded series the chart draws (pure):
// raw values — shares as fractions, latencies in ms, times as ISO 8601 UTC — and, with a
// comparison, the previous period's bucket and value beside each bucket.

import type { LatencyQuantile } from '@/server/dashboard/latency-quantiles';
import type { DashboardPoint, ModelDashboard } from '@/server/dashboard/model-dashboard';
import { scoreBucketBounds } from '@/server/traffic/rollup-buckets';
import type { CsvValue } from './dashboard-csv';

export interface ChartCsv {
  name: string;
  header: string[];
  rows: CsvValue[][];
}

/** Rows: bucket start, the values, and with a comparison the previous bucket's start and value. */
function csvRows(view: ModelDashboard, values: (p: DashboardPoint) => (number | null)[], previous: (p: DashboardPoint) => number | null): CsvValue[][] {
  return view.current.points.map((p, i) => {
    const before = view.previous?.points[i];
    return [p.start, ...values(p), ...(view.previous ? [before?.start ?? null, before ? previous(before) : null] : [])];
  });
}

const withPrevious = (view: ModelDashboard, header: string[], previousColumn: string) => (view.previous ? [...header, 'previous_bucket_start_utc', previousColumn] : header);

const quantileColumns = (q: LatencyQuantile | null) => [q?.value ?? null, q?.lower ?? null, q && Number.isFinite(q.upper) ? q.upper : null];

/** Shares of a histogram's total (zeros for an empty one). */
export function shares(histogram: number[]): number[] {
  const total = histogram.reduce((a, b) => a + b, 0);
  return histogram.map((n) => (total ? n / total : 0));
}

/** The file name stem: model, first and last day, bucket. */
export function csvStem(view: ModelDashboard): string {
  return `${view.model.name}-${view.range.from.toISOString().slice(0, 10)}-${view.range.to.toISOString().slice(0, 10)}-${view.range.bucket}`;
}

/** `perVersion`: the version columns of the traffic chart ("v1", "v2"), none for a single version. */
export function chartCsvs(view: ModelDashboard, perVersion: string[]) {
  const stem = csvStem(view);
  const target = view.target?.minimum ?? null;
  const scoreHistogram = view.current.summary.scoreHistogram;
  const previousHistogram = view.previous?.summary.scoreHistogram ?? null;
  const scoreShares = shares(scoreHistogram);
  const previousShares = previousHistogram ? shares(previousHistogram) : null;
  const csvs: Record<'traffic' | 'latency' | 'positive' | 'performance' | 'drift' | 'scores', ChartCsv> = {
    traffic: {
      name: `${stem}-traffic`,
      header: withPrevious(view, ['bucket_start_utc', 'events', ...perVersion.map((v) => `events_${v}`)], 'previous_events'),
      rows: csvRows(view, (p) => [p.events, ...perVersion.map((v) => p.eventsByVersion[v.slice(1)] ?? 0)], (p) => p.events),
    },
    latency: {
      name: `${stem}-latency`,
      header: withPrevious(view, ['bucket_start_utc', ...['p50', 'p95', 'p99'].flatMap((q) => [`${q}_ms`, `${q}_bucket_lower_ms`, `${q}_bucket_upper_ms`])], 'previous_p95_ms'),
      rows: csvRows(view, (p) => [...quantileColumns(p.latency.p50), ...quantileColumns(p.latency.p95), ...quantileColumns(p.latency.p99)], (p) => p.latency.p95?.value ?? null),
    },
    positive: {
      name: `${stem}-positive-rate`,
      header: withPrevious(view, ['bucket_start_utc', 'events', 'positive_rate'], 'previous_positive_rate'),
      rows: csvRows(view, (p) => [p.events, p.positiveRate], (p) => p.positiveRate),
    },
    performance: {
      name: `${stem}-performance`,
      header: withPrevious(view, ['bucket_start_utc', 'labelled_events', 'realized_accuracy', 'realized_precision', 'realized_recall', 'realized_f1', 'estimated_accuracy_cbpe', 'target_accuracy'], 'previous_realized_accuracy'),
      rows: csvRows(view, (p) => [p.labeled, p.realized.accuracy, p.realized.precision, p.realized.recall, p.realized.f1, p.estimatedAccuracy, target], (p) => p.realized.accuracy),
    },
    drift: {
      name: `${stem}-drift`,
      header: withPrevious(view, ['bucket_start_utc', 'drifted_feature_share', 'alert_threshold_share'], 'previous_drifted_feature_share'),
      rows: csvRows(view, (p) => [p.driftShare, view.driftThreshold.value], (p) => p.driftShare),
    },
    scores: {
      name: `${stem}-scores`,
      header: ['score_from', 'score_to', 'events', 'share', ...(previousHistogram ? ['previous_events', 'previous_share'] : [])],
      rows: scoreHistogram.map((n, k) => {
        const { lower, upper } = scoreBucketBounds(k);
        return [lower, upper, n, scoreShares[k]!, ...(previousHistogram ? [previousHistogram[k]!, previousShares![k]!] : [])];
      }),
    },
  };
  return { ...csvs, scoreShares, previousShares };
}
