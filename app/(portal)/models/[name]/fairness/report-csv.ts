// The per-group table of one grouping as CSV (pure): raw numbers, empty for undefined.

import { RATE_COLUMNS, ratePointer, type GroupingReport } from './fairness-types';

function cell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const bound = (v: unknown) => (typeof v === 'number' || typeof v === 'string' ? v : null);

export function groupingCsv(grouping: GroupingReport): string {
  const header = [
    'group',
    ...grouping.attributes,
    'count',
    'share',
    'too_small',
    ...RATE_COLUMNS.flatMap((c) => [c.key, `${c.key}_ci_lower`, `${c.key}_ci_upper`]),
    'roc_auc',
    'mean_score',
  ];
  const rows = grouping.groups.map((g, i) => [
    g.label,
    ...grouping.attributes.map((a) => g.values[a] ?? null),
    g.rates.count,
    g.rates.share,
    g.tooSmall,
    ...RATE_COLUMNS.flatMap((c) => {
      const ci = grouping.intervals?.[ratePointer(i, c.key)];
      return [g.rates[c.key], bound(ci?.lower), bound(ci?.upper)];
    }),
    g.rocAuc,
    g.meanScore,
  ]);
  return [header, ...rows].map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}

/** A file name part made only of safe characters. */
export const slug = (text: string) => text.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-|-$/g, '');
