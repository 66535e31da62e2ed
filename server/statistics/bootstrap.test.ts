import { describe, expect, it } from 'vitest';
import { seededRandom } from '@/server/statistics/seeded-random';
import { accuracyDifferenceInterval, binomialSample, pairedOutcomes } from './bootstrap';

// Normal-theory standard error of a paired accuracy difference (what the bootstrap should approach).
function pairedStandardError(onlyA: number, onlyB: number, n: number): number {
  const pa = onlyA / n;
  const pb = onlyB / n;
  return Math.sqrt((pa + pb - (pa - pb) ** 2) / n);
}

describe('paired bootstrap interval for an accuracy difference', () => {
  it('counts paired outcomes from per-row correctness', () => {
    expect(pairedOutcomes([1, 1, 0, 0, 1], [1, 0, 1, 0, 0])).toEqual({ bothRight: 1, onlyA: 2, onlyB: 1, bothWrong: 1 });
  });

  it('is reproducible for a seed and brackets the estimate', () => {
    const outcomes = { bothRight: 700, onlyA: 60, onlyB: 40, bothWrong: 200 };
    const a = accuracyDifferenceInterval(outcomes)!;
    expect(a).toEqual(accuracyDifferenceInterval(outcomes));
    expect(a.estimate).toBeCloseTo(0.02, 12);
    expect(a.lower).toBeLessThan(a.estimate);
    expect(a.upper).toBeGreaterThan(a.estimate);
    expect(a).toMatchObject({ level: 0.95, resamples: 2000, method: 'paired-percentile' });
    expect(accuracyDifferenceInterval(outcomes, { seed: 7 })).not.toEqual(a);
  });

  it.each([
    { n: 1_000, onlyA: 60, onlyB: 40 },
    { n: 50_000, onlyA: 2_500, onlyB: 2_000 },
    { n: 1_000_000, onlyA: 50_000, onlyB: 40_000 },
  ])('has the width normal theory predicts (n=$n)', ({ n, onlyA, onlyB }) => {
    const ci = accuracyDifferenceInterval({ bothRight: n - onlyA - onlyB, onlyA, onlyB, bothWrong: 0 })!;
    const halfWidth = 1.959964 * pairedStandardError(onlyA, onlyB, n);
    expect((ci.upper - ci.lower) / 2).toBeGreaterThan(0.9 * halfWidth);
    expect((ci.upper - ci.lower) / 2).toBeLessThan(1.1 * halfWidth);
    expect(Math.abs((ci.upper + ci.lower) / 2 - ci.estimate)).toBeLessThan(0.15 * halfWidth);
  });

  it('collapses to the estimate when the models never disagree, and is null without rows', () => {
    expect(accuracyDifferenceInterval({ bothRight: 90, onlyA: 0, onlyB: 0, bothWrong: 10 })).toMatchObject({ estimate: 0, lower: 0, upper: 0 });
    expect(accuracyDifferenceInterval({ bothRight: 0, onlyA: 0, onlyB: 0, bothWrong: 0 })).toBeNull();
    expect(() => accuracyDifferenceInterval({ bothRight: 1, onlyA: 0, onlyB: 0, bothWrong: 0 }, { level: 1 })).toThrow(RangeError);
  });

  it('samples binomials with the right distribution (chi-square goodness of fit)', () => {
    const random = seededRandom(11);
    const n = 12;
    const p = 0.3;
    const draws = 200_000;
    const observed = new Array<number>(n + 1).fill(0);
    for (let i = 0; i < draws; i++) observed[binomialSample(random, n, p)]! += 1;
    let choose = 1;
    let statistic = 0;
    for (let k = 0; k <= n; k++) {
      if (k > 0) choose = (choose * (n - k + 1)) / k;
      const expected = draws * choose * p ** k * (1 - p) ** (n - k);
      statistic += (observed[k]! - expected) ** 2 / expected;
    }
    // 12 degrees of freedom: P(χ² > 32.9) = 0.001.
    expect(statistic).toBeLessThan(32.9);
    expect(binomialSample(random, 10, 0)).toBe(0);
    expect(binomialSample(random, 10, 1)).toBe(10);
  });
});
