import { type ConfusionMatrix } from '@/server/statistics/classification-metrics';

// Individual-fairness inequality indices of AIF360 (ClassificationMetric.
// generalized_entropy_index and theil_index) over a population, from its confusion counts.
// Each row's benefit is b = ŷ − y + 1: 0 for a false negative, 1 for a correct prediction,
// 2 for a false positive; μ is the mean benefit. Since b takes three values, AIF360's means
// over rows are sums over those three values weighted by their counts (rows do not matter).
//
// AIF360's formulas, reproduced as written (they differ from the textbook at alpha = 0):
//   alpha = 1 (Theil):  mean(ln((b/μ)^b) / μ)      — b = 0 contributes ln(0^0) = 0
//   alpha = 0:          −mean(ln(b/μ) / μ)         — textbook is −mean(ln(b/μ)), no 1/μ;
//                                                    any false negative makes it +Infinity
//   otherwise:          mean((b/μ)^alpha − 1) / (alpha (alpha − 1))
//                                                  — alpha < 0 with a false negative: +Infinity
// No rows, or μ = 0 (every row a false negative): NaN in AIF360, null here.

export const DEFAULT_GEI_ALPHA = 2;

/** Counts of the benefits 0, 1 and 2. */
export function benefitCounts(cm: ConfusionMatrix): [number, number, number] {
  return [cm.fn, cm.tp + cm.tn, cm.fp];
}

/** generalized_entropy_index(alpha) (default 2); null when undefined; may be +Infinity. */
export function generalizedEntropyIndex(cm: ConfusionMatrix, alpha: number = DEFAULT_GEI_ALPHA): number | null {
  if (!Number.isFinite(alpha)) throw new RangeError(`generalizedEntropyIndex: alpha must be finite, got ${alpha}`);
  const counts = benefitCounts(cm);
  const n = counts[0] + counts[1] + counts[2];
  if (n === 0) return null;
  const mu = (counts[1] + 2 * counts[2]) / n;
  // The per-row term for benefit k, exactly as AIF360 evaluates it elementwise.
  const term =
    alpha === 1
      ? (k: number) => Math.log(Math.pow(k / mu, k)) / mu
      : alpha === 0
        ? (k: number) => Math.log(k / mu) / mu
        : (k: number) => Math.pow(k / mu, alpha) - 1;
  let sum = 0;
  for (let k = 0; k < 3; k++) {
    // Benefits that no row has contribute nothing (0 · ±Infinity would be NaN).
    if (counts[k]! > 0) sum += counts[k]! * term(k);
  }
  const mean = sum / n;
  const value = alpha === 1 ? mean : alpha === 0 ? -mean : mean / (alpha * (alpha - 1));
  return Number.isNaN(value) ? null : value;
}

/** theil_index: the generalized entropy index with alpha = 1. */
export function theilIndex(cm: ConfusionMatrix): number | null {
  return generalizedEntropyIndex(cm, 1);
}
