import { type ConfusionMatrix } from '@/server/statistics/classification-metrics';
import { type ScoreBins } from './score-bins';

// Per-group rates from confusion counts, and per-group calibration from score bins. A rate
// whose denominator is 0 is null (undefined), never a made-up 0: Fairlearn's and AIF360's
// own fallbacks are applied where their conventions are reproduced, not here.

export interface GroupRates {
  count: number;
  /** count / rows in scope. */
  share: number | null;
  /** P(y = 1). */
  baseRate: number | null;
  /** P(ŷ = 1). */
  selectionRate: number | null;
  /** TP / (TP + FN): recall. */
  truePositiveRate: number | null;
  /** FP / (FP + TN). */
  falsePositiveRate: number | null;
  /** FN / (TP + FN). */
  falseNegativeRate: number | null;
  /** TN / (FP + TN). */
  trueNegativeRate: number | null;
  /** TP / (TP + FP). */
  precision: number | null;
  /** (TP + TN) / count. */
  accuracy: number | null;
}

/** The rates computed from counts (and resampled by the bootstrap). */
export const RATE_NAMES = [
  'baseRate',
  'selectionRate',
  'truePositiveRate',
  'falsePositiveRate',
  'falseNegativeRate',
  'trueNegativeRate',
  'precision',
  'accuracy',
] as const;
export type RateName = (typeof RATE_NAMES)[number];

function ratio(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator;
}

/** Rates of one group (or of pooled groups) from its confusion cells; total = rows in scope. */
export function ratesFromConfusion(cm: ConfusionMatrix, total: number): GroupRates {
  const count = cm.tp + cm.fp + cm.tn + cm.fn;
  const positives = cm.tp + cm.fn;
  const negatives = cm.fp + cm.tn;
  return {
    count,
    share: ratio(count, total),
    baseRate: ratio(positives, count),
    selectionRate: ratio(cm.tp + cm.fp, count),
    truePositiveRate: ratio(cm.tp, positives),
    falsePositiveRate: ratio(cm.fp, negatives),
    falseNegativeRate: ratio(cm.fn, positives),
    trueNegativeRate: ratio(cm.tn, negatives),
    precision: ratio(cm.tp, cm.tp + cm.fp),
    accuracy: ratio(cm.tp + cm.tn, count),
  };
}

/** One score decile of one group: expected (mean score) against observed (positive rate). */
export interface CalibrationBin {
  /** [lower, upper): deciles [0, 0.1), [0.1, 0.2), …, [0.9, 1]; 1.0 falls in the last. */
  lower: number;
  upper: number;
  count: number;
  /** Mean score in the decile: the predicted probability. */
  meanScore: number | null;
  /** Share of actual positives in the decile. */
  positiveRate: number | null;
}

/**
 * Calibration of each group over score deciles of the score value (not quantiles): decile d
 * holds d/10 ≤ s < (d+1)/10, the last also s = 1. Scores below 0 or above 1 are counted in
 * the first or last decile (ScoreBins.outsideUnitInterval says how many there were).
 */
export function calibrationByGroup(bins: ScoreBins): CalibrationBin[][] {
  const nb = bins.edges.length + 1;
  // Decile of each bin: the bins between consecutive decile edges (the edges include k/10).
  const decileOfBin = new Int32Array(nb);
  for (let b = 0; b < nb; b++) {
    const lowerEdge = b === 0 ? Number.NEGATIVE_INFINITY : bins.edges[b - 1]!;
    let d = 0;
    while (d < 9 && lowerEdge >= (d + 1) / 10) d++;
    decileOfBin[b] = d;
  }
  const result: CalibrationBin[][] = [];
  for (let g = 0; g < bins.groupCount; g++) {
    const count = new Float64Array(10);
    const positives = new Float64Array(10);
    const sums = new Float64Array(10);
    for (let b = 0; b < nb; b++) {
      const d = decileOfBin[b]!;
      const at = g * nb + b;
      count[d]! += bins.counts[2 * at]! + bins.counts[2 * at + 1]!;
      positives[d]! += bins.counts[2 * at + 1]!;
      sums[d]! += bins.scoreSums[at]!;
    }
    result.push(
      Array.from({ length: 10 }, (_, d) => ({
        lower: d / 10,
        upper: (d + 1) / 10,
        count: count[d]!,
        meanScore: ratio(sums[d]!, count[d]!),
        positiveRate: ratio(positives[d]!, count[d]!),
      })),
    );
  }
  return result;
}

/** Mean score per group from the score sums of countByGroup. */
export function meanScores(scoreSums: Float64Array, cells: Float64Array): (number | null)[] {
  return Array.from(scoreSums, (sum, g) => ratio(sum, cells[4 * g]! + cells[4 * g + 1]! + cells[4 * g + 2]! + cells[4 * g + 3]!));
}
