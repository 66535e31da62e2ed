import gammainc from '@stdlib/math-base-special-gammainc';

// Chi-square test of homogeneity of category counts, reference vs current, as
// scipy.stats.chi2_contingency([referenceCounts, currentCounts], correction=False) computes it
// on the 2 × k table: expected = row total · column total / grand total,
// statistic = Σ (observed − expected)²/expected, dof = k − 1, p = P(χ²_dof ≥ statistic)
// (the regularized upper incomplete gamma Q(dof/2, statistic/2), from @stdlib).
// Categories absent from both samples are dropped first (SciPy would refuse a zero expected
// count). A category seen only in the current window ("unseen" in the reference) is an
// ordinary column with a reference count of 0, and rightly pushes the statistic up.
// With one category left, dof = 0 and SciPy's degenerate answer applies: statistic 0, p = 1.
// An empty side gives NaN.

export interface ChiSquareResult {
  statistic: number;
  pValue: number;
  dof: number;
}

/** P(χ²_dof ≥ x), scipy.stats.chi2.sf. */
export function chiSquareSf(x: number, dof: number): number {
  if (Number.isNaN(x) || !(dof > 0)) return Number.NaN;
  if (x <= 0) return 1;
  return gammainc(x / 2, dof / 2, true, true);
}

export function chiSquareHomogeneity(referenceCounts: ArrayLike<number>, currentCounts: ArrayLike<number>): ChiSquareResult {
  if (referenceCounts.length !== currentCounts.length) {
    throw new RangeError(`chiSquareHomogeneity: category counts differ (${referenceCounts.length} vs ${currentCounts.length})`);
  }
  const ref: number[] = [];
  const cur: number[] = [];
  let refTotal = 0;
  let curTotal = 0;
  for (let i = 0; i < referenceCounts.length; i++) {
    const r = referenceCounts[i]!;
    const c = currentCounts[i]!;
    if (r < 0 || c < 0) throw new RangeError('chiSquareHomogeneity: counts must be non-negative');
    if (r + c === 0) continue;
    ref.push(r);
    cur.push(c);
    refTotal += r;
    curTotal += c;
  }
  if (refTotal === 0 || curTotal === 0) return { statistic: Number.NaN, pValue: Number.NaN, dof: Math.max(ref.length - 1, 0) };
  const dof = ref.length - 1;
  if (dof === 0) return { statistic: 0, pValue: 1, dof: 0 };
  const total = refTotal + curTotal;
  let statistic = 0;
  for (let i = 0; i < ref.length; i++) {
    const column = ref[i]! + cur[i]!;
    const expectedRef = (refTotal * column) / total;
    const expectedCur = (curTotal * column) / total;
    statistic += (ref[i]! - expectedRef) ** 2 / expectedRef + (cur[i]! - expectedCur) ** 2 / expectedCur;
  }
  return { statistic, pValue: chiSquareSf(statistic, dof), dof };
}
