// Multiclass classification metrics from the confusion matrix, as scikit-learn defines them
// (confusion_matrix, accuracy_score, precision_recall_fscore_support with average=None,
// 'macro', 'micro', 'weighted'). Classes are indices 0 … K−1 into the model's declared
// classes. Pure: no I/O.
//
// Zero division, stated: scikit-learn's default (zero_division="warn") counts a precision with
// no predicted row, or a recall with no actual row, as 0, in the per-class values and in the
// averages. The averages here are exactly sklearn's (undefined values count as 0); the
// per-class table instead says null where the value is undefined, so a page shows "undefined"
// rather than a made-up 0 (F1 is null only for a class neither predicted nor labelled).
// Which classes are averaged, stated: sklearn's default labels=None, i.e. the classes that
// occur among the labels or the predictions; a declared class absent from both is listed
// (support 0, nulls) but left out of the averages. F1 = 2PR / (P + R), 0 when P + R = 0
// (sklearn 1.2's formula; equal to 2·tp / (2·tp + fp + fn) wherever that is defined).

export interface ClassMetrics {
  /** Rows whose label is this class. */
  support: number;
  /** Rows predicted as this class. */
  predicted: number;
  truePositives: number;
  precision: number | null;
  recall: number | null;
  f1: number | null;
}

export interface AveragedMetrics {
  precision: number;
  recall: number;
  f1: number;
}

export interface MulticlassMetrics {
  count: number;
  accuracy: number | null;
  perClass: ClassMetrics[];
  /** Classes counted in the averages (present among labels or predictions). */
  averagedClasses: number[];
  macro: AveragedMetrics | null;
  micro: AveragedMetrics | null;
  weighted: AveragedMetrics | null;
}

/** Rows = actual class, columns = predicted class: sklearn's confusion_matrix(actual, predicted, labels=range(K)). */
export type MulticlassConfusion = number[][];

export function checkClassIndex(value: number, classes: number, what: string, row: number): void {
  if (!Number.isInteger(value) || value < 0 || value >= classes) throw new RangeError(`${what} at row ${row} is ${value}, not a class index in 0…${classes - 1}`);
}

export function multiclassConfusion(actual: ArrayLike<number>, predicted: ArrayLike<number>, classes: number): MulticlassConfusion {
  if (!Number.isInteger(classes) || classes < 2) throw new RangeError(`multiclassConfusion: need at least 2 classes, got ${classes}`);
  if (actual.length !== predicted.length) throw new RangeError(`multiclassConfusion: ${actual.length} labels but ${predicted.length} predictions`);
  const matrix = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  for (let i = 0; i < actual.length; i++) {
    checkClassIndex(actual[i]!, classes, 'label', i);
    checkClassIndex(predicted[i]!, classes, 'prediction', i);
    matrix[actual[i]!]![predicted[i]!]!++;
  }
  return matrix;
}

const zeroIfUndefined = (numerator: number, denominator: number) => (denominator === 0 ? 0 : numerator / denominator);
const fScore = (precision: number, recall: number) => (precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall));

export function multiclassMetrics(matrix: MulticlassConfusion): MulticlassMetrics {
  const k = matrix.length;
  let count = 0;
  let correct = 0;
  const perClass: ClassMetrics[] = [];
  for (let c = 0; c < k; c++) {
    let support = 0;
    let predicted = 0;
    for (let j = 0; j < k; j++) {
      support += matrix[c]![j]!;
      predicted += matrix[j]![c]!;
    }
    const tp = matrix[c]![c]!;
    count += support;
    correct += tp;
    perClass.push({
      support,
      predicted,
      truePositives: tp,
      precision: predicted === 0 ? null : tp / predicted,
      recall: support === 0 ? null : tp / support,
      f1: support + predicted === 0 ? null : fScore(zeroIfUndefined(tp, predicted), zeroIfUndefined(tp, support)),
    });
  }
  const averagedClasses = perClass.flatMap((c, i) => (c.support > 0 || c.predicted > 0 ? [i] : []));
  if (count === 0) return { count, accuracy: null, perClass, averagedClasses, macro: null, micro: null, weighted: null };

  // sklearn's values per averaged class: undefined precision or recall counted as 0.
  const values = averagedClasses.map((i) => {
    const c = perClass[i]!;
    const precision = zeroIfUndefined(c.truePositives, c.predicted);
    const recall = zeroIfUndefined(c.truePositives, c.support);
    return { precision, recall, f1: fScore(precision, recall), support: c.support };
  });
  const macro = {
    precision: values.reduce((s, v) => s + v.precision, 0) / values.length,
    recall: values.reduce((s, v) => s + v.recall, 0) / values.length,
    f1: values.reduce((s, v) => s + v.f1, 0) / values.length,
  };
  const weighted = {
    precision: values.reduce((s, v) => s + v.support * v.precision, 0) / count,
    recall: values.reduce((s, v) => s + v.support * v.recall, 0) / count,
    f1: values.reduce((s, v) => s + v.support * v.f1, 0) / count,
  };
  // Over the averaged classes every row is one predicted and one actual: micro P = R = accuracy.
  const microPrecision = correct / count;
  const micro = { precision: microPrecision, recall: microPrecision, f1: fScore(microPrecision, microPrecision) };
  return { count, accuracy: correct / count, perClass, averagedClasses, macro, micro, weighted };
}
