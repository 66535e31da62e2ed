// Shadow replay benchmark: 1,000,000 logged events of the sample credit-risk model (served
// by v1) replayed through v2, in-process and sequentially — plan, every batch, finalize —
// exactly the task functions the workers run. Printed beside the limit measured in the same
// run: a raw read of the same rows (readEvents over the same batches) plus raw batched
// onnxruntime inference of them in this thread (same chunk size, same session options).
// Never one inference call per event. Uses a fresh database on TEST_DATABASE_URL's (or
// DATABASE_URL's) server, else an embedded PostgreSQL, and drops it at the end.
// BENCH_TASK picks the task type: binary (credit-risk, the default), regression
// (credit-limit: finalize adds the bootstrap and Wilcoxon over every labelled event) or
// multiclass (risk-grade).
// Run: npm run bench:shadow   (BENCH_EVENTS=200000 for a quicker run; BENCH_TASK=regression)
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import * as ort from 'onnxruntime-node';
import { eq, sql } from 'drizzle-orm';
import { closeDatabase, createDatabase, type Database } from '@/db/client';
import { dropDatabase, ensureDatabase } from '@/db/databases';
import { scratchServer } from '@/db/scratch-server';
import { prepareDatabase } from '@/server/jobs/prepare-database';
import { shadowBatches, shadowRuns } from '@/db/schema';
import { systemActor } from '@/server/auth/actor';
import { closeInferencePool, inferencePool } from '@/server/onnx/inference-pool';
import { shadowBatchTask, shadowChunkRows } from '@/workers/tasks/shadow-batch';
import { shadowFinalizeTask } from '@/workers/tasks/shadow-finalize';
import { shadowBatchSize, shadowPlanTask } from '@/workers/tasks/shadow-plan';
import { countStoredResults } from '@/server/shadow/shadow-results-store';
import { startShadowRun } from '@/server/shadow/shadow-service';
import type { ShadowSummary } from '@/server/shadow/shadow-summary';
import { markValidated, registerSampleModel, writeSyntheticTraffic } from '@/demo/synthetic-traffic';
import { keysetBoundaries, readEvents } from '@/server/traffic/event-reader';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const TASKS = { binary: 'credit-risk', regression: 'credit-limit', multiclass: 'risk-grade' } as const;
const TASK = (process.env.BENCH_TASK ?? 'binary') as keyof typeof TASKS;
if (!(TASK in TASKS)) throw new Error(`BENCH_TASK must be one of ${Object.keys(TASKS).join(', ')}`);
const SAMPLE = TASKS[TASK];
const BATCH = shadowBatchSize();
const CHUNK = shadowChunkRows();
const HOUR = 3600_000;

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const rate = (n: number, ms: number) => `${Math.round(n / (ms / 1000)).toLocaleString('en-US')} events/s`;


/** The limit: read the same rows in the same batches, then infer them in this thread in the same chunks. */
async function measureLimit(database: Database, modelId: string, window: { from: Date; to: Date }, modelFile: string) {
  const bounds = await keysetBoundaries(database, modelId, window, BATCH);
  const started = performance.now();
  const batches = [];
  for (let k = 0; k < bounds.length; k++) batches.push(await readEvents(database, modelId, { ...window, ...(k > 0 ? { after: bounds[k - 1] } : {}), through: bounds[k] }));
  const readMs = performance.now() - started;
  const session = await ort.InferenceSession.create(await readFile(modelFile), { intraOpNumThreads: 1, interOpNumThreads: 1, graphOptimizationLevel: 'all', executionMode: 'sequential' });
  let rows = 0;
  let checksum = 0;
  const inferStarted = performance.now();
  for (const batch of batches) {
    for (let start = 0; start < batch.count; start += CHUNK) {
      const n = Math.min(CHUNK, batch.count - start);
      const out = await session.run({ features: new ort.Tensor('float32', batch.features.slice(start * batch.width, (start + n) * batch.width), [n, batch.width]) });
      checksum += Number((out[session.outputNames[0]!]!.data as Float32Array)[0]);
      rows += n;
    }
  }
  const inferMs = performance.now() - inferStarted;
  await session.release();
  return { rows, readMs, inferMs, totalMs: readMs + inferMs, checksum };
}

