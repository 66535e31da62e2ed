import { sortFloat64InPlace } from '@/server/statistics/radix-sort';

// Confidence-based performance estimation (CBPE, as NannyML's CBPE for binary classification):
// estimating a classifier's accuracy and ROC AUC on unlabeled traffic from its own scores,
// under the assumption that the scores are calibrated probabilities, P(y = 1 | score) = p.
//
// Method. Each row's calibrated probability p is its expected label, so
//   - expected accuracy at threshold t: mean over rows of p when score ≥ t (predicted
//     positive, right with probability p), else 1 − p;
//   - expected ROC AUC: the ROC curve drawn with expected confusion counts, i.e. at each
//     threshold TP = Σ p and FP = Σ (1 − p) over rows scored at or above it (NannyML's
//     _estimate_roc_auc), closed at (0, 0) as scikit-learn's roc_curve is; its area equals
//       Σ_{i,j} p_i (1 − p_j) ([s_i > s_j] + ½[s_i = s_j]) / (Σ p · Σ (1 − p)),
//     computed after one sort of the scores. Rows are ranked by the raw score (the
//     classifier's ranking) and weighted by their calibrated p.
// Calibration: scores are used as probabilities (clipped to [0, 1]) unless a calibration is
// given; fitIsotonicCalibration fits one on labelled reference scores (isotonic regression by
// pool-adjacent-violators, applied with linear interpolation and clipped at the ends, as
// scikit-learn's IsotonicRegression(out_of_bounds='clip') which NannyML uses).
// The estimate is only as good as the calibration and the assumption that P(y | score) has
// not changed (no concept drift); NaN scores are skipped; no score at all gives nulls.

export const CBPE_DEFAULT_THRESHOLD = 0.5;

export interface ScoreCalibration {
  /** Increasing score knots. */
  x: number[];
  /** Calibrated probability at each knot (non-decreasing). */
  y: number[];
}

export interface PerformanceEstimate {
  accuracy: number | null;
  rocAuc: number | null;
  /** Scored rows the estimate used. */
  rows: number;
  threshold: number;
}

export interface EstimateOptions {
  threshold?: number;
  calibration?: ScoreCalibration;
}

/** Isotonic (non-decreasing) fit of labels on scores, by pool-adjacent-violators. */
export function fitIsotonicCalibration(scores: ArrayLike<number>, labels: ArrayLike<number | boolean>): ScoreCalibration {
  if (scores.length !== labels.length) throw new RangeError(`fitIsotonicCalibration: ${scores.length} scores but ${labels.length} labels`);
  const order: number[] = [];
  for (let i = 0; i < scores.length; i++) if (Number.isFinite(scores[i]!)) order.push(i);
  order.sort((a, b) => scores[a]! - scores[b]!);
  // One point per distinct score (mean label, weight = count), then pool violators.
  const xs: number[] = [];
  const sums: number[] = [];
  const weights: number[] = [];
  for (const i of order) {
    const label = Number(labels[i]!) > 0 ? 1 : 0;
    if (xs.length && xs[xs.length - 1] === scores[i]) {
      sums[sums.length - 1]! += label;
      weights[weights.length - 1]!++;
    } else {
      xs.push(scores[i]!);
      sums.push(label);
      weights.push(1);
    }
  }
  const blockSum: number[] = [];
  const blockWeight: number[] = [];
  const blockEnd: number[] = [];
  for (let k = 0; k < xs.length; k++) {
    blockSum.push(sums[k]!);
    blockWeight.push(weights[k]!);
    blockEnd.push(k);
    while (blockSum.length > 1) {
      const last = blockSum.length - 1;
      if (blockSum[last - 1]! / blockWeight[last - 1]! <= blockSum[last]! / blockWeight[last]!) break;
      blockSum[last - 1]! += blockSum[last]!;
      blockWeight[last - 1]! += blockWeight[last]!;
      blockEnd[last - 1] = blockEnd[last]!;
      blockSum.pop();
      blockWeight.pop();
      blockEnd.pop();
    }
  }
  const y = new Array<number>(xs.length);
  let start = 0;
  for (let b = 0; b < blockEnd.length; b++) {
    const value = blockSum[b]! / blockWeight[b]!;
    for (let k = start; k <= blockEnd[b]!; k++) y[k] = value;
    start = blockEnd[b]! + 1;
  }
  return { x: xs, y };
}

/** Calibrated probability of one score (np.interp on the knots, clipped at both ends). */
export function calibrate(calibration: ScoreCalibration | undefined, score: number): number {
  if (!calibration || calibration.x.length === 0) return score < 0 ? 0 : score > 1 ? 1 : score;
  const { x, y } = calibration;
  if (score <= x[0]!) return y[0]!;
  const last = x.length - 1;
  if (score >= x[last]!) return y[last]!;
  let lo = 0;
  let hi = last;
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (x[mid]! <= score) lo = mid;
    else hi = mid;
  }
  const t = (score - x[lo]!) / (x[hi]! - x[lo]!);
  return y[lo]! + t * (y[hi]! - y[lo]!);
}

export function estimateBinaryPerformance(scores: ArrayLike<number>, options: EstimateOptions = {}): PerformanceEstimate {
  const threshold = options.threshold ?? CBPE_DEFAULT_THRESHOLD;
  const sorted = new Float64Array(scores.length);
  let n = 0;
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i]!;
    if (s === s) sorted[n++] = s;
  }
  if (n === 0) return { accuracy: null, rocAuc: null, rows: 0, threshold };
  const ranked = sortFloat64InPlace(sorted.subarray(0, n));

  let expectedCorrect = 0;
  let positiveWeight = 0;
  let negativeWeight = 0;
  let negativeBelow = 0;
  let concordant = 0;
  for (let i = 0; i < n; ) {
    const score = ranked[i]!;
    const p = calibrate(options.calibration, score);
    let j = i;
    while (j < n && ranked[j] === score) j++;
    const count = j - i;
    const groupPositive = count * p;
    const groupNegative = count * (1 - p);
    expectedCorrect += score >= threshold ? groupPositive : groupNegative;
    concordant += groupPositive * (negativeBelow + groupNegative / 2);
    negativeBelow += groupNegative;
    positiveWeight += groupPositive;
    negativeWeight += groupNegative;
    i = j;
  }
  const rocAuc = positiveWeight > 0 && negativeWeight > 0 ? concordant / (positiveWeight * negativeWeight) : null;
  return { accuracy: expectedCorrect / n, rocAuc, rows: n, threshold };
}
