import { diffMetrics } from '@/server/registry/version-comparison';
import type { MetricDiffRow } from './promotion-views';

// Candidate against the serving version, metric by metric, with which side is better (the
// direction of each metric comes from server/statistics/metric-directions.ts).

export function diffAgainstServing(candidate: Record<string, number>, serving: Record<string, number> | null): MetricDiffRow[] {
  return diffMetrics(serving ?? {}, candidate).map((d) => ({
    name: d.name,
    candidate: d.b,
    serving: serving ? d.a : null,
    delta: d.delta,
    better: d.quality === 'better' ? 'candidate' : d.quality === 'worse' ? 'serving' : null,
    direction: d.direction,
  }));
}
