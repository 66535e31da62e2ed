import { describe, expect, it } from 'vitest';
import { blockingGates, evaluateGates, sameGateResults } from './evaluate-gates';
import { evidence, shadow } from './gate-fixtures';
import { gateConfigSchema, parseGateConfig } from './gate-config';

describe('evaluateGates', () => {
  it('runs every gate in a fixed order; only required gates that do not pass block', () => {
    const config = parseGateConfig({ onnx_validation: { required: true }, shadow_run: { required: true }, fairness: { required: false } });
    const gates = evaluateGates(evidence(), config);
    expect(gates.map((g) => g.gate)).toEqual(['onnx_validation', 'training_metrics', 'shadow_run', 'no_critical_drift_alert', 'fairness']);
    expect(gates.map((g) => [g.gate, g.status, g.required, g.blocking])).toEqual([
      ['onnx_validation', 'pass', true, false],
      ['training_metrics', 'pass', false, false],
      ['shadow_run', 'missing', true, true],
      ['no_critical_drift_alert', 'pass', false, false],
      ['fairness', 'missing', false, false],
    ]);
    expect(blockingGates(gates)).toEqual(['shadow_run']);
    expect(gates[0]!.label).toBe('ONNX validation');
  });

  it('a required gate that does not apply does not block; one that applies by policy on a first deployment does', () => {
    const lenient = evaluateGates(evidence({ serving: null }), parseGateConfig({ shadow_run: { required: true } }));
    expect(lenient.find((g) => g.gate === 'shadow_run')).toMatchObject({ status: 'not_applicable', required: true, blocking: false });
    const strict = evaluateGates(evidence({ serving: null }), parseGateConfig({ shadow_run: { required: true, requireForFirstDeployment: true } }));
    expect(strict.find((g) => g.gate === 'shadow_run')).toMatchObject({ status: 'missing', required: true, blocking: true });
    expect(gateConfigSchema.safeParse({ shadow_run: { requireForFirstDeployment: 'yes' } }).success).toBe(false);
  });

  it('tells whether an evaluation changed', () => {
    const config = parseGateConfig({ shadow_run: { required: true } });
    const before = evaluateGates(evidence(), config);
    expect(sameGateResults(before, evaluateGates(evidence(), config))).toBe(true);
    expect(sameGateResults(before, [...before].reverse())).toBe(true);
    expect(sameGateResults(before, evaluateGates(evidence({ shadow: shadow() }), config))).toBe(false);
  });

  it('validates policy gate configuration: unknown gates and inverted ranges are refused', () => {
    expect(gateConfigSchema.safeParse({ magic: { required: true } }).success).toBe(false);
    expect(gateConfigSchema.safeParse({ training_metrics: { required: true, thresholds: { auc: { min: 0.9, max: 0.8 } } } }).success).toBe(false);
    expect(gateConfigSchema.safeParse({ training_metrics: { required: true, thresholds: { auc: {} } } }).success).toBe(false);
    expect(gateConfigSchema.safeParse({ shadow_run: { required: true, minAgreement: 1.5 } }).success).toBe(false);
    expect(parseGateConfig({ shadow_run: { required: true } }).shadow_run).toEqual({ required: true, minEvents: 500, alpha: 0.05, requireLabels: false, requireForFirstDeployment: false });
    expect(parseGateConfig({ fairness: { required: true } }).fairness).toEqual({ required: true, disparateImpactMin: 0.8, disparateImpactMax: 1.25, maxEqualizedOddsDifference: 0.1, insignificantViolations: 'warn' });
    expect(gateConfigSchema.safeParse({ fairness: { required: true, maxDisparity: 0.1 } }).success).toBe(false);
  });
});
