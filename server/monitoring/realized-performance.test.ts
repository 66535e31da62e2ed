import { describe, expect, it } from 'vitest';
import { expectClose, taskFixtures } from '@/server/statistics/fixtures/task-metrics-fixtures';
import type { EventBatch } from '@/server/traffic/event-batch';
import { numericValue } from '@/server/registry/numeric-label';
import { realizedPerformance, realizedTaskPerformance } from './realized-performance';

/** A window of events as the reader returns it: scores as 4-byte reals, labels as text. */
function batch(rows: { score?: number; predicted?: string | null; label?: string | null; probabilities?: number[] }[]): EventBatch {
  const count = rows.length;
  return {
    count,
    width: 0,
    requestIds: rows.map((_, i) => `r${i}`),
    occurredAt: new Float64Array(count),
    versionIds: rows.map(() => 'v1'),
    features: new Float32Array(0),
    scores: Float32Array.from(rows.map((r) => r.score ?? Number.NaN)),
    predictedLabels: rows.map((r) => r.predicted ?? null),
    labels: rows.map((r) => r.label ?? null),
    latencyMs: new Float32Array(count).fill(Number.NaN),
    attributes: rows.map(() => null),
    probabilities: rows.map((r) => (r.probabilities ? Float32Array.from(r.probabilities) : null)),
  };
}

