import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { threadId } from 'node:worker_threads';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { samplePath } from '@/demo/samples/sample-manifest';
import { InferencePool } from './inference-pool';
import { linearModel } from '@/demo/test-onnx-models';

const LOGREG = samplePath('credit-risk-logreg-v2.onnx');
const pool = new InferencePool({ threads: 1, maxSessions: 2 });
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'vigil-pool-'));
});
afterAll(async () => {
  await pool.close();
  await rm(dir, { recursive: true, force: true });
});

function rows(n: number, width: number, seed = 1): Float32Array {
  const data = new Float32Array(n * width);
  for (let i = 0; i < data.length; i++) data[i] = ((i * 7919 + seed * 104729) % 1000) / 100;
  return data;
}

describe('inference pool', () => {
  it('runs a chunk in a worker thread with the session cached by digest, and matches in-thread onnxruntime', async () => {
    const features = rows(10_000, 8);
    const expected = await (await ort.InferenceSession.create(readFileSync(LOGREG))).run({ features: new ort.Tensor('float32', features.slice(), [10_000, 8]) });
    const first = await pool.run({ sha256: 'logreg-v2', filePath: LOGREG, inputs: { features: { type: 'float32', data: features.slice(), dims: [10_000, 8] } } });
    expect(first.loadedSession).toBe(true);
    expect(first.threadId).not.toBe(threadId);
    expect(first.outputs.probability!.dims).toEqual([10_000, 1]);
    expect(first.outputs.probability!.data).toEqual((expected.probability as ort.Tensor).data);
    expect(first.outputs.label).toMatchObject({ type: 'int64', dims: [10_000, 1] });
    const second = await pool.run({ sha256: 'logreg-v2', filePath: '/nonexistent', inputs: { features: { type: 'float32', data: features.slice(), dims: [10_000, 8] } }, outputs: ['probability'] });
    expect(second.loadedSession).toBe(false);
    expect(Object.keys(second.outputs)).toEqual(['probability']);
    expect(second.inferenceMs).toBeGreaterThan(0);
  });

  it('transfers an owned input buffer but copies a view, so the caller’s batch stays intact', async () => {
    const batch = rows(100, 8);
    const view = batch.subarray(8 * 10, 8 * 20);
    await pool.run({ sha256: 'logreg-v2', filePath: LOGREG, inputs: { features: { type: 'float32', data: view, dims: [10, 8] } } });
    expect(batch.length).toBe(800);
    const owned = rows(5, 8);
    await pool.run({ sha256: 'logreg-v2', filePath: LOGREG, inputs: { features: { type: 'float32', data: owned, dims: [5, 8] } } });
    expect(owned.length).toBe(0);
  });

  it('evicts the least recently used session and reports model errors without killing the thread', async () => {
    const file = path.join(dir, 'linear3.onnx');
    await writeFile(file, linearModel(3));
    const before = pool.threadIds;
    const bad = pool.run({ sha256: 'linear3', filePath: file, inputs: { x: { type: 'float32', data: new Float32Array(8), dims: [2, 4] } } });
    await expect(bad).rejects.toThrow();
    const good = await pool.run({ sha256: 'linear3', filePath: file, inputs: { x: { type: 'float32', data: new Float32Array(6), dims: [2, 3] } } });
    expect(good.outputs.y!.dims).toEqual([2, 1]);
    await expect(pool.run({ sha256: 'missing', filePath: path.join(dir, 'nope.onnx'), inputs: {} })).rejects.toThrow();
    expect(pool.threadIds).toEqual(before);
    // Two sessions per thread: linear3 and logreg-v2 are cached; linear4 pushes out logreg-v2, used longest ago.
    const file4 = path.join(dir, 'linear4.onnx');
    await writeFile(file4, linearModel(4));
    const x4 = () => ({ x: { type: 'float32' as const, data: new Float32Array(4), dims: [1, 4] } });
    expect((await pool.run({ sha256: 'linear4', filePath: file4, inputs: x4() })).loadedSession).toBe(true);
    expect((await pool.run({ sha256: 'linear3', filePath: file, inputs: { x: { type: 'float32', data: new Float32Array(3), dims: [1, 3] } } })).loadedSession).toBe(false);
    const again = await pool.run({ sha256: 'logreg-v2', filePath: LOGREG, inputs: { features: { type: 'float32', data: rows(1, 8), dims: [1, 8] } } });
    expect(again.loadedSession).toBe(true);
  });

  it('keeps the caller’s event loop free during a large chunk', async () => {
    let ticks = 0;
    const ticker = setInterval(() => (ticks += 1), 1);
    const n = 65_536;
    for (let i = 0; i < 4; i++) await pool.run({ sha256: 'logreg-v2', filePath: LOGREG, inputs: { features: { type: 'float32', data: rows(n, 8, i), dims: [n, 8] } } });
    clearInterval(ticker);
    expect(ticks).toBeGreaterThan(0);
  });

  it('refuses work once closed', async () => {
    const closed = new InferencePool();
    await closed.close();
    await expect(closed.run({ sha256: 'x', filePath: LOGREG, inputs: {} })).rejects.toThrow(/closed/);
  });
});
