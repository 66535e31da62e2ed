import { describe, expect, it } from 'vitest';
import type { OnnxSignature } from '@/server/onnx/onnx-signature';
import { diffHyperparameters, diffMetrics, diffSignatures } from './version-comparison';

const signature = (width: number, extraOutput = false): OnnxSignature => ({
  irVersion: 8,
  opsetImports: [{ domain: '', version: 17 }],
  producerName: 'test',
  producerVersion: '1',
  inputs: [{ name: 'features', kind: 'tensor', elementType: 'float', shape: ['N', width] }],
  outputs: [{ name: 'probability', kind: 'tensor', elementType: 'float', shape: ['N', 1] }, ...(extraOutput ? [{ name: 'label', kind: 'tensor' as const, elementType: 'int64' as const, shape: ['N', 1] }] : [])],
});

describe('version comparison', () => {
  it('diffs metrics by name with absolute and relative change', () => {
    expect(diffMetrics({ auc: 0.8, loss: 0.5 }, { auc: 0.84, f1: 0.6 })).toEqual([
      { name: 'auc', a: 0.8, b: 0.84, delta: expect.closeTo(0.04, 10), relative: expect.closeTo(0.05, 10), direction: 'higher', quality: 'better' },
      { name: 'f1', a: null, b: 0.6, delta: null, relative: null, direction: 'higher', quality: null },
      { name: 'loss', a: 0.5, b: null, delta: null, relative: null, direction: 'lower', quality: null },
    ]);
  });

  it('diffs hyperparameters key by key: changed, added, removed, same; nested values as JSON', () => {
    expect(diffHyperparameters({ C: 1, penalty: 'l2', layers: [16, 8], seed: 7 }, { C: 0.5, penalty: 'l2', layers: [16, 8, 4], solver: 'lbfgs' })).toEqual([
      { key: 'C', change: 'changed', a: '1', b: '0.5' },
      { key: 'layers', change: 'changed', a: '[16,8]', b: '[16,8,4]' },
      { key: 'penalty', change: 'same', a: 'l2', b: 'l2' },
      { key: 'seed', change: 'removed', a: '7', b: null },
      { key: 'solver', change: 'added', a: null, b: 'lbfgs' },
    ]);
    expect(diffHyperparameters({}, { constructor: 1 })).toEqual([{ key: 'constructor', change: 'added', a: null, b: '1' }]);
  });

  it('marks changed shapes and added outputs, and says whether the versions are interchangeable', () => {
    const same = diffSignatures(signature(8), signature(8))!;
    expect(same.compatible).toBe(true);
    const changed = diffSignatures(signature(8), signature(9, true))!;
    expect(changed.compatible).toBe(false);
    expect(changed.inputs).toEqual([expect.objectContaining({ name: 'features', change: 'changed' })]);
    expect(changed.outputs.map((o) => [o.name, o.change])).toEqual([['probability', 'same'], ['label', 'added']]);
    expect(diffSignatures(null, signature(8))).toBeNull();
  });
});
