import { clipProbability } from './float-scaling';
import { durbinMatrixCdf } from './kolmogorov-durbin-matrix';
import { pelzGoodCdf } from './kolmogorov-pelz-good';
import { pomeranzCdf } from './kolmogorov-pomeranz';
import { smirnovSf } from './smirnov-one-sided';

// Survival function of the two-sided one-sample Kolmogorov–Smirnov statistic D_n,
// P(D_n ≥ x), as scipy.stats.kstwo.sf(x, n) computes it. ks_2samp's asymptotic p-value is
// kstwo.sf(D, round(n1·n2/(n1 + n2))).
//
// Which algorithm answers follows Simard & L'Ecuyer, exactly as SciPy's
// scipy.stats._ksstats._kolmogn chooses:
//   x ≤ 1/(2n) → 1;  x ≥ 1 → 0
//   n·x ≤ 1            Ruben–Gambino closed form (n!/nⁿ)(2nx − 1)ⁿ for the CDF
//   n·x ≥ n − 1        Ruben–Gambino: 2(1 − x)ⁿ
//   x ≥ 0.5            exact: 2·smirnov(n, x)
//   n ≤ 140:  n·x² ≤ 0.754693 Durbin matrix; ≤ 4 Pomeranz; else 2·smirnov(n, x)
//   n > 140:  n·x² ≥ 370 → 0; ≥ 2.2 → 2·smirnov(n, x);
//             else 1 − CDF with Durbin matrix when n ≤ 100000 and n·x^1.5 ≤ 1.4, Pelz–Good otherwise
//
// Simard R, L'Ecuyer P (2011) "Computing the two-sided Kolmogorov–Smirnov distribution",
//   J. Stat. Software 39(11), 1–18.
// Ruben H, Gambino J (1982) "The exact distribution of Kolmogorov's statistic D_n for n ≤ 10",
//   Ann. Inst. Statist. Math. 34, 167–173.

const LOG_2PI = Math.log(2 * Math.PI);
// B_{2j}/(2j)/(2j−1) for j = 8 … 1 (Stirling series), highest degree first as np.polyval wants.
const STIRLING_COEFFS = [
  -0.029550653594771242, 0.00641025641025641, -0.0019175269175269176, 0.0008417508417508417, -0.0005952380952380953, 0.0007936507936507937,
  -0.002777777777777778, 0.08333333333333333,
];

/** log(n!/nⁿ) by Stirling's series, without the cancelling n·log n terms. */
function logFactorialOverPower(n: number): number {
  const rn = 1 / n;
  const t = rn / n;
  let poly = 0;
  for (const c of STIRLING_COEFFS) poly = poly * t + c;
  return Math.log(n) / 2 - n + LOG_2PI / 2 + rn * poly;
}

/** P(D_n ≥ x) inside the support (1/(2n) < x < 1). */
function kolmogorovSfInside(n: number, x: number): number {
  const t = n * x;
  if (t <= 1) {
    if (t <= 0.5) return 1;
    let cdf: number;
    if (n <= 140) {
      cdf = 1;
      const factor = 2 * t - 1;
      for (let i = 1; i <= n; i++) cdf *= i * (1 / n) * factor;
    } else {
      cdf = Math.exp(logFactorialOverPower(n) + n * Math.log(2 * t - 1));
    }
    return clipProbability(1 - cdf);
  }
  if (t >= n - 1) return clipProbability(2 * (1 - x) ** n);
  if (x >= 0.5) return clipProbability(2 * smirnovSf(n, x));

  const nxSquared = t * x;
  if (n <= 140) {
    if (nxSquared <= 0.754693) return clipProbability(1 - durbinMatrixCdf(n, x));
    if (nxSquared <= 4) return clipProbability(1 - pomeranzCdf(n, x));
    return clipProbability(2 * smirnovSf(n, x));
  }
  if (nxSquared >= 370) return 0;
  if (nxSquared >= 2.2) return clipProbability(2 * smirnovSf(n, x));
  // nxSquared < 18 here, so the CDF is not yet 1.
  const cdf = n <= 100_000 && n * x ** 1.5 <= 1.4 ? durbinMatrixCdf(n, x) : pelzGoodCdf(n, x);
  return clipProbability(1 - cdf);
}

/** scipy.stats.kstwo.sf(x, n): P(D_n ≥ x) for integer n ≥ 1; NaN for a bad n or NaN x. */
export function kolmogorovTwoSidedSf(x: number, n: number): number {
  if (!(n >= 1) || !Number.isInteger(n) || Number.isNaN(x)) return Number.NaN;
  if (x <= 0.5 / n) return 1;
  if (x >= 1) return 0;
  return kolmogorovSfInside(n, x);
}
