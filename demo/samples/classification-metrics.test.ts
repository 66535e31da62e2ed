import { describe, expect, it } from 'vitest';
import { binaryMetrics, rocAuc } from './classification-metrics';

describe('rocAuc', () => {
  it('is 1 for a perfect ranking, 0 for a reversed one and 0.5 when all scores tie', () => {
    expect(rocAuc([0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9])).toBe(1);
    expect(rocAuc([1, 1, 0, 0], [0.1, 0.2, 0.8, 0.9])).toBe(0);
    expect(rocAuc([0, 1, 0, 1], [0.5, 0.5, 0.5, 0.5])).toBe(0.5);
  });

  it('counts the fraction of positive–negative pairs ranked correctly', () => {
    // Pairs (pos, neg): (0.35, 0.1) ✓ (0.35, 0.4) ✗ (0.8, 0.1) ✓ (0.8, 0.4) ✓ → 3/4.
    expect(rocAuc([0, 1, 0, 1], [0.1, 0.35, 0.4, 0.8])).toBe(0.75);
  });
});

describe('binaryMetrics', () => {
  it('computes accuracy, precision, recall and log loss at a 0.5 threshold', () => {
    const m = binaryMetrics([1, 0, 1, 0], [0.9, 0.2, 0.4, 0.6]);
    expect(m.accuracy).toBe(0.5);
    expect(m.precision).toBe(0.5);
    expect(m.recall).toBe(0.5);
    const logLoss = -(Math.log(0.9) + Math.log(0.8) + Math.log(0.4) + Math.log(0.4)) / 4;
    expect(m.log_loss).toBeCloseTo(logLoss, 6);
    expect(m.positive_rate).toBe(0.5);
  });
});
