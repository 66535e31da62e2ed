import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import { twoProportionZTest } from '@/server/statistics/two-proportion-z-test';
import type { DifferenceInterval, NoInterval } from './welch-interval';

// Newcombe's hybrid score interval (1998, method 10) for the difference of two independent
// proportions (after − before), as statsmodels' confint_proportions_2indep(method='newcomb'):
// each side's Wilson score interval [l, u] around p = x/n, then
//   L = d − √((p_a − l_a)² + (u_b − p_b)²),  U = d + √((u_a − p_a)² + (p_b − l_b)²).
// It keeps its coverage near 0 and 1 and with small counts, where the normal (Wald)
// interval does not. The p-value is the pooled two-proportion z-test's; "significant"
// follows the interval, as the design says.

export interface ProportionDifference extends DifferenceInterval {
  before: number;
  after: number;
}

/** Wilson score interval of x successes in n trials. */
export function wilsonInterval(x: number, n: number, z: number): { lower: number; upper: number } {
  const p = x / n;
  const denominator = 1 + (z * z) / n;
  const centre = (p + (z * z) / (2 * n)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / denominator;
  return { lower: Math.max(0, centre - half), upper: Math.min(1, centre + half) };
}

export function proportionDifference(before: { hits: number; total: number }, after: { hits: number; total: number }, level = 0.95): ProportionDifference | NoInterval {
  for (const [side, c] of [['before', before], ['after', after]] as const) {
    if (!(c.total > 0)) return { difference: null, reason: `nothing counted ${side}` };
    if (!(c.hits >= 0 && c.hits <= c.total)) return { difference: null, reason: `${side}: ${c.hits} of ${c.total} is not a proportion` };
  }
  const z = normalQuantile(1 - (1 - level) / 2, 0, 1);
  const pb = before.hits / before.total;
  const pa = after.hits / after.total;
  const wb = wilsonInterval(before.hits, before.total, z);
  const wa = wilsonInterval(after.hits, after.total, z);
  const difference = pa - pb;
  const lower = difference - Math.sqrt((pa - wa.lower) ** 2 + (wb.upper - pb) ** 2);
  const upper = difference + Math.sqrt((wa.upper - pa) ** 2 + (pb - wb.lower) ** 2);
  const { pValue } = twoProportionZTest(before.hits, before.total, after.hits, after.total);
  return { before: pb, after: pa, difference, lower, upper, level, pValue, significant: lower > 0 || upper < 0 };
}
