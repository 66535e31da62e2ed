import { type AttributeColumn } from './group-assignment';
import { type Aif360Disparities } from './aif360-disparities';
import { type BootstrapSettings, type ConfidenceInterval } from './fairness-bootstrap';
import { type ExtendedNumber } from './fairness-numbers';
import { type FairlearnDisparities, type UndefinedRatePolicy } from './fairlearn-disparities';
import { type CalibrationBin, type GroupRates } from './group-rates';
import { type ThresholdPoint } from './threshold-sweep';
import { type ConfusionMatrix } from '@/server/statistics/classification-metrics';

// The fairness report: what computeFairnessReport returns, the service stores as JSON and
// the REST API, the release gate and the UI read. JSON-serializable as it is: undefined
// values are null, and the fields that can be infinite are ExtendedNumber (see
// fairness-numbers.ts), never a bare Infinity that JSON.stringify would turn into null.

export interface FairnessInput {
  /** Actual label per row: 1 = favourable / positive class, 0 = the other. */
  actual: Uint8Array;
  /** Predicted label per row, 0 or 1. */
  predicted: Uint8Array;
  /** Model score per row (a probability in [0, 1] for calibration and the threshold sweep). */
  scores?: Float64Array | null;
  /** Sensitive attribute columns, one value per row. */
  attributes: AttributeColumn[];
}

export interface FairnessOptions {
  /** Attribute lists to report: ['gender'] alone, ['gender', 'age'] an intersection. Default: each attribute alone. */
  groupings?: string[][];
  /** Privileged value label per attribute (AIF360 convention); an intersection's privileged cell combines them. */
  privileged?: Record<string, string>;
  /** Groups with fewer rows are kept but flagged tooSmall and left out of the judged scope. Default 30. */
  minGroupSize?: number;
  /** Refuse an attribute with more distinct values (TooManyGroupValuesError). Default 100. */
  maxDistinctValues?: number;
  /** Fairlearn convention for rates with an empty denominator: 'as-fairlearn' (0, default) or 'skip'. */
  undefinedRates?: UndefinedRatePolicy;
  /** Bootstrap intervals (default 1,000 replicates, level 0.95); false for none. */
  bootstrap?: BootstrapSettings | false;
  /** Threshold sweep thresholds (scores only). Default 0.05, 0.10, …, 0.95. */
  thresholds?: number[];
  /** Generalized entropy index alpha. Default 2. */
  alpha?: number;
}

export interface ResolvedFairnessSettings {
  groupings: string[][];
  privileged: Record<string, string>;
  minGroupSize: number;
  maxDistinctValues: number;
  undefinedRates: UndefinedRatePolicy;
  bootstrap: Required<BootstrapSettings> | null;
  thresholds: number[] | null;
  alpha: number;
}

export interface GroupReport {
  label: string;
  /** Attribute → value label. */
  values: Record<string, string>;
  confusion: ConfusionMatrix;
  /** Fewer rows than minGroupSize: shown, but not judged. */
  tooSmall: boolean;
  /** Rates with null for an empty denominator; share is of all rows. */
  rates: GroupRates;
  /** sklearn roc_auc_score of the group's rows; null with one class or without scores. */
  rocAuc: number | null;
  meanScore: number | null;
  /** Score deciles [0, 0.1), …, [0.9, 1]; null without scores. */
  calibration: CalibrationBin[] | null;
}

export type Aif360DisparitiesReport = Omit<Aif360Disparities, 'disparateImpact'> & { disparateImpact: ExtendedNumber };

export interface Aif360Report {
  /** The privileged group's label. */
  privileged: string;
  /** Every other group in scope pooled as the unprivileged side (AIF360's list of unprivileged groups). */
  pooled: {
    unprivileged: string[];
    disparities: Aif360DisparitiesReport;
    privilegedRates: GroupRates;
    unprivilegedRates: GroupRates;
  };
  /** Each other group in scope alone against the privileged group. */
  perGroup: { group: string; disparities: Aif360DisparitiesReport }[];
}

export interface InequalityReport {
  alpha: number;
  /** AIF360 theil_index over the rows in scope. */
  theilIndex: number | null;
  /** AIF360 generalized_entropy_index(alpha); may be infinite for alpha ≤ 0. */
  generalizedEntropyIndex: ExtendedNumber;
}

export type ThresholdPointReport = Omit<ThresholdPoint, 'disparateImpact'> & { disparateImpact: ExtendedNumber };

/** Disparities over one scope of groups: 'all' groups, or the 'judged' ones (not tooSmall), which gates use. */
export interface ScopeReport {
  scope: 'all' | 'judged';
  /** Labels of the groups in scope. */
  groups: string[];
  rows: number;
  fairlearn: FairlearnDisparities;
  aif360: Aif360Report | null;
  /** Why there is no AIF360 comparison (no privileged value configured, privileged group absent or too small, …). */
  aif360Unavailable: string | null;
  inequality: InequalityReport;
  /** Headline disparities per threshold; null without scores. */
  thresholdSweep: ThresholdPointReport[] | null;
}

export interface GroupingReport {
  /** Attribute names joined by " × ". */
  key: string;
  attributes: string[];
  possibleCells: number;
  emptyCells: number;
  groups: GroupReport[];
  all: ScopeReport;
  /** Null when no group reaches minGroupSize. */
  judged: ScopeReport | null;
  /**
   * Bootstrap intervals keyed by JSON Pointer into this grouping report
   * (e.g. "/groups/2/rates/truePositiveRate", "/judged/aif360/pooled/disparities/disparateImpact");
   * null when the bootstrap is off. A null interval: the statistic was never defined.
   */
  intervals: Record<string, ConfidenceInterval | null> | null;
}

export interface FairnessReport {
  schemaVersion: 1;
  rows: number;
  settings: ResolvedFairnessSettings;
  /** Rates over all rows, with ROC AUC and mean score when there are scores. */
  overall: { confusion: ConfusionMatrix; rates: GroupRates; rocAuc: number | null; meanScore: number | null };
  inequality: InequalityReport;
  /** Scores outside [0, 1], counted in the first or last calibration decile; null without scores. */
  scoresOutsideUnitInterval: number | null;
  groupings: GroupingReport[];
}
