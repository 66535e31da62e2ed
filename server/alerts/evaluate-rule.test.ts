import { describe, expect, it } from 'vitest';
import { describeRule } from './alert-kinds';
import { thresholdProblem } from './alert-rule-schemas';
import { evaluateRule, type MonitoringObservation, type RuleToEvaluate } from './evaluate-rule';

function observation(overrides: Partial<MonitoringObservation> = {}): MonitoringObservation {
  return {
    modelId: '00000000-0000-4000-8000-000000000001',
    modelName: 'credit-risk',
    windowFrom: new Date('2025-01-01T00:00:00Z'),
    windowTo: new Date('2025-01-01T01:00:00Z'),
    driftShare: 0.25,
    datasetDrift: false,
    featureDrift: [
      { feature: 'income', drifted: true, value: 0.21, method: 'wasserstein' },
      { feature: 'age', drifted: false, value: 0.03, method: 'wasserstein' },
    ],
    estimatedAccuracy: 0.86,
    realizedAccuracy: 0.84,
    latencyP95: 120,
    eventCount: 1000,
    eventsWithoutPrediction: 5,
    previousEventCount: 1100,
    reportId: null,
    ...overrides,
  };
}

const rule = (kind: RuleToEvaluate['kind'], threshold: number, feature: string | null = null): RuleToEvaluate => ({ kind, threshold, feature });

