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
      const session = await ort.InferenceSession.create(sample.onnx, { intraOpNumThreads: 1, interOpNumThreads: 1 });
      const input = new ort.Tensor('float32', Float32Array.from(rows.flat()), [rows.length, CREDIT_FEATURES.length]);
      const output = await session.run({ features: input });
      await session.release();

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
});

describe('buildSampleModels', () => {
  it('writes byte-for-byte identical files on every run', async () => {
    const first = await mkdtemp(path.join(os.tmpdir(), 'vigil-samples-'));
    const second = await mkdtemp(path.join(os.tmpdir(), 'vigil-samples-'));
    temporaryDirs.push(first, second);
    await buildSampleModels(first);
    await buildSampleModels(second);
    const hashes = await hashesOf(first);
    expect(Object.keys(hashes)).toEqual([
      'credit-risk-logreg-v1.onnx',
      'credit-risk-logreg-v2.onnx',
      'credit-risk-logreg-v3.onnx',
      'credit-risk-mlp-v1.onnx',
      'credit-risk-reference.csv',
      'credit-risk-samples.json',
    ]);
    expect(await hashesOf(second)).toEqual(hashes);
    // The checked-in files are what the generator writes today (re-run `npm run samples` if not).
    expect(await hashesOf(SAMPLE_MODELS_DIR)).toEqual(hashes);
  });

  it('the checked-in manifest loads through its schema and describes the files beside it', async () => {
    const manifest = await loadSampleManifest();
    expect(manifest.models.map((m) => `${m.modelName}@${m.version}`)).toEqual(['credit-risk@1', 'credit-risk@2', 'credit-risk@3', 'credit-risk-mlp@1']);
    for (const model of manifest.models) {
      const bytes = await readFile(samplePath(model.file));
      expect(model.sizeBytes).toBe(bytes.length);
      expect(model.sizeBytes).toBeLessThan(16 * 1024);
      expect(model.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
      expect(model.featureSchema.map((f) => f.name)).not.toContain('gender');
      expect(model.protectedAttributes.map((p) => p.name)).toEqual(['gender', 'age_band']);
      expect(model.metrics).toMatchObject({ auc: expect.any(Number), accuracy: expect.any(Number), log_loss: expect.any(Number) });
    }
    const csv = await readFile(samplePath(manifest.reference.file), 'utf8');
    expect(csv.trimEnd().split('\n')).toHaveLength(manifest.reference.rows + 1);
    expect(manifest.reference.columns).toEqual(expect.arrayContaining(['gender', 'age_band', 'defaulted']));
  });
});
