import { afterAll, describe, expect, it } from 'vitest';
import type { Feature } from '@/server/registry/feature-schema';
import { computeDrift } from './compute-drift';
import { balanceColumns, computeDriftParallel } from './compute-drift-parallel';
import { closeDriftThreads } from './drift-thread-pool';
import type { FeatureMatrix } from './drift-types';
import { buildReferenceProfile } from './reference-profile';

afterAll(() => closeDriftThreads());

const features: Feature[] = [
  ...Array.from({ length: 5 }, (_, i): Feature => ({ name: `n${i}`, type: 'numeric' })),
  { name: 'c0', type: 'categorical', categories: ['a', 'b', 'c'] },
  { name: 'c1', type: 'categorical', categories: ['x', 'y'] },
];

function matrix(rows: number, seed: number, shift: number): FeatureMatrix {
  let s = seed;
  const u = () => (s = (s * 48271) % 2147483647) / 2147483647;
  const width = features.length;
  const values = new Float32Array(rows * width);
  for (let r = 0; r < rows; r++) {
    for (let f = 0; f < 5; f++) values[r * width + f] = u() < 0.01 ? Number.NaN : u() * (f + 1) + (f % 2 ? shift : 0);
    values[r * width + 5] = Math.floor(3 * u() ** (1 + shift));
    values[r * width + 6] = u() < 0.4 + shift / 4 ? 1 : 0;
  }
  return { count: rows, width, values };
}

describe('computeDriftParallel', () => {
  it('returns exactly what computeDrift returns (threads started under vitest)', async () => {
    const reference = matrix(5000, 3, 0);
    const current = matrix(8000, 4, 0.3);
    const referenceScores = Float32Array.from({ length: 5000 }, (_, i) => (i % 97) / 97);
    const currentScores = Float32Array.from({ length: 8000 }, (_, i) => (i % 89) / 89);
    const profile = buildReferenceProfile(features, reference, referenceScores);
    const input = { features, profile, reference, current, referenceScores, currentScores, config: { features: { n0: { method: 'ks' as const } } } };
    const serial = computeDrift(input);
    expect(await computeDriftParallel(input)).toEqual(serial);
    // Second call reuses the pooled threads.
    expect(await computeDriftParallel(input, { threads: 2 })).toEqual(serial);
    expect(serial.features.some((f) => f.drifted)).toBe(true);
  });

  it('runs inline with one thread and rejects bad input before starting threads', async () => {
    const reference = matrix(100, 5, 0);
    const profile = buildReferenceProfile(features, reference);
    expect(await computeDriftParallel({ features, profile, reference, current: reference }, { threads: 1 })).toEqual(computeDrift({ features, profile, reference, current: reference }));
    await expect(computeDriftParallel({ features, profile, reference, current: { count: 1, width: 2, values: new Float32Array(2) } })).rejects.toThrow(/width 2/);
  });
});

describe('balanceColumns', () => {
  it('deals the heaviest columns first to the least loaded thread, keeping schema order inside a group', () => {
    expect(balanceColumns([1, 1, 0.1, 1, 0.1], 2)).toEqual([[0, 3], [1, 2, 4]]);
    expect(balanceColumns([1], 2)).toEqual([[0]]);
  });
});
