// Number formatting shared by the shadow-evaluation pages (pure, client-safe), on the
// portal's one format (app/_components/format.ts).

import { formatCount, formatPercent, UNIT_SPACE } from '@/app/_components/format';

export const RUN_STATUS_TONES = { pending: 'off', running: 'brand', completed: 'good', cancelled: 'warn', failed: 'bad' } as const;
export type RunStatus = keyof typeof RUN_STATUS_TONES;

export const pct = (v: number | null | undefined, digits = 1) => formatPercent(v, digits);
/** A signed difference of two rates, in percentage points. */
export const pp = (v: number | null | undefined, digits = 2) => (v === null || v === undefined ? '—' : `${v > 0 ? '+' : v < 0 ? '−' : '±'}${Math.abs(v * 100).toFixed(digits)}${UNIT_SPACE}pp`);
export const count = (v: number | null | undefined) => formatCount(v);
export const fixed = (v: number | null | undefined, digits = 4) => (v === null || v === undefined ? '—' : v.toFixed(digits));
export const signed = (v: number | null | undefined, digits = 4) => (v === null || v === undefined ? '—' : `${v > 0 ? '+' : v < 0 ? '−' : ''}${Math.abs(v).toFixed(digits)}`);

export function pValue(p: number | null | undefined): string {
  if (p === null || p === undefined) return '—';
  if (p < 1e-4) return p === 0 ? '< 1e-300' : p.toExponential(1);
  return p.toFixed(4);
}

/** Milliseconds, shown in µs below one. */
export function duration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  if (ms < 1) return `${(ms * 1000).toFixed(ms < 0.01 ? 2 : 1)}${UNIT_SPACE}µs`;
  if (ms < 1000) return `${ms.toFixed(ms < 10 ? 2 : 0)}${UNIT_SPACE}ms`;
  return `${(ms / 1000).toFixed(1)}${UNIT_SPACE}s`;
}

export function seconds(s: number | null | undefined): string {
  if (s === null || s === undefined) return '—';
  if (s < 60) return `${Math.max(0, Math.round(s))} s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m} min ${Math.round(s % 60)} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

export const rate = (perSecond: number | null | undefined) => (perSecond === null || perSecond === undefined ? '—' : `${formatCount(perSecond)}${UNIT_SPACE}events/s`);
