import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TRPCError } from '@trpc/server';
import { and, eq, sql } from 'drizzle-orm';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, modelVersions, registeredModels, shadowBatches, shadowBatchResults, shadowRuns } from '@/db/schema';
import { createDefaultTestDatabase } from '@/server/testing/test-database';
import { AppError } from '@/server/errors/app-error';
import { closeInferencePool, InferencePool } from '@/server/onnx/inference-pool';
import { accuracyDifferenceInterval } from '@/server/statistics/bootstrap';
import { binaryMetrics, confusionMatrix, rocAuc } from '@/server/statistics/classification-metrics';
import { mcnemar } from '@/server/statistics/mcnemar';
import { readEvents } from '@/server/traffic/event-reader';
import { createCaller } from '@/server/app-router';
import { startJobRunner } from '@/workers/job-runner';
import { actorOf } from '@/server/trpc/context';
import { contextFor, fakeUser } from '@/server/trpc/test-context';
import { planCandidateIO } from '@/server/onnx/model-io';
import { scoreChunk, shadowBatchTask } from '@/workers/tasks/shadow-batch';
import { shadowFinalizeTask } from '@/workers/tasks/shadow-finalize';
import { shadowAutoStartTask } from '@/workers/tasks/shadow-auto-start';
import { shadowPlanTask } from '@/workers/tasks/shadow-plan';
import { ShadowResultsBuilder } from './shadow-result-columns';
import { countStoredResults, readLargestDifferences, writeBatchResults } from './shadow-results-store';
import { cancelShadowRun, startShadowRun } from './shadow-service';
import type { BinaryLabelled, ShadowSummary } from './shadow-summary';
import { markValidated, registerSampleModel, writeSyntheticTraffic, type SampleVersions } from '@/demo/synthetic-traffic';

process.env.VIGIL_ARTIFACT_DIR = mkdtempSync(path.join(os.tmpdir(), 'vigil-shadow-'));
const database = await createDefaultTestDatabase();
const pool = new InferencePool({ threads: 1 });
afterAll(() => pool.close());

const EVENTS = 3000;
const HOUR = 3600_000;
const now = Date.now();
const window = { from: new Date(now - 48 * HOUR), to: new Date(now - 60_000) };
const maintainer = actorOf(fakeUser(['maintainer'], '00000000-0000-4000-8000-00000000000a'), { ip: '127.0.0.1', userAgent: 'vitest' });
const options = { pool, chunkRows: 256 };
let credit: SampleVersions;

const v = (n: number) => credit.versions.get(n)!;

async function jobs(name: string, runId: string): Promise<number> {
  const rows = await database.execute<{ n: number }>(sql`select count(*)::int as n from pgboss.job where name = ${name} and data->>'runId' = ${runId}`);
  return rows[0]!.n;
}

async function runState(runId: string) {
  const [run] = await database.select().from(shadowRuns).where(eq(shadowRuns.id, runId));
  const stored = await countStoredResults(database, runId);
  return { run: run!, results: stored.events, resultBatches: stored.batches };
}

async function runAll(runId: string, batchSize: number) {
  await shadowPlanTask(database, { runId }, { batchSize });
  const [run] = await database.select().from(shadowRuns).where(eq(shadowRuns.id, runId));
  for (let b = 0; b < run!.batchCount!; b++) expect(await shadowBatchTask(database, { runId, batchNo: b }, options)).toBe('done');
  expect(await shadowFinalizeTask(database, { runId })).toBe(true);
  return (await runState(runId)).run;
}

