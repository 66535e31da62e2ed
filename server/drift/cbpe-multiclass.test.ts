import { afterAll, describe, expect, it } from 'vitest';
import { deviation, expectClose, rowMajor, taskFixtures } from '@/server/statistics/fixtures/task-metrics-fixtures';
import { multiclassConfusion, multiclassMetrics } from '@/server/statistics/multiclass-metrics';
import { seededRandom } from '@/server/statistics/seeded-random';
import { estimateMulticlassPerformance, fitMulticlassCalibration } from './cbpe-multiclass';

// Reference values computed with NumPy from NannyML's documented formulas, with the per-class
// isotonic calibration by scikit-learn (fixtures/generate-task-metrics-fixtures.py).

describe('multiclass CBPE matches an independent implementation of NannyML’s method', () => {
  it.each(taskFixtures.cbpe)('$name', (c) => {
    const calibration = c.reference ? fitMulticlassCalibration(rowMajor(c.reference.probabilities), c.reference.actual, c.classes) : undefined;
    const estimate = estimateMulticlassPerformance(c.predicted, rowMajor(c.probabilities), c.classes, { calibration });
    expect(estimate.rows).toBe(c.predicted.length);
    expect(estimate.calibrated).toBe(Boolean(c.reference));
    expectClose(estimate.accuracy, c.accuracy);
    c.perClass.forEach((expected, k) => {
      const got = estimate.perClass[k]!;
      for (const cell of ['tp', 'fp', 'fn', 'tn'] as const) expectClose(got.expected[cell], expected[cell]);
      expectClose(got.precision, expected.precision);
      expectClose(got.recall, expected.recall);
      expectClose(got.f1, expected.f1);
      expectClose(got.rocAuc, expected.rocAuc);
    });
    for (const key of ['precision', 'recall', 'f1', 'rocAuc'] as const) expectClose(estimate.macro[key], c.macro[key]);
    estimate.expectedConfusion.forEach((row, j) => row.forEach((value, k) => expectClose(value, c.expectedConfusion[j]![k]!)));
  });

  it('estimates what the labels later show when the probabilities are calibrated', () => {
    // Labels drawn from the model's own probabilities: the realized metrics scatter around the estimate.
    const random = seededRandom(5);
    const n = 20_000;
    const k = 3;
    const probabilities = new Float64Array(n * k);
    const predicted = new Int32Array(n);
    const actual = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const logits = [random.normal() * 1.5, random.normal() * 1.5 + 0.5, random.normal() * 1.5];
      const total = logits.reduce((s, l) => s + Math.exp(l), 0);
      let best = 0;
      let u = random.next();
      actual[i] = k - 1;
      for (let c = 0; c < k; c++) {
        const p = Math.exp(logits[c]!) / total;
        probabilities[i * k + c] = p;
        if (p > probabilities[i * k + best]!) best = c;
        if (u >= 0 && u < p) actual[i] = c;
        u -= p;
      }
      predicted[i] = best;
    }
    const estimate = estimateMulticlassPerformance(predicted, probabilities, k);
    const realized = multiclassMetrics(multiclassConfusion(actual, predicted, k));
    expect(Math.abs(estimate.accuracy! - realized.accuracy!)).toBeLessThan(0.015);
    expect(Math.abs(estimate.macro.f1! - realized.macro!.f1)).toBeLessThan(0.02);
  });

  it('leaves out rows whose calibrated probabilities are all zero, and refuses bad input', () => {
    // A calibration that maps everything at or below 0.5 to 0.
    const zeroBelowHalf = { x: [0.5, 0.51], y: [0, 1] };
    const estimate = estimateMulticlassPerformance([0, 0], [0.5, 0.5, 0.9, 0.1], 2, { calibration: [zeroBelowHalf, zeroBelowHalf] });
    expect(estimate).toMatchObject({ rows: 1, uncalibratable: 1, accuracy: 1 });
    expect(() => estimateMulticlassPerformance([2], [0.5, 0.5], 2)).toThrow(/prediction at row 0/);
    expect(() => estimateMulticlassPerformance([0], [0.5], 2)).toThrow(/1 probabilities/);
    expect(estimateMulticlassPerformance([], [], 3)).toMatchObject({ rows: 0, accuracy: null, macro: { f1: null } });
  });
});

afterAll(() => {
  console.info(`multiclass CBPE: max deviation from the reference ${deviation.absolute.toExponential(2)} absolute`);
});
