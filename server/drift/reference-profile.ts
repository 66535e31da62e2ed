import { mean } from 'simple-statistics';
import { countInBins, DEFAULT_BIN_COUNT, frozenBinEdges } from '@/server/statistics/frozen-bins';
import { distinctCountSorted, type SortedSample } from '@/server/statistics/sorted-sample';
import { populationStd } from '@/server/statistics/wasserstein';
import type { Feature } from '@/server/registry/feature-schema';
import { assertMatrixShape, categoryCounts, sortedNumericColumn, sortedScores } from './feature-columns';
import type { CategoricalProfile, FeatureMatrix, NumericProfile, ReferenceProfile } from './drift-types';

// The reference profile, computed once when a reference dataset is registered and stored with
// it (as JSON): frozen bins for PSI, Jensen–Shannon and plots (server/statistics/frozen-bins.ts:
// up to `binCount` bins, default 10, edges from reference quantiles), summary statistics, and
// category frequencies. Missing values (NaN, ±Infinity for numerics) are counted, not binned.
// A column with no value at all gets zeros for its summaries and no bins, so the profile never
// holds NaN (which JSON would turn into null).

function numericProfileOf(name: string, sorted: SortedSample, missing: number, binCount: number): NumericProfile {
  const n = sorted.length;
  const edges = frozenBinEdges(sorted, binCount);
  return {
    name,
    type: 'numeric',
    binEdges: edges,
    binCounts: countInBins(sorted, edges),
    // simple-statistics reads only .length and [i], so a typed array serves as its number list.
    mean: n ? mean(sorted as unknown as readonly number[]) : 0,
    std: n ? populationStd(sorted) : 0,
    min: n ? sorted[0]! : 0,
    max: n ? sorted[n - 1]! : 0,
    uniqueCount: distinctCountSorted(sorted),
    missing,
  };
}

/** Profile of a numeric column that is already sorted (used again by computeDrift when a profile lacks a feature). */
export function profileOfSortedNumeric(name: string, sorted: SortedSample, missing: number, binCount = DEFAULT_BIN_COUNT): NumericProfile {
  return numericProfileOf(name, sorted, missing, binCount);
}

export function buildReferenceProfile(features: readonly Feature[], matrix: FeatureMatrix, scores?: ArrayLike<number>, binCount = DEFAULT_BIN_COUNT): ReferenceProfile {
  assertMatrixShape(matrix, features.length, 'reference');
  const profiles = features.map((feature, column): NumericProfile | CategoricalProfile => {
    if (feature.type === 'numeric') {
      const { sorted, missing } = sortedNumericColumn(matrix, column);
      return numericProfileOf(feature.name, sorted, missing, binCount);
    }
    const { counts, missing } = categoryCounts(matrix, column, feature.categories.length);
    return { name: feature.name, type: 'categorical', categories: [...feature.categories], counts: counts.slice(0, -1), unseen: counts[counts.length - 1]!, missing };
  });
  let prediction: NumericProfile | null = null;
  if (scores && scores.length > 0) {
    const { sorted, missing } = sortedScores(scores);
    prediction = numericProfileOf('prediction', sorted, missing, binCount);
  }
  return { rows: matrix.count, binCount, features: profiles, prediction };
}
