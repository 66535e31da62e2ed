// How a deployment marker reads and where it leads (pure, client-safe).

import type { DeploymentMarker } from '@/server/dashboard/dashboard-overlays';
import { utc } from './dashboard-format';

const KIND_LABELS: Record<DeploymentMarker['kind'], string> = { promotion: 'promotion', rollback: 'rollback', emergency_rollback: 'emergency rollback' };

export function approvers(d: DeploymentMarker): string {
  return d.approvedBy.length ? `approved by ${d.approvedBy.join(', ')}` : d.kind === 'emergency_rollback' ? 'no approval (emergency)' : 'no approver recorded';
}

/** "v2 to production (promotion), 2026-11-28 10:00 UTC, approved by a, b; deployed by c". */
export function markerLabel(d: DeploymentMarker): string {
  const from = d.previousVersion !== null ? ` (from v${d.previousVersion})` : '';
  return `v${d.version}${from} to ${d.environment} (${KIND_LABELS[d.kind]}), ${utc(d.at)}, ${approvers(d)}; deployed by ${d.deployedBy}`;
}

/** The promotion request behind a deployment, else the model's deployment timeline. */
export function markerLink(d: DeploymentMarker, model: string): string {
  return d.requestId ? `/promotions/${d.requestId}` : `/models/${encodeURIComponent(model)}/deployments`;
}

export { KIND_LABELS };
