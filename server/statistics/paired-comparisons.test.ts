import { describe, expect, it } from 'vitest';
import { compareClassifiers } from './classifier-comparison';
import { expectClose, taskFixtures } from './fixtures/task-metrics-fixtures';
import { mcnemar } from './mcnemar';
import { meanDifferenceInterval } from './mean-difference-bootstrap';
import { compareRegressors } from './regression-comparison';
import { seededRandom } from './seeded-random';

describe('paired bootstrap interval of a mean difference', () => {
  const large = taskFixtures.paired.find((c) => c.name.startsWith('n=2000'))!;
  const differences = large.actual.map((y, i) => Math.abs(y - large.a[i]!) - Math.abs(y - large.b[i]!));

  it('centres on MAE(A) − MAE(B) as scikit-learn computes them, seeded and reproducible', () => {
    const interval = meanDifferenceInterval(differences)!;
    expectClose(interval.estimate, large.maeA - large.maeB);
    expectClose(interval.estimate, large.meanDifference);
    expect(interval).toMatchObject({ resamples: 2000, seed: 20240601, level: 0.95, method: 'paired-percentile', resampleRows: 2000 });
    expect(meanDifferenceInterval(differences)).toEqual(interval);
    expect(meanDifferenceInterval(differences, { seed: 7 })!.lower).not.toBe(interval.lower);
  });

  it('has the width normal theory gives a mean of 2000 rows, also when resampling fewer rows rescaled', () => {
    const mean = differences.reduce((s, d) => s + d, 0) / differences.length;
    const sd = Math.sqrt(differences.reduce((s, d) => s + (d - mean) ** 2, 0) / differences.length);
    const theory = 2 * 1.959964 * (sd / Math.sqrt(differences.length));
    const full = meanDifferenceInterval(differences)!;
    expect((full.upper - full.lower) / theory).toBeGreaterThan(0.93);
    expect((full.upper - full.lower) / theory).toBeLessThan(1.07);
    const sub = meanDifferenceInterval(differences, { maxResampleRows: 400 })!;
    expect(sub).toMatchObject({ method: 'paired-percentile-m-out-of-n', resampleRows: 400 });
    expect((sub.upper - sub.lower) / theory).toBeGreaterThan(0.9);
    expect((sub.upper - sub.lower) / theory).toBeLessThan(1.1);
  });

  it('draws the same rows as one int() call per draw would', () => {
    const one = seededRandom(5);
    const many = seededRandom(5);
    const drawn = new Uint32Array(1000);
    many.fillInts(drawn, 777);
    expect(Array.from(drawn)).toEqual(Array.from({ length: 1000 }, () => one.int(777)));
    // The stream goes on where the fill left it.
    expect(many.next()).toBe(one.next());
  });

  it('above 10,000 rows resamples 10,000 rescaled, with the full bootstrap’s interval to within its Monte Carlo error', () => {
    // 40,000 skewed differences (exponential − 1, skewness 2): the worst case for the m-out-of-n rule.
    const random = seededRandom(23);
    const skewed = Array.from({ length: 40_000 }, () => -Math.log(1 - random.next()) - 1);
    const bounded = meanDifferenceInterval(skewed)!;
    const full = meanDifferenceInterval(skewed, { maxResampleRows: 40_000 })!;
    expect(bounded).toMatchObject({ method: 'paired-percentile-m-out-of-n', resampleRows: 10_000 });
    expect(full).toMatchObject({ method: 'paired-percentile', resampleRows: 40_000 });
    const standardError = 1 / Math.sqrt(skewed.length);
    // Cornish–Fisher puts the skewness effect at 2·(1.96² − 1)/(6·√10⁴) ≈ 0.01 SE; each run's 2.5 % and 97.5 %
    // percentiles of 2,000 resamples carry ≈ 0.06 SE of Monte Carlo error, so two runs differ by ≈ 0.085 SE (sd).
    expect(Math.abs(bounded.lower - full.lower) / standardError).toBeLessThan(0.3);
    expect(Math.abs(bounded.upper - full.upper) / standardError).toBeLessThan(0.3);
    expect(bounded.estimate).toBe(full.estimate);
  });

  it('covers the true mean about 95 % of the time', () => {
    const random = seededRandom(11);
    let covered = 0;
    const trials = 300;
    for (let t = 0; t < trials; t++) {
      // Skewed differences (exponential − 1 + 0.3): true mean 0.3.
      const sample = Array.from({ length: 80 }, () => -Math.log(1 - random.next()) - 1 + 0.3);
      const interval = meanDifferenceInterval(sample, { resamples: 1000, seed: t + 1 })!;
      if (interval.lower <= 0.3 && 0.3 <= interval.upper) covered++;
    }
    // Binomial(300, 0.95) lies in [0.91, 0.98] with probability > 0.999; the percentile bootstrap undercovers slightly at n = 80.
    expect(covered / trials).toBeGreaterThan(0.89);
    expect(covered / trials).toBeLessThan(0.99);
  });

  it('refuses bad options and has no interval without rows', () => {
    expect(meanDifferenceInterval([])).toBeNull();
    expect(() => meanDifferenceInterval([1], { level: 1 })).toThrow(RangeError);
    expect(() => meanDifferenceInterval([Number.NaN])).toThrow(/finite/);
  });
});

describe('comparing two regression models on the same rows', () => {
  it.each(taskFixtures.paired)('$name', (c) => {
    const result = compareRegressors(c.actual, c.a, c.b, { resamples: 200 });
    expectClose(result.maeA, c.maeA);
    expectClose(result.maeB, c.maeB);
    expectClose(result.maeDifference!.estimate, c.meanDifference);
    expect(result.aCloser + result.bCloser).toBe(c.nonZero);
    if (c.wilcoxon) expectClose(result.wilcoxon!.pValue, c.wilcoxon.pValue);
    else expect(result.wilcoxon).toBeNull();
  });
});

describe('comparing two classifiers (any number of classes) on the same rows', () => {
  it('counts agreement, paired outcomes, and tests the accuracy difference with McNemar', () => {
    const actual = [0, 1, 2, 2, 1, 0, 2, 1];
    const a = [0, 1, 2, 1, 1, 0, 0, 1]; // right on 0,1,2,4,5,7
    const b = [0, 2, 2, 2, 1, 1, 0, 0]; // right on 0,2,3,4
    const result = compareClassifiers(actual, a, b);
    expect(result.agreed).toBe(4);
    expect(result.agreementRate).toBe(0.5);
    expect(result.outcomes).toEqual({ bothRight: 3, onlyA: 3, onlyB: 1, bothWrong: 1 });
    expect(result.accuracyA).toBe(6 / 8);
    expect(result.accuracyB).toBe(4 / 8);
    expect(result.accuracyDifference!.estimate).toBe(2 / 8);
    expect(result.accuracyDifference!.mcnemar).toEqual(mcnemar(3, 1));
    expect(result.accuracyDifference!.interval!.estimate).toBe(2 / 8);
  });

  it('has nothing to compare without rows', () => {
    expect(compareClassifiers([], [], [])).toMatchObject({ rows: 0, agreementRate: null, accuracyDifference: null });
    expect(() => compareClassifiers([1], [1, 2], [1])).toThrow(RangeError);
  });
});
