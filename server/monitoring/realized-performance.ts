import type { Label, TaskType } from '@/server/registry/feature-schema';
import { normalizeLabel, positiveClass } from '@/server/registry/label-classes';
import { numericValue } from '@/server/registry/numeric-label';
import { binaryMetrics, confusionMatrix, rocAuc, type ConfusionMatrix } from '@/server/statistics/classification-metrics';
import { multiclassConfusion, multiclassMetrics, type AveragedMetrics } from '@/server/statistics/multiclass-metrics';
import { multiclassLogLoss, oneVsRestRocAuc, type OneVsRestRocAuc } from '@/server/statistics/multiclass-probability-metrics';
import { regressionMetrics, residualDistribution, type ResidualDistribution } from '@/server/statistics/regression-metrics';
import { DEFAULT_DECISION_THRESHOLD } from '@/server/onnx/decision-rule';
import type { EventBatch } from '@/server/traffic/event-batch';

// Realized performance: a model's metrics on the events of a window whose ground truth has
// arrived, per task type, from what an event stores (prediction.score as a 4-byte real,
// prediction.label, and the label attached later as text). Pure.
//
//   binary:      prediction = the logged label when present, else score ≥ the decision
//                threshold of the version that served the event (0.5 unless stated at
//                registration; the rule the hourly rollups' triggers and shadow replay also
//                use); accuracy, precision, recall, F1, ROC AUC.
//   multiclass:  prediction = the logged label (a class); labels and predictions are class
//                names or indices into the declared classes; accuracy, macro/micro/weighted
//                precision, recall, F1, per-class table, confusion matrix; log loss and
//                one-vs-rest ROC AUC (macro, weighted) on the judged events that carry
//                prediction.probabilities (in the declared class order), with `probabilityRows`
//                saying how many; `notComputed` says why when none does.
//   regression:  prediction = the score (the predicted value), else a numeric logged label;
//                the label parsed as a decimal number; MAE, RMSE, R², MAPE, residuals.
// Rows that cannot be judged (no usable prediction, a label outside the classes or not a
// number) are left out and counted in `skipped`, never guessed.

/** Confusion matrices above this many classes are not stored (K² cells per report). */
export const MAX_CONFUSION_CLASSES = 30;

export interface BinaryRealized {
  task: 'binary_classification';
  labeled: number;
  positiveClass: string;
  accuracy: number | null;
  precision: number | null;
  recall: number | null;
  f1: number | null;
  rocAuc: number | null;
  confusion: ConfusionMatrix;
}

export interface MulticlassClassRow {
  class: string;
  support: number;
  predicted: number;
  precision: number | null;
  recall: number | null;
  f1: number | null;
}

export interface MulticlassRealized {
  task: 'multiclass_classification';
  labeled: number;
  classes: string[];
  accuracy: number | null;
  macro: AveragedMetrics | null;
  micro: AveragedMetrics | null;
  weighted: AveragedMetrics | null;
  perClass: MulticlassClassRow[];
  /** Rows = actual, columns = predicted, in `classes` order; null above MAX_CONFUSION_CLASSES classes. */
  confusion: number[][] | null;
  skipped: { labelNotAClass: number; noPredictedClass: number };
  /** Log loss and one-vs-rest ROC AUC on the judged events with probabilities; null when none has them (reports before issue 19 lack it). */
  probabilityMetrics?: MulticlassProbabilityMetrics | null;
  /** Why log loss and ROC AUC are missing or partial, in words; null when every judged event had probabilities. */
  notComputed: string | null;
}

export interface MulticlassProbabilityMetrics {
  /** Judged events that carried probabilities: the sample of these metrics. */
  rows: number;
  logLoss: number | null;
  rocAuc: OneVsRestRocAuc;
}

