import { describe, expect, it } from 'vitest';
import { calibrate, estimateBinaryPerformance, fitIsotonicCalibration } from './cbpe';

function rng(seed: number) {
  let s = seed;
  return () => {
    s = (s * 48271) % 2147483647;
    return s / 2147483647;
  };
}

/** Calibrated synthetic traffic: score p ~ Beta-like, label ~ Bernoulli(p). */
function calibratedTraffic(n: number, seed: number, shape: (u: number) => number) {
  const u = rng(seed);
  const scores = new Float64Array(n);
  const labels = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    scores[i] = shape(u());
    labels[i] = u() < scores[i]! ? 1 : 0;
  }
  return { scores, labels };
}

function realizedAccuracy(scores: ArrayLike<number>, labels: ArrayLike<number>, threshold = 0.5): number {
  let right = 0;
  for (let i = 0; i < scores.length; i++) if ((scores[i]! >= threshold ? 1 : 0) === labels[i]) right++;
  return right / scores.length;
}

/** Mann–Whitney ROC AUC with ties counted half. */
function realizedAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const order = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  let negativesBelow = 0;
  let concordant = 0;
  let positives = 0;
  for (let i = 0; i < order.length; ) {
    let j = i;
    let pos = 0;
    let neg = 0;
    while (j < order.length && scores[order[j]!] === scores[order[i]!]) {
      if (labels[order[j]!]) pos++;
      else neg++;
      j++;
    }
    concordant += pos * (negativesBelow + neg / 2);
    negativesBelow += neg;
    positives += pos;
    i = j;
  }
  return concordant / (positives * negativesBelow);
}

describe('CBPE on calibrated scores', () => {
  it.each([
    ['uniform scores', (u: number) => u],
    ['confident model', (u: number) => (u < 0.5 ? 0.5 * (2 * u) ** 3 : 1 - 0.5 * (2 - 2 * u) ** 3)],
    ['mostly negative traffic', (u: number) => u ** 3],
  ])('estimates accuracy and ROC AUC within 0.01 of the realized values (%s)', (_name, shape) => {
    const { scores, labels } = calibratedTraffic(50_000, 7, shape);
    const estimate = estimateBinaryPerformance(scores);
    expect(estimate.rows).toBe(50_000);
    expect(Math.abs(estimate.accuracy! - realizedAccuracy(scores, labels))).toBeLessThan(0.01);
    expect(Math.abs(estimate.rocAuc! - realizedAuc(scores, labels))).toBeLessThan(0.01);
  });

  it('recovers from miscalibrated scores with an isotonic calibration fitted on labelled reference data', () => {
    // The model reports s = p², so raw scores understate the probability of a positive.
    const squash = (p: number) => p * p;
    const reference = calibratedTraffic(40_000, 11, (u) => u);
    const current = calibratedTraffic(40_000, 12, (u) => u);
    const referenceScores = reference.scores.map(squash);
    const currentScores = current.scores.map(squash);
    const calibration = fitIsotonicCalibration(referenceScores, reference.labels);
    const naive = estimateBinaryPerformance(currentScores);
    const calibrated = estimateBinaryPerformance(currentScores, { calibration });
    const truth = realizedAccuracy(currentScores, current.labels);
    expect(Math.abs(calibrated.accuracy! - truth)).toBeLessThan(0.01);
    expect(Math.abs(naive.accuracy! - truth)).toBeGreaterThan(0.05);
    expect(Math.abs(calibrated.rocAuc! - realizedAuc(currentScores, current.labels))).toBeLessThan(0.01);
  });
});

describe('CBPE edge cases', () => {
  it('gives nulls without scores and no AUC when one class is impossible', () => {
    expect(estimateBinaryPerformance(Float32Array.of(Number.NaN))).toEqual({ accuracy: null, rocAuc: null, rows: 0, threshold: 0.5 });
    const certain = estimateBinaryPerformance([1, 1, 1]);
    expect(certain.accuracy).toBe(1);
    expect(certain.rocAuc).toBeNull();
  });

  it('uses the given threshold', () => {
    expect(estimateBinaryPerformance([0.3, 0.3], { threshold: 0.2 }).accuracy).toBeCloseTo(0.3, 15);
    expect(estimateBinaryPerformance([0.3, 0.3]).accuracy).toBeCloseTo(0.7, 15);
  });

  it('fits a non-decreasing calibration that interpolates between knots and clips outside', () => {
    const calibration = fitIsotonicCalibration([0.1, 0.2, 0.3, 0.4], [0, 1, 0, 1]);
    expect(calibration).toEqual({ x: [0.1, 0.2, 0.3, 0.4], y: [0, 0.5, 0.5, 1] });
    expect(calibrate(calibration, 0.05)).toBe(0);
    expect(calibrate(calibration, 0.35)).toBeCloseTo(0.75, 15);
    expect(calibrate(calibration, 2)).toBe(1);
  });
});
