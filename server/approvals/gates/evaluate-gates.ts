import { driftAlertGate } from './drift-alert-gate';
import { fairnessGate } from './fairness-gate';
import {
  driftAlertConfigSchema,
  fairnessConfigSchema,
  onnxValidationConfigSchema,
  shadowRunConfigSchema,
  trainingMetricsConfigSchema,
  type GateConfig,
} from './gate-config';
import { GATE_LABELS, GATE_NAMES, statusBlocks, type EvaluatedGate, type Evidence, type GateName, type GateResult } from './gate-types';
import { onnxValidationGate } from './onnx-validation-gate';
import { shadowRunGate } from './shadow-run-gate';
import { trainingMetricsGate } from './training-metrics-gate';

function run(gate: GateName, evidence: Evidence, config: GateConfig): GateResult {
  switch (gate) {
    case 'onnx_validation':
      return onnxValidationGate(evidence, config.onnx_validation ?? onnxValidationConfigSchema.parse({}));
    case 'training_metrics':
      return trainingMetricsGate(evidence, config.training_metrics ?? trainingMetricsConfigSchema.parse({}));
    case 'shadow_run':
      return shadowRunGate(evidence, config.shadow_run ?? shadowRunConfigSchema.parse({}));
    case 'no_critical_drift_alert':
      return driftAlertGate(evidence, config.no_critical_drift_alert ?? driftAlertConfigSchema.parse({}));
    case 'fairness':
      return fairnessGate(evidence, config.fairness ?? fairnessConfigSchema.parse({}));
  }
}

/**
 * Runs every gate (a gate the policy does not require is still shown, without blocking)
 * in a fixed order. A required gate that fails or misses evidence blocks approval; one that
 * does not apply (nothing to compare against) does not.
 */
export function evaluateGates(evidence: Evidence, config: GateConfig): EvaluatedGate[] {
  return GATE_NAMES.map((gate) => {
    const result = run(gate, evidence, config);
    const required = config[gate]?.required ?? false;
    return { ...result, label: GATE_LABELS[gate], required, blocking: required && statusBlocks(result.status) };
  });
}

/** The names of the gates that block approval. */
export function blockingGates(gates: readonly Pick<EvaluatedGate, 'gate' | 'blocking'>[]): GateName[] {
  return gates.filter((g) => g.blocking).map((g) => g.gate);
}

/** Whether two evaluations say the same thing (statuses, numbers and summaries), ignoring order. */
export function sameGateResults(a: readonly EvaluatedGate[], b: readonly EvaluatedGate[]): boolean {
  const key = (gates: readonly EvaluatedGate[]) =>
    JSON.stringify(
      [...gates]
        .sort((x, y) => x.gate.localeCompare(y.gate))
        .map((g) => [g.gate, g.status, g.required, g.summary, Object.entries(g.numbers).sort(([k1], [k2]) => k1.localeCompare(k2))]),
    );
  return key(a) === key(b);
}
