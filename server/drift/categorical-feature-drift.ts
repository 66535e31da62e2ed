import { chiSquareHomogeneity } from '@/server/statistics/chi-square-test';
import { jensenShannonDistance } from '@/server/statistics/jensen-shannon';
import { populationStabilityIndex } from '@/server/statistics/population-stability-index';
import { twoProportionZTest } from '@/server/statistics/two-proportion-z-test';
import { BINARY_MAX_VALUES, defaultMethod, isDrifted, thresholdFor, type MethodChoice } from './drift-method-selection';
import type { FeatureDrift } from './drift-types';
import { decidingValue } from './numeric-feature-drift';

// Drift of one categorical column over its buckets: the declared categories plus one bucket
// for unseen values (−1 or an index outside the list), which a reference rarely has and a
// drifting current window may. Chi-square drops buckets empty on both sides; PSI (1e-4 for an
// empty share) and Jensen–Shannon run over all buckets, where an empty-on-both bucket adds 0.
// The z-test, for at most two non-empty buckets, counts the first of them.
// The same function judges prediction scores through their frozen bins when only the
// reference profile (not the reference scores) is at hand.

export const UNSEEN_LABEL = '(unseen)';

export interface CategoricalDriftInput {
  name: string;
  type: 'numeric' | 'categorical';
  /** Bucket labels, same length as the counts. */
  labels: string[];
  referenceCounts: readonly number[];
  currentCounts: readonly number[];
  currentRows: number;
  currentMissing: number;
  choice: MethodChoice;
  /** Buckets to hide from the histogram when empty on both sides (the unseen bucket). */
  hideWhenEmpty?: ReadonlySet<number>;
}

const sum = (counts: readonly number[]) => counts.reduce((s, c) => s + c, 0);

export function categoricalFeatureDrift(input: CategoricalDriftInput): FeatureDrift {
  const { referenceCounts, currentCounts, choice } = input;
  const referenceRows = sum(referenceCounts);
  const currentValues = sum(currentCounts);
  const present: number[] = [];
  for (let i = 0; i < referenceCounts.length; i++) if (referenceCounts[i]! + currentCounts[i]! > 0) present.push(i);

  const shown = referenceCounts.map((_, i) => i).filter((i) => !input.hideWhenEmpty?.has(i) || referenceCounts[i]! + currentCounts[i]! > 0);
  const histogram = {
    labels: shown.map((i) => input.labels[i]!),
    reference: shown.map((i) => (referenceRows > 0 ? referenceCounts[i]! / referenceRows : 0)),
    current: shown.map((i) => (currentValues > 0 ? currentCounts[i]! / currentValues : 0)),
  };

  let method = choice.method ?? defaultMethod('categorical', referenceRows, present.length);
  if (referenceRows === 0 || currentValues === 0) {
    return {
      feature: input.name,
      type: input.type,
      method,
      value: method === 'chi_square' || method === 'z_test' ? 1 : 0,
      threshold: thresholdFor(method, choice),
      drifted: false,
      statistics: { chiSquare: null, psi: null, jensenShannon: null },
      currentRows: input.currentRows,
      currentMissing: input.currentMissing,
      referenceRows,
      note: referenceRows === 0 ? 'no reference values' : 'no current values',
      histogram,
    };
  }

  const chi = chiSquareHomogeneity(referenceCounts, currentCounts);
  const statistics: FeatureDrift['statistics'] = {
    chiSquare: { statistic: chi.statistic, pValue: chi.pValue, dof: chi.dof },
    psi: populationStabilityIndex(referenceCounts, currentCounts),
    jensenShannon: jensenShannonDistance(referenceCounts, currentCounts),
  };
  if (present.length <= BINARY_MAX_VALUES) {
    const first = present[0]!;
    const z = twoProportionZTest(referenceCounts[first]!, referenceRows, currentCounts[first]!, currentValues);
    statistics.zTest = { statistic: z.statistic, pValue: z.pValue };
  }
  let note: string | undefined;
  if (method === 'z_test' && present.length > BINARY_MAX_VALUES) {
    method = 'chi_square';
    note = `z_test needs at most 2 categories (found ${present.length}); chi-square used`;
  } else if (method === 'ks' || method === 'wasserstein') {
    // Ruled out by driftConfigProblems for declared categoricals; binned predictions get here.
    note = `${method} needs the raw values; ${defaultMethod('categorical', referenceRows, present.length)} on the bins used`;
    method = defaultMethod('categorical', referenceRows, present.length);
  }
  const value = decidingValue(method, statistics);
  const threshold = thresholdFor(method, choice);
  return {
    feature: input.name,
    type: input.type,
    method,
    value,
    threshold,
    drifted: isDrifted(method, value, threshold),
    statistics,
    currentRows: input.currentRows,
    currentMissing: input.currentMissing,
    referenceRows,
    ...(note ? { note } : {}),
    histogram,
  };
}
