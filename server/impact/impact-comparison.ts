import { mean } from 'simple-statistics';
import { proportionDifference } from './proportion-difference';
import { isInterval, welchInterval, type DifferenceInterval } from './welch-interval';

// Before against after for one KPI or metric, by the method its aggregation calls for:
// - a count of successes out of trials (rate KPIs whose numerator counts out of their
//   denominator, accuracy, positive rate): the pooled proportions, with Newcombe's hybrid
//   score interval on the difference (assumes independent trials);
// - anything else (mean and sum KPIs, other rates, latency, volume): one value per day of
//   each window, with Welch's interval on the difference of the daily means.
// "Significant" means the 95 % interval excludes zero. Pure.

export type ImpactMethod = 'newcombe' | 'welch-daily';

export const METHOD_DESCRIPTIONS: Record<ImpactMethod, string> = {
  newcombe: "Pooled proportion per window; Newcombe's hybrid score interval for the difference of two proportions",
  'welch-daily': "Mean of the daily values (24-hour periods counted from the deployment); Welch's t interval for the difference of means",
};

export type Verdict = 'better' | 'worse' | 'changed' | 'no significant change' | 'not enough data';

export interface Comparison {
  method: ImpactMethod;
  before: number | null;
  after: number | null;
  /** after − before. */
  difference: number | null;
  interval: DifferenceInterval | null;
  /** Days with data (daily values) or trials (proportions) on each side. */
  observations: { before: number; after: number };
  /** Why there is no interval, in words. */
  reason: string | null;
}

export interface Count {
  hits: number;
  total: number;
}

export function compareCounts(before: Count, after: Count, level = 0.95): Comparison {
  const result = proportionDifference(before, after, level);
  const observations = { before: before.total, after: after.total };
  const share = (c: Count) => (c.total > 0 ? c.hits / c.total : null);
  if (!isInterval(result)) return { method: 'newcombe', before: share(before), after: share(after), difference: result.difference, interval: null, observations, reason: result.reason };
  return { method: 'newcombe', before: result.before, after: result.after, difference: result.difference, interval: result, observations, reason: null };
}

/** Daily values of each window; days without data are left out (not counted as zero). */
export function compareDaily(before: readonly number[], after: readonly number[], level = 0.95): Comparison {
  const result = welchInterval(before, after, level);
  const observations = { before: before.length, after: after.length };
  const avg = (xs: readonly number[]) => (xs.length ? mean(xs as number[]) : null);
  if (!isInterval(result)) return { method: 'welch-daily', before: avg(before), after: avg(after), difference: result.difference, interval: null, observations, reason: result.reason };
  return { method: 'welch-daily', before: avg(before), after: avg(after), difference: result.difference, interval: result, observations, reason: null };
}

/** A comparison that cannot be made yet (no full day after the deployment). */
export function notYetCompared(method: ImpactMethod, reason: string): Comparison {
  return { method, before: null, after: null, difference: null, interval: null, observations: { before: 0, after: 0 }, reason };
}

/** In words, given which way is good (null: neither). */
export function verdictOf(comparison: Comparison, direction: 'up' | 'down' | null): Verdict {
  const { interval } = comparison;
  if (!interval) return 'not enough data';
  if (!interval.significant) return 'no significant change';
  if (direction === null) return 'changed';
  return (interval.difference > 0) === (direction === 'up') ? 'better' : 'worse';
}
