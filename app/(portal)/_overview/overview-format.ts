import { formatCount, formatPercent, UNIT_SPACE } from '@/app/_components/format';
import { formatDuration } from '../promotions/evidence-format';

// Numbers of the overview and governance pages, formatted for people. Pure.

export const count = (n: number) => formatCount(n);

/** "1 release", "3 releases". */
export const counted = (n: number, one: string, many = `${one}s`) => `${count(n)} ${n === 1 ? one : many}`;

export const percent = (v: number | null | undefined) => formatPercent(v);

/** A duration in milliseconds as "3 d 4 h", "5 h 12 min"; "—" without one. */
export function duration(ms: number | null | undefined): string {
  return ms === null || ms === undefined ? '—' : formatDuration(new Date(0), new Date(ms));
}

/** Milliseconds, three significant digits at most: "12.4 ms", "1,250 ms". */
export const latency = (ms: number) => `${Number(ms.toPrecision(3)).toLocaleString('en-US')}${UNIT_SPACE}ms`;

export const modelPath = (name: string, tab = '') => `/models/${encodeURIComponent(name)}${tab}`;
