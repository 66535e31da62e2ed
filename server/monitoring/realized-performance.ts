import { binaryMetrics, confusionMatrix, rocAuc } from '@/server/statistics/classification-metrics';
import type { Label } from '@/server/registry/feature-schema';
import { normalizeLabel, positiveClass } from '@/server/registry/label-classes';
import type { EventBatch } from '@/server/traffic/event-batch';

/**
 * Accuracy and ROC AUC on the events of a window whose labels have arrived; the prediction
 * is the logged label when present, else score ≥ 0.5.
 */
export function realizedPerformance(events: EventBatch, label: Pick<Label, 'classes'>) {
  const positive = positiveClass(label);
  const actual: number[] = [];
  const predicted: number[] = [];
  const scores: number[] = [];
  for (let i = 0; i < events.count; i++) {
    const truth = events.labels[i];
    if (truth === null || truth === undefined) continue;
    const score = events.scores[i]!;
    const logged = events.predictedLabels[i];
    if (logged === null && Number.isNaN(score)) continue;
    actual.push(normalizeLabel(truth, label) === positive ? 1 : 0);
    predicted.push(logged !== null && logged !== undefined ? (normalizeLabel(logged, label) === positive ? 1 : 0) : score >= 0.5 ? 1 : 0);
    if (!Number.isNaN(score)) scores.push(score);
  }
  if (actual.length === 0) return null;
  const metrics = binaryMetrics(confusionMatrix(actual, predicted));
  return { labeled: actual.length, accuracy: metrics.accuracy, rocAuc: scores.length === actual.length ? rocAuc(scores, actual) : null };
}
