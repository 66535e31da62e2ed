import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, eq, sql } from 'drizzle-orm';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, shadowBatchResults, shadowRuns } from '@/db/schema';
import { seedDemoTaskTraffic } from '@/demo/seed/demo-task-traffic';
import { EMPLOYMENT_TYPES } from '@/demo/samples/credit-data';
import { RISK_GRADES } from '@/demo/samples/credit-targets';
import { registerSampleModel, type SampleVersions } from '@/demo/synthetic-traffic';
import { createCaller } from '@/server/app-router';
import { shadowRunConfigSchema } from '@/server/approvals/gates/gate-config';
import { evidence } from '@/server/approvals/gates/gate-fixtures';
import { shadowRunGate } from '@/server/approvals/gates/shadow-run-gate';
import { extractShadowEvidence } from '@/server/approvals/gates/shadow-summary';
import { numericValue } from '@/server/registry/numeric-label';
import { InferencePool } from '@/server/onnx/inference-pool';
import { compareClassifiers } from '@/server/statistics/classifier-comparison';
import { multiclassConfusion, multiclassMetrics } from '@/server/statistics/multiclass-metrics';
import { compareRegressors } from '@/server/statistics/regression-comparison';
import { regressionMetrics } from '@/server/statistics/regression-metrics';
import { createTestDatabase } from '@/server/testing/test-database';
import { ingestEvents } from '@/server/traffic/ingest-service';
import { recordLabels } from '@/server/traffic/labels-service';
import { actorOf } from '@/server/trpc/context';
import { contextFor, fakeUser } from '@/server/trpc/test-context';
import { onnxValidationTask } from '@/workers/tasks/onnx-validation';
import { shadowBatchTask } from '@/workers/tasks/shadow-batch';
import { shadowFinalizeTask } from '@/workers/tasks/shadow-finalize';
import { shadowPlanTask } from '@/workers/tasks/shadow-plan';
import type { MulticlassLabelled } from './shadow-multiclass';
import { startShadowRun } from './shadow-service';
import type { ShadowSummary } from './shadow-summary';

// Shadow evaluation of a regression model (credit-limit) and a multiclass model (risk-grade),
// each with the real sample ONNX files (demo/samples: v1 serving, v2 the candidate), validated
// by the real validation job, a week of demo traffic ingested and labelled through the
// services, replayed in checkpointed batches by onnxruntime and summarized; every number is
// checked against the same statistics computed directly from the stored events and a direct
// onnxruntime run of the candidate.

process.env.VIGIL_ARTIFACT_DIR = mkdtempSync(path.join(os.tmpdir(), 'vigil-shadow-tasks-'));
const database = await createTestDatabase();
const pool = new InferencePool({ threads: 1 });
afterAll(() => pool.close());

const HOUR = 3_600_000;
const now = new Date(Date.now() - HOUR);
const window = { from: new Date(now.getTime() - 8 * 24 * HOUR), to: now };
const maintainer = actorOf(fakeUser(['maintainer'], '00000000-0000-4000-8000-00000000000b'), { ip: '127.0.0.1', userAgent: 'vitest' });
const gateConfig = shadowRunConfigSchema.parse({ required: true, minEvents: 500, minAgreement: 0.5, alpha: 0.05 });

type StoredEvent = {
  features: (number | null)[];
  score: number | null;
  predicted_label: string | null;
  label: string | null;
};

/** The model's events in the replay's own order (the keyset order of the batches). */
async function storedEvents(modelId: string): Promise<StoredEvent[]> {
  const rows = await database.execute<StoredEvent>(sql`select features, score, predicted_label, label from inference_events where model_id = ${modelId} order by occurred_at, request_id collate "C"`);
  // postgres.js reads a real as the decimal PostgreSQL prints; the float32 it stands for is what the replay reads.
  return rows.map((e) => ({ ...e, score: e.score === null ? null : Math.fround(e.score) }));
}

/** The candidate's outputs on every stored event, straight from onnxruntime (the pool's session options). */
async function runCandidate(file: string, events: StoredEvent[]): Promise<ort.InferenceSession.OnnxValueMapType> {
  const n = events.length;
  const features = new Float32Array(n * 8);
  events.forEach((e, i) => features.set(e.features.map((x) => (x === null ? Number.NaN : x)), i * 8));
  const session = await ort.InferenceSession.create(readFileSync(file), { intraOpNumThreads: 1, interOpNumThreads: 1, graphOptimizationLevel: 'all' });
  try {
    return await session.run({ features: new ort.Tensor('float32', features, [n, 8]) });
  } finally {
    await session.release();
  }
}

