// An event's per-class probabilities (`prediction.probabilities`), the rules both ingestion
// paths apply (event-validation.ts on parsed JSON, fast-path/event-batch-scanner.ts on bytes):
// - multiclass models with declared classes only (the classes give the order they are stored in);
// - either an array in the declared class order or an object {class: probability}, one entry
//   per class, no other;
// - each a finite JSON number in [0, 1];
// - summing to 1 within PROBABILITY_SUM_TOLERANCE, added in class order (both paths add the
//   same doubles in the same order, so they agree on every batch).
// Stored as real[] in class order; a probability below real's smallest subnormal is stored as 0
// (rounded as the COPY encoder rounds), not refused: softmax outputs such values legitimately.

export const PROBABILITY_SUM_TOLERANCE = 1e-3;

/** Why a model takes no probabilities, or null when it does. */
export function probabilitiesRefusal(taskType: string, classes: readonly string[] | null): string | null {
  if (taskType !== 'multiclass_classification') return `class probabilities are accepted for multiclass models only; this model is ${taskType.replace(/_/g, ' ')} (send its score instead)`;
  if (!classes) return 'the model declares no classes, so probabilities have no order to be stored in';
  return null;
}

/** The problem with a sum of probabilities, or null when it is 1 within tolerance. */
export function probabilitySumProblem(sum: number): string | null {
  return Math.abs(sum - 1) <= PROBABILITY_SUM_TOLERANCE ? null : `the probabilities sum to ${sum}; they must sum to 1 ± ${PROBABILITY_SUM_TOLERANCE}`;
}

export function isProbability(value: unknown): value is number {
  return typeof value === 'number' && value >= 0 && value <= 1;
}

export interface ProbabilityProblem {
  /** Sub-path under prediction.probabilities, e.g. `[2]` or `.setosa`; '' for the whole vector. */
  at: string;
  reason: string;
}

/**
 * Reads `value` (array in class order or {class: probability}) into `into` (length = classes)
 * and returns its problems (empty when valid). `classes` must be the model's declared classes.
 */
export function readProbabilities(value: unknown, classes: readonly string[], classIndex: ReadonlyMap<string, number>, into: Float64Array): ProbabilityProblem[] {
  const k = classes.length;
  const problems: ProbabilityProblem[] = [];
  const bad = (at: string, v: unknown) => problems.push({ at, reason: `expected a probability (a number in [0, 1]), got ${typeof v === 'number' ? v : v === null ? 'null' : Array.isArray(v) ? 'an array' : `a ${typeof v}`}` });
  if (Array.isArray(value)) {
    if (value.length !== k) return [{ at: '', reason: `expected one probability per class in the model's class order (${k}: ${classes.join(', ')}), got ${value.length}` }];
    for (let i = 0; i < k; i++) {
      const v: unknown = value[i];
      if (isProbability(v)) into[i] = v;
      else bad(`[${i}]`, v);
    }
  } else if (typeof value === 'object' && value !== null) {
    const seen = new Uint8Array(k);
    const record = value as Record<string, unknown>;
    for (const key in record) {
      const i = classIndex.get(key);
      if (i === undefined) {
        problems.push({ at: `.${key}`, reason: `not one of the model's classes (${classes.join(', ')})` });
        continue;
      }
      seen[i] = 1;
      const v = record[key];
      if (isProbability(v)) into[i] = v;
      else bad(`.${key}`, v);
    }
    const missing = classes.filter((_, i) => seen[i] === 0);
    if (missing.length > 0) problems.push({ at: '', reason: `missing the probability of ${missing.join(', ')} (send one per class)` });
  } else {
    return [{ at: '', reason: `expected an array in the model's class order or an object {class: probability}, got ${typeof value}` }];
  }
  if (problems.length > 0) return problems;
  let sum = 0;
  for (let i = 0; i < k; i++) sum += into[i]!;
  const sumProblem = probabilitySumProblem(sum);
  return sumProblem ? [{ at: '', reason: sumProblem }] : [];
}
