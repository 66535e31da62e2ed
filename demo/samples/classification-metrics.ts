import { rocAuc as rocAucOf } from '@/server/statistics/classification-metrics';

// Held-out metrics for a binary classifier, as CI would report them with a release.

export interface BinaryMetrics {
  auc: number;
  accuracy: number;
  log_loss: number;
  precision: number;
  recall: number;
  brier: number;
  positive_rate: number;
}

const THRESHOLD = 0.5;
// Clipping as scikit-learn's log_loss does, so a confident miss costs a lot but not Infinity.
const EPSILON = 1e-15;

export function binaryMetrics(labels: readonly number[], scores: readonly number[]): BinaryMetrics {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let correct = 0;
  let logLoss = 0;
  let brier = 0;
  labels.forEach((y, i) => {
    const p = scores[i]!;
    // Strictly above, as the ONNX `label` output (Greater) and scikit-learn predict() decide.
    const predicted = p > THRESHOLD ? 1 : 0;
    if (predicted === y) correct += 1;
    if (predicted === 1 && y === 1) tp += 1;
    if (predicted === 1 && y === 0) fp += 1;
    if (predicted === 0 && y === 1) fn += 1;
    const clipped = Math.min(1 - EPSILON, Math.max(EPSILON, p));
    logLoss -= y === 1 ? Math.log(clipped) : Math.log(1 - clipped);
    brier += (p - y) ** 2;
  });
  const n = labels.length;
  return {
    auc: rocAuc(labels, scores),
    accuracy: round(correct / n),
    log_loss: round(logLoss / n),
    precision: round(tp + fp === 0 ? 0 : tp / (tp + fp)),
    recall: round(tp + fn === 0 ? 0 : tp / (tp + fn)),
    brier: round(brier / n),
    positive_rate: round(labels.reduce((sum, y) => sum + y, 0) / n),
  };
}

/** Area under the ROC curve (the one implementation, server/statistics), NaN with a single class. */
export function rocAuc(labels: readonly number[], scores: readonly number[]): number {
  const auc = rocAucOf(scores, labels);
  return auc === null ? NaN : round(auc);
}

/** Six decimals: what a release report shows, and stable text in the manifest. */
function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
