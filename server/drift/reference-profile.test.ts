import { describe, expect, it } from 'vitest';
import type { Feature } from '@/server/registry/feature-schema';
import { buildReferenceProfile } from './reference-profile';

describe('buildReferenceProfile', () => {
  const features: Feature[] = [
    { name: 'x', type: 'numeric' },
    { name: 'empty', type: 'numeric' },
    { name: 'c', type: 'categorical', categories: ['a', 'b'] },
  ];
  // Rows: x, empty, c
  const values = Float64Array.from([1, Number.NaN, 0, 2, Number.NaN, 1, 2, Number.NaN, -1, 5, Number.NaN, Number.NaN, Infinity, Number.NaN, 7]);
  const profile = buildReferenceProfile(features, { count: 5, width: 3, values }, Float32Array.of(0.1, 0.9, Number.NaN, 0.4, 0.6), 4);

  it('summarizes numerical columns with frozen bins, missing values apart', () => {
    expect(profile.rows).toBe(5);
    expect(profile.binCount).toBe(4);
    expect(profile.features[0]).toEqual({ name: 'x', type: 'numeric', binEdges: [1, 2, 5, 5], binCounts: [1, 2, 1], mean: 2.5, std: Math.sqrt(2.25), min: 1, max: 5, uniqueCount: 3, missing: 1 });
  });

  it('keeps a column without values JSON-safe (no NaN)', () => {
    expect(profile.features[1]).toEqual({ name: 'empty', type: 'numeric', binEdges: [], binCounts: [], mean: 0, std: 0, min: 0, max: 0, uniqueCount: 0, missing: 5 });
    expect(JSON.parse(JSON.stringify(profile))).toEqual(profile);
  });

  it('counts categories, unseen indices and missing values', () => {
    expect(profile.features[2]).toEqual({ name: 'c', type: 'categorical', categories: ['a', 'b'], counts: [1, 1], unseen: 2, missing: 1 });
  });

  it('profiles the prediction scores when given', () => {
    expect(profile.prediction).toMatchObject({ name: 'prediction', type: 'numeric', missing: 1, uniqueCount: 4 });
    expect(buildReferenceProfile(features, { count: 5, width: 3, values }).prediction).toBeNull();
  });
});