async function appError(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

beforeAll(async () => {
  credit = await registerSampleModel(database, 'credit-risk');
  // Validated before any traffic exists: no automatic run.
  await markValidated(database, v(1));
  await writeSyntheticTraffic(database, credit.modelId, { count: EVENTS, seed: 7, ...window, serving: v(1), missingShare: 0.01 });
});

describe('starting a shadow run', () => {
  it('refuses a candidate that has not passed validation (422)', async () => {
    const error = await appError(startShadowRun(database, maintainer, { model: 'credit-risk', candidateVersion: 2, window }));
    expect(error).toMatchObject({ code: 'unprocessable', status: 422 });
    expect(error.message).toMatch(/v2 is registered: only a version that passed validation/);
  });

  it('starts automatically when a version is validated and the model has traffic, never without traffic', async () => {
    const quiet = await registerSampleModel(database, 'quiet-model');
    expect(await markValidated(database, quiet.versions.get(1)!)).toBe(true);
    await shadowAutoStartTask(database, { versionId: quiet.versions.get(1)!.id });
    expect(await database.select().from(shadowRuns).where(eq(shadowRuns.modelId, quiet.modelId))).toEqual([]);

    expect(await markValidated(database, v(2))).toBe(true);
    const enqueued = await database.execute<{ n: number }>(sql`select count(*)::int as n from pgboss.job where name = 'shadow-auto-start' and data->>'versionId' = ${v(2).id}`);
    expect(enqueued[0]!.n).toBe(1);
    await shadowAutoStartTask(database, { versionId: v(2).id });
    // A retried job starts no second run.
    await shadowAutoStartTask(database, { versionId: v(2).id });
    const runs = await database.select().from(shadowRuns).where(eq(shadowRuns.candidateVersionId, v(2).id));
    expect(runs).toHaveLength(1);
    const [auto] = runs;
    expect(auto).toMatchObject({ trigger: 'auto', status: 'pending', createdBy: 'shadow evaluation (auto-start)' });
    expect(auto!.windowTo!.getTime() - auto!.windowFrom!.getTime()).toBe(7 * 24 * HOUR);
    expect(await jobs('shadow-plan', auto!.id)).toBe(1);
    const [audit] = await database.select().from(auditEvents).where(and(eq(auditEvents.action, 'shadow_run.started'), eq(auditEvents.targetId, auto!.id)));
    expect(audit).toBeDefined();
    // Not in the way of the tests below.
    await cancelShadowRun(database, maintainer, auto!.id);
  });

  it('refuses a window without traffic and an unknown slice feature (422), an unknown version (404)', async () => {
    const empty = await appError(startShadowRun(database, maintainer, { model: 'credit-risk', candidateVersion: 2, window: { from: new Date('2020-01-01'), to: new Date('2020-01-02') } }));
    expect(empty).toMatchObject({ code: 'unprocessable' });
    expect(empty.message).toBe("'credit-risk' has no logged traffic between 2020-01-01T00:00:00.000Z and 2020-01-02T00:00:00.000Z: nothing to replay.");
    const slice = await appError(startShadowRun(database, maintainer, { model: 'credit-risk', candidateVersion: 2, window, sliceFeature: 'shoe_size' }));
    expect(slice).toMatchObject({ code: 'unprocessable', message: "'shoe_size' is neither a feature nor a protected attribute of 'credit-risk'." });
    expect(await appError(startShadowRun(database, maintainer, { model: 'credit-risk', candidateVersion: 9, window }))).toMatchObject({ code: 'not_found' });
    const quietError = await appError(startShadowRun(database, maintainer, { model: 'quiet-model', candidateVersion: 1, window: { lastEvents: 10 } }));
    expect(quietError.message).toBe("'quiet-model' has no logged traffic yet: nothing to replay.");
  });

  it('refuses a run of a version against itself (every event of the window served by it), through tRPC too, creating nothing', async () => {
    const before = (await database.select().from(shadowRuns)).length;
    for (const w of [window, { lastEvents: 500 }]) {
      const self = await appError(startShadowRun(database, maintainer, { model: 'credit-risk', candidateVersion: 1, window: w }));
      expect(self).toMatchObject({ code: 'unprocessable', status: 422 });
      expect(self.message).toMatch(/^v1 served every event in this window itself: a shadow run would compare v1 with itself/);
    }
    const writer = createCaller(contextFor(database, fakeUser(['maintainer'])));
    const refused = await writer.shadow.start({ model: 'credit-risk', candidateVersion: 1, window: { lastEvents: 100 } }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'UNPROCESSABLE_CONTENT', message: expect.stringMatching(/compare v1 with itself/) });
    expect(await database.select().from(shadowRuns)).toHaveLength(before);
  });
});

