import type { MeanDifferenceInterval } from '@/server/statistics/mean-difference-bootstrap';
import { compareRegressors } from '@/server/statistics/regression-comparison';
import { regressionMetrics, residualDistribution, type RegressionMetrics, type ResidualDistribution } from '@/server/statistics/regression-metrics';
import type { WilcoxonResult } from '@/server/statistics/wilcoxon-signed-rank';
import { NO_CODE, type ShadowResultColumns } from './shadow-result-columns';

// A regression run's labelled comparison, exact over every row: the candidate's and the
// serving version's predictions (the scores columns) against the float64 ground truth, on
// the rows where all three are numbers. Per version MAE, MSE, RMSE, R², MAPE (scikit-learn's
// definitions, regression-metrics.ts) and the residuals (label − prediction); between them
// the per-row difference of absolute errors d = |y − ŷ_candidate| − |y − ŷ_serving|, whose mean
// is MAE(candidate) − MAE(serving), with its paired percentile bootstrap interval, and the
// Wilcoxon signed-rank test on d (regression-comparison.ts states both). RMSE is reported for
// each version but not tested: the test and the interval are about absolute errors. Pure.

export interface RegressionVersionMetrics extends RegressionMetrics {
  residuals: ResidualDistribution;
}

export interface RegressionShadowComparison {
  /** Rows with a numeric label and a prediction from both versions. */
  rows: number;
  candidate: RegressionVersionMetrics;
  serving: RegressionVersionMetrics;
  /** MAE(candidate) − MAE(serving) with its paired bootstrap interval (negative: the candidate errs less). */
  maeDifference: MeanDifferenceInterval | null;
  /** Wilcoxon signed-rank test on d (two-sided); null when every d is 0. */
  wilcoxon: WilcoxonResult | null;
  /** Rows where the candidate's absolute error is smaller, larger, the same. */
  candidateCloser: number;
  servingCloser: number;
  equal: number;
  /** Labelled rows left out: the label is no number, or a version gave no prediction. */
  skipped: { labelNotANumber: number; noCandidatePrediction: number; noServingPrediction: number };
}

/** The comparison over a run's columns; null when the run has no numeric truth column or no pairable row. */
export function compareRegressionRun(c: ShadowResultColumns): RegressionShadowComparison | null {
  const truth = c.numericLabels;
  if (!truth) return null;
  const actual = new Float64Array(c.count);
  const candidate = new Float64Array(c.count);
  const serving = new Float64Array(c.count);
  const skipped = { labelNotANumber: 0, noCandidatePrediction: 0, noServingPrediction: 0 };
  let n = 0;
  for (let i = 0; i < c.count; i++) {
    const y = truth[i]!;
    if (Number.isNaN(y)) {
      if (c.labels[i] !== NO_CODE) skipped.labelNotANumber++;
      continue;
    }
    const a = c.candidateScores[i]!;
    const b = c.servingScores[i]!;
    if (!Number.isFinite(a)) skipped.noCandidatePrediction++;
    else if (!Number.isFinite(b)) skipped.noServingPrediction++;
    else {
      actual[n] = y;
      candidate[n] = a;
      serving[n] = b;
      n++;
    }
  }
  if (n === 0) return null;
  const y = actual.subarray(0, n);
  const a = candidate.subarray(0, n);
  const b = serving.subarray(0, n);
  const comparison = compareRegressors(y, a, b);
  return {
    rows: n,
    candidate: { ...regressionMetrics(y, a), residuals: residualDistribution(y, a) },
    serving: { ...regressionMetrics(y, b), residuals: residualDistribution(y, b) },
    maeDifference: comparison.maeDifference,
    wilcoxon: comparison.wilcoxon,
    candidateCloser: comparison.aCloser,
    servingCloser: comparison.bCloser,
    equal: comparison.equal,
    skipped,
  };
}
