// Numbers and times as the dashboard shows them (pure, client-safe): thousands separators,
// units, and the portal's one date format in UTC ("2026-11-05 14:03 UTC").

import type { LatencyQuantile } from '@/server/dashboard/latency-quantiles';
import { utc } from '../fairness/fairness-format';

export { utc };

export const NONE = '—';

export function count(value: number | null | undefined): string {
  return value === null || value === undefined ? NONE : Math.round(value).toLocaleString('en-US');
}

/** A share as a percentage with one decimal: "85.2 %". */
export function percent(value: number | null | undefined, digits = 1): string {
  return value === null || value === undefined || !Number.isFinite(value) ? NONE : `${(value * 100).toFixed(digits)} %`;
}

/** A latency in ms: "0.42 ms", "12.3 ms", "1,250 ms", "52.4 s". */
export function milliseconds(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return NONE;
  if (value >= 10_000) return `${(value / 1000).toLocaleString('en-US', { maximumFractionDigits: 1 })} s`;
  if (value >= 100) return `${Math.round(value).toLocaleString('en-US')} ms`;
  return `${value.toPrecision(value < 1 ? 2 : 3)} ms`;
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

const pad = (n: number) => String(n).padStart(2, '0');

/** A chart axis label for a bucket start, UTC: "11-28 14:00" for hours, "2026-11-28" for days. */
export function bucketLabel(start: Date | string, bucket: 'hour' | 'day'): string {
  const d = new Date(start);
  if (bucket === 'day') return d.toISOString().slice(0, 10);
  return `${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:00`;
}

/** A signed change against the previous period: "+12.5 %" of a count, or "+1.2 pp" of a share. */
export function change(current: number | null, previous: number | null, kind: 'relative' | 'points'): string | null {
  if (current === null || previous === null) return null;
  if (kind === 'points') {
    const pp = (current - previous) * 100;
    return `${pp >= 0 ? '+' : '−'}${Math.abs(pp).toFixed(1)} pp`;
  }
  if (previous === 0) return null;
  const rel = ((current - previous) / previous) * 100;
  return `${rel >= 0 ? '+' : '−'}${Math.abs(rel).toFixed(1)} %`;
}
