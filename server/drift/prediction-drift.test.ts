import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { classPredictionDrift } from './class-prediction-drift';
import { computePredictionDrift } from './compute-drift';

// Prediction drift beyond binary against SciPy (fixtures/generate-prediction-drift-fixtures.py):
// multiclass — chi2_contingency(correction=False) on the 2 × K predicted-class table and
// jensenshannon on the counts; regression — ks_2samp on float32 predicted values. Including a
// class absent from the window, a class predicted on neither side, and constant predictions.

interface Fixtures {
  multiclass: {
    name: string;
    classes: string[];
    reference: string[];
    current: string[];
    referenceCounts: number[];
    currentCounts: number[];
    chiSquare: { statistic: number; pValue: number; dof: number };
    jensenShannon: number;
  }[];
  regression: { name: string; reference: number[]; current: number[]; ks: { statistic: number; pValue: number } }[];
}

const fixtures = JSON.parse(readFileSync(path.join(import.meta.dirname, 'fixtures', 'prediction-drift.json'), 'utf8')) as Fixtures;

/** Equal to 1e-9 (relative above 1); tiny p-values also relatively, so 1e-50 is not "equal" to 0. */
function expectNear(actual: number, expected: number) {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(expected)));
  if (expected !== 0 && Math.abs(expected) < 1e-6) expect(Math.abs(actual / expected - 1)).toBeLessThan(1e-9);
}

describe('multiclass prediction drift equals SciPy', () => {
  it.each(fixtures.multiclass)('$name', (c) => {
    const drift = classPredictionDrift({ classes: c.classes, reference: c.reference, current: c.current });
    const chi = drift.statistics.chiSquare as { statistic: number; pValue: number; dof: number };
    expect(chi.dof).toBe(c.chiSquare.dof);
    expectNear(chi.statistic, c.chiSquare.statistic);
    expectNear(chi.pValue, c.chiSquare.pValue);
    expectNear(drift.statistics.jensenShannon as number, c.jensenShannon);
    expect(drift.referenceRows).toBe(c.reference.length);
    expect(drift.histogram.labels).toEqual(c.classes);
    expect(drift.histogram.current.map((share) => Math.round(share * c.current.length))).toEqual(c.currentCounts);
    // Evidently's rule for a reference of ≤ 1000 rows: chi-square p < 0.05, the z-test for at most two classes present.
    const present = c.referenceCounts.filter((n, k) => n + c.currentCounts[k]! > 0).length;
    expect(drift.method).toBe(present > 2 ? 'chi_square' : 'z_test');
    if (present > 2) expect(drift.drifted).toBe(c.chiSquare.pValue < 0.05);
  });

  it('counts a prediction outside the classes, or none, as missing', () => {
    const drift = classPredictionDrift({ classes: ['A', 'B'], reference: ['A', 'B', 'B'], current: ['A', null, 'Z', 'B'] });
    expect(drift.currentRows).toBe(4);
    expect(drift.currentMissing).toBe(2);
    expect(drift.histogram.current).toEqual([0.5, 0.5]);
  });

  it('says so when the reference has no predicted class', () => {
    expect(classPredictionDrift({ classes: ['A', 'B'], reference: [], current: ['A'] }).note).toBe('no reference values');
  });
});

describe('regression prediction drift equals SciPy’s ks_2samp', () => {
  it.each(fixtures.regression)('$name', (c) => {
    const drift = computePredictionDrift({
      features: [],
      profile: { rows: c.reference.length, binCount: 10, features: [], prediction: null },
      reference: { count: 0, width: 0, values: new Float32Array(0) },
      current: { count: 0, width: 0, values: new Float32Array(0) },
      referenceScores: Float32Array.from(c.reference),
      currentScores: Float32Array.from(c.current),
    });
    const ks = drift!.statistics.ks as { statistic: number; pValue: number };
    expectNear(ks.statistic, c.ks.statistic);
    expectNear(ks.pValue, c.ks.pValue);
    expect(drift!.referenceRows).toBe(c.reference.length);
  });
});
