import { standardDeviation } from 'simple-statistics';
import { compareEmpiricalDistributions } from './empirical-distribution-comparison';
import { sortedWithoutNaN, type SortedSample } from './sorted-sample';

// Wasserstein-1 (earth mover's) distance between two one-dimensional samples, as
// scipy.stats.wasserstein_distance(u, v) computes it: the integral of |F_u − F_v| over the
// pooled values. And Evidently's normalized form, which its data-drift preset uses for
// numerical features with more than 1000 reference rows:
//   W1(reference, current) / max(std(reference), 0.001),   std with ddof = 0,
// so a constant reference (std 0) is divided by 0.001 rather than by zero: any shift of
// 0.0001 or more then counts as drift at the default threshold 0.1.
// NaNs are dropped first; an empty sample gives NaN.

/** Evidently's floor for the reference standard deviation. */
export const WASSERSTEIN_STD_FLOOR = 0.001;

export function wassersteinDistanceSorted(u: SortedSample, v: SortedSample): number {
  if (u.length === 0 || v.length === 0) return Number.NaN;
  return compareEmpiricalDistributions(u, v).wasserstein;
}

export function wassersteinDistance(u: ArrayLike<number>, v: ArrayLike<number>): number {
  return wassersteinDistanceSorted(sortedWithoutNaN(u), sortedWithoutNaN(v));
}

/** Population standard deviation (ddof = 0) of NaN-free values; NaN when empty. */
export function populationStd(values: SortedSample | readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  // simple-statistics reads only .length and [i], so a typed array serves as its number list.
  return standardDeviation(values as unknown as readonly number[]);
}

/** W1 divided by the reference's floored population standard deviation. */
export function normalizeWasserstein(distance: number, referenceStd: number): number {
  return distance / Math.max(referenceStd, WASSERSTEIN_STD_FLOOR);
}

/** Evidently's normalized Wasserstein distance of current against reference. */
export function normalizedWassersteinDistance(reference: ArrayLike<number>, current: ArrayLike<number>): number {
  const ref = sortedWithoutNaN(reference);
  const distance = wassersteinDistanceSorted(ref, sortedWithoutNaN(current));
  return normalizeWasserstein(distance, populationStd(ref));
}
