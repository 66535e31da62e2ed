import { sql, type SQL } from 'drizzle-orm';
import type { Executor } from '@/db/client';
import { configuredEnvironments } from '@/server/approvals/environments';
import { binaryMetrics, type BinaryMetrics } from '@/server/statistics/classification-metrics';
import { LATENCY_BUCKETS } from '@/server/traffic/rollup-buckets';
import { HOUR_MS } from './dashboard-range';
import { addHistograms, emptyLatencyHistogram, latencyPercentiles, type LatencyPercentiles } from './latency-quantiles';
import { performanceTargets, type PerformanceTarget } from './performance-target';
import { summedHistogram } from './rollup-series';

// Per-model summaries for an overview of every model at once, from the rollups, the latest
// drift report and the aliases: a fixed number of small set-based queries whatever the
// number of models or events.

/** Realized performance needs labels, which arrive late: it covers the last 7 days. */
export const REALIZED_WINDOW_DAYS = 7;

export interface ModelSummary {
  modelId: string;
  name: string;
  taskType: string;
  last24h: {
    events: number;
    /** Events per hour, oldest first; the last is the current (partial) hour. */
    hourly: number[];
    latency: LatencyPercentiles;
    positiveRate: number | null;
    withoutPrediction: number;
  };
  /** From the confusion counts of the last REALIZED_WINDOW_DAYS days (binary classifiers). */
  realized: BinaryMetrics & { labeled: number };
  /** The latest drift report: CBPE accuracy and drifted share, at the end of its window. */
  latestReport: { windowTo: Date; estimatedAccuracy: number | null; driftShare: number; datasetDrift: boolean } | null;
  target: PerformanceTarget | null;
  /** Version serving each environment, in the configured environment order. */
  serving: { environment: string; version: number; since: Date }[];
}

type HourRow = { model_id: string; start: string; events: string; without_prediction: string; predicted_positive: string; latency: string[] };
type CountRow = { model_id: string; labeled: string; tp: string; fp: string; tn: string; fn: string };

/** Summaries of every model (or of the given ones), by name. */
export async function modelSummaries(executor: Executor, options: { modelIds?: string[]; now?: Date } = {}): Promise<ModelSummary[]> {
  const now = options.now ?? new Date();
  const to = Math.floor(now.getTime() / HOUR_MS) * HOUR_MS + HOUR_MS;
  const from = new Date(to - 24 * HOUR_MS);
  const realizedFrom = new Date(to - REALIZED_WINDOW_DAYS * 24 * HOUR_MS);
  const ids = options.modelIds ? `{${options.modelIds.join(',')}}` : null;
  // Through the primary key (model_id, hour, …), as the rollups have no index on hour alone;
  // an array rather than a join keeps the planner's estimate (and JIT) out of the way.
  const rollupsSince = (since: number, columns: SQL, perHour: boolean) => sql`
    select model_id, ${perHour ? sql`(extract(epoch from hour) * 1000)::bigint::text as start,` : sql``} ${columns}
    from traffic_hourly
    where model_id = any(array(select id from registered_models ${ids ? sql`where id = any(${ids}::uuid[])` : sql``}))
      and hour >= ${new Date(since).toISOString()}::timestamptz and hour < ${new Date(to).toISOString()}::timestamptz
    group by model_id${perHour ? sql`, hour` : sql``}`;
  const [named, hours, counts, reports, aliases, targets] = await Promise.all([
    executor.execute<{ id: string; name: string; task_type: string }>(sql`
      select id, name, task_type from registered_models ${ids ? sql`where id = any(${ids}::uuid[])` : sql``} order by name`),
    executor.execute<HourRow>(
      rollupsSince(
        from.getTime(),
        sql`sum(events) as events, sum(without_prediction) as without_prediction, sum(predicted_positive) as predicted_positive, ${summedHistogram('latency_histogram', LATENCY_BUCKETS)} as latency`,
        true,
      ),
    ),
    executor.execute<CountRow>(
      rollupsSince(realizedFrom.getTime(), sql`sum(labeled) as labeled, sum(true_positive) as tp, sum(false_positive) as fp, sum(true_negative) as tn, sum(false_negative) as fn`, false),
    ),
    executor.execute<{ model_id: string; window_to: Date | string; estimated_accuracy: number | null; drift_share: number; dataset_drift: boolean }>(sql`
      select m.id as model_id, r.window_to, (r.performance ->> 'estimatedAccuracy')::float8 as estimated_accuracy, r.drift_share, r.dataset_drift
      from registered_models m
      join lateral (select window_to, performance, drift_share, dataset_drift from drift_reports d where d.model_id = m.id order by window_to desc limit 1) r on true
      ${ids ? sql`where m.id = any(${ids}::uuid[])` : sql``}`),
    executor.execute<{ model_id: string; environment: string; version: number; since: Date | string }>(sql`
      select a.model_id, a.environment, v.version, a.updated_at as since from model_aliases a join model_versions v on v.id = a.version_id`),
    performanceTargets(executor, options.modelIds),
  ]);

  const byModel = <T extends { model_id: string }>(rows: T[]) => {
    const map = new Map<string, T[]>();
    for (const row of rows) {
      const list = map.get(row.model_id);
      if (list) list.push(row);
      else map.set(row.model_id, [row]);
    }
    return (modelId: string) => map.get(modelId) ?? [];
  };
  const hoursOf = byModel(hours);
  const countsOf = byModel(counts);
  const reportOf = byModel(reports);
  const aliasesOf = byModel(aliases);
  const order = configuredEnvironments();
  const rank = (environment: string) => (order.includes(environment) ? order.indexOf(environment) : order.length);
  return named.map((m) => {
    const binary = m.task_type === 'binary_classification';
    const hourly = new Array<number>(24).fill(0);
    let withoutPrediction = 0;
    let predictedPositive = 0;
    const histogram = emptyLatencyHistogram();
    for (const h of hoursOf(m.id)) {
      addHistograms(histogram, h.latency.map(Number));
      const i = Math.round((Number(h.start) - from.getTime()) / HOUR_MS);
      if (i >= 0 && i < 24) hourly[i]! += Number(h.events);
      withoutPrediction += Number(h.without_prediction);
      predictedPositive += Number(h.predicted_positive);
    }
    const events = hourly.reduce((a, b) => a + b, 0);
    const c = countsOf(m.id)[0];
    const confusion = { tp: Number(c?.tp ?? 0), fp: Number(c?.fp ?? 0), tn: Number(c?.tn ?? 0), fn: Number(c?.fn ?? 0) };
    const report = reportOf(m.id)[0];
    return {
      modelId: m.id,
      name: m.name,
      taskType: m.task_type,
      last24h: { events, hourly, latency: latencyPercentiles(histogram), positiveRate: binary && events > withoutPrediction ? predictedPositive / (events - withoutPrediction) : null, withoutPrediction },
      realized: { ...binaryMetrics(confusion), labeled: Number(c?.labeled ?? 0) },
      latestReport: report
        ? { windowTo: new Date(report.window_to), estimatedAccuracy: report.estimated_accuracy === null ? null : Number(report.estimated_accuracy), driftShare: Number(report.drift_share), datasetDrift: report.dataset_drift }
        : null,
      target: targets.get(m.id) ?? null,
      serving: aliasesOf(m.id)
        .map((a) => ({ environment: a.environment, version: a.version, since: new Date(a.since) }))
        .sort((a, b) => rank(a.environment) - rank(b.environment)),
    };
  });
}
