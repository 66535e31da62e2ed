import tCdf from '@stdlib/stats-base-dists-t-cdf';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import { mean, sampleVariance } from 'simple-statistics';

// Welch's interval for the difference of two means (after − before) without assuming equal
// variances, as SciPy's ttest_ind(after, before, equal_var=False).confidence_interval():
//   d = x̄_a − x̄_b,  v = s²_a/n_a + s²_b/n_b (sample variances, n − 1),
//   df = v² / ((s²_a/n_a)²/(n_a − 1) + (s²_b/n_b)²/(n_b − 1))   (Welch–Satterthwaite),
//   d ± t_{1−α/2, df}·√v,  p = 2·T_df(−|d|/√v).
// Needs two observations per side and some variation; otherwise there is no interval.

export interface DifferenceInterval {
  /** after − before. */
  difference: number;
  lower: number;
  upper: number;
  level: number;
  /** Two-sided p-value of "no difference". */
  pValue: number;
  /** The interval excludes zero. */
  significant: boolean;
}

export interface WelchInterval extends DifferenceInterval {
  degreesOfFreedom: number;
}

/** The reason a difference has no interval, in words. */
export type NoInterval = { difference: number | null; reason: string };

export function isInterval<T extends DifferenceInterval>(result: T | NoInterval): result is T {
  return 'lower' in result;
}


export function welchInterval(before: readonly number[], after: readonly number[], level = 0.95): WelchInterval | NoInterval {
  if (before.length < 2 || after.length < 2) {
    const difference = before.length && after.length ? mean(after as number[]) - mean(before as number[]) : null;
    return { difference, reason: `needs at least 2 observations on each side (before ${before.length}, after ${after.length})` };
  }
  const difference = mean(after as number[]) - mean(before as number[]);
  const va = sampleVariance(after as number[]) / after.length;
  const vb = sampleVariance(before as number[]) / before.length;
  const v = va + vb;
  if (!(v > 0)) return { difference, reason: 'the values do not vary on either side' };
  const df = (v * v) / ((va * va) / (after.length - 1) + (vb * vb) / (before.length - 1));
  const se = Math.sqrt(v);
  const half = tQuantile(1 - (1 - level) / 2, df) * se;
  const lower = difference - half;
  const upper = difference + half;
  return { difference, lower, upper, level, degreesOfFreedom: df, pValue: 2 * tCdf(-Math.abs(difference) / se, df), significant: lower > 0 || upper < 0 };
}
