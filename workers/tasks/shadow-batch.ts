import { performance } from 'node:perf_hooks';
import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { modelVersions, registeredModels, shadowBatches, shadowRuns } from '@/db/schema';
import { artifactStore } from '@/server/artifacts/current-store';
import { enqueue } from '@/server/jobs/enqueue';
import { JOBS, type JobPayload } from '@/server/jobs/job-catalog';
import { inferencePool, type InferencePool } from '@/server/onnx/inference-pool';
import type { EventBatch } from '@/server/traffic/event-batch';
import { readEvents } from '@/server/traffic/event-reader';
import { outputReadingOf } from '@/server/onnx/decision-rule';
import { candidateInputs, CandidateModelError, planCandidateIO, readCandidateOutputs, type CandidateIO } from '@/server/onnx/model-io';
import { decisionThresholds, inferenceSha256 } from '@/server/registry/inference-artifact';
import { failShadowRun } from '@/server/shadow/shadow-failure';
import { ShadowResultsBuilder, type ShadowResultRows } from '@/server/shadow/shadow-result-columns';
import { writeBatchResults } from '@/server/shadow/shadow-results-store';
import { servingSide } from '@/server/shadow/serving-side';
import { sliceKind, sliceValues } from '@/server/shadow/slice-values';

// One checkpointed batch of a shadow run: read its keyset range of events, run the candidate
// on them in the inference pool, store the results and count the batch as done — the results
// and the "done" mark in ONE transaction. The batch row is marked first (only while pending),
// which also locks it: a second attempt running at the same time waits, then finds it done.
// A worker killed mid-batch rolls everything back; the retried job starts the batch over.
// The batch is read with one COPY and inferred in chunks (VIGIL_SHADOW_CHUNK_ROWS, default
// 16,384 rows: one onnxruntime call each, never one per event, and a cancellation check
// between chunks); its results are stored as one row of columns (shadow-results-store.ts).

export const DEFAULT_SHADOW_CHUNK_ROWS = 16_384;
/** pg-boss tries a batch job this many times; the last failure fails the run. */
export const SHADOW_BATCH_ATTEMPTS = JOBS.shadowBatch.queue.retryLimit + 1;

export function shadowChunkRows(): number {
  const configured = Number(process.env.VIGIL_SHADOW_CHUNK_ROWS);
  return Number.isInteger(configured) && configured > 0 ? configured : DEFAULT_SHADOW_CHUNK_ROWS;
}

export type BatchOutcome = 'done' | 'already-done' | 'not-running' | 'cancelled';

export interface BatchTaskOptions {
  pool?: InferencePool;
  chunkRows?: number;
}

class RunStopped extends Error {}

function countByVersion(events: EventBatch): Record<string, number> {
  const counts: Record<string, number> = {};
  for (let i = 0; i < events.count; i++) {
    const id = events.versionIds[i]!;
    counts[id] = (counts[id] ?? 0) + 1;
  }
  return counts;
}

async function loadBatchContext(database: Database, runId: string, batchNo: number) {
  const [row] = await database
    .select({ run: shadowRuns, batch: shadowBatches, model: registeredModels, version: modelVersions })
    .from(shadowBatches)
    .innerJoin(shadowRuns, eq(shadowRuns.id, shadowBatches.runId))
    .innerJoin(registeredModels, eq(registeredModels.id, shadowRuns.modelId))
    .innerJoin(modelVersions, eq(modelVersions.id, shadowRuns.candidateVersionId))
    .where(and(eq(shadowBatches.runId, runId), eq(shadowBatches.batchNo, batchNo)));
  return row ?? null;
}

async function runIsActive(database: Database, runId: string): Promise<boolean> {
  const [row] = await database.select({ status: shadowRuns.status }).from(shadowRuns).where(eq(shadowRuns.id, runId));
  return row?.status === 'running';
}

export async function shadowBatchTask(database: Database, payload: JobPayload<'shadowBatch'>, options: BatchTaskOptions = {}): Promise<BatchOutcome> {
  const [claimed] = await database
    .update(shadowBatches)
    .set({ attempts: sql`${shadowBatches.attempts} + 1` })
    .where(and(eq(shadowBatches.runId, payload.runId), eq(shadowBatches.batchNo, payload.batchNo), eq(shadowBatches.status, 'pending')))
    .returning({ attempts: shadowBatches.attempts });
  if (!claimed) return 'already-done';
  const context = await loadBatchContext(database, payload.runId, payload.batchNo);
  if (!context || context.run.status !== 'running') return 'not-running';
  try {
    return await processBatch(database, context, options);
  } catch (error) {
    if (error instanceof RunStopped) return 'cancelled';
    const message = error instanceof Error ? error.message : String(error);
    // A candidate that cannot be fed or read fails the same way on every retry: stop now.
    if (error instanceof CandidateModelError || claimed.attempts >= SHADOW_BATCH_ATTEMPTS) {
      await failShadowRun(database, payload.runId, `batch ${payload.batchNo} failed: ${message}`);
      if (error instanceof CandidateModelError) return 'not-running';
    }
    throw error;
  }
}

