import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { registeredModels } from '@/db/schema';
import { beforeAll, describe, expect, it } from 'vitest';
import { RISK_GRADES } from '@/demo/samples/credit-targets';
import { loadSampleManifest, samplePath } from '@/demo/samples/sample-manifest';
import { seedDemoTaskTraffic } from '@/demo/seed/demo-task-traffic';
import { registerSampleModel, type SampleVersions } from '@/demo/synthetic-traffic';
import { systemActor } from '@/server/auth/actor';
import { latestReference, referenceMatrix, uploadReference } from '@/server/reference/reference-service';
import { chiSquareHomogeneity } from '@/server/statistics/chi-square-test';
import { jensenShannonDistance } from '@/server/statistics/jensen-shannon';
import { ksTwoSample } from '@/server/statistics/ks-test';
import { multiclassLogLoss, oneVsRestRocAuc } from '@/server/statistics/multiclass-probability-metrics';
import { createTestDatabase } from '@/server/testing/test-database';
import { onnxValidationTask } from '@/workers/tasks/onnx-validation';
import { runDriftReport, windowEnd } from './drift-report';
import { predictWithVersion } from './version-scores';

// The hourly drift report of the demo's multiclass (risk-grade) and regression (credit-limit)
// models, with their real sample ONNX files, reference splits and a week of demo traffic:
// prediction drift on the predicted classes (chi-square, Jensen–Shannon) and on the predicted
// value (KS), log loss and one-vs-rest ROC AUC from the events' probabilities, and the
// multiclass CBPE estimate. Reference predictions are the serving version's, as for binary.

process.env.VIGIL_ARTIFACT_DIR = mkdtempSync(path.join(os.tmpdir(), 'vigil-task-drift-'));
const database = await createTestDatabase();
const HOUR = 3_600_000;
const now = new Date(Date.now() - HOUR);
// A window from before the labels' cut-off (two days), so most events are labelled.
const windowTo = windowEnd(new Date(now.getTime() - 3 * 24 * HOUR));
const windowFrom = new Date(windowTo.getTime() - 24 * HOUR);

async function setUp(name: 'risk-grade' | 'credit-limit'): Promise<SampleVersions> {
  const model = await registerSampleModel(database, name, { sample: name });
  for (const version of model.versions.values()) await onnxValidationTask(database, { versionId: version.id });
  const reference = (await loadSampleManifest()).references.find((r) => r.modelName === name)!;
  await uploadReference(database, systemActor('test'), { model: name, name: 'held-out', version: 1, csv: readFileSync(samplePath(reference.file), 'utf8') });
  await seedDemoTaskTraffic(database, name, now);
  return model;
}

type WindowEvent = { predicted_label: string | null; score: number | null; label: string | null; probabilities: number[] | null };
async function windowEvents(modelId: string): Promise<WindowEvent[]> {
  return database.execute<WindowEvent>(sql`select predicted_label, score, label, probabilities from inference_events
    where model_id = ${modelId} and occurred_at >= ${windowFrom.toISOString()}::timestamptz and occurred_at < ${windowTo.toISOString()}::timestamptz`);
}

describe('prediction drift and probability metrics beyond binary', () => {
  let grades: SampleVersions;
  let limits: SampleVersions;
  beforeAll(async () => {
    grades = await setUp('risk-grade');
    limits = await setUp('credit-limit');
  }, 300_000);

  it('multiclass: predicted-class drift (chi-square, Jensen–Shannon), log loss, OvR ROC AUC and CBPE', async () => {
    const report = await runDriftReport(database, grades.modelId, windowTo);
    expect(report).not.toBeNull();
    const prediction = report!.drift.prediction!;
    expect(prediction).toMatchObject({ feature: 'prediction', type: 'categorical' });
    expect(prediction.histogram.labels).toEqual([...RISK_GRADES]);

    const events = await windowEvents(grades.modelId);
    const current = RISK_GRADES.map((g) => events.filter((e) => e.predicted_label === g).length);
    expect(prediction.currentRows).toBe(events.length);
    expect(prediction.histogram.current).toEqual(current.map((c) => c / events.length));
    // The reference side: the serving version's classes on every reference row.
    const referenceRows = prediction.referenceRows!;
    const reference = prediction.histogram.reference.map((share) => Math.round(share * referenceRows));
    expect(reference.reduce((s, c) => s + c, 0)).toBe(referenceRows);
    const chi = chiSquareHomogeneity(reference, current);
    expect(prediction.statistics.chiSquare).toEqual({ statistic: chi.statistic, pValue: chi.pValue, dof: chi.dof });
    expect(prediction.statistics.jensenShannon).toBe(jensenShannonDistance(reference, current));

    // Every demo event carries probabilities: realized log loss and AUC on the labelled ones.
    const realized = report!.performance.realized;
    expect(realized?.task).toBe('multiclass_classification');
    if (realized?.task !== 'multiclass_classification') return;
    const labelled = events.filter((e) => e.label !== null);
    expect(labelled.length).toBeGreaterThan(500);
    const actual = labelled.map((e) => RISK_GRADES.indexOf(e.label as (typeof RISK_GRADES)[number]));
    // postgres.js reads real[] as the decimals PostgreSQL prints; the float32 they stand for is what the report read.
    const probabilities = labelled.flatMap((e) => e.probabilities!.map((p) => Math.fround(p)));
    expect(realized.probabilityMetrics!.rows).toBe(labelled.length);
    expect(realized.probabilityMetrics!.logLoss).toBeCloseTo(multiclassLogLoss(actual, probabilities, RISK_GRADES.length)!, 9);
    const auc = oneVsRestRocAuc(actual, probabilities, RISK_GRADES.length);
    expect(realized.probabilityMetrics!.rocAuc.macro).toBeCloseTo(auc.macro!, 9);
    expect(realized.probabilityMetrics!.rocAuc.weighted).toBeCloseTo(auc.weighted!, 9);
    expect(realized.notComputed).toBeNull();

    const estimate = report!.performance.estimatedMulticlass!;
    expect(estimate).toMatchObject({ rows: events.length, withoutProbabilities: 0, calibrated: true });
    expect(report!.performance.estimatedAccuracy).toBe(estimate.accuracy);
    expect(estimate.accuracy!).toBeGreaterThan(0.3);
    expect(report!.performance.estimateNote).toMatch(/^Multiclass CBPE .* on all [\d,]+ events; probabilities calibrated per class/);
  });

  it('regression: KS (two-sample) on the predicted value against the serving version’s predictions on the reference', async () => {
    const report = await runDriftReport(database, limits.modelId, windowTo);
    const prediction = report!.drift.prediction!;
    expect(prediction).toMatchObject({ feature: 'prediction', type: 'numeric' });
    const events = await windowEvents(limits.modelId);
    expect(prediction.currentRows).toBe(events.length);
    // The reference side: the serving version (v1) run on the reference rows.
    const [model] = await database.select().from(registeredModels).where(eq(registeredModels.id, limits.modelId));
    const stored = await latestReference(database, limits.modelId);
    const rows = await referenceMatrix(database, stored!.id, model!.features.length);
    const served = await predictWithVersion(database, model!, limits.versions.get(1)!.id, { count: rows.count, width: model!.features.length, values: rows.values });
    const currentScores = events.map((e) => Math.fround(e.score!));
    const expected = ksTwoSample(served!.scores, currentScores);
    expect(prediction.referenceRows).toBe(rows.count);
    expect(prediction.statistics.ks).toEqual({ statistic: expected.statistic, pValue: expected.pValue });
  });
});
