import { type ConfusionMatrix } from '@/server/statistics/classification-metrics';

// Disparities in AIF360's convention (ClassificationMetric): the unprivileged side against
// the privileged one, signed as unprivileged − privileged, ratios as unprivileged /
// privileged. Either side may pool several groups (AIF360 ORs the group conditions).
//
// AIF360 divides numpy floats, so 0/0 is NaN (null here) and x/0 is inf (kept as Infinity;
// see fairness-numbers.ts for how the report carries it). Its fallbacks are reproduced: the
// rates TP/P, FP/N, FN/P are NaN without positives / negatives, the selection rate is NaN
// for an empty side, and accuracy is 0 for an empty side (so its error rate is 1). The report
// never compares an empty side; it says why instead.

export interface Aif360Disparities {
  /** selection rate ratio, unprivileged / privileged; may be Infinity. */
  disparateImpact: number | null;
  /** selection rate difference, unprivileged − privileged. */
  statisticalParityDifference: number | null;
  /** TPR difference (equal opportunity). */
  equalOpportunityDifference: number | null;
  /** ½ (FPR difference + TPR difference). */
  averageOddsDifference: number | null;
  /** ½ (|FPR difference| + |TPR difference|). */
  averageAbsOddsDifference: number | null;
  falsePositiveRateDifference: number | null;
  falseNegativeRateDifference: number | null;
  /** Error rate (1 − accuracy) difference. */
  errorRateDifference: number | null;
  /** The four-fifths rule: disparate impact below 0.8 or above 1.25 (null when DI is undefined). */
  fourFifthsViolated: boolean | null;
}

export const AIF360_METRICS = [
  'disparateImpact',
  'statisticalParityDifference',
  'equalOpportunityDifference',
  'averageOddsDifference',
  'averageAbsOddsDifference',
  'falsePositiveRateDifference',
  'falseNegativeRateDifference',
  'errorRateDifference',
] as const;

export const FOUR_FIFTHS_LOWER = 0.8;
export const FOUR_FIFTHS_UPPER = 1.25;

/** Four-fifths flag of a disparate impact: outside [0.8, 1.25]; Infinity counts as outside. */
export function violatesFourFifths(disparateImpact: number | null): boolean | null {
  if (disparateImpact === null || Number.isNaN(disparateImpact)) return null;
  return disparateImpact < FOUR_FIFTHS_LOWER || disparateImpact > FOUR_FIFTHS_UPPER;
}

interface SideRates {
  selection: number;
  tpr: number;
  fpr: number;
  fnr: number;
  error: number;
}

/** ClassificationMetric.performance_measures / selection_rate of one side, numpy semantics. */
function side(cm: ConfusionMatrix): SideRates {
  const p = cm.tp + cm.fn;
  const n = cm.fp + cm.tn;
  const all = p + n;
  const accuracy = all > 0 ? (cm.tp + cm.tn) / all : 0;
  return {
    selection: (cm.tp + cm.fp) / all,
    tpr: cm.tp / p,
    fpr: cm.fp / n,
    fnr: cm.fn / p,
    error: 1 - accuracy,
  };
}

const orNull = (v: number): number | null => (Number.isNaN(v) ? null : v);

/** The eight AIF360 group-fairness metrics of unprivileged against privileged. */
export function aif360Disparities(unprivileged: ConfusionMatrix, privileged: ConfusionMatrix): Aif360Disparities {
  const u = side(unprivileged);
  const p = side(privileged);
  const fprDifference = u.fpr - p.fpr;
  const tprDifference = u.tpr - p.tpr;
  const disparateImpact = orNull(u.selection / p.selection);
  return {
    disparateImpact,
    statisticalParityDifference: orNull(u.selection - p.selection),
    equalOpportunityDifference: orNull(tprDifference),
    averageOddsDifference: orNull(0.5 * (fprDifference + tprDifference)),
    averageAbsOddsDifference: orNull(0.5 * (Math.abs(fprDifference) + Math.abs(tprDifference))),
    falsePositiveRateDifference: orNull(fprDifference),
    falseNegativeRateDifference: orNull(u.fnr - p.fnr),
    errorRateDifference: orNull(u.error - p.error),
    fourFifthsViolated: violatesFourFifths(disparateImpact),
  };
}
