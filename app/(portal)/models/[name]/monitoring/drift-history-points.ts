// The drift history as the charts draw it (pure): per report window, each plotted feature's
// drift score (up = worse, 1 = its threshold, capped so one extreme p-value does not flatten
// the rest) and the drifted share split at the alert threshold, so only bars at or above it
// are drawn red.

import { formatAxisPercent, formatHour } from '@/app/_components/format';
import type { DriftShareThreshold } from '@/server/drift/drift-share-threshold';
import { driftScore } from '@/server/drift/drift-score';
import type { ReportView } from '@/server/monitoring/monitoring-queries';

/** The drifted-share threshold and where it comes from, as the charts state it: "30 % (drift-share alert rule)". */
export function shareThresholdText(threshold: DriftShareThreshold): string {
  return `${formatAxisPercent(threshold.value)} (${threshold.source === 'alert_rule' ? 'drift-share alert rule' : 'dataset-drift setting'})`;
}

/** Scores above this are drawn at it (the tooltip says "≥ 5"). */
export const DRIFT_SCORE_CAP = 5;

export interface HistoryPoint {
  /** The window's end, UTC ("2026-11-28 14:00"). */
  window: string;
  scores: Record<string, number | null>;
  driftShare: number;
  /** The share when below the threshold, else null (and the reverse): one bar, one colour. */
  shareBelow: number | null;
  shareAbove: number | null;
  estimatedAccuracy: number | null;
  realizedAccuracy: number | null;
}

export function historyPoints(history: Pick<ReportView, 'windowTo' | 'driftShare' | 'features' | 'performance'>[], plotted: string[], shareThreshold: number): HistoryPoint[] {
  return history.map((r) => {
    const above = r.driftShare >= shareThreshold;
    return {
      window: formatHour(r.windowTo),
      scores: Object.fromEntries(
        plotted.map((name) => {
          const f = r.features.find((x) => x.feature === name);
          const score = f ? driftScore(f.method, f.value, f.threshold) : null;
          return [name, score === null ? null : Math.min(score, DRIFT_SCORE_CAP)];
        }),
      ),
      driftShare: r.driftShare,
      shareBelow: above ? null : r.driftShare,
      shareAbove: above ? r.driftShare : null,
      estimatedAccuracy: r.performance?.estimatedAccuracy ?? null,
      realizedAccuracy: r.performance?.realizedAccuracy ?? null,
    };
  });
}
