import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { binomialHalfCdf, chiSquare1Sf, MCNEMAR_EXACT_MAX, mcnemar } from './mcnemar';

interface McNemarCase {
  b: number;
  c: number;
  exact: { statistic: number; pValue: number };
  chiSquare?: { statistic: number; pValue: number };
}

// Reference values from statsmodels and SciPy (fixtures/generate-classification-fixtures.py).
const fixtures = JSON.parse(readFileSync(path.join(import.meta.dirname, 'fixtures', 'classification-fixtures.json'), 'utf8')) as {
  mcnemar: McNemarCase[];
  chiSquareSf: { x: number; sf: number }[];
};

/** Relative tolerance 1e-9, absolute 1e-12 near zero. */
function close(actual: number, expected: number) {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(Math.max(1e-9 * Math.abs(expected), 1e-300));
}

describe("McNemar's test matches statsmodels", () => {
  it.each(fixtures.mcnemar.filter((m) => m.b + m.c <= MCNEMAR_EXACT_MAX))('exact, b=$b c=$c', ({ b, c, exact }) => {
    const result = mcnemar(b, c, { method: 'exact' });
    expect(result.statistic).toBe(exact.statistic);
    close(result.pValue, exact.pValue);
  });

  it.each(fixtures.mcnemar.filter((m) => m.chiSquare))('chi-square with continuity correction, b=$b c=$c', ({ b, c, chiSquare }) => {
    const result = mcnemar(b, c, { method: 'chi-square' });
    close(result.statistic, chiSquare!.statistic);
    close(result.pValue, chiSquare!.pValue);
  });

  it('chooses the exact test below 25 discordant pairs and chi-square from 25 on', () => {
    expect(mcnemar(12, 12).method).toBe('exact');
    expect(mcnemar(24, 0).method).toBe('exact');
    expect(mcnemar(25, 0).method).toBe('chi-square');
    expect(mcnemar(0, 0)).toEqual({ method: 'exact', statistic: 0, pValue: 1, b: 0, c: 0 });
    expect(mcnemar(0, 0, { method: 'chi-square' }).pValue).toBe(1);
  });

  it('refuses counts that are not non-negative integers, and an exact test beyond its limit', () => {
    expect(() => mcnemar(-1, 2)).toThrow(RangeError);
    expect(() => mcnemar(1.5, 2)).toThrow(RangeError);
    expect(() => mcnemar(20_000, 19_000, { method: 'exact' })).toThrow(/limited/);
  });

  it('sums the binomial tail exactly in integers', () => {
    expect(binomialHalfCdf(0, 1)).toBe(0.5);
    expect(binomialHalfCdf(2, 4)).toBe(11 / 16);
    // C(60, 0..30) / 2^60 through the BigInt path equals the symmetric identity (1 + C(60,30)/2^60) / 2.
    const c60 = 118264581564861424;
    close(binomialHalfCdf(30, 60), (1 + c60 / 2 ** 60) / 2);
  });
});

describe('chi-square survival function (one degree of freedom)', () => {
  it.each(fixtures.chiSquareSf)('matches scipy.stats.chi2.sf at x=$x', ({ x, sf }) => {
    close(chiSquare1Sf(x), sf);
  });
});
