import type { Feature } from '@/server/registry/feature-schema';
import type { DriftConfig, DriftMethod } from './drift-types';

// Which statistic decides whether a feature drifted, and at what threshold: Evidently's
// default data-drift rules (evidently.calculations.stattests, get_default_stattest), so that
// a Vigil report and an Evidently report on the same data agree.
//
//   reference ≤ 1000 non-missing values (a "small" reference: tests)
//     numerical, > 5 distinct values   → Kolmogorov–Smirnov,        drift when p < 0.05
//     numerical, 3–5 distinct values   → chi-square on the values,  drift when p < 0.05
//     categorical, > 2 distinct values → chi-square,                drift when p < 0.05
//     ≤ 2 distinct values (any type)   → two-proportion z-test,     drift when p < 0.05
//   reference > 1000 values ("large": distances, since tests flag trivial shifts at that size)
//     numerical, > 5 distinct values   → Wasserstein-1 / std(ref),  drift when ≥ 0.1
//     numerical, ≤ 5 distinct values   → Jensen–Shannon distance,   drift when ≥ 0.1
//     categorical                      → Jensen–Shannon distance,   drift when ≥ 0.1
//   the dataset drifts when the share of drifted features is ≥ 0.5.
// "Distinct values" are counted over reference and current together, as Evidently does; a
// categorical feature's values are its category buckets (with one bucket for unseen values).
// Thresholds of other methods when chosen by configuration: PSI ≥ 0.1 (Evidently's default).
//
// Overrides (DriftConfig), most specific first: features[name].method / .threshold, then
// numericMethod or categoricalMethod, then threshold (for whichever method applies), then the
// defaults above. A p-value method drifts below its threshold; a distance at or above it.

export const SMALL_REFERENCE_MAX_ROWS = 1000;
export const LOW_CARDINALITY_MAX_VALUES = 5;
export const BINARY_MAX_VALUES = 2;
export const DEFAULT_DATASET_DRIFT_SHARE = 0.5;

export const DEFAULT_THRESHOLDS: Readonly<Record<DriftMethod, number>> = {
  ks: 0.05,
  chi_square: 0.05,
  z_test: 0.05,
  wasserstein: 0.1,
  jensen_shannon: 0.1,
  psi: 0.1,
};

const P_VALUE_METHODS: ReadonlySet<DriftMethod> = new Set(['ks', 'chi_square', 'z_test']);
/** Methods that need the values' order, which category indices do not have. */
const NUMERIC_ONLY_METHODS: ReadonlySet<DriftMethod> = new Set(['ks', 'wasserstein']);

export function isPValueMethod(method: DriftMethod): boolean {
  return P_VALUE_METHODS.has(method);
}

/** A p-value drifts below the threshold, a distance at or above it; NaN never drifts. */
export function isDrifted(method: DriftMethod, value: number, threshold: number): boolean {
  if (Number.isNaN(value)) return false;
  return isPValueMethod(method) ? value < threshold : value >= threshold;
}

export function defaultMethod(type: 'numeric' | 'categorical', referenceRows: number, distinctValues: number): DriftMethod {
  if (referenceRows <= SMALL_REFERENCE_MAX_ROWS) {
    if (type === 'numeric' && distinctValues > LOW_CARDINALITY_MAX_VALUES) return 'ks';
    return distinctValues > BINARY_MAX_VALUES ? 'chi_square' : 'z_test';
  }
  if (type === 'numeric' && distinctValues > LOW_CARDINALITY_MAX_VALUES) return 'wasserstein';
  return 'jensen_shannon';
}

export interface MethodChoice {
  /** A configured method, if any (before the data is seen). */
  method?: DriftMethod;
  /** A configured threshold, if any. */
  threshold?: number;
}

/** The configured method and threshold for a feature (undefined: use the data-driven default). */
export function configuredChoice(config: DriftConfig | undefined, name: string, type: 'numeric' | 'categorical'): MethodChoice {
  const own = config?.features?.[name];
  return {
    method: own?.method ?? (type === 'numeric' ? config?.numericMethod : config?.categoricalMethod),
    threshold: own?.threshold ?? config?.threshold,
  };
}

export function predictionChoice(config: DriftConfig | undefined): MethodChoice {
  return { method: config?.prediction?.method ?? config?.numericMethod, threshold: config?.prediction?.threshold ?? config?.threshold };
}

export function thresholdFor(method: DriftMethod, choice: MethodChoice): number {
  return choice.threshold ?? DEFAULT_THRESHOLDS[method];
}

/** Problems with a configuration against a feature schema; empty when it is usable. */
export function driftConfigProblems(features: readonly Feature[], config: DriftConfig | undefined): string[] {
  if (!config) return [];
  const problems: string[] = [];
  const byName = new Map(features.map((f) => [f.name, f]));
  const checkThreshold = (where: string, t: number | undefined) => {
    if (t !== undefined && !(Number.isFinite(t) && t >= 0)) problems.push(`${where}: threshold must be a non-negative number`);
  };
  if (config.categoricalMethod && NUMERIC_ONLY_METHODS.has(config.categoricalMethod)) {
    problems.push(`categoricalMethod: '${config.categoricalMethod}' needs ordered values; use chi_square, z_test, jensen_shannon or psi`);
  }
  if (config.datasetDriftShare !== undefined && !(config.datasetDriftShare > 0 && config.datasetDriftShare <= 1)) {
    problems.push('datasetDriftShare must lie in (0, 1]');
  }
  checkThreshold('threshold', config.threshold);
  checkThreshold('prediction', config.prediction?.threshold);
  for (const [name, own] of Object.entries(config.features ?? {})) {
    // A stale entry for a feature the schema no longer has is harmless: it is ignored.
    const feature = byName.get(name);
    if (feature?.type === 'categorical' && own.method && NUMERIC_ONLY_METHODS.has(own.method)) {
      problems.push(`features.${name}: '${own.method}' needs ordered values and ${name} is categorical`);
    }
    checkThreshold(`features.${name}`, own.threshold);
  }
  return problems;
}
