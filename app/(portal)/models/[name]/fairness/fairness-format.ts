// Formatting shared by the fairness pages (pure, client-safe). An undefined value (null: a
// rate with an empty denominator, a disparity that involves one) reads "undefined", never 0;
// the report's ExtendedNumber strings read as ∞.

import { formatAxisPercent, formatCount, formatDateTime, formatDay, UNIT_SPACE } from '@/app/_components/format';
import type { ConfidenceInterval } from '@/server/fairness/fairness-bootstrap';
import type { ExtendedNumber } from '@/server/fairness/fairness-numbers';

export const UNDEFINED = 'undefined';

export const REPORT_STATUS_TONES = { pending: 'brand', completed: 'good', failed: 'bad' } as const;
export type ReportStatus = keyof typeof REPORT_STATUS_TONES;

/** A finite number, or null for undefined and ±∞ (what a chart can plot). */
export function plottable(value: ExtendedNumber | undefined): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function infinity(value: ExtendedNumber): string | null {
  if (value === 'Infinity') return '∞';
  if (value === '-Infinity') return '−∞';
  return null;
}

/** A rate as a percentage with one decimal. */
export function percent(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return UNDEFINED;
  return `${(value * 100).toFixed(1)}${UNIT_SPACE}%`;
}

/** Chart axis ticks: as many decimals as the tick needs, at most two ("0.25 %", "1 %"). */
export const axisPercent = formatAxisPercent;

/** A disparity with three decimals (unsigned: Fairlearn's differences and ratios, disparate impact). */
export function decimal(value: ExtendedNumber | undefined, digits = 3): string {
  if (value === null || value === undefined) return UNDEFINED;
  return infinity(value) ?? (typeof value === 'number' ? value.toFixed(digits) : UNDEFINED);
}

/** A signed disparity with three decimals (AIF360's unprivileged − privileged). */
export function signedDecimal(value: ExtendedNumber | undefined, digits = 3): string {
  if (value === null || value === undefined) return UNDEFINED;
  const inf = infinity(value);
  if (inf || typeof value !== 'number') return inf ?? UNDEFINED;
  // The sign of the rounded value: no "−0.000".
  const rounded = Number(value.toFixed(digits));
  const sign = rounded > 0 ? '+' : rounded < 0 ? '−' : '';
  return `${sign}${Math.abs(rounded).toFixed(digits)}`;
}

export const count = (value: number | null | undefined) => formatCount(value);

/** "95 % CI a – b", with the bounds in the statistic's own format; null when there is none. */
export function intervalText(interval: ConfidenceInterval | null | undefined, format: (v: ExtendedNumber) => string): string | null {
  if (interval === undefined) return null;
  if (interval === null) return 'CI undefined';
  return `95 % CI ${format(interval.lower)} – ${format(interval.upper)}`;
}

export const percentBound = (v: ExtendedNumber) => (typeof v === 'number' ? percent(v) : decimal(v));

/** The portal's one date format: "2026-11-05 14:03 UTC". */
export function utc(value: Date | string | null | undefined): string {
  return value ? formatDateTime(value) : '—';
}

/** The day only, for chart axes: "2026-11-05". */
export const utcDay = (value: Date | string): string => formatDay(value);

export function windowText(from: Date | string | null, to: Date | string | null): string {
  if (!from || !to) return '—';
  const start = utc(from).replace(' UTC', '');
  const end = utc(to);
  // The end's year only when it differs: "2026-11-28 11:16 → 12-05 11:16 UTC".
  return `${start} → ${end.slice(0, 4) === start.slice(0, 4) ? end.slice(5) : end}`;
}

/** The labels numeric buckets get from their edges: [25, 40] → "<25", "25–40", "≥40". */
export function bucketLabels(edges: readonly number[]): string[] {
  if (edges.length === 0) return [];
  const labels = [`<${edges[0]}`];
  for (let i = 1; i < edges.length; i++) labels.push(`${edges[i - 1]}–${edges[i]}`);
  labels.push(`≥${edges[edges.length - 1]}`);
  return labels;
}

export const POPULATION_LABELS: Record<string, string> = { traffic: 'Production traffic', shadow: 'Shadow replay', reference: 'Reference dataset' };

/** A report's population in words, naming the side of a shadow run it judges. */
export function populationText(report: { population: string; side: 'candidate' | 'serving' | null }, labels: Record<string, string> = POPULATION_LABELS): string {
  const population = labels[report.population] ?? report.population;
  return report.side ? `${population} (${report.side === 'candidate' ? 'candidate' : 'serving version'})` : population;
}
