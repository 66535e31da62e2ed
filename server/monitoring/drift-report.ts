import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { driftReports, monitoringConfigs, registeredModels } from '@/db/schema';
import { evaluateAlerts } from '@/server/alerts/evaluate-alerts';
import { estimateBinaryPerformance, fitIsotonicCalibration } from '@/server/drift/cbpe';
import { computeDrift } from '@/server/drift/compute-drift';
import type { DriftConfig } from '@/server/drift/drift-types';
import { latestReference, referenceMatrix } from '@/server/reference/reference-service';
import { decisionThresholds } from '@/server/registry/inference-artifact';
import { normalizeLabel, positiveClass } from '@/server/registry/label-classes';
import { readEvents } from '@/server/traffic/event-reader';
import { trafficSummary, type PerformanceSummary } from './monitoring-queries';
import { latestLabelledPerformance, referenceAccuracy } from './performance-baseline';
import { estimateMulticlassTraffic, predictedClassesOf, referenceCalibration } from './multiclass-traffic';
import { realizedTaskPerformance } from './realized-performance';
import { mostFrequent, predictWithVersion } from './version-scores';

export interface MonitoringSettings {
  /** Hours of traffic each report covers (default 24). */
  windowHours: number;
  drift: DriftConfig;
}

export async function monitoringSettings(database: Database, modelId: string): Promise<MonitoringSettings> {
  const [row] = await database.select().from(monitoringConfigs).where(eq(monitoringConfigs.modelId, modelId));
  const config = (row?.config ?? {}) as Partial<MonitoringSettings>;
  return { windowHours: config.windowHours ?? 24, drift: config.drift ?? {} };
}

/** The end of the current report window: the top of the hour, so retries hit the same window. */
export function windowEnd(at: Date = new Date()): Date {
  return new Date(Math.floor(at.getTime() / 3_600_000) * 3_600_000);
}

/**
 * Compares a window of a model's traffic with its newest reference dataset, stores the
 * report (once per window: a retried job finds it and stops) and evaluates alert rules in
 * the same transaction. Returns null when there is no reference or no traffic.
 */
