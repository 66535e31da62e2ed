import { describe, expect, it } from 'vitest';
import type { Feature } from '@/server/registry/feature-schema';
import { ksTwoSample } from '@/server/statistics/ks-test';
import { computeDrift } from './compute-drift';
import type { FeatureMatrix } from './drift-types';
import { buildReferenceProfile } from './reference-profile';

// Behaviour of the engine a user configures and reads: overrides, missing data, predictions.

const features: Feature[] = [
  { name: 'amount', type: 'numeric' },
  { name: 'channel', type: 'categorical', categories: ['web', 'app', 'store'] },
];

function rng(seed: number) {
  let s = seed;
  return () => {
    s = (s * 48271) % 2147483647;
    return s / 2147483647;
  };
}

function matrix(rows: number, seed: number, shift: number, channelSkew = 1): FeatureMatrix {
  const u = rng(seed);
  const values = new Float64Array(rows * 2);
  for (let r = 0; r < rows; r++) {
    values[2 * r] = u() + u() + u() + shift;
    values[2 * r + 1] = Math.min(2, Math.floor(3 * u() ** channelSkew));
  }
  return { count: rows, width: 2, values };
}

const reference = matrix(600, 1, 0);
const current = matrix(900, 2, 0.4, 0.6);
const profile = buildReferenceProfile(features, reference);

describe('computeDrift configuration', () => {
  it('uses Evidently’s defaults without configuration', () => {
    const result = computeDrift({ features, profile, reference, current });
    expect(result.features.map((f) => [f.method, f.threshold, f.drifted])).toEqual([
      ['ks', 0.05, true],
      ['chi_square', 0.05, true],
    ]);
    expect(result.driftShare).toBe(1);
    expect(result.datasetDrift).toBe(true);
  });

  it('applies per-feature and per-type overrides, with the method’s own default threshold', () => {
    const result = computeDrift({
      features,
      profile,
      reference,
      current,
      config: { numericMethod: 'psi', features: { channel: { method: 'jensen_shannon', threshold: 0.5 } } },
    });
    const [amount, channel] = result.features;
    expect(amount).toMatchObject({ method: 'psi', threshold: 0.1, value: amount!.statistics.psi });
    expect(channel).toMatchObject({ method: 'jensen_shannon', threshold: 0.5, drifted: false, value: channel!.statistics.jensenShannon });
    expect(result.driftShare).toBe(0.5);
  });

  it('lets the dataset-level share be raised', () => {
    const result = computeDrift({ features, profile, reference, current, config: { datasetDriftShare: 1, features: { channel: { threshold: 1e-300 } } } });
    expect(result.driftShare).toBe(0.5);
    expect(result.datasetDrift).toBe(false);
  });

  it('refuses a configuration that cannot apply, before computing anything', () => {
    expect(() => computeDrift({ features, profile, reference, current, config: { categoricalMethod: 'ks' } })).toThrow(/invalid drift configuration/);
  });

  it('refuses matrices that do not fit the schema', () => {
    expect(() => computeDrift({ features, profile, reference: { count: 1, width: 3, values: new Float64Array(3) }, current })).toThrow(/width 3/);
  });
});

describe('computeDrift with missing data', () => {
  it('reports a feature without current values as not judged rather than drifted', () => {
    const empty: FeatureMatrix = { count: 3, width: 2, values: Float64Array.of(Number.NaN, Number.NaN, Infinity, Number.NaN, Number.NaN, Number.NaN) };
    const result = computeDrift({ features, profile, reference, current: empty });
    expect(result.features[0]).toMatchObject({ drifted: false, value: 1, currentRows: 3, currentMissing: 3, note: 'no current values' });
    expect(result.features[1]).toMatchObject({ drifted: false, currentMissing: 3, note: 'no current values' });
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  });

  it('gives unseen categories their own bucket', () => {
    const withUnseen = matrix(900, 2, 0);
    for (let r = 0; r < 100; r++) withUnseen.values[2 * r + 1] = -1;
    const channel = computeDrift({ features, profile, reference, current: withUnseen }).features[1]!;
    expect(channel.histogram.labels).toEqual(['web', 'app', 'store', '(unseen)']);
    expect(channel.histogram.current[3]).toBeCloseTo(100 / 900, 12);
    expect(channel.histogram.reference[3]).toBe(0);
    expect(channel.drifted).toBe(true);
  });

  it('rebuilds the profile of a feature the stored profile lacks', () => {
    const partial = { ...profile, features: profile.features.filter((f) => f.name !== 'amount') };
    const full = computeDrift({ features, profile, reference, current });
    expect(computeDrift({ features, profile: partial, reference, current })).toEqual(full);
  });
});

describe('prediction drift', () => {
  const referenceScores = Float32Array.from({ length: 600 }, (_, i) => (i % 100) / 100);
  const currentScores = Float32Array.from({ length: 900 }, (_, i) => Math.min(0.99, (i % 100) / 100 + 0.1));

  it('compares the score distributions like a numerical feature when reference scores are given', () => {
    const withScores = buildReferenceProfile(features, reference, referenceScores);
    const result = computeDrift({ features, profile: withScores, reference, current, referenceScores, currentScores });
    const ks = ksTwoSample(referenceScores, currentScores);
    expect(result.prediction).toMatchObject({ feature: 'prediction', method: 'ks', value: ks.pValue, drifted: true });
    expect(result.driftShare).toBe(1);
  });

  it('falls back to the profile’s frozen score bins without reference scores', () => {
    const withScores = buildReferenceProfile(features, reference, referenceScores);
    const prediction = computeDrift({ features, profile: withScores, reference, current, currentScores }).prediction!;
    expect(prediction.method).toBe('chi_square');
    expect(prediction.statistics.ks).toBeUndefined();
    expect(prediction.note).toMatch(/frozen score bins/);
    expect(prediction.drifted).toBe(true);
  });

  it('is null without scores', () => {
    expect(computeDrift({ features, profile, reference, current }).prediction).toBeNull();
    expect(computeDrift({ features, profile, reference, current, currentScores }).prediction).toBeNull();
  });
});
