import { compareEmpiricalDistributions } from './empirical-distribution-comparison';
import { clipProbability, roundHalfEven } from './float-scaling';
import { kolmogorovTwoSidedSf } from './kolmogorov-two-sided';
import { exactTwoSampleKsPValue } from './ks-two-sample-exact';
import { sortedWithoutNaN, type SortedSample } from './sorted-sample';

// Two-sample two-sided Kolmogorov–Smirnov test, statistic and p-value as
// scipy.stats.ks_2samp(a, b, alternative='two-sided', method='auto') computes them (SciPy 1.10):
//   - statistic D = max |F_a(x) − F_b(x)| over the pooled values (ties handled by evaluating the
//     ECDFs after each distinct value);
//   - max(n1, n2) ≤ 10000: the exact p-value (ks-two-sample-exact.ts); D is then reported
//     rounded to the lattice h/lcm(n1, n2), as SciPy does; if the exact computation fails to
//     give a probability, the asymptotic one is used instead;
//   - above: kstwo.sf(D, round(n1·n2/(n1 + n2))) (kolmogorov-two-sided.ts), round half to even.
// NaN policy: NaNs are dropped from each sample before the test (SciPy ≥ 1.11's
// nan_policy='omit'); ±Infinity are ordinary values. A sample left empty gives NaN statistic
// and p-value, where SciPy raises.

/** SciPy's MAX_AUTO_N: exact when both sizes are at most this. */
export const KS_EXACT_MAX_N = 10_000;

export interface KsTestResult {
  statistic: number;
  pValue: number;
  method: 'exact' | 'asymptotic';
  n1: number;
  n2: number;
}

/** The p-value for a statistic d computed from samples of sizes n1 and n2 (both ≥ 1). */
export function ksTwoSamplePValue(d: number, n1: number, n2: number): KsTestResult {
  if (Math.max(n1, n2) <= KS_EXACT_MAX_N) {
    const exact = exactTwoSampleKsPValue(n1, n2, d);
    if (exact) return { statistic: exact.statistic, pValue: clipProbability(exact.pValue), method: 'exact', n1, n2 };
  }
  const m = Math.max(n1, n2);
  const n = Math.min(n1, n2);
  const effective = (m * n) / (m + n);
  const pValue = clipProbability(kolmogorovTwoSidedSf(d, roundHalfEven(effective)));
  return { statistic: d, pValue, method: 'asymptotic', n1, n2 };
}

/** KS test on two samples already sorted ascending without NaN (the drift engine's path). */
export function ksTwoSampleSorted(a: SortedSample, b: SortedSample): KsTestResult {
  if (a.length === 0 || b.length === 0) {
    return { statistic: Number.NaN, pValue: Number.NaN, method: 'exact', n1: a.length, n2: b.length };
  }
  return ksTwoSamplePValue(compareEmpiricalDistributions(a, b).ksStatistic, a.length, b.length);
}

/** KS test on raw samples: NaN dropped, then sorted copies compared. */
export function ksTwoSample(a: ArrayLike<number>, b: ArrayLike<number>): KsTestResult {
  return ksTwoSampleSorted(sortedWithoutNaN(a), sortedWithoutNaN(b));
}