describe('evaluateRule', () => {
  it('drift_share fires at or above the threshold and names the drifted features', () => {
    expect(evaluateRule(rule('drift_share', 0.5), observation())).toEqual({ firing: false, value: 0.25, message: 'Drift share 25\u00a0% < 50\u00a0% (income)', noData: false });
    const at = evaluateRule(rule('drift_share', 0.5), observation({ driftShare: 0.5, datasetDrift: true }));
    expect(at).toMatchObject({ firing: true, value: 0.5, message: 'Drift share 50\u00a0% ≥ 50\u00a0% (income)' });
  });

  it('feature_drift follows the report’s verdict for the named feature', () => {
    expect(evaluateRule(rule('feature_drift', 0, 'income'), observation())).toMatchObject({ firing: true, value: 0.21, message: 'Feature income drifted (wasserstein 0.21)' });
    expect(evaluateRule(rule('feature_drift', 0, 'age'), observation())).toMatchObject({ firing: false, value: 0.03, noData: false });
    expect(evaluateRule(rule('feature_drift', 0, 'zip'), observation())).toEqual({ firing: false, value: null, message: 'Feature zip is not in the drift report', noData: true });
  });

  it('estimated_accuracy fires strictly below the threshold, and has no data without an estimate', () => {
    expect(evaluateRule(rule('estimated_accuracy', 0.9), observation())).toMatchObject({ firing: true, value: 0.86, message: 'Estimated accuracy (CBPE) 86\u00a0% < 90\u00a0%' });
    expect(evaluateRule(rule('estimated_accuracy', 0.86), observation())).toMatchObject({ firing: false });
    expect(evaluateRule(rule('estimated_accuracy', 0.9), observation({ estimatedAccuracy: null }))).toMatchObject({ firing: false, noData: true, value: null });
  });

  it('realized_accuracy fires below the threshold and waits for labels', () => {
    expect(evaluateRule(rule('realized_accuracy', 0.85), observation())).toMatchObject({ firing: true, value: 0.84 });
    expect(evaluateRule(rule('realized_accuracy', 0.8), observation())).toMatchObject({ firing: false, message: 'Realized accuracy 84\u00a0% ≥ 80\u00a0%' });
    expect(evaluateRule(rule('realized_accuracy', 0.8), observation({ realizedAccuracy: null }))).toMatchObject({ noData: true, message: 'No labelled events yet' });
  });

  it('realized accuracy is reported with the labelled window it was measured on', () => {
    const labelled = observation({ realizedWindow: { from: new Date('2024-12-29T00:00:00Z'), to: new Date('2024-12-30T00:00:00Z'), labeled: 2150 } });
    expect(evaluateRule(rule('realized_accuracy', 0.8), labelled)).toMatchObject({ message: 'Realized accuracy 84\u00a0% on 2,150 labelled events of 2024-12-29 00:00 UTC – 2024-12-30 00:00 UTC ≥ 80\u00a0%' });
  });

  it('accuracy drops fire when the accuracy lies the threshold or more below the reference', () => {
    const reference = { value: 0.855, source: "v1's registered accuracy" };
    const dropped = observation({ realizedAccuracy: 0.65, estimatedAccuracy: 0.8, referenceAccuracy: reference });
    const realized = evaluateRule(rule('realized_accuracy_drop', 0.1), dropped);
    expect(realized).toMatchObject({ firing: true, value: expect.closeTo(0.205, 10), noData: false });
    expect(realized.message).toBe("Realized accuracy 65\u00a0% is 20.5 points below the reference 85.5\u00a0% (v1's registered accuracy); alert at 10\u00a0% below");
    expect(evaluateRule(rule('estimated_accuracy_drop', 0.1), dropped)).toMatchObject({ firing: false, value: expect.closeTo(0.055, 10) });
    expect(evaluateRule(rule('estimated_accuracy_drop', 0.05), dropped)).toMatchObject({ firing: true });
    // Better than the reference never fires, whatever the threshold.
    expect(evaluateRule(rule('realized_accuracy_drop', 0), observation({ realizedAccuracy: 0.9, referenceAccuracy: reference }))).toMatchObject({ firing: false, message: expect.stringContaining('4.5 points above the reference') });
    expect(evaluateRule(rule('realized_accuracy_drop', 0.1), observation({ realizedAccuracy: null, referenceAccuracy: reference }))).toMatchObject({ noData: true, message: 'No labelled events yet' });
    expect(evaluateRule(rule('estimated_accuracy_drop', 0.1), observation({ referenceAccuracy: null }))).toMatchObject({ noData: true, message: expect.stringMatching(/^No reference accuracy/) });
  });

  it('kpi_threshold rules are left to the KPI evaluation', () => {
    expect(evaluateRule(rule('kpi_threshold', 0, 'approval_rate'), observation())).toMatchObject({ noData: true });
  });

  it('latency_p95 fires strictly above the threshold in milliseconds', () => {
    expect(evaluateRule(rule('latency_p95', 100), observation())).toMatchObject({ firing: true, value: 120, message: 'p95 latency 120 ms > 100 ms' });
    expect(evaluateRule(rule('latency_p95', 120), observation())).toMatchObject({ firing: false, message: 'p95 latency 120 ms ≤ 120 ms' });
    expect(evaluateRule(rule('latency_p95', 100), observation({ latencyP95: null }))).toMatchObject({ noData: true });
  });

  it('error_rate is the share of events without a prediction', () => {
    expect(evaluateRule(rule('error_rate', 0.01), observation())).toMatchObject({ firing: false, value: 0.005, message: '0.50\u00a0% of 1,000 events had no prediction (≤ 1\u00a0%)' });
    expect(evaluateRule(rule('error_rate', 0.01), observation({ eventsWithoutPrediction: 20 }))).toMatchObject({ firing: true, value: 0.02 });
    expect(evaluateRule(rule('error_rate', 0.01), observation({ eventCount: 0, eventsWithoutPrediction: 0 }))).toMatchObject({ noData: true, message: 'No events in this window' });
  });

  it('volume_drop compares the window with the previous one', () => {
    expect(evaluateRule(rule('volume_drop', 0.5), observation())).toMatchObject({ firing: false, value: 1000 / 1100 });
    const drop = evaluateRule(rule('volume_drop', 0.5), observation({ eventCount: 100, previousEventCount: 1000 }));
    expect(drop).toEqual({ firing: true, value: 0.1, message: "100 events, 10\u00a0% of the previous window's 1,000 (< 50\u00a0%)", noData: false });
    expect(evaluateRule(rule('volume_drop', 0.5), observation({ eventCount: 0, previousEventCount: 1000 }))).toMatchObject({ firing: true, value: 0 });
    expect(evaluateRule(rule('volume_drop', 0.5), observation({ previousEventCount: null }))).toMatchObject({ noData: true });
    expect(evaluateRule(rule('volume_drop', 0.5), observation({ previousEventCount: 0 }))).toMatchObject({ noData: true });
  });
});

describe('rule wording and thresholds', () => {
  it('describes rules the way the page shows them', () => {
    expect(describeRule(rule('drift_share', 0.5))).toBe('share of drifted features ≥ 50\u00a0%');
    expect(describeRule(rule('latency_p95', 250))).toBe('p95 latency > 250 ms');
    expect(describeRule(rule('feature_drift', 0, 'income'))).toBe('feature income drifts (per its drift test)');
  });

  it('refuses shares outside 0–1 and negative latencies', () => {
    expect(thresholdProblem('drift_share', 1.5)).toMatch(/at most 1/);
    expect(thresholdProblem('latency_p95', -1)).toMatch(/at least 0/);
    expect(thresholdProblem('latency_p95', 5000)).toBeNull();
  });
});
