// Survival function of the one-sided one-sample Kolmogorov–Smirnov statistic D_n⁺,
// P(D_n⁺ ≥ x), as scipy.special.smirnov(n, x) defines it. SciPy's two-sided distribution
// uses 2·smirnov(n, x) for x ≥ 0.5 and in its upper tail.
//
// Method: the Smirnov–Birnbaum–Tingey sum
//   P(D_n⁺ ≥ x) = x · Σ_{v=0}^{⌊n(1−x)⌋} C(n, v) (x + v/n)^(v−1) (1 − x − v/n)^(n−v),
// whose terms are all positive; each is evaluated in log space (log C(n, v) as a running sum)
// and the sum stops once the remaining terms cannot change it (SciPy's criterion). SciPy
// evaluates the same sum in double-double arithmetic; here it is double precision with the
// log-binomial compensated, which keeps the relative error near 1e-12 (measured against SciPy
// and a 40-digit evaluation). The
// special cases (n = 1, x ≤ 1/n, x ≥ 1 − 1/n, underflow, n > 10⁶) follow SciPy's
// cephes/kolmogorov.c.
//
// Smirnov NV (1944) "Approximate laws of distribution of random variables from empirical data",
//   Uspekhi Mat. Nauk 10, 179–206.
// Birnbaum ZW, Tingey FH (1951) "One-sided confidence contours for probability distribution
//   functions", Ann. Math. Statist. 22(4), 592–596.
// van Mulbregt P (2018) "Computing the cumulative distribution function and quantiles of the
//   one-sided Kolmogorov–Smirnov statistic", arXiv:1802.06966.

/** cephes MINLOG = log(2^−1075): exp of anything below is 0. */
const MIN_LOG = -745.1332191019412;
/** Above this n SciPy switches to an approximation (too many terms to sum). */
const MAX_COMPUTE_N = 1_000_000;
const EPSILON = Number.EPSILON;

/** P(D_n⁺ ≥ x) for integer n ≥ 1 and 0 ≤ x ≤ 1; NaN outside. */
export function smirnovSf(n: number, x: number): number {
  if (!(n > 0 && x >= 0 && x <= 1)) return Number.NaN;
  if (n === 1) return 1 - x;
  if (x === 0) return 1;
  if (x === 1) return 0;
  const nx = n * x;
  if (nx <= 1) {
    // x ≤ 1/n: cdf = x (1 + x)^(n−1).
    return 1 - x * (1 + x) ** (n - 1);
  }
  if (-2 * n * x * x < MIN_LOG) return 0;
  if (Math.floor(nx) >= n - 1) return (1 - x) ** n;
  if (n > MAX_COMPUTE_N) return Math.exp(-((6 * n * x + 1) ** 2) / 18 / n);

  // Terms v = 0 … while 1 − x − v/n > 0. log C(n, v) runs to ~n·ln 2 while the exponent ends
  // near log p, so it is accumulated with Neumaier compensation: a plain running sum would
  // lose ~1e-9 of relative accuracy to rounding at n = 10⁵.
  const last = n - Math.floor(nx) - 1;
  let logBinomial = 0;
  let logBinomialError = 0;
  let sum = 0;
  for (let v = 0; v <= last; v++) {
    if (v > 0) {
      const step = Math.log((n - v + 1) / v);
      const t = logBinomial + step;
      logBinomialError += Math.abs(logBinomial) >= Math.abs(step) ? logBinomial - t + step : step - t + logBinomial;
      logBinomial = t;
    }
    const above = x + v / n;
    if (above >= 1) break;
    const term = Math.exp(logBinomial + (n - v) * Math.log1p(-above) + (v - 1) * Math.log(above) + logBinomialError);
    sum += term;
    if (term !== 0) {
      if (4 * (last + 1 - v) * term < EPSILON * sum && v !== last) break;
    } else if (v > n / 2) {
      break;
    }
  }
  const p = x * sum;
  return p < 0 ? 0 : p > 1 ? 1 : p;
}
