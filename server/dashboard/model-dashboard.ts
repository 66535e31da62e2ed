import { z } from 'zod';
import type { Executor } from '@/db/client';
import { driftShareThreshold, type DriftShareThreshold } from '@/server/drift/drift-share-threshold';
import { AppError } from '@/server/errors/app-error';
import { kpiSeries, type KpiSeries } from '@/server/kpis/kpi-series';
import { listKpiDefinitions } from '@/server/kpis/kpi-definitions-queries';
import { positiveClass } from '@/server/registry/label-classes';
import { modelNameSchema } from '@/server/registry/model-schemas';
import { requireModel } from '@/server/registry/models-service';
import { binaryMetrics, type BinaryMetrics } from '@/server/statistics/classification-metrics';
import { alertPeriods, deploymentMarkers, driftPoints, versionNumbers, type AlertPeriod, type DeploymentMarker, type DriftPoint } from './dashboard-overlays';
import { dashboardRangeSchema, resolveRange, type ResolvedRange } from './dashboard-range';
import { addHistograms, emptyLatencyHistogram, latencyPercentiles, type LatencyPercentiles } from './latency-quantiles';
import { performanceTarget, type PerformanceTarget } from './performance-target';
import { addCounts, emptyCounts, rollupSeries, scoreHistogram, type RollupBucket, type RollupCounts } from './rollup-series';

// One model's dashboard over a range: traffic (per version), latency percentiles, positive
// (prediction) rate, realized performance from the rollups' confusion counts, estimated
// performance and drift share from the drift reports, the target, deployments and alert
// periods, business KPIs, and optionally the same for the previous period.

export const modelDashboardSchema = z.intersection(z.object({ name: modelNameSchema }), dashboardRangeSchema);
export type ModelDashboardInput = z.input<typeof modelDashboardSchema>;

export interface DashboardPoint {
  start: Date;
  events: number;
  /** Events per version number ("1" → 1,234). */
  eventsByVersion: Record<string, number>;
  latency: LatencyPercentiles;
  /** Predicted positives over events with a prediction (binary classifiers), else null. */
  positiveRate: number | null;
  labeled: number;
  /** From the confusion counts of the bucket's labelled events. */
  realized: BinaryMetrics;
  /** The last drift report whose window ends in the bucket: its CBPE accuracy and drifted share. */
  estimatedAccuracy: number | null;
  driftShare: number | null;
}

export interface PeriodSummary {
  from: Date;
  to: Date;
  events: number;
  withoutPrediction: number;
  latency: LatencyPercentiles;
  positiveRate: number | null;
  labeled: number;
  realized: BinaryMetrics;
  /** The period's last drift report. */
  latestReport: DriftPoint | null;
  /** Events per score bucket (20 on [0, 1]). */
  scoreHistogram: number[];
}

export interface VersionSummary {
  version: number;
  versionId: string;
  events: number;
  positiveRate: number | null;
  labeled: number;
  realized: BinaryMetrics;
}

export interface Period {
  summary: PeriodSummary;
  points: DashboardPoint[];
  versions: VersionSummary[];
  driftReports: DriftPoint[];
  kpis: KpiSeries[];
}

export interface ModelDashboard {
  model: { name: string; taskType: string; positiveClass: string | null };
  range: ResolvedRange;
  current: Period;
  previous: Period | null;
  deployments: DeploymentMarker[];
  alerts: AlertPeriod[];
  target: PerformanceTarget | null;
  /** The drifted-feature share the drift chart marks (the lowest drift-share alert rule, else the dataset-drift setting). */
  driftThreshold: DriftShareThreshold;
}

const positiveRate = (counts: RollupCounts, binary: boolean) => {
  const predicted = counts.events - counts.withoutPrediction;
  return binary && predicted > 0 ? counts.predictedPositive / predicted : null;
};

function lastReportIn(reports: DriftPoint[], from: number, to: number): DriftPoint | null {
  let found: DriftPoint | null = null;
  for (const r of reports) if (r.windowTo.getTime() > from && r.windowTo.getTime() <= to) found = r;
  return found;
}

type Model = Awaited<ReturnType<typeof requireModel>>;

