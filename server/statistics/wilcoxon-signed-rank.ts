import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import { sortFloat64InPlace } from './radix-sort';

// Wilcoxon signed-rank test of paired differences d (two-sided), as SciPy's
// scipy.stats.wilcoxon(d) computes it with its defaults (zero_method='wilcox',
// correction=False, method='auto'). Pure.
//
//   - Zero differences are dropped ('wilcox'); the |d| left are ranked with mid-ranks for ties.
//   - statistic T = min(R+, R−), the smaller of the rank sums of positive and negative d.
//   - exact: when there are at most 50 differences, none zero and no tied |d|, the p-value is
//     2·min(P(R+ ≤ r), P(R+ ≥ r)) under the exact null distribution of R+ (every sign equally
//     likely), 1 at its centre — SciPy's 'exact' branch.
//   - normal approximation otherwise: z = (T − n(n+1)/4) / σ with
//     σ² = [n(n+1)(2n+1) − ½ Σ t(t² − 1)] / 24 over groups of t tied ranks, no continuity
//     correction, p = 2·Φ(−|z|) — SciPy's 'approx' branch, the one its default takes beyond 50
//     differences or with a zero difference.
// One deliberate difference: SciPy 1.10's default also uses the exact branch when ≤ 50
// differences include tied |d|, on the rank sum truncated to an integer, where the exact
// distribution (which assumes no ties) does not apply. Here ties always take the normal
// approximation with the tie correction, which equals scipy.stats.wilcoxon(d, method='approx').

export type WilcoxonMethod = 'exact' | 'normal-approximation';

export interface WilcoxonResult {
  method: WilcoxonMethod;
  /** min(R+, R−). */
  statistic: number;
  pValue: number;
  /** Rank sum of the positive differences. */
  rankSumPositive: number;
  /** Non-zero differences the test ranked. */
  nonZero: number;
  /** Zero differences dropped. */
  zeros: number;
  /** The normal-approximation z (null for the exact test). */
  z: number | null;
}

/** SciPy uses the exact distribution up to this many differences. */
export const WILCOXON_EXACT_MAX = 50;

/**
 * The test on differences d; null when every difference is 0 (or there is none), where SciPy
 * raises or returns NaN: nothing distinguishes the two sides.
 */
export function wilcoxonSignedRank(differences: ArrayLike<number>): WilcoxonResult | null {
  const n = differences.length;
  const absolute = new Float64Array(n);
  const positives = new Float64Array(n);
  let nonZero = 0;
  let positive = 0;
  for (let i = 0; i < n; i++) {
    const d = differences[i]!;
    if (!Number.isFinite(d)) throw new RangeError(`wilcoxon: difference ${d} at row ${i} is not a finite number`);
    if (d !== 0) absolute[nonZero++] = Math.abs(d);
    if (d > 0) positives[positive++] = d;
  }
  if (nonZero === 0) return null;
  const zeros = n - nonZero;

  // Mid-ranks of |d|: sort once, then the rank of a value is the mean position of its tie
  // group. The positive differences, sorted too, are walked alongside: each tie group adds
  // (its positives) × (its mid-rank) to R+ — no lookup per row. Mid-ranks are half-integers
  // and R+ ≤ n²/2, so every sum is exact in doubles whatever the order.
  const sorted = sortFloat64InPlace(absolute.subarray(0, nonZero));
  const sortedPositives = sortFloat64InPlace(positives.subarray(0, positive));
  let tieTerm = 0;
  let rankSumPositive = 0;
  let p = 0;
  for (let i = 0; i < nonZero; ) {
    let j = i;
    while (j < nonZero && sorted[j] === sorted[i]) j++;
    const t = j - i;
    let inGroup = 0;
    while (p < positive && sortedPositives[p] === sorted[i]) {
      inGroup++;
      p++;
    }
    rankSumPositive += inGroup * ((i + 1 + j) / 2);
    if (t > 1) tieTerm += t * (t * t - 1);
    i = j;
  }
  const total = (nonZero * (nonZero + 1)) / 2;
  const statistic = Math.min(rankSumPositive, total - rankSumPositive);

  if (n <= WILCOXON_EXACT_MAX && zeros === 0 && tieTerm === 0) {
    return { method: 'exact', statistic, pValue: exactTwoSidedP(nonZero, rankSumPositive), rankSumPositive, nonZero, zeros, z: null };
  }
  const mean = total / 2;
  const sd = Math.sqrt((nonZero * (nonZero + 1) * (2 * nonZero + 1) - 0.5 * tieTerm) / 24);
  const z = (statistic - mean) / sd;
  return { method: 'normal-approximation', statistic, pValue: Math.min(1, 2 * normalCdf(-Math.abs(z), 0, 1)), rankSumPositive, nonZero, zeros, z };
}

/**
 * Exact two-sided p of R+ = r among n untied non-zero differences: the null distribution of
 * R+ by the recurrence of adding rank k with sign + or − (probability ½ each). Every value is
 * a count of subsets over 2ⁿ, exact in doubles for n ≤ 50.
 */
function exactTwoSidedP(n: number, r: number): number {
  const max = (n * (n + 1)) / 2;
  let pmf = new Float64Array([1]);
  for (let k = 1; k <= n; k++) {
    const next = new Float64Array((k * (k + 1)) / 2 + 1);
    for (let s = 0; s < pmf.length; s++) {
      next[s]! += pmf[s]! * 0.5;
      next[s + k]! += pmf[s]! * 0.5;
    }
    pmf = next;
  }
  // SciPy's centre test; for an odd maximum both tails are ½ there anyway.
  if (r === Math.floor(max / 2)) return 1;
  let below = 0;
  let above = 0;
  for (let s = 0; s <= max; s++) {
    if (s <= r) below += pmf[s]!;
    if (s >= r) above += pmf[s]!;
  }
  return Math.min(1, 2 * Math.min(below, above));
}
