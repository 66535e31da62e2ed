import { describe, expect, it } from 'vitest';
import { binaryMetrics } from '@/demo/samples/classification-metrics';
import { diffAgainstServing } from '@/server/approvals/metric-diff';
import { impactDirection } from '@/server/impact/impact-row';
import { diffMetrics } from '@/server/registry/version-comparison';
import { changeQuality, METRIC_DIRECTIONS, metricDirection } from './metric-directions';

describe('metric directions', () => {
  it('lists every metric the app and its sample releases produce', () => {
    const binary = Object.keys(binaryMetrics([0, 1, 1, 0], [0.2, 0.8, 0.4, 0.6]));
    const regression = ['mae', 'mse', 'rmse', 'r2', 'mape'];
    const multiclass = ['accuracy', 'macro_f1', 'micro_f1', 'weighted_f1', 'log_loss', 'roc_auc'];
    const serving = ['latency_p95', 'events_per_day', 'positive_rate'];
    for (const name of [...binary, ...regression, ...multiclass, ...serving]) expect(METRIC_DIRECTIONS, name).toHaveProperty(name);
  });

  it('says which way is good, with positive rate and volume on neither side', () => {
    expect(['auc', 'accuracy', 'precision', 'recall', 'f1', 'macro_f1', 'r2'].map(metricDirection)).toEqual(Array(7).fill('higher'));
    expect(['log_loss', 'brier', 'mae', 'mse', 'rmse', 'mape', 'latency_p95', 'fpr'].map(metricDirection)).toEqual(Array(8).fill('lower'));
    expect(['positive_rate', 'events_per_day', 'mean_prediction'].map(metricDirection)).toEqual(['neither', 'neither', 'neither']);
  });

  it('reads CI spellings through: split prefixes and suffixes, case, dashes; unknown names have no side', () => {
    expect(metricDirection('val_auc')).toBe('higher');
    expect(metricDirection('test_log_loss')).toBe('lower');
    expect(metricDirection('RMSE')).toBe('lower');
    expect(metricDirection('auc_holdout')).toBe('higher');
    expect(metricDirection('roc-auc')).toBe('higher');
    expect(metricDirection('val_positive_rate')).toBe('neither');
    expect(metricDirection('custom_loss')).toBe('lower');
    expect(metricDirection('throughput_tokens')).toBe('neither');
  });

  it('judges a change by the direction, and never judges one on neither side', () => {
    expect(changeQuality('auc', 0.01)).toBe('better');
    expect(changeQuality('log_loss', 0.01)).toBe('worse');
    expect(changeQuality('positive_rate', 0.2)).toBeNull();
    expect(changeQuality('auc', 0)).toBeNull();
    expect(changeQuality('auc', null)).toBeNull();
  });

  it('is the table the review page, the compare page and deployment impact read', () => {
    const review = diffAgainstServing({ auc: 0.8, positive_rate: 0.3, mae: 2 }, { auc: 0.7, positive_rate: 0.2, mae: 3 });
    expect(review.map((r) => [r.name, r.direction, r.better])).toEqual([
      ['auc', 'higher', 'candidate'],
      ['mae', 'lower', 'candidate'],
      ['positive_rate', 'neither', null],
    ]);
    expect(diffAgainstServing({ auc: 0.8 }, null)).toEqual([{ name: 'auc', candidate: 0.8, serving: null, delta: null, better: null, direction: 'higher' }]);
    const compare = diffMetrics({ r2: 0.7, rmse: 4, positive_rate: 0.1 }, { r2: 0.6, rmse: 3, positive_rate: 0.2 });
    expect(compare.map((m) => [m.name, m.direction, m.quality])).toEqual([
      ['positive_rate', 'neither', null],
      ['r2', 'higher', 'worse'],
      ['rmse', 'lower', 'better'],
    ]);
    expect(['accuracy', 'positive_rate', 'events_per_day', 'latency_p95'].map(impactDirection)).toEqual(['up', null, null, 'down']);
  });
});