/** The model's KPIs (its own, and the unscoped ones it has points of) over a window, its points only. */
async function modelKpis(executor: Executor, model: Model, window: { from: Date; to: Date; bucket: 'hour' | 'day' }): Promise<KpiSeries[]> {
  const definitions = await listKpiDefinitions(executor, { model: model.name });
  const series = await Promise.all(
    definitions.map((d) => kpiSeries(executor, { kpi: d.name, from: window.from, to: window.to, bucket: window.bucket, model: model.name })),
  );
  return series.filter((s, i) => definitions[i]!.model !== null || s.points.some((p) => p.points > 0));
}

async function period(executor: Executor, model: Model, window: { from: Date; to: Date; bucket: 'hour' | 'day' }, binary: boolean, versionsOfModel: Promise<Map<string, number>>): Promise<Period> {
  const scope = { modelId: model.id, from: window.from, to: window.to };
  const [buckets, scores, reports, kpis, numbers] = await Promise.all([
    rollupSeries(executor, { ...scope, bucket: window.bucket }),
    scoreHistogram(executor, scope),
    driftPoints(executor, scope),
    modelKpis(executor, model, window),
    versionsOfModel,
  ]);
  const label = (versionId: string) => String(numbers.get(versionId) ?? '?');
  const step = buckets.length > 1 ? buckets[1]!.start.getTime() - buckets[0]!.start.getTime() : window.to.getTime() - window.from.getTime();

  const points = buckets.map((b: RollupBucket): DashboardPoint => {
    const report = lastReportIn(reports, b.start.getTime(), b.start.getTime() + step);
    return {
      start: b.start,
      events: b.events,
      eventsByVersion: Object.fromEntries(b.versions.map((v) => [label(v.versionId), v.events])),
      latency: latencyPercentiles(b.latencyHistogram),
      positiveRate: positiveRate(b, binary),
      labeled: b.labeled,
      realized: binaryMetrics(b.confusion),
      estimatedAccuracy: report?.estimatedAccuracy ?? null,
      driftShare: report?.driftShare ?? null,
    };
  });

  const total = buckets.reduce((sum, b) => addCounts(sum, b), emptyCounts());
  const latency = buckets.reduce((sum, b) => addHistograms(sum, b.latencyHistogram), emptyLatencyHistogram());
  const perVersion = new Map<string, RollupCounts>();
  for (const b of buckets) {
    for (const v of b.versions) {
      if (!perVersion.has(v.versionId)) perVersion.set(v.versionId, emptyCounts());
      addCounts(perVersion.get(v.versionId)!, v);
    }
  }
  const versions = [...perVersion]
    .map(([versionId, counts]) => ({ version: numbers.get(versionId) ?? 0, versionId, events: counts.events, positiveRate: positiveRate(counts, binary), labeled: counts.labeled, realized: binaryMetrics(counts.confusion) }))
    .sort((a, b) => a.version - b.version);
  return {
    summary: {
      from: window.from,
      to: window.to,
      events: total.events,
      withoutPrediction: total.withoutPrediction,
      latency: latencyPercentiles(latency),
      positiveRate: positiveRate(total, binary),
      labeled: total.labeled,
      realized: binaryMetrics(total.confusion),
      latestReport: reports[reports.length - 1] ?? null,
      scoreHistogram: scores,
    },
    points,
    versions,
    driftReports: reports,
    kpis,
  };
}

export async function modelDashboard(executor: Executor, input: ModelDashboardInput, now = new Date()): Promise<ModelDashboard> {
  const parsed = modelDashboardSchema.safeParse(input);
  if (!parsed.success) throw new AppError('bad_request', parsed.error.issues.map((i) => i.message).join(' '));
  const model = await requireModel(executor, parsed.data.name);
  const range = resolveRange(parsed.data, now);
  const binary = model.taskType === 'binary_classification';
  const overlayWindow = { modelId: model.id, from: range.compare ? range.previous.from : range.from, to: range.to };
  const numbers = versionNumbers(executor, model.id);
  const [current, previous, deployments, alerts, target, driftThreshold] = await Promise.all([
    period(executor, model, range, binary, numbers),
    range.compare ? period(executor, model, { ...range.previous, bucket: range.bucket }, binary, numbers) : Promise.resolve(null),
    deploymentMarkers(executor, overlayWindow),
    alertPeriods(executor, overlayWindow),
    performanceTarget(executor, model.id),
    driftShareThreshold(executor, model.id),
  ]);
  return { model: { name: model.name, taskType: model.taskType, positiveClass: binary ? positiveClass(model.label) : null }, range, current, previous, deployments, alerts, target, driftThreshold };
}
