import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { proportionDifference, wilsonInterval } from './proportion-difference';
import { isInterval, welchInterval, type DifferenceInterval, type NoInterval, type WelchInterval } from './welch-interval';
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';

// Reference values from SciPy and statsmodels (fixtures/generate-impact-fixtures.py).
interface WelchCase {
  name: string;
  before: number[];
  after: number[];
  level: number;
  difference: number;
  lower: number;
  upper: number;
  pValue: number;
  degreesOfFreedom: number;
}
interface Count {
  hits: number;
  total: number;
}
interface NewcombeCase {
  name: string;
  before: Count;
  after: Count;
  level: number;
  difference: number;
  lower: number;
  upper: number;
  pValue: number;
  wilsonBefore: [number, number];
  wilsonAfter: [number, number];
}

const fixtures = JSON.parse(readFileSync(path.join(import.meta.dirname, 'fixtures', 'impact-intervals.json'), 'utf8')) as { welch: WelchCase[]; newcombe: NewcombeCase[] };

/** Relative tolerance 1e-9 (absolute 1e-12 near zero). */
function close(actual: number, expected: number) {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(Math.max(1e-9 * Math.abs(expected), 1e-12));
}

/** The interval equals the reference's, and is significant exactly when the reference's excludes zero. */
function expectReference(result: DifferenceInterval | NoInterval, c: { difference: number; lower: number; upper: number; pValue: number }) {
  if (!isInterval(result)) throw new Error(result.reason);
  close(result.difference, c.difference);
  close(result.lower, c.lower);
  close(result.upper, c.upper);
  close(result.pValue, c.pValue);
  expect(result.significant).toBe(c.lower > 0 || c.upper < 0);
}

describe("Welch's interval matches SciPy's ttest_ind(equal_var=False)", () => {
  it.each(fixtures.welch)('$name', (c) => {
    const result = welchInterval(c.before, c.after, c.level);
    expectReference(result, c);
    close((result as WelchInterval).degreesOfFreedom, c.degreesOfFreedom);
  });

  it('has no interval with fewer than two observations a side, or without variation', () => {
    expect(welchInterval([1], [2, 3])).toEqual({ difference: 1.5, reason: 'needs at least 2 observations on each side (before 1, after 2)' });
    expect(welchInterval([], [2, 3])).toMatchObject({ difference: null });
    expect(welchInterval([2, 2], [3, 3])).toEqual({ difference: 1, reason: 'the values do not vary on either side' });
  });
});

describe("Newcombe's interval matches statsmodels' confint_proportions_2indep(method='newcomb')", () => {
  it.each(fixtures.newcombe)('$name', (c) => {
    expectReference(proportionDifference(c.before, c.after, c.level), c);
  });

  it.each(fixtures.newcombe)('Wilson intervals of $name', (c) => {
    const z = normalQuantile(1 - (1 - c.level) / 2, 0, 1);
    const before = wilsonInterval(c.before.hits, c.before.total, z);
    const after = wilsonInterval(c.after.hits, c.after.total, z);
    close(before.lower, c.wilsonBefore[0]);
    close(before.upper, c.wilsonBefore[1]);
    close(after.lower, c.wilsonAfter[0]);
    close(after.upper, c.wilsonAfter[1]);
  });

  it('refuses what is not a proportion', () => {
    expect(proportionDifference({ hits: 1, total: 0 }, { hits: 1, total: 2 })).toEqual({ difference: null, reason: 'nothing counted before' });
    expect(proportionDifference({ hits: 1, total: 2 }, { hits: 3, total: 2 })).toEqual({ difference: null, reason: 'after: 3 of 2 is not a proportion' });
  });
});