async function replay(runId: string, batchSize: number): Promise<ShadowSummary> {
  await shadowPlanTask(database, { runId }, { batchSize });
  const [planned] = await database.select().from(shadowRuns).where(eq(shadowRuns.id, runId));
  expect(planned!.batchCount).toBeGreaterThan(1);
  for (let b = 0; b < planned!.batchCount!; b++) expect(await shadowBatchTask(database, { runId, batchNo: b }, { pool, chunkRows: 1024 })).toBe('done');
  expect(await shadowFinalizeTask(database, { runId })).toBe(true);
  const [done] = await database.select().from(shadowRuns).where(eq(shadowRuns.id, runId));
  expect(done).toMatchObject({ status: 'completed', error: null });
  return done!.summary!;
}

async function validated(model: SampleVersions) {
  for (const version of model.versions.values()) await onnxValidationTask(database, { versionId: version.id });
  const rows = await database.execute<{ status: string }>(sql`select status from model_versions where model_id = ${model.modelId}`);
  expect(rows.map((r) => r.status)).toEqual(['validated', 'validated']);
}

describe('shadow evaluation of a regression model (credit-limit, real ONNX files)', () => {
  let limit: SampleVersions;
  let summary: ShadowSummary;
  let runId: string;

  beforeAll(async () => {
    limit = await registerSampleModel(database, 'credit-limit', { sample: 'credit-limit' });
    await validated(limit);
    await seedDemoTaskTraffic(database, 'credit-limit', now);
    // Two events the replay must handle: a prediction logged as a label only, and a label that is no number.
    const features = { age: 40, income: 52, loan_amount: 20, debt_to_income: 0.3, credit_history_years: 12, num_late_payments: 0, employment_type: 'salaried', purpose: 'car' };
    const time = new Date(now.getTime() - 5 * 24 * HOUR).toISOString();
    await ingestEvents(database, 'credit-limit', [
      { requestId: 'edge-label-only', time, version: 1, features, prediction: { label: '12.5' } },
      { requestId: 'edge-bad-label', time, version: 1, features, prediction: { score: 10 } },
    ], now);
    await recordLabels(database, 'credit-limit', [{ requestId: 'edge-label-only', label: '11' }]);
    // The labels API refuses a regression label that is no number; one stored before it did stays, and is skipped.
    await database.execute(sql`update inference_events set label = 'not recorded' where request_id = 'edge-bad-label'`);
    const run = await startShadowRun(database, maintainer, { model: 'credit-limit', candidateVersion: 2, window, sliceFeature: 'employment_type' });
    runId = run.id;
    summary = await replay(runId, 3000);
  }, 240_000);

  it('stores the ground truth per event as float64 beside the predictions, batch by batch', async () => {
    const rows = await database.select({ rowCount: shadowBatchResults.rowCount, numericLabels: shadowBatchResults.numericLabels, labelValues: shadowBatchResults.labelValues }).from(shadowBatchResults).where(eq(shadowBatchResults.runId, runId));
    expect(rows.length).toBeGreaterThan(1);
    for (const row of rows) expect(row.numericLabels!.byteLength).toBe(row.rowCount * 8);
    // Only the label that is no number travels as text.
    expect(rows.flatMap((r) => r.labelValues)).toEqual(['not recorded']);
  });

  it('reports both versions’ errors, the MAE difference with its bootstrap interval and the Wilcoxon test, equal to a direct computation', async () => {
    const events = await storedEvents(limit.modelId);
    const out = await runCandidate(limit.versions.get(2)!.file, events);
    const candidate = out.prediction!.data as Float32Array;
    const y: number[] = [];
    const a: number[] = [];
    const b: number[] = [];
    const employment: string[] = [];
    let notANumber = 0;
    events.forEach((e, i) => {
      if (e.label === null) return;
      const truth = numericValue(e.label);
      if (truth === null) return void notANumber++;
      const serving = e.score ?? numericValue(e.predicted_label ?? '');
      if (serving === null) return;
      y.push(truth);
      a.push(candidate[i]!);
      b.push(serving);
      employment.push(EMPLOYMENT_TYPES[e.features[6]!]!);
    });
    expect(notANumber).toBe(1);
    expect(y.length).toBeGreaterThan(4000);
    const r = summary.regression!;
    expect(summary).toMatchObject({ taskType: 'regression', rows: events.length, labelled: null, agreement: { compared: 0, rate: null } });
    expect(r.rows).toBe(y.length);
    expect(r.skipped).toEqual({ labelNotANumber: 1, noCandidatePrediction: 0, noServingPrediction: 0 });
    const direct = { candidate: regressionMetrics(y, a), serving: regressionMetrics(y, b) };
    for (const side of ['candidate', 'serving'] as const) {
      for (const key of ['mae', 'mse', 'rmse', 'r2', 'mape'] as const) expect(r[side][key]!).toBeCloseTo(direct[side][key]!, 9);
    }
    const comparison = compareRegressors(y, a, b);
    expect(r.maeDifference!.estimate).toBeCloseTo(comparison.maeDifference!.estimate, 9);
    expect(r.maeDifference!.lower).toBeCloseTo(comparison.maeDifference!.lower, 9);
    expect(r.maeDifference!.upper).toBeCloseTo(comparison.maeDifference!.upper, 9);
    expect(r.wilcoxon).toMatchObject({ method: comparison.wilcoxon!.method, nonZero: comparison.wilcoxon!.nonZero });
    expect(r.wilcoxon!.statistic).toBeCloseTo(comparison.wilcoxon!.statistic, 6);
    expect(r.candidateCloser).toBe(comparison.aCloser);
    // The converged v2 errs clearly less than the under-trained v1 that served the traffic.
    expect(r.candidate.mae!).toBeLessThan(r.serving.mae! * 0.8);
    expect(r.maeDifference!.upper).toBeLessThan(0);
    expect(r.wilcoxon!.pValue).toBeLessThan(1e-6);
    // Prediction differences take the place of score differences.
    expect(summary.scoreDelta.count).toBe(events.length);
    expect(summary.scoreDelta.histogram).toHaveLength(20);
    // Slices compare MAE on their own labelled events.
    const rows = summary.slices!.rows;
    expect(rows.map((row) => row.slice).sort()).toEqual([...EMPLOYMENT_TYPES].sort());
    for (const row of rows) {
      const mine = y.flatMap((truth, k) => (employment[k] === row.slice ? [k] : []));
      expect(row).toMatchObject({ labelled: mine.length, candidateAccuracy: null, agreement: null });
      expect(row.candidateMae!).toBeCloseTo(mine.reduce((s, k) => s + Math.abs(y[k]! - a[k]!), 0) / mine.length, 9);
      expect(row.servingMae!).toBeCloseTo(mine.reduce((s, k) => s + Math.abs(y[k]! - b[k]!), 0) / mine.length, 9);
    }
  });

  it('is read by the shadow gate, the run list, the results and the audit log as a regression run', async () => {
    const gate = shadowRunGate(evidence({ model: { id: limit.modelId, name: 'credit-limit' }, shadow: extractShadowEvidence({ id: runId, finishedAt: new Date(), totalEvents: summary.rows, processedEvents: summary.rows, summary }) }), gateConfig);
    expect(gate.status).toBe('pass');
    expect(gate.summary).toMatch(/MAE [\d.]+ vs [\d.]+ serving, difference −[\d.]+ \(95 % CI −[\d.]+ to −[\d.]+\), Wilcoxon signed-rank p = .*: significantly smaller errors\.$/);
    const viewer = createCaller(contextFor(database, fakeUser(['viewer'])));
    const [listed] = (await viewer.shadow.list({ model: 'credit-limit' })).filter((r) => r.id === runId);
    expect(listed!.headline).toEqual({ agreement: null, accuracyDifference: null, maeDifference: summary.regression!.maeDifference!.estimate, rows: summary.rows });
    const results = await viewer.shadow.results({ runId });
    expect(results.summary).toEqual(summary);
    expect(results.largestDifferences[0]!.candidateLabel).toBeNull();
    expect(results.largestDifferences.some((d) => d.label !== null && numericValue(d.label) !== null)).toBe(true);
    const [audit] = await database.select({ body: auditEvents.body }).from(auditEvents).where(and(eq(auditEvents.action, 'shadow_run.completed'), eq(auditEvents.targetId, runId)));
    expect(audit!.body).toContain(`"maeDifference":${summary.regression!.maeDifference!.estimate}`);
    // Fairness judges binary decisions: no shadow fairness report is requested for a regressor.
    const [fairness] = await database.execute<{ n: number }>(sql`select count(*)::int as n from fairness_reports`);
    expect(fairness!.n).toBe(0);
  });
});

