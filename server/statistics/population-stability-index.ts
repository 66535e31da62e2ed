// Population Stability Index between a reference and a current distribution over the same
// buckets (frozen numeric bins or categories):
//   PSI = Σ (cur_i − ref_i) · ln(cur_i / ref_i),   ref_i and cur_i shares of their totals.
// An empty bucket would make the logarithm infinite, so a zero share is replaced, side by
// side, without renormalizing — Evidently's rule (get_binned_data): PSI_EMPTY_SHARE = 1e-4
// (a share, not a count), or that side's smallest non-zero share / 10⁶ when that share is
// itself ≤ 1e-4 (so the fill stays below every real share). A bucket empty on both sides
// contributes 0 when the two fills agree. Either total being 0 gives NaN.
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
  const refFill = emptyFill(referenceCounts, refTotal, emptyShare);
  const curFill = emptyFill(currentCounts, curTotal, emptyShare);
  let psi = 0;
  for (let i = 0; i < referenceCounts.length; i++) {
    const ref = referenceCounts[i]! / refTotal || refFill;
    const cur = currentCounts[i]! / curTotal || curFill;
    psi += (cur - ref) * Math.log(cur / ref);
  }
  return psi;
}

/** The share an empty bucket of one side takes: emptyShare, or the side's smallest non-zero share / 10⁶ when that is ≤ emptyShare. */
function emptyFill(counts: ArrayLike<number>, total: number, emptyShare: number): number {
  let smallest = Infinity;
  for (let i = 0; i < counts.length; i++) if (counts[i]! > 0 && counts[i]! < smallest) smallest = counts[i]!;
  const share = smallest / total;
  return share <= emptyShare ? share / 1e6 : emptyShare;
}
