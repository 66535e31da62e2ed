import { estimateMulticlassPerformance, fitMulticlassCalibration } from '@/server/drift/cbpe-multiclass';
import type { ScoreCalibration } from '@/server/drift/cbpe';
import type { Label } from '@/server/registry/feature-schema';
import { normalizeLabel } from '@/server/registry/label-classes';
import type { EventBatch } from '@/server/traffic/event-batch';

// A multiclass model's traffic as the drift report needs it: each event's predicted class,
// and the label-free performance estimate (multiclass CBPE, server/drift/cbpe-multiclass.ts)
// from the events that carry prediction.probabilities. Pure.

/** Below this many labelled reference rows, no calibration is fitted (as for binary CBPE). */
export const MIN_CALIBRATION_ROWS = 50;

export interface MulticlassEstimateSummary {
  /** Events the estimate used (those with probabilities). */
  rows: number;
  /** Events of the window without probabilities, left out. */
  withoutProbabilities: number;
  calibrated: boolean;
  accuracy: number | null;
  macro: { precision: number | null; recall: number | null; f1: number | null; rocAuc: number | null };
}

function mostProbable(probabilities: ArrayLike<number>): number {
  let best = 0;
  for (let k = 1; k < probabilities.length; k++) if (probabilities[k]! > probabilities[best]!) best = k;
  return best;
}

/**
 * Each event's predicted class: its logged label when that is a declared class (or a class
 * index), else the most probable class of its probabilities, else null.
 */
export function predictedClassesOf(events: EventBatch, label: Pick<Label, 'classes'>): (string | null)[] {
  const classes = label.classes ?? [];
  const known = new Set(classes);
  const out = new Array<string | null>(events.count);
  for (let i = 0; i < events.count; i++) {
    const logged = events.predictedLabels[i];
    const normalized = logged === null || logged === undefined ? null : normalizeLabel(logged, label);
    const probabilities = events.probabilities[i];
    if (normalized !== null && known.has(normalized)) out[i] = normalized;
    else if (probabilities && probabilities.length === classes.length && classes.length > 0) out[i] = classes[mostProbable(probabilities)]!;
    else out[i] = null;
  }
  return out;
}

/** Per-class isotonic calibrations from the reference (the serving version's probabilities and the labels), or undefined with too few labelled rows. */
export function referenceCalibration(probabilities: Float32Array | null, labels: readonly (string | null)[], label: Pick<Label, 'classes'>): ScoreCalibration[] | undefined {
  const classes = label.classes;
  if (!probabilities || !classes || probabilities.length !== labels.length * classes.length) return undefined;
  const index = new Map(classes.map((c, i) => [c, i]));
  const actual: number[] = [];
  const rows: number[] = [];
  labels.forEach((value, i) => {
    const a = value === null ? undefined : index.get(normalizeLabel(value, label));
    if (a === undefined) return;
    actual.push(a);
    for (let k = 0; k < classes.length; k++) rows.push(probabilities[i * classes.length + k]!);
  });
  return actual.length >= MIN_CALIBRATION_ROWS ? fitMulticlassCalibration(rows, actual, classes.length) : undefined;
}

/** Multiclass CBPE on the window's events with probabilities; null when none has them. */
export function estimateMulticlassTraffic(events: EventBatch, label: Pick<Label, 'classes'>, calibration?: readonly ScoreCalibration[]): MulticlassEstimateSummary | null {
  const classes = label.classes;
  if (!classes || classes.length < 2) return null;
  const k = classes.length;
  const index = new Map(classes.map((c, i) => [c, i]));
  const predictedClasses = predictedClassesOf(events, label);
  const predicted: number[] = [];
  const probabilities: number[] = [];
  for (let i = 0; i < events.count; i++) {
    const p = events.probabilities[i];
    const c = predictedClasses[i];
    if (!p || p.length !== k || c === null || c === undefined) continue;
    predicted.push(index.get(c)!);
    for (const value of p) probabilities.push(value);
  }
  if (predicted.length === 0) return null;
  const estimate = estimateMulticlassPerformance(predicted, probabilities, k, { calibration });
  return { rows: estimate.rows, withoutProbabilities: events.count - predicted.length, calibrated: estimate.calibrated, accuracy: estimate.accuracy, macro: estimate.macro };
}
