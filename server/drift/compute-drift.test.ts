import { describe, expect, it } from 'vitest';
import { decodeNumber, expectClose, loadFixture, type StoredNumber } from '@/server/statistics/fixtures/reference-fixtures';
import type { Feature } from '@/server/registry/feature-schema';
import { computeDrift } from './compute-drift';
import type { FeatureMatrix, ReferenceProfile } from './drift-types';
import { buildReferenceProfile } from './reference-profile';

type StoredStatistic = number | { statistic: number; pValue: number; dof?: number };
interface EngineFixture {
  cases: {
    name: string;
    features: Feature[];
    reference: StoredNumber[][];
    current: StoredNumber[][];
    expected: {
      features: { feature: string; method: string; value: number; threshold: number; drifted: boolean; statistics: Record<string, StoredStatistic>; currentMissing: number }[];
      driftShare: number;
      datasetDrift: boolean;
    };
  }[];
}

const fixture = loadFixture<EngineFixture>('../../statistics/fixtures/drift-engine.json');

function matrixOf(rows: StoredNumber[][], width: number, Type: Float32ArrayConstructor | Float64ArrayConstructor = Float64Array): FeatureMatrix {
  const values = new Type(rows.length * width);
  rows.forEach((row, r) => row.forEach((v, c) => (values[r * width + c] = decodeNumber(v))));
  return { count: rows.length, width, values };
}

describe('computeDrift against SciPy and Evidently’s rules (generated end-to-end fixtures)', () => {
  it.each(fixture.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const width = c.features.length;
    const reference = matrixOf(c.reference, width);
    const current = matrixOf(c.current, width);
    // The profile goes through JSON, as it does when stored with the reference dataset.
    const profile = JSON.parse(JSON.stringify(buildReferenceProfile(c.features, reference))) as ReferenceProfile;
    const result = computeDrift({ features: c.features, profile, reference, current });
    expect(result.features.map((f) => f.feature)).toEqual(c.expected.features.map((f) => f.feature));
    result.features.forEach((actual, i) => {
      const expected = c.expected.features[i]!;
      expect(actual.method, actual.feature).toBe(expected.method);
      expect(actual.threshold).toBe(expected.threshold);
      expect(actual.drifted, actual.feature).toBe(expected.drifted);
      expect(actual.currentMissing).toBe(expected.currentMissing);
      expect(actual.currentRows).toBe(c.current.length);
      expectClose(actual.value, expected.value, `${actual.feature} value`);
      expect(Object.keys(actual.statistics).sort()).toEqual(Object.keys(expected.statistics).sort());
      for (const [key, want] of Object.entries(expected.statistics)) {
        const got = actual.statistics[key];
        if (typeof want === 'number') {
          expectClose(got as number, want, `${actual.feature}.${key}`);
        } else {
          const g = got as { statistic: number; pValue: number; dof?: number };
          expectClose(g.statistic, want.statistic, `${actual.feature}.${key}.statistic`);
          expectClose(g.pValue, want.pValue, `${actual.feature}.${key}.pValue`);
          if (want.dof !== undefined) expect(g.dof).toBe(want.dof);
        }
      }
      expect(actual.histogram.reference.length).toBe(actual.histogram.labels.length);
      expect(actual.histogram.current.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    });
    expect(result.driftShare).toBeCloseTo(c.expected.driftShare, 15);
    expect(result.datasetDrift).toBe(c.expected.datasetDrift);
    expect(result.prediction).toBeNull();
  });

  it('gives the same answer for Float32 matrices holding the same values', () => {
    const c = fixture.cases[0]!;
    const width = c.features.length;
    const asF32 = (rows: StoredNumber[][]) => matrixOf(rows, width, Float32Array);
    const widened = (rows: StoredNumber[][]) => ({ ...asF32(rows), values: Float64Array.from(asF32(rows).values) });
    const f32 = computeDrift({ features: c.features, profile: buildReferenceProfile(c.features, asF32(c.reference)), reference: asF32(c.reference), current: asF32(c.current) });
    const f64 = computeDrift({ features: c.features, profile: buildReferenceProfile(c.features, widened(c.reference)), reference: widened(c.reference), current: widened(c.current) });
    expect(f32).toEqual(f64);
  });
});
