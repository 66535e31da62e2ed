import type { BootstrapOptions } from './bootstrap';
import { meanDifferenceInterval, type MeanDifferenceInterval } from './mean-difference-bootstrap';
import { regressionMetrics } from './regression-metrics';
import { wilcoxonSignedRank, type WilcoxonResult } from './wilcoxon-signed-rank';

// Two regression models judged on the same labelled rows, e.g. a shadow candidate (A) against
// the serving version (B). Per row d = |y − ŷ_A| − |y − ŷ_B| (negative where A is closer):
//   - the mean of d is MAE(A) − MAE(B), with a paired percentile bootstrap interval
//     (mean-difference-bootstrap.ts: B = 2000, seed 20240601, 95 %);
//   - the paired test is the Wilcoxon signed-rank test on d (wilcoxon-signed-rank.ts, SciPy's
//     default: rows with d = 0 dropped, exact up to 50 untied rows, normal approximation with
//     the tie correction otherwise). It tests whether A's absolute errors are typically
//     smaller or larger than B's (a median-type question), so it can disagree with the sign
//     of the MAE difference when a few large errors dominate; both are reported.
// Pure.

export interface RegressionComparison {
  rows: number;
  maeA: number | null;
  maeB: number | null;
  /** Rows where A's absolute error is smaller, larger, equal. */
  aCloser: number;
  bCloser: number;
  equal: number;
  /** MAE(A) − MAE(B) with its bootstrap interval. */
  maeDifference: MeanDifferenceInterval | null;
  wilcoxon: WilcoxonResult | null;
}

export function compareRegressors(
  actual: ArrayLike<number>,
  predictedA: ArrayLike<number>,
  predictedB: ArrayLike<number>,
  options: BootstrapOptions & { maxResampleRows?: number } = {},
): RegressionComparison {
  const a = regressionMetrics(actual, predictedA);
  const b = regressionMetrics(actual, predictedB);
  const n = actual.length;
  const differences = new Float64Array(n);
  let aCloser = 0;
  let bCloser = 0;
  for (let i = 0; i < n; i++) {
    const d = Math.abs(actual[i]! - predictedA[i]!) - Math.abs(actual[i]! - predictedB[i]!);
    differences[i] = d;
    if (d < 0) aCloser++;
    else if (d > 0) bCloser++;
  }
  return {
    rows: n,
    maeA: a.mae,
    maeB: b.mae,
    aCloser,
    bCloser,
    equal: n - aCloser - bCloser,
    maeDifference: meanDifferenceInterval(differences, options),
    wilcoxon: wilcoxonSignedRank(differences),
  };
}
