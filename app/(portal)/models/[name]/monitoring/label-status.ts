// What the monitoring page says about realized performance when a window has no labels yet:
// how late labels arrive and which hour was labelled last, both read from the data (pure).

import { formatApproxDuration, formatCount, formatDateTime } from '@/app/_components/format';
import type { LabelTiming } from '@/server/monitoring/label-timing';

/** The hint under a realized metric: "realized 85.2 % on 1,204 labels", or why there is none. */
export function realizedHint(realized: { value: string; labeled: number }, labels: LabelTiming): string {
  if (realized.labeled > 0) return `realized ${realized.value} on ${formatCount(realized.labeled)} labels`;
  return noLabelsText(labels, 'this window');
}

/** Why a window has no realized metric: no labels ever, or labels that have not arrived yet. */
export function noLabelsText(labels: LabelTiming, scope: string): string {
  if (!labels.lastLabelledHour) return 'no labels received yet: ground truth comes through /api/v1/labels';
  const delay = labels.medianDelaySeconds === null ? '' : ` — labels arrive ${formatApproxDuration(labels.medianDelaySeconds)} late`;
  return `no labels for ${scope} yet${delay}; last labelled hour: ${formatDateTime(labels.lastLabelledHour)}`;
}
