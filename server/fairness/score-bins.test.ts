import { describe, expect, it } from 'vitest';
import { seededRandom } from '@/server/statistics/seeded-random';
import { binEdges, binOf, binScores, DECILE_EDGES } from './score-bins';
import { DEFAULT_THRESHOLDS, thresholdSweep } from './threshold-sweep';

describe('score bins', () => {
  it('uses k/10 and k/20, the doubles nearest to the decimals', () => {
    expect(DECILE_EDGES).toEqual([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]);
    expect(DEFAULT_THRESHOLDS[2]).toBe(0.15);
    expect(binEdges(DEFAULT_THRESHOLDS)).toHaveLength(19);
    expect(Array.from(binEdges([0.33, 0.1]))).toEqual([0.1, 0.2, 0.3, 0.33, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]);
  });

  it('puts every score where "number of edges ≤ score" says, on edges and next to them', () => {
    const random = seededRandom(3);
    const edges = binEdges([0.05, 0.15, 0.333, 0.5000000000000001, 0.77, 1 / 1024, 0.5]);
    const special = [...edges].flatMap((e) => [e, e - Number.EPSILON / 4, e + Number.EPSILON / 2, e * (1 - 1e-16)]);
    const scores = Float64Array.from([...special, -0.5, -0, 0, 1, 1.5, ...Array.from({ length: 5000 }, () => random.next())]);
    const n = scores.length;
    const bins = binScores(scores, new Uint8Array(n), new Uint32Array(n), 1, edges);
    const expected = new Float64Array(edges.length + 1);
    for (const s of scores) expected[edges.filter((e) => e <= s).length]!++;
    expect(Array.from(bins.counts.filter((_, i) => i % 2 === 0))).toEqual(Array.from(expected));
    expect(bins.outsideUnitInterval).toBe(2);
    expect(binOf(edges, 0.5)).toBe(binOf(edges, 0.49999999999999994) + 1);
  });

  it('sweeps thresholds with the counts of ŷ = score ≥ t', () => {
    const scores = Float64Array.of(0.1, 0.5, 0.5, 0.9, 0.2, 0.7);
    const actual = Uint8Array.of(0, 1, 0, 1, 0, 1);
    const group = Uint32Array.of(0, 0, 0, 1, 1, 1);
    const bins = binScores(scores, actual, group, 2, binEdges([0.5]));
    const [point] = thresholdSweep(bins, [0.5], { groups: [0, 1], privileged: 0 });
    // Group 0 selects 2 of 3, group 1 2 of 3; accuracy 4/6 (0.5 of actual 0 and 0.7 right, …).
    expect(point!.selectionRate).toBeCloseTo(4 / 6, 15);
    expect(point!.accuracy).toBeCloseTo(5 / 6, 15);
    expect(point!.demographicParityDifference).toBe(0);
    expect(point!.disparateImpact).toBe(1);
    expect(point!.fourFifthsViolated).toBe(false);
    expect(() => thresholdSweep(bins, [0.55], { groups: [0, 1], privileged: 0 })).toThrow(/not a bin edge/);
  });
});