export interface RegressionRealized {
  task: 'regression';
  labeled: number;
  mae: number | null;
  rmse: number | null;
  r2: number | null;
  r2Undefined: string | null;
  mape: number | null;
  mapeUndefined: string | null;
  /** Residual = label − prediction. */
  residuals: ResidualDistribution;
  skipped: { labelNotANumber: number; noPrediction: number };
}

export type RealizedPerformance = BinaryRealized | MulticlassRealized | RegressionRealized;

/** Version id → decision threshold (server/registry/inference-artifact.ts reads them); a version not in it decides at 0.5. */
export type VersionThresholds = ReadonlyMap<string, number>;

function binaryRealized(events: EventBatch, label: Pick<Label, 'classes'>, thresholds: VersionThresholds): BinaryRealized | null {
  const positive = positiveClass(label);
  const actual: number[] = [];
  const predicted: number[] = [];
  const scores: number[] = [];
  for (let i = 0; i < events.count; i++) {
    const truth = events.labels[i];
    if (truth === null || truth === undefined) continue;
    const score = events.scores[i]!;
    const logged = events.predictedLabels[i];
    if (logged === null && Number.isNaN(score)) continue;
    actual.push(normalizeLabel(truth, label) === positive ? 1 : 0);
    const threshold = thresholds.get(events.versionIds[i]!) ?? DEFAULT_DECISION_THRESHOLD;
    predicted.push(logged !== null && logged !== undefined ? (normalizeLabel(logged, label) === positive ? 1 : 0) : score >= threshold ? 1 : 0);
    if (!Number.isNaN(score)) scores.push(score);
  }
  if (actual.length === 0) return null;
  const confusion = confusionMatrix(actual, predicted);
  const metrics = binaryMetrics(confusion);
  return {
    task: 'binary_classification',
    labeled: actual.length,
    positiveClass: positive,
    accuracy: metrics.accuracy,
    precision: metrics.precision,
    recall: metrics.recall,
    f1: metrics.f1,
    // AUC only when every judged row has a score: a partial ranking would be another sample.
    rocAuc: scores.length === actual.length ? rocAuc(scores, actual) : null,
    confusion,
  };
}

function multiclassRealized(events: EventBatch, label: Pick<Label, 'classes'>): MulticlassRealized | null {
  const declared = label.classes;
  const labelled: { truth: string; predicted: string | null; probabilities: Float32Array | null }[] = [];
  for (let i = 0; i < events.count; i++) {
    const truth = events.labels[i];
    if (truth === null || truth === undefined) continue;
    const logged = events.predictedLabels[i];
    labelled.push({ truth: normalizeLabel(truth, label), predicted: logged === null || logged === undefined ? null : normalizeLabel(logged, label), probabilities: events.probabilities[i] ?? null });
  }
  if (labelled.length === 0) return null;
  // Without declared classes, the classes seen (sorted, as scikit-learn's unique_labels).
  const classes = declared ?? [...new Set(labelled.flatMap((r) => (r.predicted === null ? [r.truth] : [r.truth, r.predicted])))].sort();
  const index = new Map(classes.map((c, i) => [c, i]));
  const actual: number[] = [];
  const predicted: number[] = [];
  // Probabilities are stored in the declared class order, so only a model with declared classes has them.
  const withProbabilities: number[] = [];
  const probabilities: number[] = [];
  const skipped = { labelNotAClass: 0, noPredictedClass: 0 };
  for (const row of labelled) {
    const a = index.get(row.truth);
    const p = row.predicted === null ? undefined : index.get(row.predicted);
    if (a === undefined) skipped.labelNotAClass++;
    else if (p === undefined) skipped.noPredictedClass++;
    else {
      actual.push(a);
      predicted.push(p);
      if (declared && row.probabilities && row.probabilities.length === classes.length) {
        withProbabilities.push(a);
        for (const value of row.probabilities) probabilities.push(value);
      }
    }
  }
  const k = Math.max(classes.length, 2);
  const matrix = multiclassConfusion(actual, predicted, k);
  const metrics = multiclassMetrics(matrix);
  const probabilityMetrics: MulticlassProbabilityMetrics | null =
    withProbabilities.length > 0 && classes.length >= 2
      ? { rows: withProbabilities.length, logLoss: multiclassLogLoss(withProbabilities, probabilities, classes.length), rocAuc: oneVsRestRocAuc(withProbabilities, probabilities, classes.length) }
      : null;
  return {
    task: 'multiclass_classification',
    labeled: actual.length,
    classes,
    accuracy: metrics.accuracy,
    macro: metrics.macro,
    micro: metrics.micro,
    weighted: metrics.weighted,
    perClass: classes.map((c, i) => {
      const { support, predicted: predictedCount, precision, recall, f1 } = metrics.perClass[i]!;
      return { class: c, support, predicted: predictedCount, precision, recall, f1 };
    }),
    confusion: classes.length <= MAX_CONFUSION_CLASSES ? matrix.slice(0, classes.length).map((row) => row.slice(0, classes.length)) : null,
    skipped,
    probabilityMetrics,
    notComputed: probabilityNote(withProbabilities.length, actual.length),
  };
}

