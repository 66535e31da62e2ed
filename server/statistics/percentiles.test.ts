import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { latencyPercentiles, percentileOfSorted, percentiles, percentilesOfCounts } from './percentiles';

// Reference values from NumPy's np.percentile(method='linear') (fixtures/generate-classification-fixtures.py).
const fixtures = JSON.parse(readFileSync(path.join(import.meta.dirname, 'fixtures', 'classification-fixtures.json'), 'utf8')) as {
  percentiles: { values: number[]; q: number[]; expected: number[] }[];
};

describe('percentiles match NumPy (linear)', () => {
  it.each(fixtures.percentiles.map((c) => ({ ...c, n: c.values.length })))('n=$n', ({ values, q, expected }) => {
    percentiles(values, q).forEach((value, i) => expect(Math.abs(value - expected[i]!)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(expected[i]!))));
  });

  it('ignores NaN, gives NaN (null for latency) when nothing is left, and checks q', () => {
    expect(percentiles([3, Number.NaN, 1, 2], [50])).toEqual([2]);
    expect(percentiles([Number.NaN], [50])).toEqual([Number.NaN]);
    expect(latencyPercentiles(new Float32Array([Number.NaN]))).toEqual({ count: 0, p50: null, p95: null, p99: null });
    expect(latencyPercentiles([1, 2, 3, 4])).toEqual({ count: 4, p50: 2.5, p95: 3.8499999999999996, p99: 3.9699999999999998 });
    expect(() => percentileOfSorted([1], 101)).toThrow(RangeError);
  });

  it('gives the same percentiles from (value, count) groups as from the expanded sample', () => {
    const values = [0.25, 3, 1.5, 0.25, 9, 2];
    const counts = [3, 1, 4, 2, 1, 0];
    const expanded = values.flatMap((v, i) => new Array<number>(counts[i]!).fill(v));
    const qs = [0, 10, 33, 50, 90, 95, 99, 100];
    expect(percentilesOfCounts(values, counts, qs)).toEqual(percentiles(expanded, qs));
    expect(percentilesOfCounts([], [], [50])).toEqual([Number.NaN]);
  });
});
