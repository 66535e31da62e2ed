import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as ort from 'onnxruntime-node';
import { and, eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { featureRow, generateApplicants, type Applicant } from '@/demo/samples/credit-data';
import { creditTargets, RISK_GRADES, type CreditTargets } from '@/demo/samples/credit-targets';
import { loadSampleManifest, samplePath, type SampleModel } from '@/demo/samples/sample-manifest';
import { modelVersions } from '@/db/schema';
import { artifactStore } from '@/server/artifacts/current-store';
import { systemActor } from '@/server/auth/actor';
import { readOnnxSignature } from '@/server/onnx/onnx-signature';
import { createModel } from '@/server/registry/models-service';
import { recordValidation, registerVersion } from '@/server/registry/versions-service';
import { rawSql } from '@/server/traffic/raw-sql';

// Logged traffic for the shadow tests and benchmark: the sample credit-risk models
// registered as CI would, and synthetic applicants scored by a serving version, written
// straight into inference_events with COPY (not through the HTTP API). Not used by the app.

export interface SampleVersions {
  modelId: string;
  versions: Map<number, { id: string; sha256: string; file: string }>;
}

/**
 * Registers `name` with the sample logistic models v1 and v2 (not the v3 challenger) and,
 * optionally, the MLP (v3); or, with `sample`, every version of another sample model
 * (credit-limit, regression; risk-grade, multiclass) with its task type, label and schema.
 */
export async function registerSampleModel(database: Database, name: string, options: { withMlp?: boolean; sample?: string } = {}): Promise<SampleVersions> {
  const manifest = await loadSampleManifest();
  const family = options.sample ?? 'credit-risk';
  const samples: SampleModel[] = manifest.models.filter((m) => m.modelName === family && (family !== 'credit-risk' || m.version <= 2)).sort((a, b) => a.version - b.version);
  if (samples.length === 0) throw new Error(`no sample model '${family}' in the manifest`);
  if (options.withMlp) samples.push(manifest.models.find((m) => m.algorithm === 'mlp')!);
  const first = samples[0]!;
  const actor = systemActor('test');
  const model = await createModel(database, actor, {
    name,
    description: '',
    taskType: first.taskType,
    tags: [],
    features: first.featureSchema,
    label: first.label,
    protectedAttributes: first.protectedAttributes.map((p) => p.name),
  });
  const versions: SampleVersions['versions'] = new Map();
  for (const sample of samples) {
    await artifactStore().put(createReadStream(samplePath(sample.file)), { expectedSha256: sample.sha256, maxBytes: sample.sizeBytes });
    const { version } = await registerVersion(database, actor, name, { artifactSha256: sample.sha256, description: sample.description, hyperparameters: {}, metrics: sample.metrics });
    versions.set(version.version, { id: version.id, sha256: sample.sha256, file: samplePath(sample.file) });
  }
  return { modelId: model.id, versions };
}

/** Marks a version validated with its real signature (what the validation job would store). */
export async function markValidated(database: Database, version: { id: string; file: string }): Promise<boolean> {
  const signature = readOnnxSignature(await readFile(version.file));
  return recordValidation(database, version.id, { status: 'validated', reason: null, signature, report: { checkedAt: new Date().toISOString(), durationMs: 1, sampleOutput: null } });
}

export interface TrafficOptions {
  count: number;
  seed: number;
  from: Date;
  to: Date;
  /** The serving version: its id goes on the events, its model file scores them. */
  serving: { id: string; file: string };
  /** Share of events that carry ground truth (default 0.8). */
  labelledShare?: number;
  /** Share of events whose predicted label is left out (default 0.1). */
  unlabelledPredictionShare?: number;
  /** Share of rows with a missing income (default 0). */
  missingShare?: number;
  requestPrefix?: string;
  /**
   * Which sample model's traffic (default credit-risk): credit-limit logs the predicted limit
   * as score and the granted limit as label; risk-grade logs the predicted grade as label, no
   * score, and the true grade as label (credit-targets.ts).
   */
  sample?: 'credit-risk' | 'credit-limit' | 'risk-grade';
}

/** What an event logs of the serving model's outputs for row i, and its ground truth, as COPY text fields (\N = null). */
function loggedOutputs(sample: TrafficOptions['sample'], out: ort.InferenceSession.OnnxValueMapType, i: number, applicant: Applicant, targets: CreditTargets | undefined) {
  if (sample === 'credit-limit') return { score: String((out.prediction!.data as Float32Array)[i]), predicted: '\\N', truth: String(targets!.creditLimit) };
  if (sample === 'risk-grade') return { score: '\\N', predicted: RISK_GRADES[Number((out.label!.data as BigInt64Array)[i])]!, truth: targets!.riskGrade };
  const classes = ['repaid', 'defaulted'];
  return { score: String((out.probability!.data as Float32Array)[i]), predicted: classes[Number((out.label!.data as BigInt64Array)[i])]!, truth: classes[applicant.defaulted]! };
}

/**
 * Writes `count` events for the model, spread evenly over [from, to), scored by the serving
 * model in-process (batched). Returns how many were written.
 */
export async function writeSyntheticTraffic(database: Database, modelId: string, options: TrafficOptions): Promise<number> {
  const { count, seed } = options;
  const session = await ort.InferenceSession.create(await readFile(options.serving.file), { intraOpNumThreads: 1 });
  const sql = rawSql(database);
  const span = options.to.getTime() - options.from.getTime();
  for (let day = Math.floor(options.from.getTime() / 86_400_000); day * 86_400_000 < options.to.getTime(); day++) {
    await sql.unsafe('select ensure_inference_partition($1::date)', [new Date(day * 86_400_000).toISOString().slice(0, 10)]);
  }
  const chunk = 100_000;
  for (let start = 0; start < count; start += chunk) {
    const n = Math.min(chunk, count - start);
    const applicants = generateApplicants(n, seed * 1_000_003 + start);
    const features = new Float32Array(n * 8);
    applicants.forEach((a, i) => features.set(featureRow(a), i * 8));
    const out = await session.run({ features: new ort.Tensor('float32', features, [n, 8]) });
    const targets = options.sample && options.sample !== 'credit-risk' ? creditTargets(applicants, seed * 1_000_033 + start) : undefined;
    const lines = new Array<string>(n);
    for (let i = 0; i < n; i++) {
      const k = start + i;
      const a = applicants[i]!;
      // Deterministic per-row draws from the row number: which fields are present.
      const draw = (salt: number) => (((k + 1) * 2654435761 + salt * 40503) % 1000) / 1000;
      const row = Array.from(features.subarray(i * 8, i * 8 + 8), (v) => String(v));
      if (draw(1) < (options.missingShare ?? 0)) row[1] = 'NULL';
      const occurred = new Date(options.from.getTime() + Math.floor((k * span) / count)).toISOString();
      const logged = loggedOutputs(options.sample, out, i, a, targets?.[i]);
      // A logged label is left out now and then only where a score stands in for it.
      const predicted = logged.score !== '\\N' && draw(2) < (options.unlabelledPredictionShare ?? 0.1) ? '\\N' : logged.predicted;
      const truth = draw(3) < (options.labelledShare ?? 0.8) ? logged.truth : '\\N';
      const attributes = JSON.stringify({ gender: a.gender, age_band: a.age_band });
      lines[i] = `${modelId}\t${options.requestPrefix ?? 'req'}-${String(k).padStart(9, '0')}\t${occurred}\t${options.serving.id}\t{${row.join(',')}}\t${attributes}\t${logged.score}\t${predicted}\t${(2 + draw(4) * 8).toFixed(3)}\t${truth}\n`;
    }
    const stream = await sql.unsafe('copy inference_events (model_id, request_id, occurred_at, version_id, features, attributes, score, predicted_label, latency_ms, label) from stdin').writable();
    await pipeline(Readable.from([lines.join('')]), stream);
  }
  await session.release();
  return count;
}

/** A version's id by model and number (for tests). */
export async function versionId(database: Database, modelId: string, version: number): Promise<string> {
  const [row] = await database.select({ id: modelVersions.id }).from(modelVersions).where(and(eq(modelVersions.modelId, modelId), eq(modelVersions.version, version)));
  return row!.id;
}
