import { describe, expect, it } from 'vitest';
import { aif360Disparities, violatesFourFifths } from './aif360-disparities';
import { decodeExtended, encodeExtended } from './fairness-numbers';
import { generalizedEntropyIndex, theilIndex } from './generalized-entropy';

describe('AIF360 convention', () => {
  it('signs differences unprivileged − privileged and divides unprivileged / privileged', () => {
    const d = aif360Disparities({ tp: 10, fp: 10, tn: 70, fn: 10 }, { tp: 30, fp: 10, tn: 50, fn: 10 });
    expect(d.disparateImpact).toBeCloseTo(0.2 / 0.4, 15);
    expect(d.statisticalParityDifference).toBeCloseTo(-0.2, 15);
    expect(d.equalOpportunityDifference).toBeCloseTo(0.5 - 0.75, 15);
    expect(d.falsePositiveRateDifference).toBeCloseTo(10 / 80 - 10 / 60, 15);
    expect(d.averageAbsOddsDifference).toBeCloseTo(0.5 * (Math.abs(10 / 80 - 10 / 60) + 0.25), 15);
    expect(d.errorRateDifference).toBeCloseTo(0.2 - 0.2, 15);
    expect(d.fourFifthsViolated).toBe(true);
  });

  it('keeps AIF360’s fallbacks: 0/0 is null, x/0 is Infinity, an empty side has accuracy 0', () => {
    const empty = { tp: 0, fp: 0, tn: 0, fn: 0 };
    const d = aif360Disparities({ tp: 1, fp: 1, tn: 1, fn: 1 }, empty);
    expect(d.disparateImpact).toBeNull();
    expect(d.equalOpportunityDifference).toBeNull();
    // Error rate of the empty side is 1 − 0: AIF360's performance_measures says ACC = 0 there.
    expect(d.errorRateDifference).toBeCloseTo(0.5 - 1, 15);
    const inf = aif360Disparities({ tp: 1, fp: 0, tn: 1, fn: 0 }, { tp: 0, fp: 0, tn: 2, fn: 1 });
    expect(inf.disparateImpact).toBe(Number.POSITIVE_INFINITY);
    expect(inf.fourFifthsViolated).toBe(true);
    expect(violatesFourFifths(0.8)).toBe(false);
    expect(violatesFourFifths(1.25)).toBe(false);
    expect(violatesFourFifths(0.7999)).toBe(true);
    expect(violatesFourFifths(null)).toBeNull();
  });

  it('encodes infinity for JSON and decodes it back', () => {
    expect([Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NaN, null, 0.5].map(encodeExtended)).toEqual(['Infinity', '-Infinity', null, null, 0.5]);
    expect(JSON.parse(JSON.stringify({ v: encodeExtended(Number.POSITIVE_INFINITY) }))).toEqual({ v: 'Infinity' });
    expect(decodeExtended('-Infinity')).toBe(Number.NEGATIVE_INFINITY);
    expect(decodeExtended(null)).toBeNaN();
  });

  it('computes the inequality indices from benefit counts, AIF360’s special cases included', () => {
    // Benefits: 2 false negatives (0), 6 correct (1), 2 false positives (2): μ = 1.
    const cm = { tp: 3, tn: 3, fn: 2, fp: 2 };
    expect(generalizedEntropyIndex(cm)).toBeCloseTo((0.2 * -1 + 0.6 * 0 + 0.2 * 3) / 2, 15);
    expect(theilIndex(cm)).toBeCloseTo(0.2 * 2 * Math.log(2), 15);
    expect(generalizedEntropyIndex(cm, 0)).toBe(Number.POSITIVE_INFINITY);
    expect(generalizedEntropyIndex(cm, -1)).toBe(Number.POSITIVE_INFINITY);
    expect(generalizedEntropyIndex({ tp: 5, tn: 5, fn: 0, fp: 0 })).toBe(0);
    expect(generalizedEntropyIndex({ tp: 0, tn: 0, fn: 4, fp: 0 })).toBeNull();
    expect(theilIndex({ tp: 0, tn: 0, fn: 0, fp: 0 })).toBeNull();
    expect(() => generalizedEntropyIndex(cm, Number.NaN)).toThrow(RangeError);
  });
});
