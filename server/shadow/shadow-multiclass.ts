import { MAX_CONFUSION_CLASSES } from '@/server/monitoring/realized-performance';
import type { BootstrapInterval } from '@/server/statistics/bootstrap';
import { compareClassifiers } from '@/server/statistics/classifier-comparison';
import type { McNemarResult } from '@/server/statistics/mcnemar';
import { multiclassConfusion, multiclassMetrics, type AveragedMetrics, type MulticlassMetrics } from '@/server/statistics/multiclass-metrics';
import { NO_CODE, type ShadowResultColumns } from './shadow-result-columns';

// A multiclass run's labelled comparison: both versions judged on the same rows, those whose
// ground truth and both predictions are declared classes (label codes 0 … K−1, the classes
// seed the dictionary; labels are normalized to class names before this runs). Per version
// the metrics scikit-learn defines (multiclass-metrics.ts); between them the accuracy
// difference with its paired bootstrap interval and McNemar's test on per-row correctness
// (classifier-comparison.ts: only correctness is paired, so the test holds for any number of
// classes). Rows left out are counted by reason, never guessed. Pure.

export interface MulticlassVersionMetrics {
  accuracy: number | null;
  macro: AveragedMetrics | null;
  micro: AveragedMetrics | null;
  weighted: AveragedMetrics | null;
  /** Rows = actual, columns = predicted, in `classes` order; null above MAX_CONFUSION_CLASSES classes. */
  confusion: number[][] | null;
}

export interface ClassScores {
  /** Rows this version predicted as the class. */
  predicted: number;
  precision: number | null;
  recall: number | null;
  f1: number | null;
}

export interface MulticlassClassRow {
  class: string;
  /** Paired rows whose ground truth is this class. */
  support: number;
  candidate: ClassScores;
  serving: ClassScores;
}

export interface MulticlassLabelled {
  kind: 'multiclass';
  /** Paired rows: ground truth and both predictions are declared classes. */
  rows: number;
  classes: string[];
  candidate: MulticlassVersionMetrics;
  serving: MulticlassVersionMetrics;
  perClass: MulticlassClassRow[];
  /** accuracy(candidate) − accuracy(serving) on the same rows. */
  accuracyDifference: { estimate: number; interval: BootstrapInterval | null; mcnemar: McNemarResult };
  outcomes: { bothRight: number; onlyCandidate: number; onlyServing: number; bothWrong: number };
  /** Labelled rows left out: the ground truth is no class, a version gave no class, or one outside the classes. */
  skipped: { labelNotAClass: number; noPrediction: number; predictionNotAClass: number };
}

function versionMetrics(metrics: MulticlassMetrics, matrix: number[][], k: number): MulticlassVersionMetrics {
  return {
    accuracy: metrics.accuracy,
    macro: metrics.macro,
    micro: metrics.micro,
    weighted: metrics.weighted,
    confusion: k <= MAX_CONFUSION_CLASSES ? matrix.slice(0, k).map((row) => row.slice(0, k)) : null,
  };
}

const scores = (m: MulticlassMetrics, c: number): ClassScores => {
  const { predicted, precision, recall, f1 } = m.perClass[c]!;
  return { predicted, precision, recall, f1 };
};

/** The comparison over a run's columns; null when no labelled row could be paired. */
export function compareMulticlassRun(c: ShadowResultColumns, classes: readonly string[]): MulticlassLabelled | null {
  const k = classes.length;
  const actual = new Int32Array(c.count);
  const candidate = new Int32Array(c.count);
  const serving = new Int32Array(c.count);
  const skipped = { labelNotAClass: 0, noPrediction: 0, predictionNotAClass: 0 };
  let n = 0;
  for (let i = 0; i < c.count; i++) {
    const truth = c.labels[i]!;
    if (truth === NO_CODE) continue;
    const cl = c.candidateLabels[i]!;
    const sl = c.servingLabels[i]!;
    if (truth >= k) skipped.labelNotAClass++;
    else if (cl === NO_CODE || sl === NO_CODE) skipped.noPrediction++;
    else if (cl >= k || sl >= k) skipped.predictionNotAClass++;
    else {
      actual[n] = truth;
      candidate[n] = cl;
      serving[n] = sl;
      n++;
    }
  }
  if (n === 0) return null;
  const comparison = compareClassifiers(actual.subarray(0, n), candidate.subarray(0, n), serving.subarray(0, n));
  const width = Math.max(k, 2);
  const candidateMatrix = multiclassConfusion(actual.subarray(0, n), candidate.subarray(0, n), width);
  const servingMatrix = multiclassConfusion(actual.subarray(0, n), serving.subarray(0, n), width);
  const candidateMetrics = multiclassMetrics(candidateMatrix);
  const servingMetrics = multiclassMetrics(servingMatrix);
  const o = comparison.outcomes;
  return {
    kind: 'multiclass',
    rows: n,
    classes: [...classes],
    candidate: versionMetrics(candidateMetrics, candidateMatrix, k),
    serving: versionMetrics(servingMetrics, servingMatrix, k),
    perClass: classes.map((name, i) => ({ class: name, support: candidateMetrics.perClass[i]!.support, candidate: scores(candidateMetrics, i), serving: scores(servingMetrics, i) })),
    accuracyDifference: comparison.accuracyDifference!,
    outcomes: { bothRight: o.bothRight, onlyCandidate: o.onlyA, onlyServing: o.onlyB, bothWrong: o.bothWrong },
    skipped,
  };
}
