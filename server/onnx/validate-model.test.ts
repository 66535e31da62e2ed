import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { threadId } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Feature } from '@/server/registry/feature-schema';
import { CREDIT_FEATURES } from '@/demo/samples/credit-data';
import { samplePath } from '@/demo/samples/sample-manifest';
import { linearModel, nanModel, passThroughModel, unknownOperatorModel } from '@/demo/test-onnx-models';
import { validateInWorkerThread, validateOnnxArtifact } from './validate-model';

let dir: string;
const file = async (name: string, bytes: Uint8Array) => {
  const target = path.join(dir, name);
  await writeFile(target, bytes);
  return target;
};
const numeric = (count: number): Feature[] => Array.from({ length: count }, (_, i) => ({ name: `f${i}`, type: 'numeric' }));

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'vigil-validate-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('validateOnnxArtifact', () => {
  it('validates a sample model in a worker thread, with its signature and a synthetic batch of 16 rows', async () => {
    const { result, threadId: ranOn } = await validateInWorkerThread(samplePath('credit-risk-logreg-v2.onnx'), CREDIT_FEATURES);
    expect(ranOn).not.toBeNull();
    expect(ranOn).not.toBe(threadId);
    expect(result).toMatchObject({ status: 'validated', reason: null });
    expect(result.signature?.inputs).toEqual([{ name: 'features', kind: 'tensor', elementType: 'float', shape: ['N', 8] }]);
    expect(result.sampleOutput?.rows).toBe(16);
    const [probability, label] = result.sampleOutput!.outputs;
    expect(probability).toMatchObject({ name: 'probability', dims: [16, 1], finite: true });
    expect(probability!.preview.every((p) => p > 0 && p < 1)).toBe(true);
    expect(label).toMatchObject({ name: 'label', dims: [16, 1], finite: true });
    expect(label!.preview.every((l) => l === 0 || l === 1)).toBe(true);
    expect(result.durationMs).toBeGreaterThan(0);
  });

  it('gives the same outputs for the same seed', async () => {
    const a = await validateOnnxArtifact(samplePath('credit-risk-mlp-v1.onnx'), CREDIT_FEATURES, { seed: 5 });
    const b = await validateOnnxArtifact(samplePath('credit-risk-mlp-v1.onnx'), CREDIT_FEATURES, { seed: 5 });
    expect(a.sampleOutput).toEqual(b.sampleOutput);
  });

  it('keeps the caller’s event loop free while the model loads and runs', async () => {
    let ticks = 0;
    const ticker = setInterval(() => (ticks += 1), 1);
    const result = await validateOnnxArtifact(samplePath('credit-risk-mlp-v1.onnx'), CREDIT_FEATURES);
    clearInterval(ticker);
    expect(result.status).toBe('validated');
    // Thread start-up alone takes tens of milliseconds; a blocked loop would not tick at all.
    expect(ticks).toBeGreaterThan(3);
  });

  it('is invalid, with the mapping problem, when the schema has the wrong feature count', async () => {
    const result = await validateOnnxArtifact(samplePath('credit-risk-logreg-v1.onnx'), CREDIT_FEATURES.slice(0, 7));
    expect(result.status).toBe('invalid');
    expect(result.reason).toBe("the feature schema does not fit the model: input 'features' expects 8 values per row but the schema maps 7 features to it");
    expect(result.signature?.inputs[0]?.name).toBe('features');
    expect(result.sampleOutput).toBeNull();
  });

  it('is invalid, with the parser’s message, for a corrupt or truncated file', async () => {
    const valid = await readFile(samplePath('credit-risk-mlp-v1.onnx'));
    const truncated = await validateOnnxArtifact(await file('truncated.onnx', valid.subarray(0, 1500)), CREDIT_FEATURES);
    expect(truncated).toMatchObject({ status: 'invalid', signature: null, sampleOutput: null });
    expect(truncated.reason).toMatch(/^not an ONNX model: the protobuf could not be decoded/);

    const text = await validateOnnxArtifact(await file('notes.onnx', new TextEncoder().encode('not a model at all\n')), CREDIT_FEATURES);
    expect(text.status).toBe('invalid');
    expect(text.reason).toMatch(/not an ONNX model/);
  });

  it('is invalid, with onnxruntime’s message, for a model onnxruntime cannot load', async () => {
    const result = await validateOnnxArtifact(await file('unknown-op.onnx', unknownOperatorModel()), numeric(2));
    expect(result.status).toBe('invalid');
    expect(result.reason).toMatch(/^onnxruntime could not load the model: .*NoSuchOperator/);
    expect(result.signature).not.toBeNull();
  });

  it('is invalid when the outputs are not finite', async () => {
    const result = await validateOnnxArtifact(await file('nan.onnx', nanModel(1)), numeric(1));
    expect(result.status).toBe('invalid');
    expect(result.reason).toBe("output 'y' contains NaN or infinite values on a synthetic batch");
    expect(result.sampleOutput?.outputs[0]).toMatchObject({ name: 'y', dims: [16, 1], finite: false });
  });

  it('feeds double and string inputs', async () => {
    const double = await validateOnnxArtifact(await file('double.onnx', linearModel(2, { elementType: 'double' })), numeric(2));
    expect(double).toMatchObject({ status: 'validated' });
    const strings = await validateOnnxArtifact(
      await file('strings.onnx', passThroughModel([{ name: 'purpose', type: 'string', shape: ['N', 1] }])),
      [{ name: 'purpose', type: 'categorical', categories: ['car', 'home'] }],
      // The string output is read as the label output: its values are the model's classes.
      { classes: ['car', 'home'] },
    );
    expect(strings).toMatchObject({ status: 'validated', sampleOutput: { rows: 16, outputs: [{ name: 'purpose_out', dims: [16, 1], finite: true, preview: [] }] } });
  });

  it('gives up after the timeout and reports it as invalid', async () => {
    const result = await validateOnnxArtifact(samplePath('credit-risk-logreg-v2.onnx'), CREDIT_FEATURES, { timeoutMs: 1 });
    expect(result).toMatchObject({ status: 'invalid', reason: 'validation timed out after 1 ms', signature: null, sampleOutput: null });
  });

  it('throws for a file that cannot be read', async () => {
    await expect(validateOnnxArtifact(path.join(dir, 'missing.onnx'), CREDIT_FEATURES)).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(validateOnnxArtifact(dir, CREDIT_FEATURES)).rejects.toThrow(/is not a file/);
  });
});
