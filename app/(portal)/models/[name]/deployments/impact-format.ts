import type { ImpactRow } from '@/server/impact/impact-row';

// Values of a deployment-impact table, formatted for people: shares as percentages and
// their differences in percentage points, other values with thousands separators and the
// KPI's unit. Pure.

const isShare = (row: ImpactRow) => row.unit === 'share' || row.unit === '%' || (row.unit === '' && row.method === 'newcombe');

function number(v: number): string {
  const digits = Math.abs(v) >= 100 ? 0 : Math.abs(v) >= 10 ? 1 : 2;
  return v.toLocaleString('en-US', { minimumFractionDigits: 0, maximumFractionDigits: digits });
}

const unitOf = (row: ImpactRow) => (row.unit && row.unit !== 'share' && row.unit !== '%' ? ` ${row.unit}` : '');

export function impactValue(row: ImpactRow, v: number | null): string {
  if (v === null) return '—';
  return isShare(row) ? `${(v * 100).toFixed(1)} %` : `${number(v)}${unitOf(row)}`;
}

function signed(row: ImpactRow, v: number): string {
  const sign = v > 0 ? '+' : v < 0 ? '−' : '±';
  return isShare(row) ? `${sign}${Math.abs(v * 100).toFixed(1)}` : `${sign}${number(Math.abs(v))}`;
}

/** "+4.1 pp", "−8.8 h". */
export function impactDifference(row: ImpactRow, v: number | null): string {
  if (v === null) return '—';
  return `${signed(row, v)}${isShare(row) ? ' pp' : unitOf(row)}`;
}

/** "[+2.3, +5.9]" in the difference's unit. */
export function impactInterval(row: ImpactRow): string {
  if (!row.interval) return '';
  return `[${signed(row, row.interval.lower)}, ${signed(row, row.interval.upper)}]`;
}

export const VERDICT_TONES = { better: 'good', worse: 'bad', changed: 'brand', 'no significant change': 'off', 'not enough data': 'off' } as const;
