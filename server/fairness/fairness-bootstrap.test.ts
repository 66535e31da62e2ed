import { describe, expect, it } from 'vitest';
import { seededRandom } from '@/server/statistics/seeded-random';
import { bootstrapIntervals, resampleCells, resolveBootstrapSettings } from './fairness-bootstrap';
import { decodeExtended } from './fairness-numbers';
import { computeFairnessReport } from './fairness-report';
import { type FairnessInput } from './fairness-report-types';

/** Rows with a known disparity: group "a" selected at 60 %, "b" at 40 %; scale multiplies every count. */
function input(scale: number): FairnessInput {
  const spec: [string, number, number, number][] = [
    // group, actual, predicted, rows
    ['a', 1, 1, 40], ['a', 1, 0, 10], ['a', 0, 1, 20], ['a', 0, 0, 30],
    ['b', 1, 1, 25], ['b', 1, 0, 25], ['b', 0, 1, 15], ['b', 0, 0, 35],
    ['c', 1, 1, 3], ['c', 0, 0, 5],
  ];
  const actual: number[] = [];
  const predicted: number[] = [];
  const group: string[] = [];
  for (const [g, a, p, n] of spec) {
    for (let i = 0; i < n * scale; i++) {
      actual.push(a);
      predicted.push(p);
      group.push(g);
    }
  }
  return { actual: Uint8Array.from(actual), predicted: Uint8Array.from(predicted), attributes: [{ name: 'g', kind: 'categorical', values: group }] };
}

const options = { privileged: { g: 'a' }, minGroupSize: 10, bootstrap: { replicates: 1000, seed: 7 } };
const width = (i: { lower: unknown; upper: unknown } | null | undefined) => decodeExtended(i!.upper as number) - decodeExtended(i!.lower as number);

describe('fairness bootstrap', () => {
  it('is deterministic for a seed and changes with it', () => {
    const one = computeFairnessReport(input(1), options).groupings[0]!.intervals!;
    const two = computeFairnessReport(input(1), options).groupings[0]!.intervals!;
    expect(two).toEqual(one);
    const other = computeFairnessReport(input(1), { ...options, bootstrap: { replicates: 1000, seed: 8 } }).groupings[0]!.intervals!;
    expect(other['/all/fairlearn/demographicParity/differenceBetweenGroups']).not.toEqual(one['/all/fairlearn/demographicParity/differenceBetweenGroups']);
  });

  it('covers the point estimates, says which disparities are significant, and narrows with more rows', () => {
    const report = computeFairnessReport(input(1), options);
    const grouping = report.groupings[0]!;
    const intervals = grouping.intervals!;
    const dpd = intervals['/all/fairlearn/demographicParity/differenceBetweenGroups']!;
    const point = grouping.all.fairlearn.demographicParity.differenceBetweenGroups!;
    expect(point).toBeCloseTo(0.6 - 0.375, 12);
    expect(decodeExtended(dpd.lower)).toBeLessThanOrEqual(point);
    expect(decodeExtended(dpd.upper)).toBeGreaterThanOrEqual(point);
    expect(dpd.definedReplicates).toBe(1000);
    // Every group rate and every AIF360 disparity has an interval around its estimate.
    for (const [g, group] of grouping.groups.entries()) {
      const tpr = intervals[`/groups/${g}/rates/truePositiveRate`]!;
      expect(tpr.significant).toBeNull();
      expect(decodeExtended(tpr.lower)).toBeLessThanOrEqual(group.rates.truePositiveRate!);
      expect(decodeExtended(tpr.upper)).toBeGreaterThanOrEqual(group.rates.truePositiveRate!);
    }
    const spd = intervals['/judged/aif360/pooled/disparities/statisticalParityDifference']!;
    expect(grouping.judged!.aif360!.pooled.disparities.statisticalParityDifference).toBeCloseTo(0.4 - 0.6, 12);
    expect(decodeExtended(spd.upper)).toBeLessThan(0);
    expect(spd.significant).toBe(true);
    const di = intervals['/judged/aif360/pooled/disparities/disparateImpact']!;
    expect(decodeExtended(di.upper)).toBeLessThan(1);
    expect(di.significant).toBe(true);
    expect(intervals['/all/inequality/theilIndex']!.significant).toBeNull();
    expect(Object.keys(intervals).some((k) => k.includes('count') || k.includes('share'))).toBe(false);

    const bigger = computeFairnessReport(input(16), options).groupings[0]!.intervals!;
    const small = width(dpd);
    const large = width(bigger['/all/fairlearn/demographicParity/differenceBetweenGroups']);
    // 16× the rows: about a quarter of the width.
    expect(large).toBeLessThan(small / 2.5);
    expect(large).toBeGreaterThan(small / 6);
  });

  it('skips replicates where a statistic is undefined and counts them', () => {
    // Group c has 3 positives in 8 rows: some replicates draw none, leaving its TPR undefined.
    const intervals = computeFairnessReport(input(1), options).groupings[0]!.intervals!;
    const tprC = intervals['/groups/2/rates/truePositiveRate']!;
    expect(tprC.definedReplicates).toBeLessThan(1000);
    expect(tprC.definedReplicates).toBeGreaterThan(900);
  });

  it('resamples each group with its own size, never moving rows between groups', () => {
    const observed = Float64Array.of(30, 20, 10, 40, 0, 0, 5, 5, 1, 0, 0, 0);
    const out = new Float64Array(12);
    const random = seededRandom(1);
    for (let r = 0; r < 200; r++) {
      resampleCells(random, observed, out);
      expect(out[0]! + out[1]! + out[2]! + out[3]!).toBe(100);
      expect([out[4], out[5]]).toEqual([0, 0]);
      expect(out[6]! + out[7]!).toBe(10);
      expect(Array.from(out.subarray(8))).toEqual([1, 0, 0, 0]);
    }
  });

  it('validates its settings', () => {
    expect(resolveBootstrapSettings()).toEqual({ replicates: 1000, seed: 20240611, level: 0.95 });
    for (const replicates of [0, -5, 1.5, 100_001, Number.NaN]) expect(() => resolveBootstrapSettings({ replicates })).toThrow(/replicates/);
    for (const level of [0, 1, 1.5, Number.NaN]) expect(() => resolveBootstrapSettings({ level })).toThrow(/level/);
    expect(() => resolveBootstrapSettings({ seed: 0.5 })).toThrow(/seed/);
    expect(() => bootstrapIntervals(new Float64Array(4).fill(1), () => [1, 2], [0], { replicates: 3 })).toThrow(/expected 1/);
  });

  it('needs no rows: 20 groups of a million rows cost what 20 small groups cost', () => {
    const cells = new Float64Array(80);
    for (let g = 0; g < 20; g++) cells.set([400_000 + g, 300_000, 100_000, 200_000], 4 * g);
    const evaluate = (c: Float64Array) => {
      const rates = [];
      for (let g = 0; g < 20; g++) rates.push((c[4 * g + 1]! + c[4 * g + 3]!) / (c[4 * g]! + c[4 * g + 1]! + c[4 * g + 2]! + c[4 * g + 3]!));
      return [Math.max(...rates) - Math.min(...rates)];
    };
    const [interval] = bootstrapIntervals(cells, evaluate, [0], { replicates: 1000 });
    expect(decodeExtended(interval!.lower)).toBeGreaterThan(0);
    expect(decodeExtended(interval!.upper)).toBeLessThan(0.01);
  });
});
