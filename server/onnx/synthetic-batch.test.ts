import { describe, expect, it } from 'vitest';
import type { Feature } from '@/server/registry/feature-schema';
import type { TensorInfo } from './onnx-signature';
import { syntheticRows, toInputTensors } from './synthetic-batch';

const features: Feature[] = [
  { name: 'age', type: 'numeric', min: 18, max: 75 },
  { name: 'score', type: 'numeric' },
  { name: 'balance', type: 'numeric', min: 0 },
  { name: 'purpose', type: 'categorical', categories: ['car', 'home', 'education'] },
];
const tensor = (name: string, elementType: TensorInfo['elementType'], shape: TensorInfo['shape']): TensorInfo => ({ name, kind: 'tensor', elementType, shape });

describe('syntheticRows', () => {
  it('is determined by the seed', () => {
    expect(syntheticRows(features, 20, 1)).toEqual(syntheticRows(features, 20, 1));
    expect(syntheticRows(features, 20, 1)).not.toEqual(syntheticRows(features, 20, 2));
  });

  it('draws numerics inside [min, max], on the right side of a single bound, and valid category indices', () => {
    const rows = syntheticRows(features, 2000, 3);
    expect(rows).toHaveLength(2000);
    const column = (i: number) => rows.map((r) => r[i]!);
    expect(Math.min(...column(0))).toBeGreaterThanOrEqual(18);
    expect(Math.max(...column(0))).toBeLessThan(75);
    expect(Math.min(...column(2))).toBeGreaterThanOrEqual(0);
    expect(new Set(column(3))).toEqual(new Set([0, 1, 2]));
    // Unbounded numerics are standard normal.
    const scores = column(1);
    const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
    const variance = scores.reduce((a, b) => a + (b - mean) ** 2, 0) / scores.length;
    expect(Math.abs(mean)).toBeLessThan(0.1);
    expect(Math.abs(variance - 1)).toBeLessThan(0.1);
  });
});

describe('toInputTensors', () => {
  const rows = [
    [20, 0.5, 1, 0],
    [30, -1, 2, 2],
  ];

  it('packs the only input as float32 [rows, features] in schema order', () => {
    const tensors = toInputTensors(features, { inputs: [tensor('features', 'float', ['N', 4])] }, rows);
    expect(tensors).toEqual({ features: { type: 'float32', data: Float32Array.from([20, 0.5, 1, 0, 30, -1, 2, 2]), dims: [2, 4] } });
  });

  it('splits features across named inputs, with doubles, 1-D inputs and category strings', () => {
    const named: Feature[] = [
      { ...features[0]!, input: 'numbers' },
      { ...features[1]!, input: 'numbers' },
      { ...features[2]!, input: 'balance' },
      { ...features[3]!, input: 'purpose' },
    ];
    const inputs = [tensor('numbers', 'double', ['N', 2]), tensor('balance', 'float', ['N']), tensor('purpose', 'string', ['N', 1])];
    expect(toInputTensors(named, { inputs }, rows)).toEqual({
      numbers: { type: 'float64', data: Float64Array.from([20, 0.5, 30, -1]), dims: [2, 2] },
      balance: { type: 'float32', data: Float32Array.from([1, 2]), dims: [2] },
      purpose: { type: 'string', data: ['car', 'education'], dims: [2, 1] },
    });
  });

  it('refuses a schema that does not fit the model', () => {
    expect(() => toInputTensors(features, { inputs: [tensor('features', 'float', ['N', 5])] }, rows)).toThrow(/expects 5 values per row/);
  });
});
