import { CompensatedSum } from './compensated-sum';
import { equalWidthHistogram, type Histogram } from './equal-width-histogram';
import { percentiles } from './percentiles';

// Regression metrics as scikit-learn defines them (mean_absolute_error, mean_squared_error,
// r2_score, mean_absolute_percentage_error), on plain arrays. Pure: no I/O. Sums are
// compensated, so the values equal scikit-learn's to far below 1e-9 at any row count.
//
// Where scikit-learn makes up a number, these return null and say why:
//   - MAPE when a label is 0: sklearn divides by max(|y|, 2.2e-16) and reports values around
//     1e15, which read as a real error rate; here it is undefined. With no zero label the value
//     is sklearn's, its eps floor included. Like sklearn it is a fraction (0.05 = 5 %).
//   - R² with constant labels (no variance to explain): sklearn's default force_finite=True
//     reports 1.0 (perfect) or 0.0; here it is undefined (sklearn's force_finite=False gives
//     NaN or −∞). With fewer than two rows sklearn gives NaN: null here too.
// Residual = actual − predicted (positive when the model under-predicts).

export interface RegressionMetrics {
  count: number;
  mae: number | null;
  mse: number | null;
  rmse: number | null;
  r2: number | null;
  /** Why r2 is null when rows exist. */
  r2Undefined: string | null;
  mape: number | null;
  /** Why mape is null when rows exist. */
  mapeUndefined: string | null;
}

export interface ResidualDistribution {
  count: number;
  mean: number | null;
  /** Percentiles (NumPy's linear definition) of the residuals at `q`. */
  quantiles: { q: number; value: number }[];
  /** np.histogram(residuals, bins). */
  histogram: Histogram;
}

/** float64 machine epsilon: sklearn's floor for |y| in MAPE. */
const FLOAT64_EPS = 2 ** -52;
export const RESIDUAL_QUANTILES = [0, 1, 5, 10, 25, 50, 75, 90, 95, 99, 100] as const;
export const RESIDUAL_HISTOGRAM_BINS = 20;

function checkPairs(actual: ArrayLike<number>, predicted: ArrayLike<number>): void {
  if (actual.length !== predicted.length) throw new RangeError(`regression metrics: ${actual.length} labels but ${predicted.length} predictions`);
  for (let i = 0; i < actual.length; i++) {
    if (!Number.isFinite(actual[i]!) || !Number.isFinite(predicted[i]!)) throw new RangeError(`regression metrics: row ${i} is not a pair of finite numbers`);
  }
}

export function regressionMetrics(actual: ArrayLike<number>, predicted: ArrayLike<number>): RegressionMetrics {
  checkPairs(actual, predicted);
  const n = actual.length;
  if (n === 0) return { count: 0, mae: null, mse: null, rmse: null, r2: null, r2Undefined: null, mape: null, mapeUndefined: null };
  const absolute = new CompensatedSum();
  const squared = new CompensatedSum();
  const percentage = new CompensatedSum();
  const labels = new CompensatedSum();
  let zeroLabels = 0;
  let constant = true;
  for (let i = 0; i < n; i++) {
    const y = actual[i]!;
    const error = Math.abs(y - predicted[i]!);
    absolute.add(error);
    squared.add(error * error);
    percentage.add(error / Math.max(Math.abs(y), FLOAT64_EPS));
    labels.add(y);
    if (y === 0) zeroLabels++;
    if (y !== actual[0]) constant = false;
  }
  const mse = squared.value / n;
  let r2: number | null = null;
  let r2Undefined: string | null = null;
  if (n < 2) r2Undefined = 'R² needs at least two labelled rows';
  else if (constant) r2Undefined = 'every label has the same value, so there is no variance to explain';
  else {
    const mean = labels.value / n;
    const total = new CompensatedSum();
    for (let i = 0; i < n; i++) total.add((actual[i]! - mean) ** 2);
    r2 = 1 - squared.value / total.value;
  }
  return {
    count: n,
    mae: absolute.value / n,
    mse,
    rmse: Math.sqrt(mse),
    r2,
    r2Undefined,
    mape: zeroLabels > 0 ? null : percentage.value / n,
    mapeUndefined: zeroLabels > 0 ? `${zeroLabels} of ${n} labels are 0, where a percentage error has no meaning` : null,
  };
}

/** Distribution of residuals (actual − predicted): mean, percentiles and an equal-width histogram. */
export function residualDistribution(
  actual: ArrayLike<number>,
  predicted: ArrayLike<number>,
  options: { quantiles?: readonly number[]; bins?: number } = {},
): ResidualDistribution {
  checkPairs(actual, predicted);
  const qs = options.quantiles ?? RESIDUAL_QUANTILES;
  const residuals = new Float64Array(actual.length);
  const sum = new CompensatedSum();
  for (let i = 0; i < actual.length; i++) {
    residuals[i] = actual[i]! - predicted[i]!;
    sum.add(residuals[i]!);
  }
  const values = residuals.length === 0 ? [] : percentiles(residuals, qs);
  return {
    count: residuals.length,
    mean: residuals.length === 0 ? null : sum.value / residuals.length,
    quantiles: values.map((value, i) => ({ q: qs[i]!, value })),
    histogram: equalWidthHistogram(residuals, options.bins ?? RESIDUAL_HISTOGRAM_BINS),
  };
}
