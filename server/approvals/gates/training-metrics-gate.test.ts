import { describe, expect, it } from 'vitest';
import { evidence } from './gate-fixtures';
import { trainingMetricsGate } from './training-metrics-gate';

const withMetrics = (metrics: Record<string, number>) => evidence({ candidate: { ...evidence().candidate, metrics } });

describe('training_metrics gate', () => {
  it('passes when every threshold is met, bounds inclusive, with the numbers behind it', () => {
    const result = trainingMetricsGate(withMetrics({ auc: 0.75, log_loss: 0.5 }), { required: true, thresholds: { auc: { min: 0.75 }, log_loss: { max: 0.5 } } });
    expect(result.status).toBe('pass');
    expect(result.numbers).toEqual({ auc: 0.75, auc_min: 0.75, log_loss: 0.5, log_loss_max: 0.5 });
    expect(result.summary).toContain('auc 0.75 (needs ≥ 0.75)');
  });

  it('fails a metric below its minimum or above its maximum', () => {
    const low = trainingMetricsGate(withMetrics({ auc: 0.7499, log_loss: 0.3 }), { required: true, thresholds: { auc: { min: 0.75 }, log_loss: { max: 0.5 } } });
    expect(low.status).toBe('fail');
    expect(low.summary).toContain('auc 0.7499 (needs ≥ 0.75)');
    const high = trainingMetricsGate(withMetrics({ log_loss: 0.51 }), { required: true, thresholds: { log_loss: { max: 0.5 } } });
    expect(high.status).toBe('fail');
  });

  it('judges a range with both bounds', () => {
    const config = { required: true, thresholds: { positive_rate: { min: 0.1, max: 0.2 } } };
    expect(trainingMetricsGate(withMetrics({ positive_rate: 0.15 }), config).status).toBe('pass');
    expect(trainingMetricsGate(withMetrics({ positive_rate: 0.25 }), config).status).toBe('fail');
    expect(trainingMetricsGate(withMetrics({ positive_rate: 0.05 }), config).status).toBe('fail');
  });

  it('is missing when a thresholded metric is not reported, and fail wins over missing', () => {
    const missing = trainingMetricsGate(withMetrics({ log_loss: 0.3 }), { required: true, thresholds: { auc: { min: 0.75 } } });
    expect(missing.status).toBe('missing');
    expect(missing.numbers.auc).toBeNull();
    expect(missing.summary).toContain('reports no auc');
    const both = trainingMetricsGate(withMetrics({ log_loss: 0.9 }), { required: true, thresholds: { auc: { min: 0.75 }, log_loss: { max: 0.5 } } });
    expect(both.status).toBe('fail');
    expect(both.summary).toContain('not reported: auc');
  });

  it('passes with no thresholds configured', () => {
    expect(trainingMetricsGate(withMetrics({}), { required: true, thresholds: {} })).toMatchObject({ status: 'pass', summary: 'No metric thresholds are configured.' });
  });
});
