import { describe, expect, it } from 'vitest';
import { chiSquareHomogeneity } from './chi-square-test';
import { expectClose, loadFixture } from './fixtures/reference-fixtures';
import { jensenShannonDistance } from './jensen-shannon';
import { populationStabilityIndex } from './population-stability-index';
import { twoProportionZTest } from './two-proportion-z-test';

interface CategoricalFixture {
  chiSquare: { name: string; reference: number[]; current: number[]; statistic: number; pValue: number; dof: number; psi: number; jensenShannon: number }[];
  zTest: { referenceHits: number; referenceTotal: number; currentHits: number; currentTotal: number; statistic: number; pValue: number }[];
  jensenShannon: { p: number[]; q: number[]; distance: number }[];
}

const fixture = loadFixture<CategoricalFixture>('categorical.json');

describe('chiSquareHomogeneity matches scipy.stats.chi2_contingency(correction=False)', () => {
  it.each(fixture.chiSquare.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const result = chiSquareHomogeneity(c.reference, c.current);
    expect(result.dof).toBe(c.dof);
    expectClose(result.statistic, c.statistic, 'statistic');
    expectClose(result.pValue, c.pValue, 'p-value');
    expectClose(populationStabilityIndex(c.reference, c.current), c.psi, 'psi on categories');
    expectClose(jensenShannonDistance(c.reference, c.current), c.jensenShannon, 'jensen-shannon on categories');
  });

  it('gives NaN when a side is empty', () => {
    expect(chiSquareHomogeneity([3, 4], [0, 0]).pValue).toBeNaN();
  });

  it('rejects negative counts', () => {
    expect(() => chiSquareHomogeneity([3, -1], [1, 1])).toThrow(RangeError);
  });
});

describe('twoProportionZTest (pooled, two-sided) matches the SciPy computation', () => {
  it.each(fixture.zTest.map((c) => [`${c.referenceHits}/${c.referenceTotal} vs ${c.currentHits}/${c.currentTotal}`, c] as const))('%s', (_name, c) => {
    const result = twoProportionZTest(c.referenceHits, c.referenceTotal, c.currentHits, c.currentTotal);
    expectClose(result.statistic, c.statistic, 'z');
    expectClose(result.pValue, c.pValue, 'p-value');
  });

  it('does not depend on which of the two categories is counted', () => {
    const a = twoProportionZTest(30, 100, 45, 120);
    const b = twoProportionZTest(70, 100, 75, 120);
    expect(b.pValue).toBeCloseTo(a.pValue, 14);
  });
});

describe('jensenShannonDistance matches scipy.spatial.distance.jensenshannon', () => {
  it.each(fixture.jensenShannon.map((c, i) => [`case ${i + 1}`, c] as const))('%s', (_name, c) => {
    expectClose(jensenShannonDistance(c.p, c.q), c.distance);
  });

  it('is √ln2 for disjoint distributions and rejects different lengths', () => {
    expect(jensenShannonDistance([1, 0], [0, 1])).toBeCloseTo(Math.sqrt(Math.LN2), 15);
    expect(() => jensenShannonDistance([1], [1, 2])).toThrow(RangeError);
  });
});
