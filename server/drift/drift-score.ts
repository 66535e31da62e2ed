import { isPValueMethod } from './drift-method-selection';
import type { DriftMethod } from './drift-types';

// One scale for every drift method, for charts where up must mean worse: 1 at the feature's
// threshold, above 1 drifted, 0 for no drift at all. Distances (PSI, Wasserstein,
// Jensen–Shannon) are divided by their threshold; a p-value p with threshold α becomes
// log p / log α, so p = α reads 1, p = α² reads 2, p = 1 reads 0. Pure.

export function driftScore(method: DriftMethod, value: number, threshold: number): number | null {
  if (!Number.isFinite(value) || !(threshold > 0)) return null;
  if (isPValueMethod(method)) {
    if (threshold >= 1) return null;
    if (value >= 1) return 0;
    // p = 0 (underflow): the smallest positive double, so the score is large but finite.
    return Math.log(Math.max(value, Number.MIN_VALUE)) / Math.log(threshold);
  }
  return Math.max(0, value) / threshold;
}
