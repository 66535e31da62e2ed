import type { AlertKind } from '@/db/schema';
import { formatShare } from './alert-kinds';

// Pure evaluation of one alert rule against one monitoring window: no I/O, unit-tested.

/** What the monitoring jobs saw in one window of a model's traffic; input of `evaluateAlerts`. */
export interface MonitoringObservation {
  modelId: string;
  modelName: string;
  windowFrom: Date;
  windowTo: Date;
  /** Share of features that drifted (0–1). */
  driftShare: number;
  datasetDrift: boolean;
  featureDrift: { feature: string; drifted: boolean; value: number; method: string }[];
  /** CBPE estimate, null when there is none for this window. */
  estimatedAccuracy: number | null;
  /**
   * Accuracy on the latest labelled window (labels arrive late, so this usually lies before
   * the monitoring window), null when no labels have arrived.
   */
  realizedAccuracy: number | null;
  /** Where `realizedAccuracy` was measured: events of [from, to) with `labeled` labels. */
  realizedWindow?: { from: Date; to: Date; labeled: number } | null;
  /** What accuracy the serving version should reach, and where that figure comes from. */
  referenceAccuracy?: { value: number; source: string } | null;
  /** Milliseconds, null when no event reported its latency. */
  latencyP95: number | null;
  eventCount: number;
  eventsWithoutPrediction: number;
  /** Events in the window of the same length just before, null when unknown. */
  previousEventCount: number | null;
  /** The drift report this observation comes from, when there is one. */
  reportId: string | null;
}

export interface RuleToEvaluate {
  kind: AlertKind;
  threshold: number;
  feature: string | null;
}

export interface RuleEvaluation {
  firing: boolean;
  /** The observed value compared with the threshold (a share, ms or ratio), null without data. */
  value: number | null;
  message: string;
  /**
   * The window holds no data for this rule (no labels yet, no events, feature missing from
   * the report): an open alert stays as it is rather than being resolved by an absence.
   */
  noData: boolean;
}

const round = (value: number, digits = 3) => Number(value.toFixed(digits));
const count = (value: number) => value.toLocaleString('en-US');

function fires(value: number, message: string, firing: boolean): RuleEvaluation {
  return { firing, value, message, noData: false };
}

function noData(message: string): RuleEvaluation {
  return { firing: false, value: null, message, noData: true };
}

function accuracy(what: string, value: number | null, threshold: number, missing: string, where = ''): RuleEvaluation {
  if (value === null || !Number.isFinite(value)) return noData(missing);
  const firing = value < threshold;
  return fires(value, `${what} ${formatShare(round(value, 4))}${where} ${firing ? '<' : '≥'} ${formatShare(threshold)}`, firing);
}

const utc = (date: Date) => `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

function realizedWhere(observation: MonitoringObservation): string {
  const w = observation.realizedWindow;
  return w ? ` on ${count(w.labeled)} labelled events of ${utc(w.from)} – ${utc(w.to)}` : '';
}

/** Fires when `value` lies `threshold` (absolute) or more below the reference accuracy. */
function drop(what: string, value: number | null, reference: MonitoringObservation['referenceAccuracy'], threshold: number, missing: string, where = ''): RuleEvaluation {
  if (value === null || !Number.isFinite(value)) return noData(missing);
  if (!reference) return noData('No reference accuracy: register the version with an "accuracy" metric or upload a labelled reference dataset');
  const gap = reference.value - value;
  const firing = gap >= threshold;
  const points = `${Math.abs(gap * 100).toFixed(1)} points ${gap >= 0 ? 'below' : 'above'}`;
  return fires(gap, `${what} ${formatShare(round(value, 4))}${where} is ${points} the reference ${formatShare(round(reference.value, 4))} (${reference.source}); alert at ${formatShare(threshold)} below`, firing);
}

export function evaluateRule(rule: RuleToEvaluate, observation: MonitoringObservation): RuleEvaluation {
  const t = rule.threshold;
  switch (rule.kind) {
    case 'drift_share': {
      const firing = observation.driftShare >= t;
      const drifted = observation.featureDrift.filter((f) => f.drifted).map((f) => f.feature);
      const which = drifted.length > 0 ? ` (${drifted.slice(0, 5).join(', ')}${drifted.length > 5 ? ', …' : ''})` : '';
      return fires(observation.driftShare, `Drift share ${formatShare(round(observation.driftShare, 4))} ${firing ? '≥' : '<'} ${formatShare(t)}${which}`, firing);
    }
    case 'feature_drift': {
      const feature = observation.featureDrift.find((f) => f.feature === rule.feature);
      if (!feature) return noData(`Feature ${rule.feature ?? '?'} is not in the drift report`);
      const detail = `${feature.method} ${round(feature.value, 4)}`;
      return fires(feature.value, feature.drifted ? `Feature ${feature.feature} drifted (${detail})` : `Feature ${feature.feature} did not drift (${detail})`, feature.drifted);
    }
    case 'estimated_accuracy':
      return accuracy('Estimated accuracy (CBPE)', observation.estimatedAccuracy, t, 'No accuracy estimate for this window');
    case 'realized_accuracy':
      return accuracy('Realized accuracy', observation.realizedAccuracy, t, 'No labelled events yet', realizedWhere(observation));
    case 'estimated_accuracy_drop':
      return drop('Estimated accuracy (CBPE)', observation.estimatedAccuracy, observation.referenceAccuracy, t, 'No accuracy estimate for this window');
    case 'realized_accuracy_drop':
      return drop('Realized accuracy', observation.realizedAccuracy, observation.referenceAccuracy, t, 'No labelled events yet', realizedWhere(observation));
    case 'latency_p95': {
      const p95 = observation.latencyP95;
      if (p95 === null || !Number.isFinite(p95)) return noData('No latency reported in this window');
      const firing = p95 > t;
      return fires(p95, `p95 latency ${round(p95, 1)} ms ${firing ? '>' : '≤'} ${t} ms`, firing);
    }
    case 'error_rate': {
      if (observation.eventCount <= 0) return noData('No events in this window');
      const rate = observation.eventsWithoutPrediction / observation.eventCount;
      const firing = rate > t;
      return fires(rate, `${formatShare(round(rate, 4))} of ${count(observation.eventCount)} events had no prediction (${firing ? '>' : '≤'} ${formatShare(t)})`, firing);
    }
    case 'fairness_disparate_impact':
    case 'fairness_equalized_odds':
      return noData('Judged by scheduled fairness reports, not by drift windows');
    case 'kpi_threshold':
      return noData('Judged against KPI points, not by drift windows');
    case 'volume_drop': {
      const previous = observation.previousEventCount;
      if (previous === null || previous <= 0) return noData('No traffic in the previous window to compare with');
      const ratio = observation.eventCount / previous;
      const firing = observation.eventCount < t * previous;
      return fires(ratio, `${count(observation.eventCount)} events, ${formatShare(round(ratio, 4))} of the previous window's ${count(previous)} (${firing ? '<' : '≥'} ${formatShare(t)})`, firing);
    }
  }
}
