import { checkClassIndex } from '@/server/statistics/multiclass-metrics';
import { calibrate, estimateBinaryPerformance, fitIsotonicCalibration, type ScoreCalibration } from './cbpe';

// Confidence-based performance estimation for multiclass classifiers, as NannyML documents it
// (docs/how_it_works/performance_estimation.rst, "Multiclass Classification"): performance
// estimated on unlabelled traffic from the model's own class probabilities, assumed calibrated.
//
// Method. Each class k is treated one-vs-rest, like a binary model whose prediction is
// "predicted class = k" and whose probability is p_k:
//   expected TP_k = Σ p_k over rows predicted k,  FP_k = Σ (1 − p_k) over rows predicted k,
//   expected FN_k = Σ p_k over rows predicted otherwise,  TN_k = Σ (1 − p_k) over those;
//   precision_k = TP/(TP + FP), recall_k = TP/(TP + FN), F1_k = 2TP/(2TP + FP + FN), and the
//   one-vs-rest ROC AUC_k as binary CBPE estimates it (cbpe.ts) on p_k.
// Macro averages are their unweighted means (null when any class's value is undefined, e.g. a
// class never predicted has no precision). Accuracy is the mean probability of the predicted
// class. The expected confusion matrix (rows actual, columns predicted) holds Σ p_j over the
// rows predicted k, as NannyML's multiclass confusion-matrix estimate.
// Calibration: optional, per class: an isotonic calibration fitted on labelled reference
// probabilities of that class ("label = k" against p_k; fitMulticlassCalibration), applied to
// p_k, after which each row is renormalized to sum to 1, as NannyML describes. Rows whose
// calibrated probabilities are all 0 cannot be renormalized and are left out (counted).
// Not done: NannyML first checks on three stratified splits of the reference whether
// calibration lowers the expected calibration error and calibrates only the classes where it
// does; here the caller decides (calibrate every class, or none). Without calibration the
// probabilities are used as given (clipped to [0, 1]).
// Regression has no counterpart here: NannyML's estimator for it (DLE) trains a second model
// on the reference errors, which Vigil does not do, so no regression performance is estimated.

export interface ClassEstimate {
  expected: { tp: number; fp: number; fn: number; tn: number };
  precision: number | null;
  recall: number | null;
  f1: number | null;
  rocAuc: number | null;
}

export interface MulticlassEstimate {
  /** Rows the estimate used. */
  rows: number;
  /** Rows left out because their calibrated probabilities were all 0. */
  uncalibratable: number;
  calibrated: boolean;
  accuracy: number | null;
  perClass: ClassEstimate[];
  macro: { precision: number | null; recall: number | null; f1: number | null; rocAuc: number | null };
  /** Expected counts, rows = actual class, columns = predicted class. */
  expectedConfusion: number[][];
}

/** One isotonic calibration per class, fitted on labelled reference probabilities (row-major n × K). */
export function fitMulticlassCalibration(probabilities: ArrayLike<number>, actual: ArrayLike<number>, classes: number): ScoreCalibration[] {
  if (probabilities.length !== actual.length * classes) throw new RangeError(`${probabilities.length} probabilities for ${actual.length} rows × ${classes} classes`);
  for (let i = 0; i < actual.length; i++) checkClassIndex(actual[i]!, classes, 'label', i);
  const column = new Float64Array(actual.length);
  const isClass = new Uint8Array(actual.length);
  return Array.from({ length: classes }, (_, k) => {
    for (let i = 0; i < actual.length; i++) {
      column[i] = probabilities[i * classes + k]!;
      isClass[i] = actual[i] === k ? 1 : 0;
    }
    return fitIsotonicCalibration(column, isClass);
  });
}

const ratio = (numerator: number, denominator: number) => (denominator > 0 ? numerator / denominator : null);

export function estimateMulticlassPerformance(
  predicted: ArrayLike<number>,
  probabilities: ArrayLike<number>,
  classes: number,
  options: { calibration?: readonly ScoreCalibration[] } = {},
): MulticlassEstimate {
  const n = predicted.length;
  if (!Number.isInteger(classes) || classes < 2) throw new RangeError(`need at least 2 classes, got ${classes}`);
  if (probabilities.length !== n * classes) throw new RangeError(`${probabilities.length} probabilities for ${n} rows × ${classes} classes`);
  const calibration = options.calibration;
  if (calibration && calibration.length !== classes) throw new RangeError(`${calibration.length} calibrations for ${classes} classes`);

  // Calibrated (or clipped) probabilities of the rows kept, and their predicted classes.
  const p = new Float64Array(n * classes);
  const kept = new Int32Array(n);
  let rows = 0;
  for (let i = 0; i < n; i++) {
    checkClassIndex(predicted[i]!, classes, 'prediction', i);
    let sum = 0;
    for (let k = 0; k < classes; k++) {
      const raw = probabilities[i * classes + k]!;
      if (Number.isNaN(raw)) throw new RangeError(`probability at row ${i} is NaN`);
      const value = calibrate(calibration?.[k], raw);
      p[rows * classes + k] = value;
      sum += value;
    }
    if (calibration) {
      if (sum === 0) continue;
      for (let k = 0; k < classes; k++) p[rows * classes + k]! /= sum;
    }
    kept[rows++] = predicted[i]!;
  }

  const expectedConfusion = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  const columnSums = new Array<number>(classes).fill(0);
  let accuracySum = 0;
  for (let r = 0; r < rows; r++) {
    const predictedClass = kept[r]!;
    accuracySum += p[r * classes + predictedClass]!;
    for (let j = 0; j < classes; j++) {
      const value = p[r * classes + j]!;
      expectedConfusion[j]![predictedClass]! += value;
      columnSums[j]! += value;
    }
  }
  const predictedCount = new Array<number>(classes).fill(0);
  for (let r = 0; r < rows; r++) predictedCount[kept[r]!]!++;

  const column = new Float64Array(rows);
  const perClass: ClassEstimate[] = [];
  for (let k = 0; k < classes; k++) {
    const tp = expectedConfusion[k]![k]!;
    const fp = predictedCount[k]! - tp;
    const fn = columnSums[k]! - tp;
    const tn = rows - predictedCount[k]! - fn;
    for (let r = 0; r < rows; r++) column[r] = p[r * classes + k]!;
    perClass.push({
      expected: { tp, fp, fn, tn },
      precision: ratio(tp, tp + fp),
      recall: ratio(tp, tp + fn),
      f1: ratio(2 * tp, 2 * tp + fp + fn),
      rocAuc: estimateBinaryPerformance(column).rocAuc,
    });
  }
  const macro = (key: 'precision' | 'recall' | 'f1' | 'rocAuc') => {
    const values = perClass.map((c) => c[key]);
    return rows === 0 || values.some((v) => v === null) ? null : (values as number[]).reduce((s, v) => s + v, 0) / classes;
  };
  return {
    rows,
    uncalibratable: n - rows,
    calibrated: Boolean(calibration),
    accuracy: ratio(accuracySum, rows),
    perClass,
    macro: { precision: macro('precision'), recall: macro('recall'), f1: macro('f1'), rocAuc: macro('rocAuc') },
    expectedConfusion,
  };
}
