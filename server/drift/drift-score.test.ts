import { describe, expect, it } from 'vitest';
import { isDrifted } from './drift-method-selection';
import type { DriftMethod } from './drift-types';
import { driftScore } from './drift-score';

describe('driftScore: up is worse, 1 is the threshold', () => {
  it('p-values: 1 at α, above 1 below α, 0 at p = 1', () => {
    expect(driftScore('ks', 0.05, 0.05)).toBeCloseTo(1, 12);
    expect(driftScore('ks', 0.0025, 0.05)).toBeCloseTo(2, 12);
    expect(driftScore('chi_square', 1, 0.05)).toBe(0);
    expect(driftScore('z_test', 0.5, 0.05)).toBeCloseTo(Math.log(0.5) / Math.log(0.05), 12);
    expect(driftScore('ks', 0, 0.05)).toBeGreaterThan(200);
  });

  it('distances: value / threshold', () => {
    expect(driftScore('psi', 0.2, 0.1)).toBeCloseTo(2, 12);
    expect(driftScore('wasserstein', 0.05, 0.1)).toBeCloseTo(0.5, 12);
    expect(driftScore('jensen_shannon', 0, 0.1)).toBe(0);
  });

  it('no score without a value or a usable threshold', () => {
    expect(driftScore('ks', Number.NaN, 0.05)).toBeNull();
    expect(driftScore('psi', 0.2, 0)).toBeNull();
    expect(driftScore('ks', 0.2, 1)).toBeNull();
  });

  it('above 1 exactly when the method calls it drift (away from the threshold itself)', () => {
    const cases: [DriftMethod, number, number][] = [
      ['ks', 0.01, 0.05], ['ks', 0.2, 0.05], ['chi_square', 1e-8, 0.01], ['z_test', 0.3, 0.05],
      ['psi', 0.25, 0.1], ['psi', 0.05, 0.1], ['wasserstein', 0.3, 0.1], ['jensen_shannon', 0.01, 0.1],
    ];
    for (const [method, value, threshold] of cases) expect(driftScore(method, value, threshold)! > 1).toBe(isDrifted(method, value, threshold));
  });
});
