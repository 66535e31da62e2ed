import { afterAll, describe, expect, it } from 'vitest';
import { deviation, expectClose, taskFixtures } from './fixtures/task-metrics-fixtures';
import { wilcoxonSignedRank } from './wilcoxon-signed-rank';

// Reference values from SciPy's scipy.stats.wilcoxon (fixtures/generate-task-metrics-fixtures.py).

const absoluteErrorDifferences = (c: (typeof taskFixtures.paired)[number]) =>
  c.actual.map((y, i) => Math.abs(y - c.a[i]!) - Math.abs(y - c.b[i]!));

describe('Wilcoxon signed-rank test matches SciPy', () => {
  it.each(taskFixtures.paired)('$name', (c) => {
    const result = wilcoxonSignedRank(absoluteErrorDifferences(c));
    if (c.wilcoxon === null) {
      expect(result).toBeNull();
      return;
    }
    expect(result!.method).toBe(c.wilcoxon.method === 'exact' ? 'exact' : 'normal-approximation');
    expect(result!.nonZero).toBe(c.nonZero);
    expect(result!.statistic).toBe(c.wilcoxon.statistic);
    expectClose(result!.pValue, c.wilcoxon.pValue);
  });

  it("equals SciPy's default except with tied differences in at most 50 rows, where SciPy truncates the rank sum", () => {
    const differing = taskFixtures.paired.filter((c) => c.wilcoxon && c.wilcoxon.pValue !== c.wilcoxon.scipyDefault.pValue);
    expect(differing.map((c) => c.name)).toEqual(['n=30 shift=0.4 ties=True']);
    expect(differing[0]!.hasTies).toBe(true);
  });

  it('uses the exact distribution only for ≤ 50 untied, non-zero differences', () => {
    expect(wilcoxonSignedRank([1, 2, 3, -4, 5])!.method).toBe('exact');
    expect(wilcoxonSignedRank([1, 2, 2, -4, 5])!.method).toBe('normal-approximation');
    expect(wilcoxonSignedRank([0, 2, 3, -4, 5])!.method).toBe('normal-approximation');
    // Exact p of R+ = 15 of n = 5 (all positive): 2 · 1/32.
    expect(wilcoxonSignedRank([1, 2, 3, 4, 5])!.pValue).toBe(2 / 32);
  });

  it('has nothing to test when every difference is 0, and refuses non-finite differences', () => {
    expect(wilcoxonSignedRank([0, 0, 0])).toBeNull();
    expect(wilcoxonSignedRank([])).toBeNull();
    expect(() => wilcoxonSignedRank([1, Number.NaN])).toThrow(/row 1/);
  });
});

afterAll(() => {
  console.info(`wilcoxon: max deviation from SciPy ${deviation.absolute.toExponential(2)} absolute`);
});
