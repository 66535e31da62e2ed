import type { MetricDiffRow } from './promotion-views';

// Candidate against the serving version, metric by metric, with which side is better.

const LOWER_IS_BETTER = /(^|_)(loss|log_loss|logloss|brier|error|err|mse|rmse|mae|mape|latency|fpr|fnr|ece|calibration_error)($|_)/i;

export function higherIsBetter(metric: string): boolean {
  return !LOWER_IS_BETTER.test(metric);
}

export function diffAgainstServing(candidate: Record<string, number>, serving: Record<string, number> | null): MetricDiffRow[] {
  const names = [...new Set([...Object.keys(candidate), ...Object.keys(serving ?? {})])].sort();
  return names.map((name) => {
    const c = typeof candidate[name] === 'number' ? candidate[name]! : null;
    const s = serving && typeof serving[name] === 'number' ? serving[name]! : null;
    const delta = c !== null && s !== null ? c - s : null;
    const up = higherIsBetter(name);
    const better = delta === null || delta === 0 ? null : (delta > 0) === up ? 'candidate' : 'serving';
    return { name, candidate: c, serving: s, delta, better, higherIsBetter: up };
  });
}
