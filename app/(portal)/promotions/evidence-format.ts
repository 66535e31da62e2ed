import { formatPercent, UNIT_SPACE } from '@/app/_components/format';
import type { GateConfig } from '@/server/approvals/gates/gate-config';
import { GATE_LABELS } from '@/server/approvals/gates/gate-types';

// Formatting of gate numbers, metrics and durations for the approvals pages. Pure.

/** `agreementRate` → `agreement rate`, `auc_min` → `auc min`. */
export function humanize(key: string): string {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replaceAll('_', ' ')
    .toLowerCase();
}

export function formatMetric(value: number | null): string {
  if (value === null) return '—';
  return Number.isInteger(value) ? String(value) : value.toFixed(4);
}

export function formatDelta(value: number | null): string {
  if (value === null) return '—';
  const text = Math.abs(value) < 0.0001 && value !== 0 ? value.toExponential(2) : value.toFixed(4);
  return value > 0 ? `+${text}` : text;
}

export const pct = (v: number | null | undefined, digits = 1) => formatPercent(v, digits);
export const pp = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${v >= 0 ? '+' : ''}${(v * 100).toFixed(2)}${UNIT_SPACE}pp`);

/** "3 d 4 h", "5 h 12 min", "8 min" between two instants. */
export function formatDuration(from: Date, to: Date): string {
  const minutes = Math.max(0, Math.round((to.getTime() - from.getTime()) / 60_000));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  if (days > 0) return `${days} d${hours ? ` ${hours} h` : ''}`;
  if (hours > 0) return `${hours} h${rest ? ` ${rest} min` : ''}`;
  return rest === 0 ? '< 1 min' : `${rest} min`;
}

/** One line per configured gate: required or not, and its thresholds. */
export function gateRequirements(gates: GateConfig): { gate: string; label: string; required: boolean; detail: string }[] {
  const out: { gate: string; label: string; required: boolean; detail: string }[] = [];
  if (gates.onnx_validation) out.push({ gate: 'onnx_validation', label: GATE_LABELS.onnx_validation, required: gates.onnx_validation.required, detail: 'version validated' });
  if (gates.training_metrics) {
    const t = Object.entries(gates.training_metrics.thresholds)
      .map(([name, b]) => [b.min !== undefined ? `${name} ≥ ${b.min}` : null, b.max !== undefined ? `${name} ≤ ${b.max}` : null].filter(Boolean).join(', '))
      .join('; ');
    out.push({ gate: 'training_metrics', label: GATE_LABELS.training_metrics, required: gates.training_metrics.required, detail: t || 'no thresholds' });
  }
  if (gates.shadow_run) {
    const s = gates.shadow_run;
    const first = s.requireForFirstDeployment ? ', also on a first deployment' : ', not applicable to a first deployment';
    out.push({ gate: 'shadow_run', label: GATE_LABELS.shadow_run, required: s.required, detail: `≥ ${s.minEvents} events, agreement ≥ ${s.minAgreement === undefined ? 'the task type’s default (90 % binary, 80 % multiclass)' : `${(s.minAgreement * 100).toFixed(0)} %`}, α ${s.alpha}${s.requireLabels ? ', labels required' : ''}${first}` });
  }
  if (gates.no_critical_drift_alert) out.push({ gate: 'no_critical_drift_alert', label: GATE_LABELS.no_critical_drift_alert, required: gates.no_critical_drift_alert.required, detail: gates.no_critical_drift_alert.kinds.join(', ') });
  if (gates.fairness) out.push({ gate: 'fairness', label: GATE_LABELS.fairness, required: gates.fairness.required, detail: 'slot for the fairness report' });
  return out;
}
