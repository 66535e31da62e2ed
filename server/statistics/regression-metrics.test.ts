import { afterAll, describe, expect, it } from 'vitest';
import { equalWidthHistogram } from './equal-width-histogram';
import { deviation, expectClose, taskFixtures } from './fixtures/task-metrics-fixtures';
import { regressionMetrics, residualDistribution } from './regression-metrics';

// Reference values from scikit-learn and NumPy (fixtures/generate-task-metrics-fixtures.py).

describe('regression metrics match scikit-learn', () => {
  it.each(taskFixtures.regression)('$name', (c) => {
    const relative = c.tolerance === 'relative';
    const m = regressionMetrics(c.actual, c.predicted);
    expect(m.count).toBe(c.actual.length);
    expectClose(m.mae, c.mae, relative);
    expectClose(m.mse, c.mse, relative);
    expectClose(m.rmse, c.rmse, relative);
    expectClose(m.r2, c.r2, relative);
    expectClose(m.mape, c.mape, relative);
    expect(m.r2Undefined === null).toBe(c.r2 !== null);
    expect(m.mapeUndefined === null).toBe(c.mape !== null);
  });

  it.each(taskFixtures.regression)('residual distribution: $name', (c) => {
    const relative = c.tolerance === 'relative';
    const d = residualDistribution(c.actual, c.predicted, { quantiles: c.residualQuantiles.q, bins: c.histogram.counts.length });
    expectClose(d.mean, c.residualMean, relative);
    d.quantiles.forEach((q, i) => {
      expect(q.q).toBe(c.residualQuantiles.q[i]);
      expectClose(q.value, c.residualQuantiles.values[i]!, relative);
    });
    // np.histogram's edges and counts exactly: a row in the wrong bin is a bug, not rounding.
    expect(d.histogram.edges).toEqual(c.histogram.edges);
    expect(d.histogram.counts).toEqual(c.histogram.counts);
  });

  it('says why MAPE and R² are undefined where scikit-learn reports made-up numbers', () => {
    const zero = taskFixtures.regression.find((c) => c.name === 'MAPE with a zero label')!;
    expect(zero.mapeSklearn).toBeGreaterThan(1e14);
    expect(regressionMetrics(zero.actual, zero.predicted).mapeUndefined).toMatch(/1 of 6 labels are 0/);
    const constant = taskFixtures.regression.find((c) => c.name === 'constant labels, imperfect')!;
    expect(constant.r2Sklearn).toBe(0);
    expect(regressionMetrics(constant.actual, constant.predicted).r2Undefined).toMatch(/same value/);
    expect(regressionMetrics([2], [1.5]).r2Undefined).toMatch(/two/);
  });

  it('is empty, not zero, without rows, and refuses non-finite values and mismatched lengths', () => {
    expect(regressionMetrics([], [])).toMatchObject({ count: 0, mae: null, rmse: null, r2: null, mape: null });
    expect(() => regressionMetrics([1, Number.NaN], [1, 2])).toThrow(/row 1/);
    expect(() => regressionMetrics([1], [1, 2])).toThrow(RangeError);
    expect(() => residualDistribution([1], [Infinity])).toThrow(RangeError);
  });

  it('keeps the sums exact over many rows where naive summation drifts', () => {
    // 10^6 rows with error 0.1: a naive running sum is off by ~1e-6 relative; the compensated one is not.
    const n = 1_000_000;
    const actual = new Float64Array(n).fill(1.1);
    const predicted = new Float64Array(n).fill(1);
    const error = 1.1 - 1;
    expect(Math.abs(regressionMetrics(actual, predicted).mae! - error)).toBeLessThan(1e-15);
  });
});

describe('equal-width histogram (np.histogram)', () => {
  it('puts the maximum in the last bin and widens a constant sample', () => {
    expect(equalWidthHistogram([0, 1, 2, 3, 4], 4)).toEqual({ edges: [0, 1, 2, 3, 4], counts: [1, 1, 1, 2] });
    expect(equalWidthHistogram([2, 2], 2)).toEqual({ edges: [1.5, 2, 2.5], counts: [0, 2] });
    expect(equalWidthHistogram([], 2)).toEqual({ edges: [0, 0.5, 1], counts: [0, 0] });
  });
});

afterAll(() => {
  console.info(`regression metrics: max deviation from scikit-learn ${deviation.absolute.toExponential(2)} absolute, ${deviation.relative.toExponential(2)} relative`);
});
