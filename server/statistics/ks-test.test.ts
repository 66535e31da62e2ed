import { describe, expect, it } from 'vitest';
import { decodeSample, expectClose, loadFixture, type StoredSample } from './fixtures/reference-fixtures';
import { kolmogorovTwoSidedSf } from './kolmogorov-two-sided';
import { KS_EXACT_MAX_N, ksTwoSample, ksTwoSamplePValue } from './ks-test';
import { smirnovSf } from './smirnov-one-sided';

interface KsFixture {
  cases: { name: string; a: StoredSample; b: StoredSample; n1: number; n2: number; method: string; statistic: number; pValue: number }[];
  kstwoSf: { n: number; x: number; sf: number }[];
  smirnovSf: { n: number; x: number; sf: number }[];
}

const fixture = loadFixture<KsFixture>('ks-two-sample.json');

describe('ksTwoSample matches scipy.stats.ks_2samp (two-sided, auto)', () => {
  it.each(fixture.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const result = ksTwoSample(decodeSample(c.a), decodeSample(c.b));
    expect([result.n1, result.n2]).toEqual([c.n1, c.n2]);
    expect(result.method).toBe(c.method);
    expectClose(result.statistic, c.statistic, 'statistic');
    expectClose(result.pValue, c.pValue, 'p-value');
  });

  it('covers both sides of the exact/asymptotic switch', () => {
    const sizes = fixture.cases.map((c) => Math.max(c.n1, c.n2));
    expect(sizes).toContain(KS_EXACT_MAX_N);
    expect(sizes).toContain(KS_EXACT_MAX_N + 1);
  });

  it('is symmetric in its two samples', () => {
    const a = [0.1, 0.4, 0.4, 2, 3.5];
    const b = [0.2, 0.4, 1, 1, 5, 6, 7];
    const ab = ksTwoSample(a, b);
    const ba = ksTwoSample(b, a);
    expect(ba.statistic).toBe(ab.statistic);
    expect(ba.pValue).toBe(ab.pValue);
  });

  it('gives NaN, not an exception, when a sample is empty or all NaN', () => {
    const result = ksTwoSample([Number.NaN, Number.NaN], [1, 2, 3]);
    expect(result.statistic).toBeNaN();
    expect(result.pValue).toBeNaN();
    expect(result.n1).toBe(0);
  });

  it('reports a p-value of 1 for a zero statistic', () => {
    expect(ksTwoSamplePValue(0, 50, 70).pValue).toBe(1);
    expect(ksTwoSamplePValue(0, 50_000, 70_000).pValue).toBe(1);
  });
});

describe('kolmogorovTwoSidedSf matches scipy.stats.kstwo.sf on every branch', () => {
  it.each(fixture.kstwoSf.map((c) => [`n=${c.n} x=${c.x}`, c] as const))('%s', (_name, c) => {
    expectClose(kolmogorovTwoSidedSf(c.x, c.n), c.sf);
  });

  it('rejects a non-integer n', () => {
    expect(kolmogorovTwoSidedSf(0.3, 2.5)).toBeNaN();
  });
});

describe('smirnovSf matches scipy.special.smirnov', () => {
  it.each(fixture.smirnovSf.map((c) => [`n=${c.n} x=${c.x}`, c] as const))('%s', (_name, c) => {
    expectClose(smirnovSf(c.n, c.x), c.sf);
  });
});