function probabilityNote(withProbabilities: number, judged: number): string | null {
  if (judged === 0 || withProbabilities === judged) return null;
  if (withProbabilities === 0) return 'Log loss and one-vs-rest ROC AUC are not computed: no labelled event of this window carries class probabilities (send prediction.probabilities with each event).';
  return `Log loss and one-vs-rest ROC AUC use the ${withProbabilities.toLocaleString('en-US')} of ${judged.toLocaleString('en-US')} labelled events that carry class probabilities; the other metrics use all ${judged.toLocaleString('en-US')}.`;
}

function regressionRealized(events: EventBatch): RegressionRealized | null {
  const actual: number[] = [];
  const predicted: number[] = [];
  const skipped = { labelNotANumber: 0, noPrediction: 0 };
  for (let i = 0; i < events.count; i++) {
    const truth = events.labels[i];
    if (truth === null || truth === undefined) continue;
    const y = numericValue(truth);
    const score = events.scores[i]!;
    const logged = events.predictedLabels[i];
    const prediction = !Number.isNaN(score) ? score : logged === null || logged === undefined ? null : numericValue(logged);
    if (y === null) skipped.labelNotANumber++;
    else if (prediction === null) skipped.noPrediction++;
    else {
      actual.push(y);
      predicted.push(prediction);
    }
  }
  if (actual.length === 0 && skipped.labelNotANumber === 0 && skipped.noPrediction === 0) return null;
  const metrics = regressionMetrics(actual, predicted);
  return {
    task: 'regression',
    labeled: metrics.count,
    mae: metrics.mae,
    rmse: metrics.rmse,
    r2: metrics.r2,
    r2Undefined: metrics.r2Undefined,
    mape: metrics.mape,
    mapeUndefined: metrics.mapeUndefined,
    residuals: residualDistribution(actual, predicted),
    skipped,
  };
}

/** Realized performance of a window for the model's task type; null when no event has a label. */
export function realizedTaskPerformance(
  events: EventBatch,
  model: { taskType: TaskType | string; label: Pick<Label, 'classes'> },
  thresholds: VersionThresholds = new Map(),
): RealizedPerformance | null {
  if (model.taskType === 'regression') return regressionRealized(events);
  if (model.taskType === 'multiclass_classification') return multiclassRealized(events, model.label);
  return binaryRealized(events, model.label, thresholds);
}

/**
 * Accuracy and ROC AUC of a binary classifier on a window's labelled events (the numbers the
 * performance alerts compare); null when none is labelled.
 */
export function realizedPerformance(events: EventBatch, label: Pick<Label, 'classes'>, thresholds: VersionThresholds = new Map()) {
  const realized = binaryRealized(events, label, thresholds);
  return realized && { labeled: realized.labeled, accuracy: realized.accuracy, rocAuc: realized.rocAuc };
}
