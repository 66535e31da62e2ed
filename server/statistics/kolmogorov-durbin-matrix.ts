import { ldexp, TWO_POW_128, TWO_POW_MINUS_128 } from './float-scaling';

// P(D_n ≤ d) for the one-sample two-sided Kolmogorov–Smirnov statistic by Durbin's matrix
// algorithm, computed as Marsaglia, Tsang & Wang do it: write d = (k − h)/n, build the
// (2k−1)² matrix H, and take the k-th diagonal element of (n!/nⁿ)·Hⁿ, rescaling by 2¹²⁸ as
// needed and carrying the exponent apart. Memory O(k²), time O(k³ log n): SciPy uses it for
// small n·d². Port of SciPy's scipy.stats._ksstats._kolmogn_DMTW.
//
// Durbin J (1968) "The probability that the sample distribution function lies between two
//   parallel straight lines", Ann. Math. Statist. 39, 398–411.
// Marsaglia G, Tsang WW, Wang J (2003) "Evaluating Kolmogorov's distribution", J. Stat.
//   Software 8(18), 1–4.

function multiply(a: Float64Array, b: Float64Array, m: number): Float64Array {
  const out = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    const row = i * m;
    for (let l = 0; l < m; l++) {
      const ail = a[row + l]!;
      if (ail === 0) continue;
      const bRow = l * m;
      for (let j = 0; j < m; j++) out[row + j]! += ail * b[bRow + j]!;
    }
  }
  return out;
}

/** CDF P(D_n ≤ d), clipped to [0, 1]. */
export function durbinMatrixCdf(n: number, d: number): number {
  if (d >= 1) return 1;
  const nd = n * d;
  if (nd <= 0.5) return 0;
  const k = Math.ceil(nd);
  const h = k - nd;
  const m = 2 * k - 1;

  // v[j−1] = (1 − h^j)/j!, w[j−1] = 1/(j−1)!; the last element of v gets the corner term.
  const v = new Float64Array(m);
  const w = new Float64Array(m);
  let fac = 1;
  for (let j = 1; j <= m; j++) {
    w[j - 1] = fac;
    fac /= j;
    v[j - 1] = (1 - h ** j) * fac;
  }
  const tt = Math.max(2 * h - 1, 0) ** m - 2 * h ** m;
  v[m - 1] = (1 + tt) * fac;

  let H: Float64Array = new Float64Array(m * m);
  for (let i = 1; i < m; i++) {
    for (let r = i - 1; r < m; r++) H[r * m + i] = w[r - i + 1]!;
  }
  for (let r = 0; r < m; r++) H[r * m] = v[r]!;
  for (let c = 0; c < m; c++) H[(m - 1) * m + c] = v[m - 1 - c]!;

  let power: Float64Array = new Float64Array(m * m);
  for (let i = 0; i < m; i++) power[i * m + i] = 1;
  let remaining = n;
  let exponent = 0;
  let hExponent = 0;
  const diagonal = (k - 1) * m + (k - 1);
  while (remaining > 0) {
    if (remaining % 2) {
      power = multiply(power, H, m);
      exponent += hExponent;
    }
    H = multiply(H, H, m);
    hExponent *= 2;
    if (Math.abs(H[diagonal]!) > TWO_POW_128) {
      for (let i = 0; i < H.length; i++) H[i]! /= TWO_POW_128;
      hExponent += 128;
    }
    remaining = Math.floor(remaining / 2);
  }

  let p = power[diagonal]!;
  for (let i = 1; i <= n; i++) {
    p = (i * p) / n;
    if (Math.abs(p) < TWO_POW_MINUS_128) {
      p *= TWO_POW_128;
      exponent -= 128;
    }
  }
  if (exponent !== 0) p = ldexp(p, exponent);
  return p < 0 ? 0 : p > 1 ? 1 : p;
}
