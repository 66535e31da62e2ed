import { numericValue } from '@/server/registry/numeric-label';
import type { CandidateIO } from '@/server/onnx/model-io';
import { thresholdLabel } from '@/server/onnx/model-io';
import type { EventBatch } from '@/server/traffic/event-batch';
import type { ShadowResultRows } from './shadow-result-columns';

// What the serving version answered for rows [start, end) of a batch, and the ground truth, as
// the model's task reads them (the same rules as realized performance):
//   classifiers: the logged label, else the logged score against the threshold of the version
//                that served the event (binary only: one score cannot name one of K classes);
//                the ground truth as logged (normalized to class names when summarized).
//   regression:  the logged score is the prediction, else a logged label that is a decimal
//                number; the ground truth parsed as a decimal number into `numericLabels`
//                (NaN when absent), and a label that is no number kept as text in `labels`
//                so the summary can count it. No labels are compared (there is no decision).
// Pure.

export type ServingSide = Pick<ShadowResultRows, 'servingScores' | 'servingLabels' | 'labels' | 'numericLabels'>;

export function servingSide(io: Pick<CandidateIO, 'taskType' | 'classes'>, events: EventBatch, start: number, end: number, thresholds: ReadonlyMap<string, number> = new Map()): ServingSide {
  const n = end - start;
  const scores = events.scores.subarray(start, end);
  const predicted = events.predictedLabels.slice(start, end);
  const truth = events.labels.slice(start, end);
  if (io.taskType === 'regression') {
    const servingScores = new Float32Array(n);
    const numericLabels = new Float64Array(n);
    const labels = new Array<string | null>(n);
    for (let i = 0; i < n; i++) {
      const logged = predicted[i];
      servingScores[i] = !Number.isNaN(scores[i]!) ? scores[i]! : ((logged === null || logged === undefined ? null : numericValue(logged)) ?? Number.NaN);
      const text = truth[i];
      const value = text === null || text === undefined ? null : numericValue(text);
      numericLabels[i] = value ?? Number.NaN;
      labels[i] = value === null ? (text ?? null) : null;
    }
    return { servingScores, servingLabels: new Array<string | null>(n).fill(null), labels, numericLabels };
  }
  const servingLabels = new Array<string | null>(n);
  for (let i = 0; i < n; i++) servingLabels[i] = predicted[i] ?? thresholdLabel(scores[i]!, io.classes, thresholds.get(events.versionIds[start + i]!));
  return { servingScores: scores, servingLabels, labels: truth, numericLabels: null };
}
