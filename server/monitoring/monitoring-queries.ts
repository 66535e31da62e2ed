import { and, desc, eq, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { alerts, driftReports } from '@/db/schema';
import { driftShareThreshold } from '@/server/drift/drift-share-threshold';
import type { FeatureDrift } from '@/server/drift/drift-types';
import { listReferences } from '@/server/reference/reference-queries';
import { requireModel } from '@/server/registry/models-service';
import type { MulticlassEstimateSummary } from './multiclass-traffic';
import { labelTiming } from './label-timing';
import type { RealizedPerformance } from './realized-performance';

export interface PerformanceSummary {
  estimatedAccuracy: number | null;
  estimatedRocAuc: number | null;
  realizedAccuracy: number | null;
  realizedRocAuc: number | null;
  labeledRows: number;
  /** Every metric of the model's task type on the window's labelled events (reports from before it was added lack it). */
  realized?: RealizedPerformance | null;
  /** Multiclass: CBPE (NannyML's method) on the window's events with probabilities; null when none has them. */
  estimatedMulticlass?: MulticlassEstimateSummary | null;
  /** Multiclass: what the estimate used, or why there is none, in words. */
  estimateNote?: string | null;
}

export interface TrafficSummary {
  events: number;
  withoutPrediction: number;
  latencyP95: number | null;
}

/** Events in a window of a model's traffic, from the partitions the window touches. */
export async function trafficSummary(database: Database, modelId: string, from: Date, to: Date): Promise<TrafficSummary> {
  const [row] = await database.execute<{ events: string; without_prediction: string; latency_p95: number | null }>(sql`
    select count(*) as events,
           count(*) filter (where score is null and predicted_label is null) as without_prediction,
           percentile_cont(0.95) within group (order by latency_ms) as latency_p95
    from inference_events where model_id = ${modelId} and occurred_at >= ${from.toISOString()}::timestamptz and occurred_at < ${to.toISOString()}::timestamptz`);
  return { events: Number(row?.events ?? 0), withoutPrediction: Number(row?.without_prediction ?? 0), latencyP95: row?.latency_p95 ?? null };
}

/** Daily event counts for the volume chart, from the hourly counts (never a scan of the events). */
export async function dailyVolume(database: Database, modelId: string, days: number) {
  const rows = await database.execute<{ day: string; events: string; labeled: string }>(sql`
    select to_char(date_trunc('day', hour, 'UTC'), 'YYYY-MM-DD') as day, sum(events) as events, sum(labeled) as labeled
    from traffic_hourly
    where model_id = ${modelId} and hour >= date_trunc('hour', now() - make_interval(days => ${days}), 'UTC')
    group by 1 order by 1`);
  return rows.map((r) => ({ day: r.day, events: Number(r.events), labeled: Number(r.labeled) }));
}

export interface ReportView {
  id: string;
  windowFrom: Date;
  windowTo: Date;
  currentRows: number;
  datasetDrift: boolean;
  driftShare: number;
  features: FeatureDrift[];
  prediction: FeatureDrift | null;
  performance: PerformanceSummary | null;
  createdAt: Date;
}

function toView(row: typeof driftReports.$inferSelect): ReportView {
  return {
    id: row.id,
    windowFrom: row.windowFrom,
    windowTo: row.windowTo,
    currentRows: row.currentRows,
    datasetDrift: row.datasetDrift,
    driftShare: row.driftShare,
    features: row.features,
    prediction: row.prediction ?? null,
    performance: row.performance ?? null,
    createdAt: row.createdAt,
  };
}

/** What the monitoring page shows for one model, but the last day's traffic (see monitoring-router.ts). */
export async function monitoringOverview(database: Database, name: string) {
  const model = await requireModel(database, name);
  const [reports, references, openAlerts, volume, labels, driftThreshold] = await Promise.all([
    database.select().from(driftReports).where(eq(driftReports.modelId, model.id)).orderBy(desc(driftReports.windowTo)).limit(60),
    listReferences(database, model.id),
    database.select().from(alerts).where(and(eq(alerts.modelId, model.id), eq(alerts.status, 'open'))).orderBy(desc(alerts.openedAt)),
    dailyVolume(database, model.id, 14),
    labelTiming(database, model.id),
    driftShareThreshold(database, model.id),
  ]);
  const history = reports.map(toView).reverse();
  // The newest reference is drift's baseline.
  return { model, reference: references[0] ?? null, references, latest: history[history.length - 1] ?? null, history, openAlerts, volume, labels, driftThreshold };
}