describe('a shadow run end to end', () => {
  let runId: string;
  let summary: ShadowSummary;

  it('plans checkpointed batches and their jobs in one go, then replays every event once', async () => {
    const run = await startShadowRun(database, maintainer, { model: 'credit-risk', candidateVersion: 2, window, sliceFeature: 'employment_type' });
    runId = run.id;
    expect(run).toMatchObject({ status: 'pending', trigger: 'manual', createdBy: maintainer.label });
    expect(await jobs('shadow-plan', runId)).toBe(1);

    await shadowPlanTask(database, { runId }, { batchSize: 700 });
    const batches = await database.select().from(shadowBatches).where(eq(shadowBatches.runId, runId)).orderBy(shadowBatches.batchNo);
    expect(batches.map((b) => b.rowCount)).toEqual([700, 700, 700, 700, 200]);
    // Each batch starts where the previous one ended.
    for (let k = 1; k < batches.length; k++) {
      expect([batches[k]!.fromTime, batches[k]!.fromRequestId]).toEqual([batches[k - 1]!.toTime, batches[k - 1]!.toRequestId]);
    }
    expect(await jobs('shadow-batch', runId)).toBe(5);
    expect((await runState(runId)).run).toMatchObject({ status: 'running', totalEvents: EVENTS, batchCount: 5 });
    // Planning twice changes nothing.
    await shadowPlanTask(database, { runId }, { batchSize: 700 });
    expect(await jobs('shadow-batch', runId)).toBe(5);

    for (let b = 0; b < 5; b++) {
      expect(await jobs('shadow-finalize', runId)).toBe(0);
      expect(await shadowBatchTask(database, { runId, batchNo: b }, options)).toBe('done');
    }
    expect(await jobs('shadow-finalize', runId)).toBe(1);
    const state = await runState(runId);
    expect(state).toMatchObject({ results: EVENTS, resultBatches: 5, run: { processedEvents: EVENTS, batchesDone: 5 } });

    expect(await shadowFinalizeTask(database, { runId })).toBe(true);
    expect(await shadowFinalizeTask(database, { runId })).toBe(false);
    const done = (await runState(runId)).run;
    expect(done.status).toBe('completed');
    expect(done.finishedAt).toBeInstanceOf(Date);
    summary = done.summary as unknown as ShadowSummary;
    const completed = await database.select().from(auditEvents).where(and(eq(auditEvents.action, 'shadow_run.completed'), eq(auditEvents.targetId, runId)));
    expect(completed).toHaveLength(1);
  });

  it('reports agreement, score deltas and metrics equal to a direct computation over the same events', async () => {
    const events = await database.execute<{ features: (number | null)[]; score: number | null; predicted_label: string | null; label: string | null }>(
      sql`select features, score, predicted_label, label from inference_events where model_id = ${credit.modelId} order by occurred_at, request_id`,
    );
    const n = events.length;
    expect(n).toBe(EVENTS);
    const features = new Float32Array(n * 8);
    events.forEach((e, i) => features.set(e.features.map((x) => (x === null ? Number.NaN : x)), i * 8));
    // The pool's session options: other optimization levels may round a float differently.
    const session = await ort.InferenceSession.create(readFileSync(v(2).file), { intraOpNumThreads: 1, interOpNumThreads: 1, graphOptimizationLevel: 'all' });
    const out = await session.run({ features: new ort.Tensor('float32', features, [n, 8]) });
    const probability = out.probability!.data as Float32Array;

    let compared = 0;
    let agreed = 0;
    let deltaSum = 0;
    let deltaCount = 0;
    let maxAbs = 0;
    const paired: { candidate: string; serving: string; truth: string; score: number; servingScore: number | null }[] = [];
    // postgres.js reads a real as the decimal PostgreSQL prints; the float32 it stands for is what SQL computes with.
    events.forEach((e) => (e.score = e.score === null ? null : Math.fround(e.score)));
    events.forEach((e, i) => {
      // v2 states no rule and has a probability output: it decides by score ≥ 0.5 (none where the score is NaN).
      const candidate = Number.isNaN(probability[i]!) ? null : probability[i]! >= 0.5 ? 'defaulted' : 'repaid';
      const serving = e.predicted_label ?? (e.score === null ? null : e.score >= 0.5 ? 'defaulted' : 'repaid');
      if (candidate !== null && serving !== null) compared += 1;
      if (candidate !== null && serving === candidate) agreed += 1;
      if (e.score !== null && !Number.isNaN(probability[i]!)) {
        const d = probability[i]! - e.score;
        deltaSum += d;
        deltaCount += 1;
        maxAbs = Math.max(maxAbs, Math.abs(d));
      }
      if (e.label !== null && serving !== null && candidate !== null) paired.push({ candidate, serving, truth: e.label, score: probability[i]!, servingScore: e.score });
    });
    expect(summary.rows).toBe(EVENTS);
    expect(summary.servingVersions).toEqual([{ versionId: v(1).id, version: 1, events: EVENTS }]);
    expect(summary.agreement).toEqual({ compared, agreed, rate: agreed / compared });
    expect(summary.agreement.rate!).toBeGreaterThan(0.8);
    expect(summary.scoreDelta.count).toBe(deltaCount);
    expect(summary.scoreDelta.mean!).toBeCloseTo(deltaSum / deltaCount, 9);
    expect(summary.scoreDelta.maxAbs!).toBeCloseTo(maxAbs, 9);
    expect(summary.scoreDelta.histogram).toHaveLength(20);
    expect(summary.scoreDelta.histogram.reduce((s, b) => s + b.count, 0)).toBe(deltaCount);

    const positive = (x: string) => x === 'defaulted';
    const truth = paired.map((p) => positive(p.truth));
    const candidate = binaryMetrics(confusionMatrix(truth, paired.map((p) => positive(p.candidate))));
    const serving = binaryMetrics(confusionMatrix(truth, paired.map((p) => positive(p.serving))));
    const labelled = summary.labelled as BinaryLabelled;
    expect(summary.taskType).toBe('binary_classification');
    expect(labelled.kind).toBe('binary');
    expect(summary.regression).toBeNull();
    expect(labelled.rows).toBe(paired.length);
    expect(labelled.positiveClass).toBe('defaulted');
    for (const key of ['count', 'accuracy', 'precision', 'recall', 'f1'] as const) {
      expect(labelled.candidate[key]).toBeCloseTo(candidate[key]!, 12);
      expect(labelled.serving[key]).toBeCloseTo(serving[key]!, 12);
    }
    const scoredC = paired.filter((p) => !Number.isNaN(p.score));
    expect(labelled.candidate.rocAuc!).toBeCloseTo(rocAuc(scoredC.map((p) => p.score), scoredC.map((p) => positive(p.truth)))!, 12);
    const scoredS = paired.filter((p) => p.servingScore !== null);
    expect(labelled.serving.rocAuc!).toBeCloseTo(rocAuc(scoredS.map((p) => p.servingScore!), scoredS.map((p) => positive(p.truth)))!, 12);
    const onlyC = paired.filter((p) => p.candidate === p.truth && p.serving !== p.truth).length;
    const onlyS = paired.filter((p) => p.candidate !== p.truth && p.serving === p.truth).length;
    const both = paired.filter((p) => p.candidate === p.truth && p.serving === p.truth).length;
    expect(labelled.outcomes).toEqual({ bothRight: both, onlyCandidate: onlyC, onlyServing: onlyS, bothWrong: paired.length - both - onlyC - onlyS });
    expect(labelled.accuracyDifference.estimate).toBeCloseTo(candidate.accuracy! - serving.accuracy!, 12);
    expect(labelled.accuracyDifference.mcnemar).toEqual(mcnemar(onlyC, onlyS));
    expect(labelled.accuracyDifference.interval).toEqual(accuracyDifferenceInterval({ bothRight: both, onlyA: onlyC, onlyB: onlyS, bothWrong: paired.length - both - onlyC - onlyS }));

    expect(summary.latency.perRowMs.count).toBe(EVENTS);
    expect(summary.latency.perRowMs.p50!).toBeGreaterThan(0);
    expect(summary.latency.batchMs.count).toBe(5);
    expect(summary.throughput.eventsPerSecond!).toBeGreaterThan(0);
    expect(summary.slices!.kind).toBe('categorical');
    expect(summary.slices!.rows.reduce((s, r) => s + r.rows, 0)).toBe(EVENTS);
    expect(summary.slices!.rows.map((r) => r.slice).sort()).toEqual(['retired', 'salaried', 'self_employed', 'unemployed']);
  });

  it('serves progress, results and the list through tRPC; outsiders to a run get NOT_FOUND', async () => {
    const viewer = createCaller(contextFor(database, fakeUser(['viewer'])));
    const got = await viewer.shadow.get({ runId });
    expect(got).toMatchObject({ modelName: 'credit-risk', candidateVersion: 2, status: 'completed', progress: { processed: EVENTS, total: EVENTS, fraction: 1, batchesDone: 5, etaSeconds: null }, batches: { pending: 0, done: 5 } });
    const results = await viewer.shadow.results({ runId });
    expect(results.summary).toEqual(summary);
    expect(results.largestDifferences.length).toBeGreaterThan(0);
    expect((await viewer.shadow.list({ model: 'credit-risk' })).map((r) => r.id)).toContain(runId);
    await expect(viewer.shadow.get({ runId: '00000000-0000-4000-8000-000000000999' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(viewer.shadow.start({ model: 'credit-risk', candidateVersion: 2, window: { lastEvents: 10 } })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(viewer.shadow.cancel({ runId })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const writer = createCaller(contextFor(database, fakeUser(['maintainer'])));
    const refused = await writer.shadow.start({ model: 'credit-risk', candidateVersion: 2, window: { from: new Date('2020-01-01'), to: new Date('2020-01-02') } }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(TRPCError);
    expect(refused).toMatchObject({ code: 'UNPROCESSABLE_CONTENT' });
    await expect(writer.shadow.cancel({ runId })).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('the compare page lists the runs of either version, marks those between the two, and diffs hyperparameters and metric directions', async () => {
    await database.update(modelVersions).set({ hyperparameters: { C: 1, penalty: 'l2' } }).where(eq(modelVersions.id, v(1).id));
    await database.update(modelVersions).set({ hyperparameters: { C: 0.5, penalty: 'l2', max_iter: 200 } }).where(eq(modelVersions.id, v(2).id));
    const viewer = createCaller(contextFor(database, fakeUser(['viewer'])));
    const compared = await viewer.models.compare({ name: 'credit-risk', a: 1, b: 2 });
    expect(compared.hyperparameters).toEqual([
      { key: 'C', change: 'changed', a: '1', b: '0.5' },
      { key: 'max_iter', change: 'added', a: null, b: '200' },
      { key: 'penalty', change: 'same', a: 'l2', b: 'l2' },
    ]);
    const run = compared.shadowRuns.find((r) => r.id === runId);
    expect(run).toMatchObject({ candidateVersion: 2, status: 'completed', servedBy: [1], between: true });
    expect(compared.shadowRuns.every((r) => r.candidateVersion === 1 || r.candidateVersion === 2)).toBe(true);
    const positiveRate = compared.metrics.find((m) => m.name === 'positive_rate');
    if (positiveRate) expect(positiveRate).toMatchObject({ direction: 'neither', quality: null });
    expect(compared.metrics.find((m) => m.name === 'auc')).toMatchObject({ direction: 'higher' });
  });
});

describe('resilience', () => {
  it('a batch retried after a crash between insert and mark-done, or run twice at once, is counted once', async () => {
    const run = await startShadowRun(database, maintainer, { model: 'credit-risk', candidateVersion: 2, window });
    await shadowPlanTask(database, { runId: run.id }, { batchSize: 1000 });
    const [batch0] = await database.select().from(shadowBatches).where(and(eq(shadowBatches.runId, run.id), eq(shadowBatches.batchNo, 0)));
    // The crash: batch 0's results reached the table, its "done" mark and the counters did not.
    const events = await readEvents(database, credit.modelId, { after: { occurredAt: batch0!.fromTime, requestId: batch0!.fromRequestId }, through: { occurredAt: batch0!.toTime, requestId: batch0!.toRequestId } });
    const [model] = await database.select().from(registeredModels).where(eq(registeredModels.id, credit.modelId));
    const [version] = await database.select().from(modelVersions).where(eq(modelVersions.id, v(2).id));
    const io = planCandidateIO(model!.features, version!.signature!, model!.label.classes);
    const builder = new ShadowResultsBuilder(events.count, io.classes, null);
    builder.append(await scoreChunk(io, pool, v(2).sha256, events, null, model!));
    expect(await writeBatchResults(database, run.id, 0, { columns: builder.finish(), servingVersions: {}, largestDifferences: [] })).toBe(true);
    expect(await runState(run.id)).toMatchObject({ results: 1000, resultBatches: 1, run: { processedEvents: 0, batchesDone: 0 } });

    // The retried job replays the whole batch: no duplicate rows, counters right.
    expect(await shadowBatchTask(database, { runId: run.id, batchNo: 0 }, options)).toBe('done');
    expect(await runState(run.id)).toMatchObject({ results: 1000, resultBatches: 1, run: { processedEvents: 1000, batchesDone: 1 } });
    // A late duplicate delivery of the same job does nothing.
    expect(await shadowBatchTask(database, { runId: run.id, batchNo: 0 }, options)).toBe('already-done');
    expect(await runState(run.id)).toMatchObject({ results: 1000, run: { processedEvents: 1000, batchesDone: 1 } });

    // A worker dying mid-batch (here: inference failing on the second chunk) leaves nothing of the batch behind.
    let calls = 0;
    const flaky = { run: (request: Parameters<InferencePool['run']>[0]) => (++calls === 2 ? Promise.reject(new Error('worker killed')) : pool.run(request)) } as InferencePool;
    await expect(shadowBatchTask(database, { runId: run.id, batchNo: 1 }, { pool: flaky, chunkRows: 256 })).rejects.toThrow('worker killed');
    expect(await runState(run.id)).toMatchObject({ results: 1000, run: { processedEvents: 1000, batchesDone: 1, status: 'running' } });

    // Two deliveries of batch 1 at once (the expired job and its retry): one does the work.
    const outcomes = await Promise.all([shadowBatchTask(database, { runId: run.id, batchNo: 1 }, options), shadowBatchTask(database, { runId: run.id, batchNo: 1 }, options)]);
    expect(outcomes.sort()).toEqual(['already-done', 'done']);
    expect(await runState(run.id)).toMatchObject({ results: 2000, resultBatches: 2, run: { processedEvents: 2000, batchesDone: 2 } });
    const [batch1] = await database.select().from(shadowBatches).where(and(eq(shadowBatches.runId, run.id), eq(shadowBatches.batchNo, 1)));
    expect(batch1!.attempts).toBeGreaterThanOrEqual(2);

    expect(await shadowBatchTask(database, { runId: run.id, batchNo: 2 }, options)).toBe('done');
    expect(await shadowFinalizeTask(database, { runId: run.id })).toBe(true);
    expect(await runState(run.id)).toMatchObject({ results: EVENTS, resultBatches: 3, run: { status: 'completed', totalEvents: EVENTS, processedEvents: EVENTS, batchesDone: 3 } });
  });

  it('a run whose stored results have a gap fails instead of summarizing part of its events', async () => {
    const run = await startShadowRun(database, maintainer, { model: 'credit-risk', candidateVersion: 2, window });
    await shadowPlanTask(database, { runId: run.id }, { batchSize: 1000 });
    for (let b = 0; b < 3; b++) expect(await shadowBatchTask(database, { runId: run.id, batchNo: b }, options)).toBe('done');
    // As if the results of batch 1 had been lost (the per-event table an upgrade replaced).
    await database.delete(shadowBatchResults).where(and(eq(shadowBatchResults.runId, run.id), eq(shadowBatchResults.batchNo, 1)));
    expect(await shadowFinalizeTask(database, { runId: run.id })).toBe(false);
    expect((await runState(run.id)).run).toMatchObject({ status: 'failed', error: 'The results of 1 of its 3 done batches are missing; start the run again.', summary: null });
    const failed = await database.select().from(auditEvents).where(and(eq(auditEvents.action, 'shadow_run.failed'), eq(auditEvents.targetId, run.id)));
    expect(failed).toHaveLength(1);
  });

  it('cancelling stops the remaining batches, and a batch in flight writes nothing', async () => {
    const run = await startShadowRun(database, maintainer, { model: 'credit-risk', candidateVersion: 2, window });
    await shadowPlanTask(database, { runId: run.id }, { batchSize: 1000 });
    expect(await shadowBatchTask(database, { runId: run.id, batchNo: 0 }, options)).toBe('done');
    // Cancelled while batch 1 is being inferred.
    const cancelling = {
      run: async (request: Parameters<InferencePool['run']>[0]) => {
        if ((await runState(run.id)).run.status === 'running') await cancelShadowRun(database, maintainer, run.id);
        return pool.run(request);
      },
    } as InferencePool;
    expect(await shadowBatchTask(database, { runId: run.id, batchNo: 1 }, { pool: cancelling, chunkRows: 256 })).toBe('cancelled');
    expect(await shadowBatchTask(database, { runId: run.id, batchNo: 2 }, options)).toBe('not-running');
    expect(await runState(run.id)).toMatchObject({ results: 1000, run: { status: 'cancelled', processedEvents: 1000, batchesDone: 1 } });
    expect(await jobs('shadow-finalize', run.id)).toBe(0);
    expect(await shadowFinalizeTask(database, { runId: run.id })).toBe(false);
    const audits = await database.select().from(auditEvents).where(and(eq(auditEvents.action, 'shadow_run.cancelled'), eq(auditEvents.targetId, run.id)));
    expect(audits).toHaveLength(1);
    expect((await appError(cancelShadowRun(database, maintainer, run.id))).code).toBe('conflict');
  });

  it('replays exactly the last N events, with a numeric slice by quartiles', async () => {
    const run = await startShadowRun(database, maintainer, { model: 'credit-risk', candidateVersion: 2, window: { lastEvents: 1000 }, sliceFeature: 'income' });
    const done = await runAll(run.id, 400);
    expect(done).toMatchObject({ status: 'completed', totalEvents: 1000, batchCount: 3, processedEvents: 1000, maxEvents: 1000 });
    const expected = await database.execute<{ request_id: string }>(sql`select request_id from inference_events where model_id = ${credit.modelId} order by occurred_at desc, request_id desc limit 1000`);
    // The batches' keyset ranges hold exactly those events, and every one of them has a stored result.
    const batches = await database.select().from(shadowBatches).where(eq(shadowBatches.runId, run.id)).orderBy(shadowBatches.batchNo);
    const replayed: string[] = [];
    for (const b of batches) {
      const events = await readEvents(database, credit.modelId, { after: { occurredAt: b.fromTime, requestId: b.fromRequestId }, through: { occurredAt: b.toTime, requestId: b.toRequestId } });
      replayed.push(...events.requestIds);
    }
    expect(replayed.sort()).toEqual(expected.map((r) => r.request_id).sort());
    expect(await countStoredResults(database, run.id)).toEqual({ events: 1000, batches: 3 });
    const differences = await readLargestDifferences(database, run.id);
    expect(differences.length).toBeGreaterThan(0);
    expect(differences.every((d) => replayed.includes(d.requestId))).toBe(true);
    const slices = (done.summary as unknown as ShadowSummary).slices!;
    expect(slices).toMatchObject({ feature: 'income', kind: 'numeric' });
    expect(slices.quartiles).toHaveLength(3);
    expect(slices.rows.map((r) => r.slice).at(-1)).toMatch(/^(> |\(missing\))/);
    expect(slices.rows.reduce((s, r) => s + r.rows, 0)).toBe(1000);
  });
});

describe('through the job runner', () => {
  it('a run started like the UI does is planned, replayed and summarized by a worker', async () => {
    process.env.VIGIL_SHADOW_BATCH_SIZE = '1000';
    // The jobs the tests above enqueued and ran by hand would only queue up in front.
    await database.execute(sql`delete from pgboss.job`);
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const boss = await startJobRunner(process.env.DATABASE_URL!, database, { privateKey, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), keyId: 'test' });
    try {
      const run = await startShadowRun(database, maintainer, { model: 'credit-risk', candidateVersion: 2, window });
      const deadline = Date.now() + 50_000;
      let state = await runState(run.id);
      while (state.run.status !== 'completed' && state.run.status !== 'failed' && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        state = await runState(run.id);
      }
      expect(state).toMatchObject({ results: EVENTS, resultBatches: 3, run: { status: 'completed', batchCount: 3, batchesDone: 3, processedEvents: EVENTS } });
    } finally {
      delete process.env.VIGIL_SHADOW_BATCH_SIZE;
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
      await closeInferencePool();
    }
  }, 60_000);
});
