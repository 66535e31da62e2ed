// Numbers and times as the dashboard shows them (pure, client-safe), in the portal's one
// format (app/_components/format.ts): thousands separators, units that never wrap from their
// value, instants in UTC with the zone stated ("2026-11-05 14:03 UTC").

import { formatCount, formatDay, formatHour, formatPercent, UNIT_SPACE } from '@/app/_components/format';
import type { LatencyQuantile } from '@/server/dashboard/latency-quantiles';
import { utc } from '../fairness/fairness-format';

export { utc };

export const NONE = '—';

export const count = (value: number | null | undefined): string => formatCount(value);

/** A share as a percentage with one decimal: "85.2 %". */
export const percent = (value: number | null | undefined, digits = 1): string => formatPercent(value, digits);

/** A latency in ms: "0.42 ms", "12.3 ms", "1,250 ms", "52.4 s". */
export function milliseconds(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return NONE;
  if (value >= 10_000) return `${(value / 1000).toLocaleString('en-US', { maximumFractionDigits: 1 })}${UNIT_SPACE}s`;
  if (value >= 100) return `${Math.round(value).toLocaleString('en-US')}${UNIT_SPACE}ms`;
  return `${value.toPrecision(value < 1 ? 2 : 3)}${UNIT_SPACE}ms`;
}

/** A percentile read from the histogram, with the bucket it is known to lie in. */
export function quantileText(q: LatencyQuantile | null): string {
  if (!q) return NONE;
  if (!Number.isFinite(q.upper)) return `≥ ${milliseconds(q.lower)}`;
  return `${milliseconds(q.value)}`;
}

export function quantileBounds(q: LatencyQuantile | null): string {
  if (!q) return 'no latency reported';
  return Number.isFinite(q.upper) ? `between ${milliseconds(q.lower)} and ${milliseconds(q.upper)}` : `at least ${milliseconds(q.lower)}`;
}

/** A chart axis label for a bucket start, UTC: "2026-11-28 14:00" for hours, "2026-11-28" for days. */
export function bucketLabel(start: Date | string, bucket: 'hour' | 'day'): string {
  return bucket === 'day' ? formatDay(start) : formatHour(start);
}

/** A signed change against the previous period: "+12.5 %" of a count, or "+1.2 pp" of a share. */
export function change(current: number | null, previous: number | null, kind: 'relative' | 'points'): string | null {
  if (current === null || previous === null) return null;
  if (kind === 'points') {
    const pp = (current - previous) * 100;
    return `${pp >= 0 ? '+' : '−'}${Math.abs(pp).toFixed(1)}${UNIT_SPACE}pp`;
  }
  if (previous === 0) return null;
  const rel = ((current - previous) / previous) * 100;
  return `${rel >= 0 ? '+' : '−'}${Math.abs(rel).toFixed(1)}${UNIT_SPACE}%`;
}
