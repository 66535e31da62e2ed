import { describe, expect, it } from 'vitest';
import { evaluateGates } from '@/server/approvals/gates/evaluate-gates';
import { evidence, shadow } from '@/server/approvals/gates/gate-fixtures';
import { parseGateConfig } from '@/server/approvals/gates/gate-config';
import { chipText, displayedGate, gateNumberChips, HIDDEN_GATE_NUMBERS, WORDED_GATE_NUMBERS } from './gate-numbers';

const texts = (gate: Parameters<typeof gateNumberChips>[0], numbers: Parameters<typeof gateNumberChips>[1]) => gateNumberChips(gate, numbers).map(chipText);

describe('gate number chips', () => {
  it('read as words people use, never raw keys', () => {
    expect(texts('shadow_run', { servingVersion: null, mcnemarPValue: 0.00002, agreementRate: 0.953, accuracyDifference: -0.0123, ciLower: -0.02, alpha: 0.05, minEvents: 1500 })).toEqual([
      'serving version: none yet',
      'min events: 1,500',
      'agreement: 95.3\u00a0%',
      'α = 0.05',
      'accuracy difference: −1.23\u00a0pp',
      'CI lower: −2.00\u00a0pp',
      'McNemar p = 0.00002',
    ]);
    expect(texts('shadow_run', { servingVersion: 3, replayedServingVersion: null })).toEqual(['serving version: v3', 'replayed traffic served by: unknown']);
  });

  it('reads a regression difference in the label units, not in points', () => {
    expect(texts('shadow_run', { taskType: 'regression', maeDifference: -2.2, ciUpper: 0.15, wilcoxonPValue: 0.0004 })).toEqual(['task: regression', 'MAE difference: −2.2', 'CI upper: +0.15', 'Wilcoxon p = 0.0004']);
  });

  it('names training metric bounds, and the other gates, in words', () => {
    // As jsonb returns them: shortest keys first.
    expect(texts('training_metrics', { r2: 0.66, mae: 5.06, r2_min: 0.6, mae_max: 6 })).toEqual(['mae: 5.06', 'mae maximum: 6', 'r2: 0.66', 'r2 minimum: 0.6']);
    expect(texts('no_critical_drift_alert', { openCritical: 1, openWarnings: 0, kinds: 'drift_share, feature_drift' })).toEqual(['open critical alerts: 1', 'open warnings: 0', 'alert kinds: drift share, feature drift']);
    expect(texts('onnx_validation', { status: 'in_review', validatedAt: null })).toEqual(['version status: in review', 'validated: not yet']);
    expect(gateNumberChips('onnx_validation', { validatedAt: '2025-01-01T00:00:00.000Z' })[0]).toMatchObject({ instant: true });
    expect(texts('fairness', { reportId: 'x', population: 'shadow', 'sex: disparate impact': 0.91234 })).toEqual(['population: shadow', 'sex: disparate impact: 0.912']);
    expect(texts('shadow_run', { someNewCount: 4 })).toEqual(['some new count: 4']);
  });

  it('covers every key the gates write today (no fallback wording)', () => {
    const config = parseGateConfig({ shadow_run: { required: true } });
    const regression = shadow({ taskType: 'regression', candidateMae: 2, servingMae: 3, maeDifference: -1, wilcoxonPValue: 0.01 });
    const firstDeployment = parseGateConfig({ shadow_run: { required: true, requireForFirstDeployment: true } });
    const gates = [
      ...evaluateGates(evidence({ shadow: shadow() }), config),
      ...evaluateGates(evidence({ shadow: regression }), config),
      ...evaluateGates(evidence({ serving: null }), config),
      ...evaluateGates(evidence({ serving: null }), firstDeployment),
    ];
    const keys = gates.filter((g) => g.gate !== 'training_metrics').flatMap((g) => Object.keys(g.numbers).filter((k) => !k.includes(': ')));
    expect(keys.length).toBeGreaterThan(20);
    expect(keys.filter((k) => !WORDED_GATE_NUMBERS.has(k) && !HIDDEN_GATE_NUMBERS.has(k))).toEqual([]);
  });

  it('shows results stored before not_applicable existed as not applicable, and drops an unrecorded serving version', () => {
    const legacy = { gate: 'shadow_run' as const, status: 'pass' as const, numbers: { applicable: 'no', minEvents: 500 } };
    expect(displayedGate(legacy)).toMatchObject({ status: 'not_applicable', numbers: { applicable: 'no', minEvents: 500 } });
    expect(texts('shadow_run', displayedGate(legacy).numbers)).toEqual(['min events: 500']);
    const oldRun = { gate: 'shadow_run' as const, status: 'pass' as const, numbers: { runId: 'r', servingVersion: null, events: 10 } };
    expect(displayedGate(oldRun).numbers).toEqual({ runId: 'r', events: 10 });
    const current = { gate: 'shadow_run' as const, status: 'pass' as const, numbers: { runId: 'r', servingVersion: 2, replayedServingVersion: 2 } };
    expect(displayedGate(current)).toBe(current);
  });
});
