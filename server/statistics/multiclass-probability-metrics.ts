import { mannWhitneyFromSorted, rocAucFromCounts } from './classification-metrics';
import { CompensatedSum } from './compensated-sum';
import { checkClassIndex } from './multiclass-metrics';
import { sortFloat64InPlace } from './radix-sort';

// Metrics of a multiclass model's class probabilities, as scikit-learn defines them:
// log_loss(actual, probabilities, labels=range(K)) and roc_auc_score(actual, probabilities,
// multi_class='ovr', average='macro' | 'weighted', labels=range(K)). Probabilities are a
// row-major n × K matrix, column k = the model's probability of class k. Pure.
//
// Log loss, stated: each probability is clipped to [ε, 1 − ε] with ε = 2⁻⁵² (float64 machine
// epsilon, sklearn 1.2's eps='auto' for float64 input), each row is renormalized to sum to 1,
// and the loss is the mean of −ln(probability of the true class).
// One-vs-rest ROC AUC: class k's AUC is the binary ROC AUC of "label = k" scored by column k
// (classification-metrics' Mann–Whitney form, ties counting ½); macro = their mean, weighted =
// weighted by each class's support. sklearn refuses the whole score when a class has no
// labelled row (its one-vs-rest AUC is undefined): so do these (null, with the reason), while
// the per-class values stay available. sklearn also refuses rows that do not sum to 1 within
// np.allclose; these do not check (AUC depends only on the ranking of each column).

const FLOAT64_EPS = 2 ** -52;

export interface OneVsRestRocAuc {
  /** Per class; null when the class has no labelled row, or every row has it. */
  perClass: (number | null)[];
  macro: number | null;
  weighted: number | null;
  /** Declared classes with no labelled row (their one-vs-rest AUC, and so the averages, are undefined). */
  unlabelledClasses: number[];
  /** Why macro and weighted are null when rows exist. */
  undefinedReason: string | null;
}

function checkShape(actual: ArrayLike<number>, probabilities: ArrayLike<number>, classes: number): void {
  if (!Number.isInteger(classes) || classes < 2) throw new RangeError(`need at least 2 classes, got ${classes}`);
  if (probabilities.length !== actual.length * classes) throw new RangeError(`${probabilities.length} probabilities for ${actual.length} rows × ${classes} classes`);
  for (let i = 0; i < actual.length; i++) checkClassIndex(actual[i]!, classes, 'label', i);
  for (let i = 0; i < probabilities.length; i++) {
    if (!Number.isFinite(probabilities[i]!)) throw new RangeError(`probability ${probabilities[i]} (row ${Math.floor(i / classes)}) is not a finite number`);
  }
}

/** sklearn's log_loss with labels = range(K); null without rows. */
export function multiclassLogLoss(actual: ArrayLike<number>, probabilities: ArrayLike<number>, classes: number): number | null {
  checkShape(actual, probabilities, classes);
  const n = actual.length;
  if (n === 0) return null;
  const clip = (p: number) => Math.min(Math.max(p, FLOAT64_EPS), 1 - FLOAT64_EPS);
  const total = new CompensatedSum();
  for (let i = 0; i < n; i++) {
    let rowSum = 0;
    for (let k = 0; k < classes; k++) rowSum += clip(probabilities[i * classes + k]!);
    total.add(-Math.log(clip(probabilities[i * classes + actual[i]!]!) / rowSum));
  }
  return total.value / n;
}

export function oneVsRestRocAuc(actual: ArrayLike<number>, probabilities: ArrayLike<number>, classes: number): OneVsRestRocAuc {
  checkShape(actual, probabilities, classes);
  const n = actual.length;
  const support = new Array<number>(classes).fill(0);
  for (let i = 0; i < n; i++) support[actual[i]!]!++;
  const perClass: (number | null)[] = [];
  const positives = new Float64Array(n);
  const negatives = new Float64Array(n);
  for (let k = 0; k < classes; k++) {
    let p = 0;
    let q = 0;
    for (let i = 0; i < n; i++) {
      const score = probabilities[i * classes + k]!;
      if (actual[i] === k) positives[p++] = score;
      else negatives[q++] = score;
    }
    perClass.push(rocAucFromCounts(mannWhitneyFromSorted(sortFloat64InPlace(positives.subarray(0, p)), sortFloat64InPlace(negatives.subarray(0, q)))));
  }
  const missing = support.flatMap((s, k) => (s === 0 ? [k] : []));
  if (n === 0) return { perClass, macro: null, weighted: null, unlabelledClasses: missing, undefinedReason: null };
  if (missing.length > 0 || perClass.some((auc) => auc === null)) {
    const reason = missing.length > 0 ? `no labelled row of class ${missing.join(', ')}: its one-vs-rest AUC is undefined` : 'every labelled row has the same class';
    return { perClass, macro: null, weighted: null, unlabelledClasses: missing, undefinedReason: reason };
  }
  const aucs = perClass as number[];
  return {
    perClass,
    macro: aucs.reduce((s, a) => s + a, 0) / classes,
    weighted: aucs.reduce((s, a, k) => s + a * support[k]!, 0) / n,
    unlabelledClasses: [],
    undefinedReason: null,
  };
}
