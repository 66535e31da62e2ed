import normalCdf from '@stdlib/stats-base-dists-normal-cdf';

// Two-proportion z-test (pooled variance), which Evidently uses instead of chi-square when a
// categorical feature has at most two values:
//   p_r = x_r/n_r, p_c = x_c/n_c, P = (x_r + x_c)/(n_r + n_c),
//   z = (p_r − p_c) / sqrt(P(1 − P)(1/n_r + 1/n_c)),  p = 2·Φ(−|z|)  (two-sided).
// Evidently writes p as 2·(1 − Φ(|z|)), which rounds to 0 below about 1e-16; 2·Φ(−|z|) is the
// same number computed without that cancellation. When P is 0 or 1 (only one value seen on both
// sides) there is nothing to test: z = 0, p = 1 (Evidently's special case). An empty side
// gives NaN. For two categories the result does not depend on which one is counted.

export interface ZTestResult {
  statistic: number;
  pValue: number;
}

export function twoProportionZTest(referenceHits: number, referenceTotal: number, currentHits: number, currentTotal: number): ZTestResult {
  if (!(referenceTotal > 0) || !(currentTotal > 0)) return { statistic: Number.NaN, pValue: Number.NaN };
  const p1 = referenceHits / referenceTotal;
  const p2 = currentHits / currentTotal;
  const pooled = (p1 * referenceTotal + p2 * currentTotal) / (referenceTotal + currentTotal);
  if (pooled <= 0 || pooled >= 1) return { statistic: 0, pValue: 1 };
  const z = (p1 - p2) / Math.sqrt(pooled * (1 - pooled) * (1 / referenceTotal + 1 / currentTotal));
  return { statistic: z, pValue: 2 * normalCdf(-Math.abs(z), 0, 1) };
}
