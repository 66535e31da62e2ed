import type { JudgedGrouping } from '@/server/fairness/judged-disparities';

// A model's health in one word and the reasons in words, from what monitoring already
// judged: open alerts (their own severity), the latest drift report, estimated and
// realized accuracy against the model's target, and the disparities the fairness gate
// judges in the serving version's latest fairness report, against the gate's default
// bounds (the worst grouping of each). Pure.

export type HealthStatus = 'healthy' | 'warning' | 'critical';

export interface HealthReason {
  severity: HealthStatus;
  text: string;
  /** Which part of the model's pages explains it. */
  area: 'alerts' | 'monitoring' | 'fairness' | 'deployments';
}

export interface HealthInput {
  deployedToProduction: boolean;
  openAlerts: { severity: 'warning' | 'critical'; message: string }[];
  drift: { datasetDrift: boolean; driftShare: number } | null;
  estimatedAccuracy: number | null;
  realizedAccuracy: number | null;
  target: { value: number; source: string } | null;
  fairness: { version: number; groupings: JudgedGrouping[] } | null;
  fairnessBounds: { disparateImpactMin: number; disparateImpactMax: number; maxEqualizedOddsDifference: number };
}

const pct = (v: number) => `${(v * 100).toFixed(1)} %`;
const RANK: Record<HealthStatus, number> = { healthy: 0, warning: 1, critical: 2 };

function fairnessReasons(input: HealthInput): HealthReason[] {
  if (!input.fairness) return [];
  const { version, groupings } = input.fairness;
  const bounds = input.fairnessBounds;
  const out: HealthReason[] = [];
  const di = groupings
    .filter((g) => g.disparateImpact.value !== null && g.disparateImpact.value > 0)
    .sort((a, b) => Math.abs(Math.log(b.disparateImpact.value!)) - Math.abs(Math.log(a.disparateImpact.value!)))[0];
  const value = di?.disparateImpact.value ?? null;
  if (di && value !== null && (value < bounds.disparateImpactMin || value > bounds.disparateImpactMax)) {
    out.push({ severity: 'warning', area: 'fairness', text: `Disparate impact ${value.toFixed(2)} for ${di.key}, outside ${bounds.disparateImpactMin}–${bounds.disparateImpactMax}, in v${version}'s latest fairness report` });
  }
  const eo = groupings.filter((g) => g.equalizedOddsDifference.value !== null).sort((a, b) => b.equalizedOddsDifference.value! - a.equalizedOddsDifference.value!)[0];
  const difference = eo?.equalizedOddsDifference.value ?? null;
  if (eo && difference !== null && difference > bounds.maxEqualizedOddsDifference) {
    out.push({ severity: 'warning', area: 'fairness', text: `Equalized odds difference ${difference.toFixed(2)} for ${eo.key}, above ${bounds.maxEqualizedOddsDifference}, in v${version}'s latest fairness report` });
  }
  return out;
}

/** What was checked and found fine, in words (nothing claimed that was not checked). */
function healthyReason(input: HealthInput): HealthReason {
  if (!input.deployedToProduction) return { severity: 'healthy', area: 'deployments', text: 'Not serving production: nothing to watch yet' };
  const checked = ['no open alerts', input.drift ? 'no dataset drift' : 'no drift report yet'];
  if (input.target && (input.estimatedAccuracy !== null || input.realizedAccuracy !== null)) checked.push('accuracy on target');
  const text = checked.join(', ');
  return { severity: 'healthy', area: 'monitoring', text: text[0]!.toUpperCase() + text.slice(1) };
}

export function modelHealth(input: HealthInput): { status: HealthStatus; reasons: HealthReason[] } {
  const reasons: HealthReason[] = input.openAlerts.map((a) => ({ severity: a.severity, area: 'alerts' as const, text: `${a.severity === 'critical' ? 'Critical alert' : 'Alert'}: ${a.message}` }));
  if (input.drift?.datasetDrift) {
    reasons.push({ severity: 'warning', area: 'monitoring', text: `Dataset drift in the latest report: ${pct(input.drift.driftShare)} of features drifted` });
  }
  const target = input.target;
  for (const [name, value] of [['Estimated (CBPE)', input.estimatedAccuracy], ['Realized', input.realizedAccuracy]] as const) {
    if (target && value !== null && value < target.value) reasons.push({ severity: 'warning', area: 'monitoring', text: `${name} accuracy ${pct(value)} below the ${pct(target.value)} target` });
  }
  reasons.push(...fairnessReasons(input));
  reasons.sort((a, b) => RANK[b.severity] - RANK[a.severity]);
  const status = reasons.reduce<HealthStatus>((worst, r) => (RANK[r.severity] > RANK[worst] ? r.severity : worst), 'healthy');
  if (status === 'healthy') reasons.push(healthyReason(input));
  return { status, reasons };
}
