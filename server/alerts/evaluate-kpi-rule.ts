import type { RuleEvaluation, RuleToEvaluate } from './evaluate-rule';

// Pure evaluation of a kpi_threshold rule against a KPI's aggregate over one window: no I/O.

export interface KpiReading {
  aggregation: 'sum' | 'mean' | 'rate';
  unit: string;
  alertLow: number | null;
  alertHigh: number | null;
  /** The aggregate over the window; null without points (or a rate over a zero denominator). */
  value: number | null;
  points: number;
}

/** The KPIs a model's rules name, aggregated over one window; input of `evaluateKpiAlerts`. */
export interface KpiObservation {
  modelId: string;
  modelName: string;
  windowFrom: Date;
  windowTo: Date;
  /** By KPI name; a KPI that is not defined (any more) is absent. */
  kpis: Record<string, KpiReading>;
}

function shown(value: number, unit: string): string {
  const number = value.toLocaleString('en-US', { maximumFractionDigits: Math.abs(value) < 10 ? 4 : 2 });
  return unit ? `${number} ${unit}` : number;
}

export function evaluateKpiRule(rule: RuleToEvaluate, observation: KpiObservation): RuleEvaluation {
  const name = rule.feature ?? '?';
  const noData = (message: string): RuleEvaluation => ({ firing: false, value: null, message, noData: true });
  const kpi = observation.kpis[name];
  if (!kpi) return noData(`KPI ${name} is not defined`);
  if (kpi.alertLow === null && kpi.alertHigh === null) return noData(`KPI ${name} has no alert bounds; set them on its definition`);
  if (kpi.value === null || !Number.isFinite(kpi.value)) return noData(`No points of KPI ${name} in the last ${Math.round((observation.windowTo.getTime() - observation.windowFrom.getTime()) / 3_600_000)} hours`);
  const what = `${name} ${shown(kpi.value, kpi.unit)} (${kpi.aggregation} of ${kpi.points.toLocaleString('en-US')} points)`;
  if (kpi.alertLow !== null && kpi.value < kpi.alertLow) return { firing: true, value: kpi.value, message: `${what} below its low bound ${shown(kpi.alertLow, kpi.unit)}`, noData: false };
  if (kpi.alertHigh !== null && kpi.value > kpi.alertHigh) return { firing: true, value: kpi.value, message: `${what} above its high bound ${shown(kpi.alertHigh, kpi.unit)}`, noData: false };
  const bounds = [kpi.alertLow === null ? null : `≥ ${shown(kpi.alertLow, kpi.unit)}`, kpi.alertHigh === null ? null : `≤ ${shown(kpi.alertHigh, kpi.unit)}`].filter(Boolean).join(' and ');
  return { firing: false, value: kpi.value, message: `${what} within its bounds (${bounds})`, noData: false };
}
