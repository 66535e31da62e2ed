import { categoricalFeatureDrift } from './categorical-feature-drift';
import { predictionChoice } from './drift-method-selection';
import type { DriftConfig, FeatureDrift } from './drift-types';

// Prediction drift of a multiclass model: the distribution of predicted classes in the
// current window against the reference dataset's, both over the declared classes, judged as a
// categorical feature (categorical-feature-drift.ts): chi-square test of homogeneity of the
// 2 × K table (scipy.stats.chi2_contingency(table, correction=False); classes predicted on
// neither side dropped first, as SciPy refuses a zero expected count), Jensen–Shannon distance
// (scipy.spatial.distance.jensenshannon, natural log) and PSI, with Evidently's default rule
// (chi-square p < 0.05 for a reference of ≤ 1000 rows, else Jensen–Shannon ≥ 0.1) unless
// configured. A prediction outside the classes is counted as missing, never guessed.

export interface PredictedClasses {
  classes: readonly string[];
  /** The serving version's predicted class per reference row (null where it gave none). */
  reference: readonly (string | null)[];
  /** Each current event's predicted class (null where it has none). */
  current: readonly (string | null)[];
}

function countClasses(values: readonly (string | null)[], index: ReadonlyMap<string, number>, k: number): { counts: number[]; missing: number } {
  const counts = new Array<number>(k).fill(0);
  let missing = 0;
  for (const value of values) {
    const i = value === null ? undefined : index.get(value);
    if (i === undefined) missing++;
    else counts[i]!++;
  }
  return { counts, missing };
}

export function classPredictionDrift(predicted: PredictedClasses, config?: DriftConfig): FeatureDrift {
  const k = predicted.classes.length;
  const index = new Map(predicted.classes.map((c, i) => [c, i]));
  const reference = countClasses(predicted.reference, index, k);
  const current = countClasses(predicted.current, index, k);
  return categoricalFeatureDrift({
    name: 'prediction',
    type: 'categorical',
    labels: [...predicted.classes],
    referenceCounts: reference.counts,
    currentCounts: current.counts,
    currentRows: predicted.current.length,
    currentMissing: current.missing,
    choice: predictionChoice(config),
  });
}
