import { accuracyDifferenceInterval, pairedOutcomes, type BootstrapInterval, type BootstrapOptions, type PairedOutcomes } from './bootstrap';
import { mcnemar, type McNemarResult } from './mcnemar';

// Two classifiers (binary or multiclass) judged on the same labelled rows, e.g. a shadow
// candidate (A) against the serving version (B): agreement rate, accuracy of each, and the
// accuracy difference A − B with the paired percentile bootstrap interval (bootstrap.ts) and
// McNemar's test (mcnemar.ts) on per-row correctness. Only correctness is paired, so the same
// test serves any number of classes: McNemar asks whether "only A right" and "only B right"
// rows are equally likely, which is exactly "equal accuracy". Pure.

export interface ClassifierComparison {
  rows: number;
  /** Rows where both predict the same class. */
  agreed: number;
  agreementRate: number | null;
  accuracyA: number | null;
  accuracyB: number | null;
  outcomes: PairedOutcomes;
  accuracyDifference: { estimate: number; interval: BootstrapInterval | null; mcnemar: McNemarResult } | null;
}

export function compareClassifiers(
  actual: ArrayLike<number>,
  predictedA: ArrayLike<number>,
  predictedB: ArrayLike<number>,
  options: BootstrapOptions = {},
): ClassifierComparison {
  const n = actual.length;
  if (predictedA.length !== n || predictedB.length !== n) throw new RangeError(`compareClassifiers: ${n} labels, ${predictedA.length} and ${predictedB.length} predictions`);
  const aRight = new Uint8Array(n);
  const bRight = new Uint8Array(n);
  let agreed = 0;
  for (let i = 0; i < n; i++) {
    aRight[i] = predictedA[i] === actual[i] ? 1 : 0;
    bRight[i] = predictedB[i] === actual[i] ? 1 : 0;
    if (predictedA[i] === predictedB[i]) agreed++;
  }
  const outcomes = pairedOutcomes(aRight, bRight);
  const ratio = (x: number) => (n === 0 ? null : x / n);
  return {
    rows: n,
    agreed,
    agreementRate: ratio(agreed),
    accuracyA: ratio(outcomes.bothRight + outcomes.onlyA),
    accuracyB: ratio(outcomes.bothRight + outcomes.onlyB),
    outcomes,
    accuracyDifference:
      n === 0
        ? null
        : { estimate: (outcomes.onlyA - outcomes.onlyB) / n, interval: accuracyDifferenceInterval(outcomes, options), mcnemar: mcnemar(outcomes.onlyA, outcomes.onlyB) },
  };
}
