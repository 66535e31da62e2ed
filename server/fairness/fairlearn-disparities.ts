import { type GroupRates } from './group-rates';

// Disparities in Fairlearn 0.10's convention (MetricFrame.difference / .ratio, and
// demographic_parity_* / equalized_odds_*), reproducing its handling of undefined values:
//
// - Group values. Fairlearn's own rate functions never return NaN: a rate with an empty
//   denominator is 0 (true/false positive/negative rates come from sklearn's
//   confusion_matrix(normalize='true'), which ends in nan_to_num; precision_score falls back
//   to zero_division = 0). Policy 'as-fairlearn' (default) does the same to Vigil's null
//   rates; policy 'skip' leaves them undefined instead, as a MetricFrame with NaN-returning
//   metric functions would (a group with no actual positive then does not count for TPR,
//   instead of counting as TPR 0). ROC AUC of a single-class group is undefined under both
//   policies (sklearn would raise; the reference wraps it to NaN).
// - Undefined values (NaN) are skipped: pandas' min()/max() skip NaN, and MetricFrame fills
//   the empty cells of an intersection with NaN.
// - difference between_groups = max − min; to_overall = max |v − overall|.
// - ratio between_groups = min / max. When max is 0 Fairlearn raises ZeroDivisionError (it
//   divides Python floats); Vigil says null. ratio to_overall = min over groups of v/overall,
//   each flipped to overall/v when above 1 (so x/0 = inf becomes 0 and 0/0 is skipped).
// - equalized_odds_difference = Python max([tpr_difference, fpr_difference]) and
//   equalized_odds_ratio = min([tpr_ratio, fpr_ratio]): Python's max/min keep the first
//   element when the comparison with NaN is false, so a NaN TPR term makes the result NaN and
//   a NaN FPR term is ignored. The between-groups ratio raises (null) if either term raises.

export type UndefinedRatePolicy = 'as-fairlearn' | 'skip';

export interface Disparity {
  differenceBetweenGroups: number | null;
  differenceToOverall: number | null;
  ratioBetweenGroups: number | null;
  ratioToOverall: number | null;
}

export const FAIRLEARN_METRICS = [
  'count',
  'selectionRate',
  'baseRate',
  'truePositiveRate',
  'falsePositiveRate',
  'falseNegativeRate',
  'trueNegativeRate',
  'precision',
  'accuracy',
] as const;
export type FairlearnMetric = (typeof FAIRLEARN_METRICS)[number] | 'rocAuc' | 'meanScore';

export interface FairlearnDisparities {
  policy: UndefinedRatePolicy;
  /** Per metric; rocAuc and meanScore only with scores. */
  metrics: Partial<Record<FairlearnMetric, Disparity>> & Record<(typeof FAIRLEARN_METRICS)[number], Disparity>;
  /** demographic_parity_difference / _ratio: the selection-rate disparity. */
  demographicParity: Disparity;
  /** equalized_odds_difference / _ratio, from the TPR and FPR disparities. */
  equalizedOdds: Disparity;
}

/** Rates Fairlearn's metric functions turn from 0/0 into 0. */
const ZERO_WHEN_UNDEFINED = new Set<string>(['truePositiveRate', 'falsePositiveRate', 'falseNegativeRate', 'trueNegativeRate', 'precision']);

/** A group's value as Fairlearn's metric function would return it (NaN for undefined). */
export function fairlearnValue(metric: FairlearnMetric, value: number | null, policy: UndefinedRatePolicy): number {
  if (value !== null) return value;
  return policy === 'as-fairlearn' && ZERO_WHEN_UNDEFINED.has(metric) ? 0 : Number.NaN;
}

interface RawDisparity {
  differenceBetweenGroups: number;
  differenceToOverall: number;
  ratioBetweenGroups: number;
  /** Fairlearn would raise ZeroDivisionError (group maximum 0). */
  ratioBetweenRaises: boolean;
  ratioToOverall: number;
}