async function main() {
  const server = await scratchServer('bench');
  const { adminUrl, embedded } = server;
  const name = `vigil_bench_shadow_${process.pid}`;
  const artifacts = await mkdtemp(path.join(os.tmpdir(), 'vigil-bench-artifacts-'));
  process.env.VIGIL_ARTIFACT_DIR = artifacts;
  const url = await ensureDatabase(adminUrl, name);
  const database = createDatabase(url, { max: 6 });
  try {
    await prepareDatabase(url);
    const [{ version: pgVersion }] = (await database.execute<{ version: string }>(sql`select current_setting('server_version') as version`)) as unknown as [{ version: string }];
    const cpus = os.cpus();
    console.log(`machine: ${cpus[0]?.model ?? 'unknown CPU'} × ${cpus.length}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}, PostgreSQL ${pgVersion}${embedded ? ' (embedded)' : ''}, onnxruntime-node ${ort.env.versions.node ?? ''}`);
    console.log(`task: ${TASK} (${SAMPLE}), events: ${EVENTS.toLocaleString('en-US')}, batch size ${BATCH.toLocaleString('en-US')} (VIGIL_SHADOW_BATCH_SIZE), chunk ${CHUNK.toLocaleString('en-US')} rows (VIGIL_SHADOW_CHUNK_ROWS)\n`);

    const sample = await registerSampleModel(database, SAMPLE, { sample: SAMPLE });
    const v1 = sample.versions.get(1)!;
    const v2 = sample.versions.get(2)!;
    await markValidated(database, v1);
    await markValidated(database, v2);
    const now = Date.now();
    const window = { from: new Date(now - 72 * HOUR), to: new Date(now - 60_000) };
    let t = performance.now();
    await writeSyntheticTraffic(database, sample.modelId, { count: EVENTS, seed: 42, ...window, serving: v1, sample: SAMPLE });
    await database.execute(sql`analyze inference_events`);
    console.log(`setup: ${EVENTS.toLocaleString('en-US')} events written with COPY in ${seconds(performance.now() - t)}`);

    const before = await measureLimit(database, sample.modelId, window, v2.file);

    // A running worker has its inference thread up and the candidate loaded after its first
    // chunk; so does the limit, whose session is created outside its timing. Warm both up.
    const warm = await inferencePool().run({ sha256: v2.sha256, filePath: v2.file, inputs: { features: { type: 'float32', data: new Float32Array(8), dims: [1, 8] } } });
    if (Object.keys(warm.outputs).length === 0) throw new Error('the candidate gave no output');

    // The shadow run, every step in this process, one after the other.
    const run = await startShadowRun(database, systemActor('bench'), { model: SAMPLE, candidateVersion: 2, window });
    const runStarted = performance.now();
    await shadowPlanTask(database, { runId: run.id });
    const planMs = performance.now() - runStarted;
    const [planned] = await database.select().from(shadowRuns).where(eq(shadowRuns.id, run.id));
    t = performance.now();
    for (let b = 0; b < planned!.batchCount!; b++) {
      const outcome = await shadowBatchTask(database, { runId: run.id, batchNo: b });
      if (outcome !== 'done') throw new Error(`batch ${b}: ${outcome}`);
    }
    const batchesMs = performance.now() - t;
    t = performance.now();
    if (!(await shadowFinalizeTask(database, { runId: run.id }))) throw new Error('finalize did not complete the run');
    const finalizeMs = performance.now() - t;
    const shadowMs = performance.now() - runStarted;

    const after = await measureLimit(database, sample.modelId, window, v2.file);
    const limit = before.totalMs <= after.totalMs ? before : after;

    const [done] = await database.select().from(shadowRuns).where(eq(shadowRuns.id, run.id));
    const summary = done!.summary as unknown as ShadowSummary;
    const { events: stored } = await countStoredResults(database, run.id);
    const durations = (await database.select({ ms: shadowBatches.durationMs }).from(shadowBatches).where(eq(shadowBatches.runId, run.id))).map((r) => r.ms ?? 0);
    if (stored !== EVENTS || done!.processedEvents !== EVENTS || limit.rows !== EVENTS) throw new Error(`row counts differ: stored ${stored}, processed ${done!.processedEvents}, limit ${limit.rows}`);

    console.log('\nlimit (same rows, measured before and after the run; the faster is used):');
    for (const [label, m] of [['before', before], ['after', after]] as const) {
      console.log(`  ${label.padEnd(6)} read ${seconds(m.readMs)} + inference ${seconds(m.inferMs)} = ${seconds(m.totalMs)}  (${rate(EVENTS, m.totalMs)})`);
    }
    console.log('\nshadow run (plan + batches + finalize):');
    console.log(`  plan ${seconds(planMs)}, ${planned!.batchCount} batches ${seconds(batchesMs)} (slowest ${seconds(Math.max(...durations))}), finalize ${seconds(finalizeMs)}`);
    console.log(`  total ${seconds(shadowMs)}  (${rate(EVENTS, shadowMs)}), inference inside: ${seconds(summary.latency.inferenceMsTotal)}`);
    const r = summary.regression;
    if (r) console.log(`  MAE ${r.candidate.mae?.toFixed(3)} vs ${r.serving.mae?.toFixed(3)}, difference ${r.maeDifference?.estimate.toFixed(3)} (95 % CI ${r.maeDifference?.lower.toFixed(3)} to ${r.maeDifference?.upper.toFixed(3)}, ${r.maeDifference?.method}), Wilcoxon p = ${r.wilcoxon?.pValue.toPrecision(3)} on ${r.rows.toLocaleString('en-US')} labelled events`);
    else console.log(`  agreement ${(summary.agreement.rate! * 100).toFixed(2)} %, accuracy difference ${summary.labelled ? (summary.labelled.accuracyDifference.estimate * 100).toFixed(2) : '—'} pp on ${summary.labelled?.rows.toLocaleString('en-US') ?? 0} labelled events`);
    const ratio = limit.totalMs / shadowMs;
    console.log(`\nshadow throughput / limit = ${(ratio * 100).toFixed(1)} % (target ≥ 50 %) ${ratio >= 0.5 ? 'OK' : 'BELOW TARGET'}`);
  } finally {
    await closeInferencePool();
    await closeDatabase(database);
    await dropDatabase(adminUrl, name);
    await rm(artifacts, { recursive: true, force: true });
    await server.stop();
  }
}

await main();
