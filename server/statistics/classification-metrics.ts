// Binary classification metrics as scikit-learn defines them, on plain arrays or on counts
// (so callers that aggregate in SQL get the same numbers). Pure: no I/O.
//
// "Positive" is the model's second class (label.classes[1]). Where scikit-learn would divide
// by zero (precision with no predicted positive, recall with no actual positive, F1 when there
// is no positive at all, ROC AUC with a single class) these functions return null instead of
// sklearn's zero_division fallback, so a page can say "undefined" rather than show a made-up 0.

export interface ConfusionMatrix {
  /** Actual positive, predicted positive. */
  tp: number;
  /** Actual negative, predicted positive. */
  fp: number;
  /** Actual negative, predicted negative. */
  tn: number;
  /** Actual positive, predicted negative. */
  fn: number;
}

export interface BinaryMetrics {
  count: number;
  accuracy: number | null;
  precision: number | null;
  recall: number | null;
  f1: number | null;
}

type Binary = ArrayLike<number | boolean>;

function isPositive(value: number | boolean): boolean {
  return value === true || value === 1;
}

/** Counts one (actual, predicted) pair into its cell. */
export function countOutcome(cm: ConfusionMatrix, actualPositive: boolean, predictedPositive: boolean): void {
  if (actualPositive) {
    if (predictedPositive) cm.tp += 1;
    else cm.fn += 1;
  } else if (predictedPositive) cm.fp += 1;
  else cm.tn += 1;
}

/** sklearn.metrics.confusion_matrix(actual, predicted, labels=[0, 1]) as named cells. */
export function confusionMatrix(actual: Binary, predicted: Binary): ConfusionMatrix {
  if (actual.length !== predicted.length) throw new RangeError(`confusionMatrix: ${actual.length} actual values but ${predicted.length} predictions`);
  const cm: ConfusionMatrix = { tp: 0, fp: 0, tn: 0, fn: 0 };
  for (let i = 0; i < actual.length; i++) countOutcome(cm, isPositive(actual[i]!), isPositive(predicted[i]!));
  return cm;
}

/** accuracy_score, precision_score, recall_score and f1_score (binary, pos_label = 1) from a confusion matrix. */
export function binaryMetrics(cm: ConfusionMatrix): BinaryMetrics {
  const count = cm.tp + cm.fp + cm.tn + cm.fn;
  const ratio = (numerator: number, denominator: number) => (denominator === 0 ? null : numerator / denominator);
  return {
    count,
    accuracy: ratio(cm.tp + cm.tn, count),
    precision: ratio(cm.tp, cm.tp + cm.fp),
    recall: ratio(cm.tp, cm.tp + cm.fn),
    // sklearn ≥ 1.3 computes F1 as 2·tp / (2·tp + fp + fn), defined unless there is no positive at all.
    f1: ratio(2 * cm.tp, 2 * cm.tp + cm.fp + cm.fn),
  };
}

/** Rows sharing one score: how many of them are actual positives and negatives. */
export interface ScoreGroup {
  score: number;
  positives: number;
  negatives: number;
}

/**
 * Area under the ROC curve from rows grouped by distinct score, in any order: the probability
 * that a random positive scores above a random negative, ties counting one half. This equals
 * sklearn's roc_auc_score (trapezoidal rule over the curve's distinct thresholds, which is
 * exactly the Mann–Whitney statistic with mid-ranks). The sums are integers (or halves) below
 * 2^53 for any realistic count, so the only rounding is the final division.
 */
export function rocAucFromGroups(groups: Iterable<ScoreGroup>): number | null {
  const sorted = [...groups].sort((x, y) => x.score - y.score);
  let positives = 0;
  let negatives = 0;
  for (const g of sorted) {
    if (!Number.isFinite(g.score)) throw new RangeError(`rocAuc: score ${g.score} is not a finite number`);
    positives += g.positives;
    negatives += g.negatives;
  }
  if (positives === 0 || negatives === 0) return null;
  let negativesBelow = 0;
  // Twice the Mann–Whitney U, to stay in integers.
  let doubledU = 0;
  for (let i = 0; i < sorted.length; ) {
    // Merge groups with an equal score (callers may pass them unmerged).
    let pos = 0;
    let neg = 0;
    const score = sorted[i]!.score;
    for (; i < sorted.length && sorted[i]!.score === score; i++) {
      pos += sorted[i]!.positives;
      neg += sorted[i]!.negatives;
    }
    doubledU += pos * (2 * negativesBelow + neg);
    negativesBelow += neg;
  }
  return doubledU / (2 * positives * negatives);
}

/** Groups (score, actual) pairs by distinct score. */
export function scoreGroups(scores: ArrayLike<number>, actual: Binary): ScoreGroup[] {
  if (scores.length !== actual.length) throw new RangeError(`rocAuc: ${scores.length} scores but ${actual.length} actual values`);
  const byScore = new Map<number, ScoreGroup>();
  for (let i = 0; i < scores.length; i++) {
    const score = scores[i]!;
    // Map keys compare -0 and +0 as equal, as sklearn's thresholds do.
    let group = byScore.get(score);
    if (!group) {
      group = { score, positives: 0, negatives: 0 };
      byScore.set(score, group);
    }
    if (isPositive(actual[i]!)) group.positives += 1;
    else group.negatives += 1;
  }
  return [...byScore.values()];
}

/** sklearn.metrics.roc_auc_score(actual, scores) for binary labels; null when only one class is present. */
export function rocAuc(scores: ArrayLike<number>, actual: Binary): number | null {
  return rocAucFromGroups(scoreGroups(scores, actual));
}

/** The Mann–Whitney sums behind ROC AUC, kept as counts so they can be reported or merged. */
export interface MannWhitneyCounts {
  /** 2·U: Σ over positives of (2 · negatives scored lower + negatives tied). */
  doubledU: number;
  positives: number;
  negatives: number;
}

/**
 * Mann–Whitney counts from the positives' and the negatives' scores, each sorted ascending
 * (no NaN): one merge pass, for samples of millions where grouping by score in a Map would
 * not keep up. rocAucFromCounts turns them into sklearn's roc_auc_score.
 */
export function mannWhitneyFromSorted(positives: ArrayLike<number>, negatives: ArrayLike<number>): MannWhitneyCounts {
  let below = 0;
  let notAbove = 0;
  let doubledU = 0;
  for (let i = 0; i < positives.length; i++) {
    const score = positives[i]!;
    while (below < negatives.length && negatives[below]! < score) below++;
    if (notAbove < below) notAbove = below;
    while (notAbove < negatives.length && negatives[notAbove]! <= score) notAbove++;
    doubledU += below + notAbove;
  }
  return { doubledU, positives: positives.length, negatives: negatives.length };
}

/** ROC AUC from Mann–Whitney counts; null with a single class. */
export function rocAucFromCounts(counts: MannWhitneyCounts | null): number | null {
  if (!counts || counts.positives === 0 || counts.negatives === 0) return null;
  return counts.doubledU / (2 * counts.positives * counts.negatives);
}
