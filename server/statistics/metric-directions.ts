// Which way is good for each metric the app produces or CI reports: the one table that metric
// differences (review page, compare page) and deployment impact read. `neither` is a fact
// about the metric, not a gap: a positive rate, a volume or a mean prediction moving says
// something changed, not that it improved. Pure.

export type MetricDirection = 'higher' | 'lower' | 'neither';

export const METRIC_DIRECTIONS: Readonly<Record<string, MetricDirection>> = {
  // classification: decisions (binary and multiclass)
  accuracy: 'higher',
  balanced_accuracy: 'higher',
  precision: 'higher',
  recall: 'higher',
  sensitivity: 'higher',
  specificity: 'higher',
  tpr: 'higher',
  tnr: 'higher',
  f1: 'higher',
  macro_f1: 'higher',
  micro_f1: 'higher',
  weighted_f1: 'higher',
  macro_precision: 'higher',
  macro_recall: 'higher',
  weighted_precision: 'higher',
  weighted_recall: 'higher',
  mcc: 'higher',
  kappa: 'higher',
  cohen_kappa: 'higher',
  fpr: 'lower',
  fnr: 'lower',
  error_rate: 'lower',
  // classification: scores
  auc: 'higher',
  roc_auc: 'higher',
  pr_auc: 'higher',
  average_precision: 'higher',
  gini: 'higher',
  log_loss: 'lower',
  logloss: 'lower',
  cross_entropy: 'lower',
  brier: 'lower',
  brier_score: 'lower',
  ece: 'lower',
  calibration_error: 'lower',
  // what a model predicts, not how well
  positive_rate: 'neither',
  predicted_positive_rate: 'neither',
  base_rate: 'neither',
  prevalence: 'neither',
  mean_prediction: 'neither',
  mean_score: 'neither',
  // regression
  mae: 'lower',
  mse: 'lower',
  rmse: 'lower',
  mape: 'lower',
  smape: 'lower',
  median_absolute_error: 'lower',
  max_error: 'lower',
  r2: 'higher',
  explained_variance: 'higher',
  // serving
  latency: 'lower',
  latency_ms: 'lower',
  latency_p50: 'lower',
  latency_p95: 'lower',
  latency_p99: 'lower',
  events: 'neither',
  events_per_day: 'neither',
  // shadow evaluation and drift
  agreement_rate: 'higher',
  accuracy_difference: 'higher',
  mae_difference: 'lower',
  psi: 'lower',
  drift_share: 'lower',
  disparate_impact: 'neither',
  equalized_odds_difference: 'lower',
};

/** CI names metrics by split or with a suffix: `val_auc`, `test_log_loss`, `auc_holdout`. */
const SPLIT_PREFIX = /^(val|valid|validation|test|train|training|eval|holdout|oof|cv)_/;
const SPLIT_SUFFIX = /_(val|valid|validation|test|train|training|eval|holdout|oof|cv|mean)$/;
/** Unlisted names: errors and losses go down, scores of fit go up; anything else has no side. */
const LOWER_PATTERN = /(^|_)(loss|error|err|mse|rmse|mae|mape|latency|brier|fpr|fnr)($|_)/;
const HIGHER_PATTERN = /(^|_)(auc|accuracy|acc|f1|precision|recall|r2)($|_)/;

const normalize = (name: string) => name.trim().toLowerCase().replace(/[\s.-]+/g, '_');

/** Which way is good for `name` (case and separators ignored; `val_`/`test_` prefixes read through). */
export function metricDirection(name: string): MetricDirection {
  const key = normalize(name);
  const bare = key.replace(SPLIT_PREFIX, '').replace(SPLIT_SUFFIX, '');
  const listed = METRIC_DIRECTIONS[key] ?? METRIC_DIRECTIONS[bare];
  if (listed) return listed;
  if (LOWER_PATTERN.test(bare)) return 'lower';
  if (HIGHER_PATTERN.test(bare)) return 'higher';
  return 'neither';
}

/** How a change of `delta` reads for that metric: better, worse, or neither (no change, or no better side). */
export function changeQuality(name: string, delta: number | null): 'better' | 'worse' | null {
  const direction = metricDirection(name);
  if (delta === null || delta === 0 || !Number.isFinite(delta) || direction === 'neither') return null;
  return (delta > 0) === (direction === 'higher') ? 'better' : 'worse';
}

export const DIRECTION_TEXT: Readonly<Record<MetricDirection, string>> = {
  higher: 'higher is better',
  lower: 'lower is better',
  neither: 'neither way is better',
};
