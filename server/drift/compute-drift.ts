import { binLabels, countInBins } from '@/server/statistics/frozen-bins';
import type { SortedSample } from '@/server/statistics/sorted-sample';
import type { Feature } from '@/server/registry/feature-schema';
import { categoricalFeatureDrift, UNSEEN_LABEL } from './categorical-feature-drift';
import { classPredictionDrift, type PredictedClasses } from './class-prediction-drift';
import { configuredChoice, DEFAULT_DATASET_DRIFT_SHARE, driftConfigProblems, predictionChoice } from './drift-method-selection';
import type { DriftConfig, DriftResult, FeatureDrift, FeatureMatrix, NumericProfile, ReferenceProfile } from './drift-types';
import { assertMatrixShape, categoryCounts, sortedNumericColumn, sortedScores } from './feature-columns';
import { numericFeatureDrift } from './numeric-feature-drift';
import { profileOfSortedNumeric } from './reference-profile';

// The drift engine: pure, synchronous, no I/O. For every feature it computes every statistic
// that applies (numerical: KS, PSI and Jensen–Shannon on the frozen bins, Wasserstein raw and
// normalized, plus chi-square / z-test when the values are few; categorical: chi-square,
// z-test for two categories, PSI and Jensen–Shannon on the categories) and decides drift with
// Evidently's default rules (drift-method-selection.ts), overridable by DriftConfig.
// Defaults in one place: 10 frozen bins (the profile's), PSI empty share 1e-4, small
// reference ≤ 1000 values → tests at p < 0.05, larger → distances at ≥ 0.1, dataset drift at a
// drifted share ≥ 0.5 (of the features; the prediction is reported apart and not counted).
//
// Prediction drift compares the score distributions (binary: P(positive); regression: the
// predicted value, so KS on it among the rest) the same way as a numerical feature; a
// multiclass model's, the predicted-class distributions (class-prediction-drift.ts).
// Without reference scores it falls back to the profile's frozen score bins, judged like a
// categorical feature over those bins (chi-square / z-test for a small reference, else
// Jensen–Shannon); KS and Wasserstein then stay null.
//
// Speed: each numerical column is copied once (missing values dropped) and radix-sorted once;
// one merge of the two sorted columns gives KS, Wasserstein and the distinct count, and bins
// are counted by binary search. One column pair is alive at a time.

export interface DriftInput {
  features: readonly Feature[];
  profile: ReferenceProfile;
  reference: FeatureMatrix;
  current: FeatureMatrix;
  referenceScores?: ArrayLike<number>;
  currentScores?: ArrayLike<number>;
  /** Multiclass: predicted classes on both sides; replaces the score comparison. */
  predictedClasses?: PredictedClasses;
  config?: DriftConfig;
}

/** Throws on a matrix that does not fit the schema or an unusable configuration. */
export function assertDriftInput(input: DriftInput): void {
  assertMatrixShape(input.reference, input.features.length, 'reference');
  assertMatrixShape(input.current, input.features.length, 'current');
  const problems = driftConfigProblems(input.features, input.config);
  if (problems.length) throw new RangeError(`invalid drift configuration: ${problems.join('; ')}`);
}

function scratchFor(matrix: FeatureMatrix): SortedSample {
  return matrix.values instanceof Float32Array ? new Float32Array(matrix.count) : new Float64Array(matrix.count);
}

function numericProfileFor(input: DriftInput, name: string): NumericProfile | undefined {
  const entry = input.profile.features.find((p) => p.name === name);
  return entry?.type === 'numeric' ? entry : undefined;
}

/** FeatureDrift for the features at the given schema positions (in that order). */
export function computeFeatureDrifts(input: DriftInput, columns: readonly number[]): FeatureDrift[] {
  const { features, reference, current, config } = input;
  const referenceScratch = scratchFor(reference);
  const currentScratch = scratchFor(current);
  return columns.map((column) => {
    const feature = features[column]!;
    const choice = configuredChoice(config, feature.name, feature.type);
    if (feature.type === 'categorical') {
      const k = feature.categories.length;
      const ref = categoryCounts(reference, column, k);
      const cur = categoryCounts(current, column, k);
      return categoricalFeatureDrift({
        name: feature.name,
        type: 'categorical',
        labels: [...feature.categories, UNSEEN_LABEL],
        referenceCounts: ref.counts,
        currentCounts: cur.counts,
        currentRows: current.count,
        currentMissing: cur.missing,
        choice,
        hideWhenEmpty: new Set([k]),
      });
    }
    const ref = sortedNumericColumn(reference, column, referenceScratch);
    const cur = sortedNumericColumn(current, column, currentScratch);
    // A profile without this feature (schema changed since registration) is rebuilt from the reference.
    const profile = numericProfileFor(input, feature.name) ?? profileOfSortedNumeric(feature.name, ref.sorted, ref.missing, input.profile.binCount);
    return numericFeatureDrift({ name: feature.name, profile, reference: ref.sorted, current: cur.sorted, currentRows: current.count, currentMissing: cur.missing, choice });
  });
}

export function computePredictionDrift(input: DriftInput): FeatureDrift | null {
  const { currentScores, referenceScores, profile } = input;
  if (input.predictedClasses) return input.predictedClasses.current.length > 0 ? classPredictionDrift(input.predictedClasses, input.config) : null;
  if (!currentScores || currentScores.length === 0) return null;
  const choice = predictionChoice(input.config);
  const cur = sortedScores(currentScores);
  if (referenceScores && referenceScores.length > 0) {
    const ref = sortedScores(referenceScores);
    const scoreProfile = profile.prediction ?? profileOfSortedNumeric('prediction', ref.sorted, ref.missing, profile.binCount);
    return numericFeatureDrift({ name: 'prediction', profile: scoreProfile, reference: ref.sorted, current: cur.sorted, currentRows: currentScores.length, currentMissing: cur.missing, choice });
  }
  if (!profile.prediction) return null;
  const binned = categoricalFeatureDrift({
    name: 'prediction',
    type: 'numeric',
    labels: binLabels(profile.prediction.binEdges),
    referenceCounts: profile.prediction.binCounts,
    currentCounts: countInBins(cur.sorted, profile.prediction.binEdges),
    currentRows: currentScores.length,
    currentMissing: cur.missing,
    choice,
  });
  return { ...binned, note: binned.note ?? 'no reference scores: compared over the profile’s frozen score bins' };
}

/** Share of drifted features and the dataset-level verdict. */
export function summarizeDrift(features: FeatureDrift[], prediction: FeatureDrift | null, config?: DriftConfig): DriftResult {
  const drifted = features.filter((f) => f.drifted).length;
  const driftShare = features.length ? drifted / features.length : 0;
  const needed = config?.datasetDriftShare ?? DEFAULT_DATASET_DRIFT_SHARE;
  return { features, prediction, driftShare, datasetDrift: features.length > 0 && driftShare >= needed };
}

export function computeDrift(input: DriftInput): DriftResult {
  assertDriftInput(input);
  const features = computeFeatureDrifts(
    input,
    input.features.map((_, i) => i),
  );
  return summarizeDrift(features, computePredictionDrift(input), input.config);
}
