import { chiSquareHomogeneity } from '@/server/statistics/chi-square-test';
import { compareEmpiricalDistributions } from '@/server/statistics/empirical-distribution-comparison';
import { binLabels, countInBins } from '@/server/statistics/frozen-bins';
import { jensenShannonDistance } from '@/server/statistics/jensen-shannon';
import { ksTwoSamplePValue } from '@/server/statistics/ks-test';
import { populationStabilityIndex } from '@/server/statistics/population-stability-index';
import type { SortedSample } from '@/server/statistics/sorted-sample';
import { twoProportionZTest } from '@/server/statistics/two-proportion-z-test';
import { normalizeWasserstein } from '@/server/statistics/wasserstein';
import { BINARY_MAX_VALUES, defaultMethod, isDrifted, LOW_CARDINALITY_MAX_VALUES, thresholdFor, type MethodChoice } from './drift-method-selection';
import type { DriftMethod, FeatureDrift, NumericProfile } from './drift-types';

// Drift of one numerical column (or of the prediction scores): every statistic, then the
// decision. KS, Wasserstein and the distinct-value count come from one merge of the two
// sorted columns; PSI and Jensen–Shannon use the profile's frozen bins (reference shares from
// the profile's bin counts); Wasserstein is normalized by the profile's reference std.
// With ≤ 5 distinct values in reference ∪ current (or when configured) the values are also
// treated as categories: chi-square on their counts, and the z-test when there are ≤ 2.

export interface NumericDriftInput {
  name: string;
  profile: NumericProfile;
  reference: SortedSample;
  current: SortedSample;
  currentRows: number;
  currentMissing: number;
  choice: MethodChoice;
}

type Statistics = FeatureDrift['statistics'];

/** Counts of each distinct value of reference ∪ current (both sorted), aligned. */
function valueCounts(a: SortedSample, b: SortedSample): { reference: number[]; current: number[] } {
  const reference: number[] = [];
  const current: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const value = j >= b.length || (i < a.length && a[i]! <= b[j]!) ? a[i]! : b[j]!;
    const i0 = i;
    const j0 = j;
    while (i < a.length && a[i] === value) i++;
    while (j < b.length && b[j] === value) j++;
    reference.push(i - i0);
    current.push(j - j0);
  }
  return { reference, current };
}

function shares(counts: readonly number[]): number[] {
  const total = counts.reduce((s, c) => s + c, 0);
  return counts.map((c) => (total > 0 ? c / total : 0));
}

function notJudged(input: NumericDriftInput, method: DriftMethod, note: string): FeatureDrift {
  const { profile, current } = input;
  const currentCounts = countInBins(current, profile.binEdges);
  return {
    feature: input.name,
    type: 'numeric',
    method,
    value: method === 'ks' || method === 'chi_square' || method === 'z_test' ? 1 : 0,
    threshold: thresholdFor(method, input.choice),
    drifted: false,
    statistics: { ks: null, psi: null, wasserstein: null, wassersteinNormalized: null, jensenShannon: null },
    currentRows: input.currentRows,
    currentMissing: input.currentMissing,
    referenceRows: input.reference.length,
    note,
    histogram: { labels: binLabels(profile.binEdges), reference: shares(profile.binCounts), current: shares(currentCounts) },
  };
}

export function numericFeatureDrift(input: NumericDriftInput): FeatureDrift {
  const { profile, reference, current, choice } = input;
  if (reference.length === 0 || current.length === 0) {
    return notJudged(input, choice.method ?? defaultMethod('numeric', reference.length, 0), reference.length === 0 ? 'no reference values' : 'no current values');
  }
  const comparison = compareEmpiricalDistributions(reference, current);
  const ks = ksTwoSamplePValue(comparison.ksStatistic, reference.length, current.length);
  const currentCounts = countInBins(current, profile.binEdges);
  const hasBins = profile.binCounts.length > 0;
  const statistics: Statistics = {
    ks: { statistic: ks.statistic, pValue: ks.pValue },
    psi: hasBins ? populationStabilityIndex(profile.binCounts, currentCounts) : null,
    wasserstein: comparison.wasserstein,
    wassersteinNormalized: normalizeWasserstein(comparison.wasserstein, profile.std),
    jensenShannon: hasBins ? jensenShannonDistance(profile.binCounts, currentCounts) : null,
  };

  let method = choice.method ?? defaultMethod('numeric', reference.length, comparison.distinctValues);
  let note: string | undefined;
  if (method === 'z_test' && comparison.distinctValues > BINARY_MAX_VALUES) {
    method = 'chi_square';
    note = `z_test needs at most 2 distinct values (found ${comparison.distinctValues}); chi-square used`;
  }
  if (comparison.distinctValues <= LOW_CARDINALITY_MAX_VALUES || method === 'chi_square' || method === 'z_test') {
    const counts = valueCounts(reference, current);
    const chi = chiSquareHomogeneity(counts.reference, counts.current);
    statistics.chiSquare = { statistic: chi.statistic, pValue: chi.pValue, dof: chi.dof };
    if (comparison.distinctValues <= BINARY_MAX_VALUES) {
      const z = twoProportionZTest(counts.reference[0]!, reference.length, counts.current[0]!, current.length);
      statistics.zTest = { statistic: z.statistic, pValue: z.pValue };
    }
  }

  const value = decidingValue(method, statistics);
  const threshold = thresholdFor(method, choice);
  return {
    feature: input.name,
    type: 'numeric',
    method,
    value,
    threshold,
    drifted: isDrifted(method, value, threshold),
    statistics,
    currentRows: input.currentRows,
    currentMissing: input.currentMissing,
    referenceRows: reference.length,
    ...(note ? { note } : {}),
    histogram: { labels: binLabels(profile.binEdges), reference: shares(profile.binCounts), current: shares(currentCounts) },
  };
}

function pValueOf(entry: Statistics[string] | undefined): number {
  return entry && typeof entry === 'object' ? entry.pValue : Number.NaN;
}

function numberOf(entry: Statistics[string] | undefined): number {
  return typeof entry === 'number' ? entry : Number.NaN;
}

/** The statistic a method compares with its threshold. */
export function decidingValue(method: DriftMethod, statistics: Statistics): number {
  switch (method) {
    case 'ks':
      return pValueOf(statistics.ks);
    case 'chi_square':
      return pValueOf(statistics.chiSquare);
    case 'z_test':
      return pValueOf(statistics.zTest);
    case 'wasserstein':
      return numberOf(statistics.wassersteinNormalized);
    case 'jensen_shannon':
      return numberOf(statistics.jensenShannon);
    case 'psi':
      return numberOf(statistics.psi);
  }
}
