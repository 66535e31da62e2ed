import type { AlertKind } from '@/db/schema';

// What each rule kind watches and how its threshold reads. Plain data: the pages pass it to
// their forms, the evaluator and the zod schema check thresholds against it.

export interface AlertKindInfo {
  kind: AlertKind;
  label: string;
  /** How the rule reads in a sentence, with {threshold} and {feature} filled in. */
  condition: string;
  /** `share`: 0–1 shown as a percentage; `ms`: milliseconds; `none`: the rule has no threshold. */
  unit: 'share' | 'ms' | 'ratio' | 'none';
  needsFeature: boolean;
  /** The rule's "feature" names a protected attribute (or an intersection like "gender × age_band"), judged by fairness reports. */
  onAttribute?: true;
  /** The rule's "feature" names a business KPI, judged against the KPI definition's alert bounds. */
  onKpi?: true;
  minThreshold: number;
  maxThreshold: number | null;
  defaultThreshold: number;
}

export const ALERT_KIND_INFO: Record<AlertKind, AlertKindInfo> = {
  drift_share: {
    kind: 'drift_share',
    label: 'Dataset drift share',
    condition: 'share of drifted features ≥ {threshold}',
    unit: 'share',
    needsFeature: false,
    minThreshold: 0,
    maxThreshold: 1,
    defaultThreshold: 0.5,
  },
  feature_drift: {
    kind: 'feature_drift',
    label: 'Feature drift',
    condition: 'feature {feature} drifts (per its drift test)',
    unit: 'none',
    needsFeature: true,
    minThreshold: 0,
    maxThreshold: null,
    defaultThreshold: 0,
  },
  estimated_accuracy: {
    kind: 'estimated_accuracy',
    label: 'Estimated accuracy (CBPE)',
    condition: 'estimated accuracy < {threshold}',
    unit: 'share',
    needsFeature: false,
    minThreshold: 0,
    maxThreshold: 1,
    defaultThreshold: 0.8,
  },
  realized_accuracy: {
    kind: 'realized_accuracy',
    label: 'Realized accuracy',
    condition: 'accuracy on the latest labelled window < {threshold}',
    unit: 'share',
    needsFeature: false,
    minThreshold: 0,
    maxThreshold: 1,
    defaultThreshold: 0.8,
  },
  estimated_accuracy_drop: {
    kind: 'estimated_accuracy_drop',
    label: 'Estimated accuracy drop (CBPE)',
    condition: 'estimated accuracy {threshold} or more below the reference accuracy (percentage points)',
    unit: 'share',
    needsFeature: false,
    minThreshold: 0,
    maxThreshold: 1,
    defaultThreshold: 0.05,
  },
  realized_accuracy_drop: {
    kind: 'realized_accuracy_drop',
    label: 'Realized accuracy drop',
    condition: 'accuracy on the latest labelled window {threshold} or more below the reference accuracy (percentage points)',
    unit: 'share',
    needsFeature: false,
    minThreshold: 0,
    maxThreshold: 1,
    defaultThreshold: 0.05,
  },
  latency_p95: {
    kind: 'latency_p95',
    label: 'Latency p95',
    condition: 'p95 latency > {threshold}',
    unit: 'ms',
    needsFeature: false,
    minThreshold: 0,
    maxThreshold: null,
    defaultThreshold: 250,
  },
  error_rate: {
    kind: 'error_rate',
    label: 'Error rate',
    condition: 'share of events without a prediction > {threshold}',
    unit: 'share',
    needsFeature: false,
    minThreshold: 0,
    maxThreshold: 1,
    defaultThreshold: 0.01,
  },
  volume_drop: {
    kind: 'volume_drop',
    label: 'Volume drop',
    condition: 'events in the window < {threshold} of the previous window',
    unit: 'share',
    needsFeature: false,
    minThreshold: 0,
    maxThreshold: 1,
    defaultThreshold: 0.5,
  },
  fairness_disparate_impact: {
    kind: 'fairness_disparate_impact',
    label: 'Fairness: disparate impact',
    condition: 'disparate impact on {feature} < {threshold} or > 1/{threshold} (scheduled fairness report, judged groups)',
    unit: 'ratio',
    needsFeature: true,
    onAttribute: true,
    minThreshold: 0.01,
    maxThreshold: 1,
    defaultThreshold: 0.8,
  },
  fairness_equalized_odds: {
    kind: 'fairness_equalized_odds',
    label: 'Fairness: equalized odds difference',
    condition: 'equalized odds difference on {feature} > {threshold} (scheduled fairness report, judged groups)',
    unit: 'ratio',
    needsFeature: true,
    onAttribute: true,
    minThreshold: 0,
    maxThreshold: 1,
    defaultThreshold: 0.1,
  },
  kpi_threshold: {
    kind: 'kpi_threshold',
    label: 'Business KPI',
    condition: 'KPI {feature} leaves its alert bounds (aggregate of the last 24 hours)',
    unit: 'none',
    needsFeature: true,
    onKpi: true,
    minThreshold: 0,
    maxThreshold: null,
    defaultThreshold: 0,
  },
};

export function formatShare(value: number): string {
  const percent = value * 100;
  // A no-break space before %, as every page writes shares (app/_components/format.ts), so a stored message reads like the page around it.
  return `${Number.isInteger(percent) ? percent : percent.toFixed(percent < 10 ? 2 : 1)}\u00a0%`;
}

export function formatThreshold(info: AlertKindInfo, threshold: number): string {
  if (info.unit === 'share') return formatShare(threshold);
  if (info.unit === 'ms') return `${threshold} ms`;
  if (info.unit === 'ratio') return String(threshold);
  return '';
}

/** "share of drifted features ≥ 50%": the rule as a person would say it. */
export function describeRule(rule: { kind: AlertKind; threshold: number; feature: string | null }): string {
  const info = ALERT_KIND_INFO[rule.kind];
  return info.condition.replace('{threshold}', formatThreshold(info, rule.threshold)).replace('{feature}', rule.feature ?? '?');
}

export function isFairnessKind(kind: AlertKind): boolean {
  return ALERT_KIND_INFO[kind].onAttribute === true;
}

export function isKpiKind(kind: AlertKind): boolean {
  return ALERT_KIND_INFO[kind].onKpi === true;
}

/** Judged by the drift reports of monitoring windows (the others by fairness reports or KPI points). */
export function isWindowKind(kind: AlertKind): boolean {
  return !isFairnessKind(kind) && !isKpiKind(kind);
}