/** MetricFrame's four aggregates over group values (NaN = undefined, skipped). */
function rawDisparity(values: ArrayLike<number>, overall: number): RawDisparity {
  let min = Number.NaN;
  let max = Number.NaN;
  let toOverall = Number.NaN;
  let ratioToOverall = Number.NaN;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isNaN(v)) continue;
    if (!(v >= min)) min = v;
    if (!(v <= max)) max = v;
    const d = Math.abs(v - overall);
    if (!(d <= toOverall)) toOverall = d;
    let r = v / overall;
    if (r > 1) r = 1 / r;
    if (!Number.isNaN(r) && !(r >= ratioToOverall)) ratioToOverall = r;
  }
  // An undefined overall makes every to_overall term NaN.
  if (Number.isNaN(overall)) toOverall = ratioToOverall = Number.NaN;
  const raises = max === 0;
  return {
    differenceBetweenGroups: max - min,
    differenceToOverall: toOverall,
    ratioBetweenGroups: raises ? Number.NaN : min / max,
    ratioBetweenRaises: raises,
    ratioToOverall,
  };
}

const orNull = (v: number): number | null => (Number.isNaN(v) ? null : v);

function publish(raw: RawDisparity): Disparity {
  return {
    differenceBetweenGroups: orNull(raw.differenceBetweenGroups),
    differenceToOverall: orNull(raw.differenceToOverall),
    ratioBetweenGroups: orNull(raw.ratioBetweenGroups),
    ratioToOverall: orNull(raw.ratioToOverall),
  };
}

/** MetricFrame difference/ratio (both methods) of one metric's group values. */
export function fairlearnDisparity(values: readonly (number | null)[], overall: number | null): Disparity {
  return publish(rawDisparity(values.map((v) => v ?? Number.NaN), overall ?? Number.NaN));
}

/** Python's max([a, b]) / min([a, b]): the first unless the second compares greater / less. */
const pythonMax = (a: number, b: number) => (b > a ? b : a);
const pythonMin = (a: number, b: number) => (b < a ? b : a);

export interface FairlearnInput {
  groups: readonly GroupRates[];
  overall: GroupRates;
  /** Per-group ROC AUC and mean score, with the overall values, when the model has scores. */
  scores?: { rocAuc: readonly (number | null)[]; meanScore: readonly (number | null)[]; overallRocAuc: number | null; overallMeanScore: number | null } | null;
}

/** Every Fairlearn disparity over the given groups (overall = the rows of those groups). */
export function fairlearnDisparities(input: FairlearnInput, policy: UndefinedRatePolicy = 'as-fairlearn'): FairlearnDisparities {
  const raw = {} as Record<FairlearnMetric, RawDisparity>;
  for (const metric of FAIRLEARN_METRICS) {
    const values = input.groups.map((r) => fairlearnValue(metric, r[metric], policy));
    raw[metric] = rawDisparity(values, fairlearnValue(metric, input.overall[metric], policy));
  }
  const metrics = {} as FairlearnDisparities['metrics'];
  for (const metric of FAIRLEARN_METRICS) metrics[metric] = publish(raw[metric]);
  if (input.scores) {
    metrics.rocAuc = fairlearnDisparity(input.scores.rocAuc, input.scores.overallRocAuc);
    metrics.meanScore = fairlearnDisparity(input.scores.meanScore, input.scores.overallMeanScore);
  }
  const tpr = raw.truePositiveRate;
  const fpr = raw.falsePositiveRate;
  const equalizedOdds = {
    differenceBetweenGroups: orNull(pythonMax(tpr.differenceBetweenGroups, fpr.differenceBetweenGroups)),
    differenceToOverall: orNull(pythonMax(tpr.differenceToOverall, fpr.differenceToOverall)),
    ratioBetweenGroups: tpr.ratioBetweenRaises || fpr.ratioBetweenRaises ? null : orNull(pythonMin(tpr.ratioBetweenGroups, fpr.ratioBetweenGroups)),
    ratioToOverall: orNull(pythonMin(tpr.ratioToOverall, fpr.ratioToOverall)),
  };
  return { policy, metrics, demographicParity: metrics.selectionRate, equalizedOdds };
}