type BatchContext = NonNullable<Awaited<ReturnType<typeof loadBatchContext>>>;

async function processBatch(database: Database, { run, batch, model, version }: BatchContext, options: BatchTaskOptions): Promise<BatchOutcome> {
  if (!version.signature) throw new CandidateModelError(`v${version.version} has no ONNX signature (it was never validated)`);
  // The candidate decides by the rule its version states (label output, or score ≥ its threshold).
  const io = planCandidateIO(model.features, version.signature, model.label.classes, outputReadingOf(model, version));
  const pool = options.pool ?? inferencePool();
  const chunkRows = options.chunkRows ?? shadowChunkRows();
  const started = performance.now();
  const events = await readEvents(database, run.modelId, {
    after: { occurredAt: batch.fromTime, requestId: batch.fromRequestId },
    through: { occurredAt: batch.toTime, requestId: batch.toRequestId },
  });

  const servingThresholds = await decisionThresholds(database, Object.keys(countByVersion(events)));

  return database.transaction(async (tx) => {
    const [marked] = await tx
      .update(shadowBatches)
      .set({ status: 'done', doneAt: new Date() })
      .where(and(eq(shadowBatches.runId, run.id), eq(shadowBatches.batchNo, batch.batchNo), eq(shadowBatches.status, 'pending')))
      .returning({ batchNo: shadowBatches.batchNo });
    if (!marked) return 'already-done' as const;

    const results = new ShadowResultsBuilder(events.count, io.classes, run.sliceFeature ? sliceKind(model, run.sliceFeature) : null, io.taskType === 'regression');
    for (let start = 0; start < events.count; start += chunkRows) {
      if (start > 0 && !(await runIsActive(database, run.id))) throw new RunStopped();
      results.append(await scoreChunk(io, pool, inferenceSha256(version), events, run.sliceFeature, model, start, Math.min(events.count, start + chunkRows), servingThresholds));
    }
    await writeBatchResults(tx, run.id, batch.batchNo, { columns: results.finish(), servingVersions: countByVersion(events), largestDifferences: results.differences.rows });

    await tx
      .update(shadowBatches)
      .set({ durationMs: Math.round(performance.now() - started) })
      .where(and(eq(shadowBatches.runId, run.id), eq(shadowBatches.batchNo, batch.batchNo)));
    const [progress] = await tx
      .update(shadowRuns)
      .set({ processedEvents: sql`${shadowRuns.processedEvents} + ${events.count}`, batchesDone: sql`${shadowRuns.batchesDone} + 1` })
      .where(and(eq(shadowRuns.id, run.id), eq(shadowRuns.status, 'running')))
      .returning({ batchesDone: shadowRuns.batchesDone, batchCount: shadowRuns.batchCount });
    // Cancelled (or failed) meanwhile: roll the batch back, results included.
    if (!progress) throw new RunStopped();
    if (progress.batchesDone === progress.batchCount) await enqueue(tx, 'shadowFinalize', { runId: run.id });
    return 'done' as const;
  });
}

type Model = BatchContext['model'];

/**
 * Runs the candidate on rows [start, end) of a batch (one onnxruntime call) and lines its
 * answers up with the serving side's (serving-side.ts): the logged label, else the logged
 * score against the threshold of the version that served the event; a regressor's logged
 * prediction, with the ground truth as a number.
 */
export async function scoreChunk(
  io: CandidateIO,
  pool: InferencePool,
  sha256: string,
  events: EventBatch,
  sliceFeature: string | null,
  model: Pick<Model, 'features'>,
  start = 0,
  end = events.count,
  servingThresholds: ReadonlyMap<string, number> = new Map(),
): Promise<ShadowResultRows> {
  const n = end - start;
  const inputs = candidateInputs(io, events.features, events.width, start, end);
  const result = await artifactStore().withLocalFile(sha256, (filePath) => pool.run({ sha256, filePath, inputs, outputs: io.fetches }));
  const candidate = readCandidateOutputs(io, result.outputs, n);
  return {
    count: n,
    requestIds: events.requestIds.slice(start, end),
    occurredAt: events.occurredAt.subarray(start, end),
    candidateScores: candidate.scores,
    candidateLabels: candidate.labels,
    ...servingSide(io, events, start, end, servingThresholds),
    latencyMs: result.inferenceMs / n,
    slices: sliceFeature ? sliceValues(model, sliceFeature, events, start, end) : null,
  };
}