describe('shadow evaluation of a multiclass model (risk-grade, real ONNX files)', () => {
  let grade: SampleVersions;
  let summary: ShadowSummary;
  let runId: string;

  beforeAll(async () => {
    grade = await registerSampleModel(database, 'risk-grade', { sample: 'risk-grade' });
    await validated(grade);
    await seedDemoTaskTraffic(database, 'risk-grade', now);
    const run = await startShadowRun(database, maintainer, { model: 'risk-grade', candidateVersion: 2, window });
    runId = run.id;
    summary = await replay(runId, 3000);
  }, 240_000);

  it('reports agreement, per-version metrics, the per-class table and the accuracy test, equal to a direct computation', async () => {
    const events = await storedEvents(grade.modelId);
    const out = await runCandidate(grade.versions.get(2)!.file, events);
    const probabilities = out.probabilities!.data as Float32Array;
    const predicted = events.map((_, i) => {
      const row = Array.from(probabilities.subarray(i * 4, i * 4 + 4));
      return row.indexOf(Math.max(...row));
    });
    // The decision rule defaults to the most probable class; the model's own label output agrees with it.
    expect(Array.from(out.label!.data as BigInt64Array, Number)).toEqual(predicted);
    const index = (name: string | null) => RISK_GRADES.indexOf(name as (typeof RISK_GRADES)[number]);
    const agreed = events.filter((e, i) => index(e.predicted_label) === predicted[i]).length;
    expect(summary).toMatchObject({ taskType: 'multiclass_classification', rows: events.length, agreement: { compared: events.length, agreed, rate: agreed / events.length }, regression: null });
    const labelled = events.map((e, i) => ({ e, i })).filter(({ e }) => e.label !== null);
    const actual = labelled.map(({ e }) => index(e.label));
    const a = labelled.map(({ i }) => predicted[i]!);
    const b = labelled.map(({ e }) => index(e.predicted_label));
    const m = summary.labelled as MulticlassLabelled;
    expect(m.kind).toBe('multiclass');
    expect(m.rows).toBe(labelled.length);
    expect(m.skipped).toEqual({ labelNotAClass: 0, noPrediction: 0, predictionNotAClass: 0 });
    const candidate = multiclassMetrics(multiclassConfusion(actual, a, 4));
    const serving = multiclassMetrics(multiclassConfusion(actual, b, 4));
    expect(m.candidate).toEqual({ accuracy: candidate.accuracy, macro: candidate.macro, micro: candidate.micro, weighted: candidate.weighted, confusion: multiclassConfusion(actual, a, 4) });
    expect(m.serving).toEqual({ accuracy: serving.accuracy, macro: serving.macro, micro: serving.micro, weighted: serving.weighted, confusion: multiclassConfusion(actual, b, 4) });
    expect(m.perClass.map((c) => [c.class, c.support, c.candidate.recall, c.serving.recall])).toEqual(RISK_GRADES.map((g, k) => [g, candidate.perClass[k]!.support, candidate.perClass[k]!.recall, serving.perClass[k]!.recall]));
    const comparison = compareClassifiers(actual, a, b);
    expect(m.accuracyDifference).toEqual(comparison.accuracyDifference);
    expect(m.accuracyDifference.estimate).toBeGreaterThan(0.1);
    expect(m.accuracyDifference.mcnemar.pValue).toBeLessThan(1e-6);
    // One score cannot stand for four class probabilities: events log none, and no score is compared.
    expect(summary.scoreDelta).toMatchObject({ count: 0, histogram: [] });
  });

  it('is judged by the shadow gate on accuracy, with McNemar on per-event correctness', () => {
    const shadow = extractShadowEvidence({ id: runId, finishedAt: new Date(), totalEvents: summary.rows, processedEvents: summary.rows, summary });
    expect(shadow).toMatchObject({ taskType: 'multiclass_classification', labeledEvents: summary.labelled!.rows, accuracyDifference: summary.labelled!.accuracyDifference.estimate });
    const gate = shadowRunGate(evidence({ model: { id: grade.modelId, name: 'risk-grade' }, shadow }), gateConfig);
    expect(gate.status).toBe('pass');
    expect(gate.summary).toMatch(/accuracy difference \+[\d.]+ pp \(95 % CI \+[\d.]+ pp to \+[\d.]+ pp\), McNemar p = /);
    // The default agreement bar (90 %) is not met by a much better grader: a policy sets its own.
    expect(shadowRunGate(evidence({ shadow }), shadowRunConfigSchema.parse({ required: true })).status).toBe('fail');
  });
});