export async function runDriftReport(database: Database, modelId: string, windowTo: Date = windowEnd()) {
  const [model] = await database.select().from(registeredModels).where(eq(registeredModels.id, modelId));
  if (!model) return null;
  const reference = await latestReference(database, model.id);
  if (!reference) return null;
  const settings = await monitoringSettings(database, model.id);
  const windowFrom = new Date(windowTo.getTime() - settings.windowHours * 3_600_000);
  const [existing] = await database.select({ id: driftReports.id }).from(driftReports).where(and(eq(driftReports.modelId, model.id), eq(driftReports.windowTo, windowTo)));
  if (existing) return null;

  const current = await readEvents(database, model.id, { from: windowFrom, to: windowTo });
  if (current.count === 0) return null;
  const width = model.features.length;
  const referenceRows = await referenceMatrix(database, reference.id, width);
  const referenceFeatures = { count: referenceRows.count, width, values: referenceRows.values };
  // The serving version's predictions on the reference: the baseline of prediction drift
  // (binary and regression: its scores; multiclass: its predicted classes), and with the
  // reference labels the calibration CBPE needs (scores are rarely calibrated).
  const servingVersion = mostFrequent(current.versionIds);
  const referencePredictions = servingVersion ? await predictWithVersion(database, model, servingVersion, referenceFeatures) : null;
  const referenceScores = referencePredictions?.hasScore ? referencePredictions.scores : null;
  const multiclass = model.taskType === 'multiclass_classification' && model.label.classes ? model.label.classes : null;
  const positive = positiveClass(model.label);
  const labelled = referenceRows.labels.map((label, i) => ({ label, score: referenceScores?.[i] ?? Number.NaN })).filter((r) => r.label !== null && !Number.isNaN(r.score));
  const calibration = labelled.length >= 50 ? fitIsotonicCalibration(labelled.map((r) => r.score), labelled.map((r) => normalizeLabel(r.label!, model.label) === positive)) : undefined;
  const drift = computeDrift({
    features: model.features,
    profile: reference.profile,
    reference: referenceFeatures,
    current: { count: current.count, width, values: current.features },
    referenceScores: referenceScores ?? undefined,
    currentScores: current.scores,
    predictedClasses: multiclass ? { classes: multiclass, reference: referencePredictions?.labels ?? [], current: predictedClassesOf(current, model.label) } : undefined,
    config: settings.drift,
  });
  const estimate = model.taskType === 'binary_classification' ? estimateBinaryPerformance(current.scores, { calibration }) : null;
  const multiclassEstimate = multiclass ? estimateMulticlassTraffic(current, model.label, referenceCalibration(referencePredictions?.probabilities ?? null, referenceRows.labels, model.label)) : null;
  const realizedTask = realizedTaskPerformance(current, model, await decisionThresholds(database, current.versionIds));
  const realized = realizedTask?.task === 'binary_classification' ? { labeled: realizedTask.labeled, accuracy: realizedTask.accuracy, rocAuc: realizedTask.rocAuc } : null;
  // Performance alerts judge the latest labelled window against what the version should reach.
  const labelledPerformance = model.taskType === 'binary_classification' ? await latestLabelledPerformance(database, model, { from: windowFrom, to: windowTo }, realized) : null;
  const baseline = model.taskType === 'binary_classification' ? await referenceAccuracy(database, servingVersion, labelled, model.label) : null;
  const performance: PerformanceSummary = {
    estimatedAccuracy: estimate?.accuracy ?? multiclassEstimate?.accuracy ?? null,
    estimatedRocAuc: estimate?.rocAuc ?? multiclassEstimate?.macro.rocAuc ?? null,
    ...(multiclass ? { estimatedMulticlass: multiclassEstimate, estimateNote: multiclassEstimateNote(multiclassEstimate, current.count) } : {}),
    realizedAccuracy: realizedTask && realizedTask.task !== 'regression' ? realizedTask.accuracy : null,
    realizedRocAuc: realized?.rocAuc ?? null,
    labeledRows: realizedTask?.labeled ?? 0,
    realized: realizedTask,
  };
  const previousFrom = new Date(windowFrom.getTime() - settings.windowHours * 3_600_000);
  const [traffic, previous] = await Promise.all([trafficSummary(database, model.id, windowFrom, windowTo), trafficSummary(database, model.id, previousFrom, windowFrom)]);

  return database.transaction(async (tx) => {
    const [report] = await tx
      .insert(driftReports)
      .values({
        modelId: model.id,
        referenceId: reference.id,
        windowFrom,
        windowTo,
        currentRows: current.count,
        datasetDrift: drift.datasetDrift,
        driftShare: drift.driftShare,
        features: drift.features,
        prediction: drift.prediction,
        performance: performance,
      })
      .onConflictDoNothing()
      .returning({ id: driftReports.id });
    if (!report) return null;
    const alerts = await evaluateAlerts(tx, {
      modelId: model.id,
      modelName: model.name,
      windowFrom,
      windowTo,
      driftShare: drift.driftShare,
      datasetDrift: drift.datasetDrift,
      featureDrift: drift.features.map((f) => ({ feature: f.feature, drifted: f.drifted, value: f.value, method: f.method })),
      estimatedAccuracy: performance.estimatedAccuracy,
      realizedAccuracy: labelledPerformance?.accuracy ?? null,
      realizedWindow: labelledPerformance && { from: labelledPerformance.from, to: labelledPerformance.to, labeled: labelledPerformance.labeled },
      referenceAccuracy: baseline,
      latencyP95: traffic.latencyP95,
      eventCount: traffic.events,
      eventsWithoutPrediction: traffic.withoutPrediction,
      previousEventCount: previous.events,
      reportId: report.id,
    });
    return { reportId: report.id, drift, performance, alerts };
  });
}

function multiclassEstimateNote(estimate: { rows: number; withoutProbabilities: number; calibrated: boolean } | null, events: number): string {
  if (!estimate) return 'Not estimated: no event of this window carries class probabilities (CBPE needs each class’s probability; send prediction.probabilities).';
  const how = estimate.calibrated ? 'probabilities calibrated per class on the labelled reference' : 'probabilities used as sent (too few labelled reference rows to calibrate)';
  const share = estimate.withoutProbabilities > 0 ? `the ${estimate.rows.toLocaleString('en-US')} of ${events.toLocaleString('en-US')} events that carry class probabilities` : `all ${estimate.rows.toLocaleString('en-US')} events`;
  return `Multiclass CBPE (NannyML’s method) on ${share}; ${how}.`;
}

/** Models with a reference and traffic in the last window: one report job each. */
export async function modelsDueForDrift(database: Database, since: Date): Promise<string[]> {
  const rows = await database.execute<{ id: string }>(sql`
    select m.id from registered_models m
    where exists (select 1 from reference_datasets r where r.model_id = m.id)
      and exists (select 1 from inference_events e where e.model_id = m.id and e.occurred_at > ${since.toISOString()}::timestamptz)`);
  return rows.map((r) => r.id);
}

