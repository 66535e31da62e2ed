import { roundHalfEven } from './float-scaling';

// Exact null distribution of the two-sample two-sided Kolmogorov–Smirnov statistic, as SciPy's
// ks_2samp computes it (scipy.stats._stats_py._attempt_exact_2kssamp). D·lcm(n1, n2) is an
// integer h, and P(D ≥ h/lcm) is the share of monotone lattice paths from (0, 0) to (n1, n2)
// that touch the band |x/n1 − y/n2| ≥ h/lcm.
//   n1 = n2: the reflection-principle series of Gnedenko & Korolyuk, evaluated SciPy's way
//            (each term divided by C(2n, n) and nested Horner-like to avoid cancellation).
//   n1 ≠ n2: Hodges' "inside" lattice recursion, kept as the complement probability directly
//            (Viehmann's variant) over a sliding window of one column.
//
// Hodges JL Jr (1958) "The significance probability of the Smirnov two-sample test",
//   Arkiv för Matematik 3(43), 469–486.
// Gnedenko BV, Korolyuk VS (1951) "On the maximum discrepancy between two empirical
//   distributions", Doklady Akad. Nauk SSSR 80, 525–528.
// Viehmann T (2021) "Numerically more stable computation of the p-values for the two-sample
//   Kolmogorov–Smirnov test", arXiv:2102.08037.

export function greatestCommonDivisor(a: number, b: number): number {
  let x = a;
  let y = b;
  while (y !== 0) [x, y] = [y, x % y];
  return x;
}

/** P(D_{n,n} ≥ h/n) = 2·Σ_k (−1)^(k+1) C(2n, n − kh)/C(2n, n). */
function probabilityOutsideSquare(n: number, h: number): number {
  let P = 0;
  for (let k = Math.floor(n / h); k >= 0; k--) {
    let p1 = 1;
    for (let j = 0; j < h; j++) p1 = ((n - k * h - j) * p1) / (n + k * h + j + 1);
    P = p1 * (1 - P);
  }
  return 2 * P;
}

/** Share of lattice paths (0,0)→(m,n) that leave the band |x/m − y/n| < h/lcm(m, n). */
function probabilityOutsideBand(m0: number, n0: number, g: number, h: number): number {
  const m = Math.max(m0, n0);
  const n = Math.min(m0, n0);
  const mg = m / g;
  const ng = n / g;
  // A[j] holds, for the current column x = i, the probability that a path reaching (i, j)
  // has already left the band; the window [minj, maxj) slides up with i.
  let minj = 0;
  let maxj = Math.min(Math.ceil(h / mg), n + 1);
  let curlen = maxj - minj;
  const lenA = Math.min(2 * maxj + 2, n + 1);
  const A = new Float64Array(lenA).fill(1);
  A.fill(0, minj, maxj);
  for (let i = 1; i <= m; i++) {
    const lastminj = minj;
    const lastlen = curlen;
    minj = Math.min(Math.max(Math.floor((ng * i - h) / mg) + 1, 0), n);
    maxj = Math.min(Math.ceil((ng * i + h) / mg), n + 1);
    if (maxj <= minj) return 1;
    let val = minj === 0 ? 0 : 1;
    for (let jj = 0; jj < maxj - minj; jj++) {
      const j = jj + minj;
      val = (A[jj + minj - lastminj]! * i + val * j) / (i + j);
      A[jj] = val;
    }
    curlen = maxj - minj;
    if (lastlen > curlen) A.fill(1, maxj - minj, maxj - minj + (lastlen - curlen));
  }
  return A[maxj - minj - 1]!;
}

export interface ExactKsResult {
  /** D rounded to the lattice: h / lcm(n1, n2), which SciPy reports as the statistic. */
  statistic: number;
  pValue: number;
}

/**
 * Exact two-sided p-value for statistic d, or null when the computation does not give a
 * probability (SciPy then falls back to the asymptotic distribution).
 */
export function exactTwoSampleKsPValue(n1: number, n2: number, d: number): ExactKsResult | null {
  const g = greatestCommonDivisor(n1, n2);
  const lcm = (n1 / g) * n2;
  const h = roundHalfEven(d * lcm);
  const statistic = h / lcm;
  if (h === 0) return { statistic, pValue: 1 };
  const pValue = n1 === n2 ? probabilityOutsideSquare(n1, h) : probabilityOutsideBand(n1, n2, g, h);
  if (!(pValue >= 0 && pValue <= 1)) return null;
  return { statistic, pValue };
}
