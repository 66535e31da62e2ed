import { metricDirection } from '@/server/statistics/metric-directions';
import { METHOD_DESCRIPTIONS, verdictOf, type Comparison, type Verdict } from './impact-comparison';

// One line of a deployment's impact: a business KPI or a performance metric, before and
// after, the difference with its interval, and what that means. Pure.

export interface ImpactRow extends Comparison {
  key: string;
  label: string;
  source: 'kpi' | 'metric';
  unit: string;
  /** Which way is good; null when neither is (volume, positive rate). */
  direction: 'up' | 'down' | null;
  /** How the values are aggregated and compared, in words. */
  methodDescription: string;
  /** Which points or events were compared, in words. */
  scope: string;
  verdict: Verdict;
}

export function impactRow(fields: Omit<ImpactRow, keyof Comparison | 'methodDescription' | 'verdict'>, comparison: Comparison): ImpactRow {
  return { ...fields, ...comparison, methodDescription: METHOD_DESCRIPTIONS[comparison.method], verdict: verdictOf(comparison, fields.direction) };
}

/** A performance metric's good direction, from the one table of metric directions. */
export function impactDirection(metric: string): ImpactRow['direction'] {
  const direction = metricDirection(metric);
  return direction === 'higher' ? 'up' : direction === 'lower' ? 'down' : null;
}
