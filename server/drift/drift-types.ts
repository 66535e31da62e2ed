// Contract between the drift engine (pure statistics) and the jobs and pages that use it.
export type DriftMethod = 'ks' | 'chi_square' | 'z_test' | 'wasserstein' | 'jensen_shannon' | 'psi';

/** Column-oriented feature values: row-major count × width in schema order, NaN = missing. */
export interface FeatureMatrix {
  count: number;
  width: number;
  values: Float32Array | Float64Array;
}

export interface NumericProfile {
  name: string;
  type: 'numeric';
  /** Bin edges frozen from reference quantiles when the reference was registered (for PSI and plots). */
  binEdges: number[];
  binCounts: number[];
  mean: number;
  std: number;
  min: number;
  max: number;
  uniqueCount: number;
  missing: number;
}

export interface CategoricalProfile {
  name: string;
  type: 'categorical';
  categories: string[];
  /** Counts per category index; unseen values (−1) are counted separately. */
  counts: number[];
  unseen: number;
  missing: number;
}

export interface ReferenceProfile {
  rows: number;
  binCount: number;
  features: (NumericProfile | CategoricalProfile)[];
  /** Distribution of the reference's positive-class scores, when present. */
  prediction: NumericProfile | null;
}

/** Per-model overrides; everything has an Evidently-compatible default. */
export interface DriftConfig {
  /** Share of drifted features that makes the dataset drift (default 0.5). */
  datasetDriftShare?: number;
  features?: Record<string, { method?: DriftMethod; threshold?: number }>;
  /** Methods and thresholds for all numerical / categorical features. */
  numericMethod?: DriftMethod;
  categoricalMethod?: DriftMethod;
  threshold?: number;
  /** Method and threshold for prediction (score) drift; defaults as for a numerical feature. */
  prediction?: { method?: DriftMethod; threshold?: number };
}

export interface FeatureDrift {
  feature: string;
  type: 'numeric' | 'categorical';
  method: DriftMethod;
  /** The value compared with the threshold: a p-value for tests, a distance for the others. */
  value: number;
  threshold: number;
  drifted: boolean;
  /** Every statistic, whichever decided: ks {statistic, pValue}, psi, wasserstein, wassersteinNormalized, jensenShannon, chiSquare {statistic, pValue, dof}. */
  statistics: Record<string, number | { statistic: number; pValue: number; dof?: number } | null>;
  currentRows: number;
  currentMissing: number;
  /** Non-missing reference values the statistics used. */
  referenceRows?: number;
  /** Why the feature could not be judged, or why the configured method was replaced (e.g. 'no current values'). */
  note?: string;
  /** For plots: reference and current shares per bin (numeric) or category (categorical). */
  histogram: { labels: string[]; reference: number[]; current: number[] };
}

export interface DriftResult {
  features: FeatureDrift[];
  prediction: FeatureDrift | null;
  driftShare: number;
  datasetDrift: boolean;
}