describe('realized performance per task type', () => {
  it('regression: scikit-learn’s metrics on the stored (4-byte) predictions and text labels', () => {
    // This case's predictions are float32 values, so the real column stores them exactly.
    const c = taskFixtures.regression.find((x) => x.name === 'float32 predictions n=500')!;
    const events = batch([...c.actual.map((y, i) => ({ score: c.predicted[i], label: String(y) })), { score: 1 }, { score: 2, label: 'n/a' }]);
    const realized = realizedTaskPerformance(events, { taskType: 'regression', label: {} });
    expect(realized?.task).toBe('regression');
    if (realized?.task !== 'regression') return;
    expect(realized.labeled).toBe(c.actual.length);
    expect(realized.skipped).toEqual({ labelNotANumber: 1, noPrediction: 0 });
    expectClose(realized.mae, c.mae);
    expectClose(realized.rmse, c.rmse);
    expectClose(realized.r2, c.r2);
    expectClose(realized.mape, c.mape);
    expectClose(realized.residuals.quantiles.find((q) => q.q === 50)!.value, c.residualQuantiles.values[c.residualQuantiles.q.indexOf(50)]!);
    expect(realized.residuals.histogram.counts).toEqual(c.histogram.counts);
  });

  it('regression: MAPE is undefined with a zero label, and a logged numeric label stands in for a missing score', () => {
    const realized = realizedTaskPerformance(batch([{ score: 1, label: '0' }, { predicted: '2.5', label: '2' }, { label: '3' }]), { taskType: 'regression', label: {} });
    expect(realized).toMatchObject({ task: 'regression', labeled: 2, mape: null, skipped: { noPrediction: 1, labelNotANumber: 0 } });
    expect(realized?.task === 'regression' && realized.mapeUndefined).toMatch(/1 of 2 labels are 0/);
  });

  it('multiclass: scikit-learn’s metrics with class names, indices as labels, and rows that cannot be judged', () => {
    const c = taskFixtures.multiclass.find((x) => x.name === 'class 3 predicted, absent from the labels')!;
    const classes = ['setosa', 'versicolor', 'virginica', 'hybrid'];
    const rows = c.actual.map((a, i) => ({ score: 0.9, predicted: classes[c.predicted[i]!]!, label: i % 2 === 0 ? classes[a]! : String(a) }));
    const events = batch([...rows, { label: 'setosa' }, { predicted: 'setosa', label: 'unknown' }]);
    const realized = realizedTaskPerformance(events, { taskType: 'multiclass_classification', label: { classes } });
    expect(realized?.task).toBe('multiclass_classification');
    if (realized?.task !== 'multiclass_classification') return;
    expect(realized.labeled).toBe(c.actual.length);
    expect(realized.skipped).toEqual({ labelNotAClass: 1, noPredictedClass: 1 });
    expect(realized.confusion).toEqual(c.confusion);
    expectClose(realized.accuracy, c.accuracy);
    for (const average of ['macro', 'micro', 'weighted'] as const) expectClose(realized[average]!.f1, c.averages[average].f1);
    expect(realized.perClass[3]).toMatchObject({ class: 'hybrid', support: 0, recall: null });
    expect(realized.probabilityMetrics).toBeNull();
    expect(realized.notComputed).toMatch(/^Log loss and one-vs-rest ROC AUC are not computed: no labelled event of this window carries class probabilities/);
  });

  it('multiclass: log loss and one-vs-rest ROC AUC equal scikit-learn’s on events with (float32) probabilities', () => {
    const c = taskFixtures.multiclass.find((x) => x.name === 'random K=5 n=1000 float32 probabilities')!;
    const classes = ['a', 'b', 'c', 'd', 'e'];
    const rows = c.actual.map((a, i) => ({ predicted: classes[c.predicted[i]!]!, label: classes[a]!, probabilities: c.probabilities[i]! }));
    const realized = realizedTaskPerformance(batch(rows), { taskType: 'multiclass_classification', label: { classes } });
    if (realized?.task !== 'multiclass_classification') throw new Error('expected a multiclass result');
    expect(realized.probabilityMetrics!.rows).toBe(c.actual.length);
    expectClose(realized.probabilityMetrics!.logLoss, c.logLoss);
    expectClose(realized.probabilityMetrics!.rocAuc.macro, c.rocAucOvr.macro);
    expectClose(realized.probabilityMetrics!.rocAuc.weighted, c.rocAucOvr.weighted);
    expect(realized.notComputed).toBeNull();
    // Events without probabilities still count for the other metrics, and the note says how many had them.
    const partial = realizedTaskPerformance(batch([...rows, { predicted: 'a', label: 'b' }]), { taskType: 'multiclass_classification', label: { classes } });
    if (partial?.task !== 'multiclass_classification') throw new Error('expected a multiclass result');
    expect(partial.labeled).toBe(c.actual.length + 1);
    expectClose(partial.probabilityMetrics!.logLoss, c.logLoss);
    expect(partial.notComputed).toBe('Log loss and one-vs-rest ROC AUC use the 1,000 of 1,001 labelled events that carry class probabilities; the other metrics use all 1,001.');
  });

  it('multiclass: one-vs-rest ROC AUC is undefined, with the reason, when a class has no labelled event', () => {
    const classes = ['a', 'b', 'c'];
    const rows = [
      { predicted: 'a', label: 'a', probabilities: [0.5, 0.25, 0.25] },
      { predicted: 'b', label: 'b', probabilities: [0.25, 0.5, 0.25] },
      { predicted: 'c', label: 'a', probabilities: [0.25, 0.25, 0.5] },
    ];
    const realized = realizedTaskPerformance(batch(rows), { taskType: 'multiclass_classification', label: { classes } });
    if (realized?.task !== 'multiclass_classification') throw new Error('expected a multiclass result');
    expect(realized.probabilityMetrics!.rocAuc).toMatchObject({ macro: null, weighted: null, undefinedReason: 'no labelled row of class 2: its one-vs-rest AUC is undefined' });
    expect(realized.probabilityMetrics!.logLoss).toBeCloseTo(-(Math.log(0.5) + Math.log(0.5) + Math.log(0.25)) / 3, 12);
  });

  it('binary: unchanged rule (logged label, else score ≥ 0.5), now with precision, recall and F1', () => {
    const label = { classes: ['repaid', 'defaulted'] };
    const events = batch([
      { score: 0.9, label: 'defaulted' },
      { score: 0.2, label: 'defaulted' },
      { score: 0.7, predicted: 'repaid', label: 'repaid' },
      { score: 0.6, label: 'repaid' },
      { score: 0.1 },
    ]);
    const realized = realizedTaskPerformance(events, { taskType: 'binary_classification', label });
    expect(realized).toMatchObject({ task: 'binary_classification', labeled: 4, accuracy: 0.5, precision: 0.5, recall: 0.5, confusion: { tp: 1, fp: 1, tn: 1, fn: 1 } });
    expect(realizedPerformance(events, label)).toEqual({ labeled: 4, accuracy: 0.5, rocAuc: 0.5 });
  });

  it('binary: a score without a logged label is decided at the serving version’s threshold', () => {
    const label = { classes: ['repaid', 'defaulted'] };
    const rows = [
      { score: 0.95, label: 'defaulted' },
      { score: 0.8, label: 'repaid' },
      { score: 0.65, label: 'defaulted' },
      { score: 0.6, label: 'repaid' },
      { score: 0.55, label: 'defaulted' },
      { score: 0.3, label: 'repaid' },
      { score: 0.6, predicted: 'defaulted', label: 'repaid' },
    ];
    // Served by v1 (threshold 0.7) and, the same rows again, by v2 (no stated threshold: 0.5).
    const events = batch([...rows, ...rows]);
    events.versionIds = events.versionIds.map((_, i) => (i < rows.length ? 'v1' : 'v2'));
    const realized = realizedTaskPerformance(events, { taskType: 'binary_classification', label }, new Map([['v1', 0.7]]));
    // Counted by hand. v1 at 0.7: tp {0.95}, fp {0.8, logged}, tn {0.6, 0.3}, fn {0.65, 0.55}.
    // v2 at 0.5: tp {0.95, 0.65, 0.55}, fp {0.8, 0.6, logged}, tn {0.3}, fn {}.
    expect(realized).toMatchObject({ labeled: 14, confusion: { tp: 4, fp: 5, tn: 3, fn: 2 }, accuracy: 7 / 14 });
    const atHalf = realizedTaskPerformance(events, { taskType: 'binary_classification', label });
    expect(atHalf).toMatchObject({ confusion: { tp: 6, fp: 6, tn: 2, fn: 0 }, accuracy: 8 / 14 });
    expect(realizedPerformance(events, label, new Map([['v1', 0.7]]))).toMatchObject({ labeled: 14, accuracy: 0.5 });
  });

  it('is null when no event in the window has a label', () => {
    const events = batch([{ score: 0.3 }]);
    for (const taskType of ['binary_classification', 'multiclass_classification', 'regression']) expect(realizedTaskPerformance(events, { taskType, label: { classes: ['a', 'b', 'c'] } })).toBeNull();
  });

  it('reads numbers only from decimal text', () => {
    expect(numericValue('12.5')).toBe(12.5);
    expect(numericValue('-1e3')).toBe(-1000);
    expect(numericValue(' ')).toBeNull();
    expect(numericValue('0x10')).toBeNull();
    expect(numericValue('Infinity')).toBeNull();
  });
});
