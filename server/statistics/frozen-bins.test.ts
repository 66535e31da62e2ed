import { describe, expect, it } from 'vitest';
import { decodeSample, expectClose, loadFixture, type StoredSample } from './fixtures/reference-fixtures';
import { binIndexOf, binLabels, countInBins, frozenBinEdges, nextFloatUp } from './frozen-bins';
import { jensenShannonDistance } from './jensen-shannon';
import { populationStabilityIndex } from './population-stability-index';
import { sortedWithoutNaN } from './sorted-sample';

interface BinsFixture {
  cases: {
    name: string;
    reference: StoredSample;
    current: StoredSample;
    binCount: number;
    edges: number[];
    referenceCounts: number[];
    currentCounts: number[];
    psi: number;
    jensenShannon: number;
  }[];
}

const fixture = loadFixture<BinsFixture>('frozen-bins.json');

describe('frozen bins, PSI and Jensen–Shannon on bins (against the NumPy/SciPy generator)', () => {
  it.each(fixture.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const reference = sortedWithoutNaN(decodeSample(c.reference));
    const current = sortedWithoutNaN(decodeSample(c.current));
    const edges = frozenBinEdges(reference, c.binCount);
    expect(edges).toEqual(c.edges);
    const referenceCounts = countInBins(reference, edges);
    const currentCounts = countInBins(current, edges);
    expect(referenceCounts).toEqual(c.referenceCounts);
    expect(currentCounts).toEqual(c.currentCounts);
    expectClose(populationStabilityIndex(referenceCounts, currentCounts), c.psi, 'psi');
    expectClose(jensenShannonDistance(referenceCounts, currentCounts), c.jensenShannon, 'jensen-shannon');
  });
});

describe('frozenBinEdges', () => {
  it('makes at most binCount bins, none of them empty in the reference', () => {
    const reference = sortedWithoutNaN(Array.from({ length: 1000 }, (_, i) => Math.floor(Math.sqrt(i) * 3) / 3));
    const edges = frozenBinEdges(reference, 10);
    const counts = countInBins(reference, edges);
    expect(counts.length).toBeLessThanOrEqual(10);
    expect(counts.every((c) => c > 0)).toBe(true);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(1000);
  });

  it('gives a constant reference a below / at / above split', () => {
    const edges = frozenBinEdges(Float64Array.of(4, 4, 4), 10);
    expect(edges).toEqual([4, 4, nextFloatUp(4), nextFloatUp(4)]);
    expect(countInBins(Float64Array.of(3.9, 4, 4, 4.2, 5), edges)).toEqual([1, 2, 2]);
    expect(binLabels(edges)).toEqual(['< 4', '= 4', '> 4']);
  });

  it('has no bins for an empty reference', () => {
    expect(frozenBinEdges(new Float64Array(0))).toEqual([]);
    expect(countInBins(Float64Array.of(1), [])).toEqual([]);
  });

  it('classifies single values the same way as it counts sorted ones', () => {
    const edges = [0, 1, 2, 5, 9];
    const values = [-3, 0, 0.5, 1, 1.5, 2, 4.99, 5, 9, 12];
    const counts = [0, 0, 0, 0];
    for (const v of values) counts[binIndexOf(v, edges)]!++;
    expect(counts).toEqual(countInBins(Float64Array.from(values), edges));
    expect(binIndexOf(Number.NaN, edges)).toBe(-1);
    expect(binLabels(edges)).toEqual(['< 1', '1 – 2', '2 – 5', '≥ 5']);
  });

  it('rejects a bin count that is not a positive integer', () => {
    expect(() => frozenBinEdges(Float64Array.of(1, 2), 0)).toThrow(RangeError);
  });
});

describe('populationStabilityIndex', () => {
  it('replaces an empty share by 1e-4 and is 0 for equal shares', () => {
    expect(populationStabilityIndex([10, 20, 0], [1, 2, 0])).toBe(0);
    const psi = populationStabilityIndex([50, 50], [100, 0]);
    expect(psi).toBeCloseTo((1 - 0.5) * Math.log(1 / 0.5) + (1e-4 - 0.5) * Math.log(1e-4 / 0.5), 12);
  });

  it('fills a side whose smallest share is ≤ 1e-4 with that share / 10⁶, as Evidently does', () => {
    // Reference: smallest non-zero share 1e-5 → its empty bucket takes 1e-11; current: 1e-4.
    const term = (cur: number, ref: number) => (cur - ref) * Math.log(cur / ref);
    const expected = term(0.5, 1e-5) + term(0.5, 0.99999) + term(1e-4, 1e-11);
    expect(populationStabilityIndex([1, 99_999, 0], [50, 50, 0])).toBeCloseTo(expected, 12);
  });

  it('gives NaN when a side has no values', () => {
    expect(populationStabilityIndex([0, 0], [1, 2])).toBeNaN();
  });
});
