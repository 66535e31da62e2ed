import { describe, expect, it } from 'vitest';
import { decodeSample, expectClose, loadFixture, type StoredSample } from './fixtures/reference-fixtures';
import { sortedWithoutNaN } from './sorted-sample';
import { normalizedWassersteinDistance, populationStd, WASSERSTEIN_STD_FLOOR, wassersteinDistance } from './wasserstein';

interface WassersteinFixture {
  cases: { name: string; u: StoredSample; v: StoredSample; distance: number; referenceStd: number; normalized: number }[];
}

const fixture = loadFixture<WassersteinFixture>('wasserstein.json');

describe('wassersteinDistance matches scipy.stats.wasserstein_distance', () => {
  it.each(fixture.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const u = decodeSample(c.u);
    const v = decodeSample(c.v);
    expectClose(wassersteinDistance(u, v), c.distance, 'distance');
    expectClose(populationStd(sortedWithoutNaN(u)), c.referenceStd, 'reference std (ddof=0)');
    expectClose(normalizedWassersteinDistance(u, v), c.normalized, 'normalized');
  });

  it('divides by the 0.001 floor when the reference is constant, as Evidently does', () => {
    expect(normalizedWassersteinDistance([2, 2, 2], [2, 2, 2.0005])).toBeCloseTo(0.0005 / 3 / WASSERSTEIN_STD_FLOOR, 12);
  });

  it('is symmetric and zero for identical samples', () => {
    expect(wassersteinDistance([1, 5, 2], [2, 1, 5])).toBe(0);
    expect(wassersteinDistance([0, 1], [3])).toBe(wassersteinDistance([3], [0, 1]));
  });

  it('gives NaN for an empty sample', () => {
    expect(wassersteinDistance([], [1])).toBeNaN();
    expect(wassersteinDistance([Number.NaN], [1])).toBeNaN();
  });
});
