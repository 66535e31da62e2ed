// Population Stability Index between a reference and a current distribution over the same
// buckets (frozen numeric bins or categories):
//   PSI = Σ (cur_i − ref_i) · ln(cur_i / ref_i),   ref_i and cur_i shares of their totals.
// An empty bucket would make the logarithm infinite, so a zero share is replaced by
// PSI_EMPTY_SHARE = 1e-4 (a share, not a count), without renormalizing — Evidently's rule.
// A bucket empty on both sides then contributes 0. Either total being 0 gives NaN.
// Common reading: < 0.1 stable, 0.1–0.25 moderate shift, > 0.25 major shift.

export const PSI_EMPTY_SHARE = 1e-4;

export function populationStabilityIndex(referenceCounts: ArrayLike<number>, currentCounts: ArrayLike<number>, emptyShare = PSI_EMPTY_SHARE): number {
  if (referenceCounts.length !== currentCounts.length) {
    throw new RangeError(`populationStabilityIndex: bucket counts differ (${referenceCounts.length} vs ${currentCounts.length})`);
  }
  let refTotal = 0;
  let curTotal = 0;
  for (let i = 0; i < referenceCounts.length; i++) {
    refTotal += referenceCounts[i]!;
    curTotal += currentCounts[i]!;
  }
  if (!(refTotal > 0) || !(curTotal > 0)) return Number.NaN;
  let psi = 0;
  for (let i = 0; i < referenceCounts.length; i++) {
    const ref = referenceCounts[i]! / refTotal || emptyShare;
    const cur = currentCounts[i]! / curTotal || emptyShare;
    psi += (cur - ref) * Math.log(cur / ref);
  }
  return psi;
}
