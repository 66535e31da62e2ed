import type { Executor } from '@/db/client';
import { addHistograms, emptyLatencyHistogram, latencyQuantile } from '@/server/dashboard/latency-quantiles';
import { addCounts, emptyCounts, rollupSeries, type RollupCounts } from '@/server/dashboard/rollup-series';
import { compareCounts, compareDaily, notYetCompared, type Comparison } from './impact-comparison';
import { impactDirection, impactRow, type ImpactRow } from './impact-row';
import { dayOf, NOT_A_DAY_YET, type ImpactWindows, type Window } from './impact-windows';

// Performance metrics before and after a deployment, from the hourly traffic rollups read
// through the dashboard's rollupSeries (never the events). Counts are those of the events
// the deployed version served after, and of the version it replaced before (every version
// when it replaced none); latency likewise, from each version's own histogram.
// - accuracy (labelled events whose prediction matched) and positive rate (predicted
//   positive among events with a prediction): pooled counts, Newcombe's interval;
// - events per day and the daily p95 latency (from the log-bucket histogram, within a
//   factor √2): daily values, Welch's interval.
// Binary classifiers only for the first two (the rollups judge no other task type).

interface Side {
  days: RollupCounts[];
  latency: number[][];
  total: RollupCounts;
}

async function readSide(executor: Executor, modelId: string, versionId: string | null, window: Window, days: number): Promise<Side> {
  const buckets = await rollupSeries(executor, { modelId, from: window.from, to: window.to, bucket: 'hour' });
  const side: Side = { days: Array.from({ length: days }, emptyCounts), latency: Array.from({ length: days }, emptyLatencyHistogram), total: emptyCounts() };
  for (const bucket of buckets) {
    const day = dayOf(window, bucket.start);
    if (day < 0) continue;
    for (const v of bucket.versions) {
      if (versionId !== null && v.versionId !== versionId) continue;
      addCounts(side.days[day]!, v);
      addCounts(side.total, v);
      addHistograms(side.latency[day]!, v.latencyHistogram);
    }
  }
  return side;
}

export interface MetricScope {
  modelId: string;
  taskType: string;
  versionId: string;
  version: number;
  previousVersionId: string | null;
  previousVersion: number | null;
}

const correct = (c: RollupCounts) => ({ hits: c.confusion.tp + c.confusion.tn, total: c.confusion.tp + c.confusion.fp + c.confusion.tn + c.confusion.fn });
const predictedPositive = (c: RollupCounts) => ({ hits: c.predictedPositive, total: c.events - c.withoutPrediction });

function compareVolume(before: Side, after: Side): Comparison {
  // Days without an event count as zero (a fact about volume), unless a side logged nothing at all.
  if (before.total.events === 0) return notYetCompared('welch-daily', 'no events logged before');
  if (after.total.events === 0) return notYetCompared('welch-daily', 'no events logged after');
  return compareDaily(before.days.map((d) => d.events), after.days.map((d) => d.events));
}

function compareLatency(before: Side, after: Side): Comparison {
  const p95s = (side: Side) => side.latency.flatMap((h) => latencyQuantile(h, 0.95)?.value ?? []);
  return compareDaily(p95s(before), p95s(after));
}

export async function metricImpacts(executor: Executor, scope: MetricScope, windows: ImpactWindows): Promise<ImpactRow[]> {
  const served = `events served by v${scope.version} after, ${scope.previousVersion === null ? 'by any version' : `by v${scope.previousVersion}`} before`;
  const binary = scope.taskType === 'binary_classification';
  const metrics = [
    { key: 'metric:accuracy', label: 'accuracy', unit: 'share', direction: impactDirection('accuracy'), scope: `labelled ${served}`, method: 'newcombe' as const, on: binary },
    { key: 'metric:positive_rate', label: 'positive rate', unit: 'share', direction: impactDirection('positive_rate'), scope: `predicted ${served}`, method: 'newcombe' as const, on: binary },
    { key: 'metric:events', label: 'events per day', unit: 'events', direction: impactDirection('events_per_day'), scope: served, method: 'welch-daily' as const, on: true },
    { key: 'metric:latency_p95', label: 'latency p95', unit: 'ms', direction: impactDirection('latency_p95'), scope: `daily p95 of ${served} (log-bucket histogram)`, method: 'welch-daily' as const, on: true },
  ].filter((m) => m.on);
  const row = ({ method: _method, on: _on, ...m }: (typeof metrics)[number], comparison: Comparison) => impactRow({ ...m, source: 'metric' }, comparison);
  if (windows.days === 0) return metrics.map((m) => row(m, notYetCompared(m.method, NOT_A_DAY_YET)));
  const [before, after] = await Promise.all([
    readSide(executor, scope.modelId, scope.previousVersionId, windows.before, windows.days),
    readSide(executor, scope.modelId, scope.versionId, windows.after, windows.days),
  ]);
  const comparisons: Record<string, () => Comparison> = {
    'metric:accuracy': () => compareCounts(correct(before.total), correct(after.total)),
    'metric:positive_rate': () => compareCounts(predictedPositive(before.total), predictedPositive(after.total)),
    'metric:events': () => compareVolume(before, after),
    'metric:latency_p95': () => compareLatency(before, after),
  };
  return metrics.map((m) => row(m, comparisons[m.key]!()));
}
