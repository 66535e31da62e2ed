import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSampleModels, sampleData, trainSampleModels, type TrainedSample } from './build-sample-models';
import { CREDIT_FEATURES, featureRow } from './credit-data';
import { loadSampleManifest, SAMPLE_MODELS_DIR, samplePath } from './sample-manifest';

let trained: TrainedSample[];
const byFile = (file: string) => trained.find((t) => t.file === file)!;
const temporaryDirs: string[] = [];

beforeAll(() => {
  trained = trainSampleModels();
});

afterAll(async () => {
  await Promise.all(temporaryDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function hashesOf(dir: string): Promise<Record<string, string>> {
  const files = (await readdir(dir)).sort();
  const entries = await Promise.all(files.map(async (f) => [f, createHash('sha256').update(await readFile(path.join(dir, f))).digest('hex')] as const));
  return Object.fromEntries(entries);
}

describe('sample model training', () => {
  it('the converged logistic regression reaches AUC > 0.75 on held-out data', () => {
    expect(byFile('credit-risk-logreg-v2.onnx').metrics.auc).toBeGreaterThan(0.75);
    expect(byFile('credit-risk-mlp-v1.onnx').metrics.auc).toBeGreaterThan(0.75);
  });

  it('v1 is the weaker release: lower AUC and clearly worse calibration than v2', () => {
    const v1 = byFile('credit-risk-logreg-v1.onnx').metrics;
    const v2 = byFile('credit-risk-logreg-v2.onnx').metrics;
    expect(v1.auc).toBeLessThan(v2.auc!);
    expect(v1.log_loss).toBeGreaterThan(v2.log_loss! + 0.05);
  });

  it('v1 and v3 learned the legacy bias against applicants under 30; v2, trained on true outcomes, did not', () => {
    const test = sampleData().test;
    // Approval (predicted "repaid") rate of under-30s over that of 30–50-year-olds: the four-fifths rule.
    const impact = (file: string) => {
      const p = byFile(file).predict(test.map(featureRow));
      const approval = (band: string) => {
        const rows = test.map((a, i) => [a, p[i]!] as const).filter(([a]) => a.age_band === band);
        return rows.filter(([, score]) => score < 0.5).length / rows.length;
      };
      return approval('under_30') / approval('30_to_50');
    };
    expect(impact('credit-risk-logreg-v1.onnx')).toBeLessThan(0.8);
    expect(impact('credit-risk-logreg-v3.onnx')).toBeLessThan(impact('credit-risk-logreg-v1.onnx'));
    expect(impact('credit-risk-logreg-v2.onnx')).toBeGreaterThan(0.9);
    // v3's metrics alone would not stop it: better calibrated than v1.
    expect(byFile('credit-risk-logreg-v3.onnx').metrics.log_loss).toBeLessThan(byFile('credit-risk-logreg-v1.onnx').metrics.log_loss!);
  });

  it.each(['credit-risk-logreg-v1.onnx', 'credit-risk-logreg-v2.onnx', 'credit-risk-logreg-v3.onnx', 'credit-risk-mlp-v1.onnx'])(
    '%s runs in onnxruntime and matches the TypeScript model within 1e-5 on 100 rows',
    async (file) => {
      const sample = byFile(file);
      const rows = sampleData().test.slice(0, 100).map(featureRow);
      const output = await runOnnx(sample, rows);
      const probability = output.probability!;
      expect(probability.dims).toEqual([100, 1]);
      const expected = sample.predict(rows);
      const actual = Array.from(probability.data as Float32Array);
      const worst = Math.max(...actual.map((p, i) => Math.abs(p - expected[i]!)));
      expect(worst).toBeLessThan(1e-5);
      const labels = Array.from(output.label!.data as BigInt64Array, Number);
      expect(labels).toEqual(actual.map((p) => (p > 0.5 ? 1 : 0)));
    },
  );

  it('the regression candidate (credit-limit v2) has a clearly lower error than v1', () => {
    const v1 = byFile('credit-limit-linear-v1.onnx').metrics;
    const v2 = byFile('credit-limit-linear-v2.onnx').metrics;
    expect(v2.mae).toBeLessThan(v1.mae! * 0.8);
    expect(v2.r2).toBeGreaterThan(0.8);
  });

  it('the multiclass candidate (risk-grade v2) is clearly more accurate than v1', () => {
    const v1 = byFile('risk-grade-softmax-v1.onnx').metrics;
    const v2 = byFile('risk-grade-softmax-v2.onnx').metrics;
    expect(v2.accuracy).toBeGreaterThan(v1.accuracy! + 0.1);
    expect(v2.log_loss).toBeLessThan(v1.log_loss!);
  });

  it.each(['credit-limit-linear-v1.onnx', 'credit-limit-linear-v2.onnx'])('%s predicts in onnxruntime what the TypeScript model does (relative 1e-5)', async (file) => {
    const sample = byFile(file);
    const rows = sampleData().test.slice(0, 100).map(featureRow);
    const output = await runOnnx(sample, rows);
    expect(Object.keys(output)).toEqual(['prediction']);
    expect(output.prediction!.dims).toEqual([100, 1]);
    const expected = sample.predict(rows);
    const actual = Array.from(output.prediction!.data as Float32Array);
    expect(Math.max(...actual.map((p, i) => Math.abs(p - expected[i]!) / Math.max(1, Math.abs(expected[i]!))))).toBeLessThan(1e-5);
  });

  it.each(['risk-grade-softmax-v1.onnx', 'risk-grade-softmax-v2.onnx'])('%s gives the TypeScript model’s probabilities (1e-5) and their most probable class as label', async (file) => {
    const sample = byFile(file);
    const rows = sampleData().test.slice(0, 100).map(featureRow);
    const output = await runOnnx(sample, rows);
    expect(output.probabilities!.dims).toEqual([100, 4]);
    const expected = sample.predict(rows);
    const actual = Array.from(output.probabilities!.data as Float32Array);
    expect(Math.max(...actual.map((p, i) => Math.abs(p - expected[i]!)))).toBeLessThan(1e-5);
    const labels = Array.from(output.label!.data as BigInt64Array, Number);
    expect(labels).toEqual(rows.map((_, r) => {
      const row = actual.slice(r * 4, r * 4 + 4);
      return row.indexOf(Math.max(...row));
    }));
  });
});

async function runOnnx(sample: TrainedSample, rows: number[][]) {
  const session = await ort.InferenceSession.create(sample.onnx, { intraOpNumThreads: 1, interOpNumThreads: 1 });
  const input = new ort.Tensor('float32', Float32Array.from(rows.flat()), [rows.length, CREDIT_FEATURES.length]);
  try {
    return await session.run({ features: input });
  } finally {
    await session.release();
  }
}

describe('buildSampleModels', () => {
  it('writes byte-for-byte identical files on every run', async () => {
    const first = await mkdtemp(path.join(os.tmpdir(), 'vigil-samples-'));
    const second = await mkdtemp(path.join(os.tmpdir(), 'vigil-samples-'));
    temporaryDirs.push(first, second);
    await buildSampleModels(first);
    await buildSampleModels(second);
    const hashes = await hashesOf(first);
    expect(Object.keys(hashes)).toEqual([
      'credit-limit-linear-v1.onnx',
      'credit-limit-linear-v2.onnx',
      'credit-limit-reference.csv',
      'credit-risk-logreg-v1.onnx',
      'credit-risk-logreg-v2.onnx',
      'credit-risk-logreg-v3.onnx',
      'credit-risk-mlp-v1.onnx',
      'credit-risk-reference.csv',
      'credit-risk-samples.json',
      'risk-grade-reference.csv',
      'risk-grade-softmax-v1.onnx',
      'risk-grade-softmax-v2.onnx',
    ]);
    expect(await hashesOf(second)).toEqual(hashes);
    // The checked-in files are what the generator writes today (re-run `npm run samples` if not).
    expect(await hashesOf(SAMPLE_MODELS_DIR)).toEqual(hashes);
  });

  it('the checked-in manifest loads through its schema and describes the files beside it', async () => {
    const manifest = await loadSampleManifest();
    expect(manifest.models.map((m) => `${m.modelName}@${m.version}`)).toEqual([
      'credit-risk@1', 'credit-risk@2', 'credit-risk@3', 'credit-risk-mlp@1', 'credit-limit@1', 'credit-limit@2', 'risk-grade@1', 'risk-grade@2',
    ]);
    for (const model of manifest.models) {
      const bytes = await readFile(samplePath(model.file));
      expect(model.sizeBytes).toBe(bytes.length);
      expect(model.sizeBytes).toBeLessThan(16 * 1024);
      expect(model.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
      expect(model.featureSchema.map((f) => f.name)).not.toContain('gender');
    }
    const byTask = (task: string) => manifest.models.filter((m) => m.taskType === task);
    for (const model of byTask('binary_classification')) {
      expect(model.protectedAttributes.map((p) => p.name)).toEqual(['gender', 'age_band']);
      expect(model.metrics).toMatchObject({ auc: expect.any(Number), accuracy: expect.any(Number), log_loss: expect.any(Number) });
    }
    for (const model of byTask('regression')) expect(model).toMatchObject({ label: { name: 'credit_limit' }, metrics: { mae: expect.any(Number), rmse: expect.any(Number), r2: expect.any(Number) } });
    for (const model of byTask('multiclass_classification')) expect(model).toMatchObject({ label: { name: 'risk_grade', classes: ['A', 'B', 'C', 'D'] }, metrics: { accuracy: expect.any(Number), macro_f1: expect.any(Number), log_loss: expect.any(Number) } });
    expect(manifest.references.map((r) => r.modelName)).toEqual(['credit-risk', 'credit-limit', 'risk-grade']);
    for (const reference of manifest.references) {
      const csv = await readFile(samplePath(reference.file), 'utf8');
      expect(csv.trimEnd().split('\n')).toHaveLength(reference.rows + 1);
      const label = manifest.models.find((m) => m.modelName === reference.modelName)!.label.name;
      expect(reference.columns).toEqual(expect.arrayContaining([label, ...CREDIT_FEATURES.map((f) => f.name)]));
    }
    expect(manifest.references[0]!.columns).toEqual(expect.arrayContaining(['gender', 'age_band', 'defaulted']));
  });
});
