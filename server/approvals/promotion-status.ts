import type { Database } from '@/db/client';
import { deploymentsOfRequests } from './deployment-queries';
import type { EvaluatedGate } from './gates/gate-types';
import type { DeploymentView, OverrideView, PromotionSummary } from './promotion-views';
import { loadRequest, storedGates, summarize } from './request-records';

export interface PromotionStatusView extends PromotionSummary {
  gates: EvaluatedGate[];
  override: OverrideView | null;
  decisions: { reviewer: string; decision: 'approve' | 'reject'; comment: string; at: Date }[];
  deployment: DeploymentView | null;
}

/** A request as a pipeline polls it: the stored gate evaluation (kept fresh by the sweep), decisions, deployment. */
export async function getPromotionStatus(database: Database, id: string): Promise<PromotionStatusView> {
  const record = await loadRequest(database, id);
  const { request, model, decisions } = record;
  const [deployment] = await deploymentsOfRequests(database, model.name, model.id, [request.id]);
  return {
    ...summarize(record),
    gates: storedGates(request),
    override: request.overrideReason ? { reason: request.overrideReason, by: request.overrideBy ?? '', at: request.overriddenAt ?? request.createdAt } : null,
    decisions: decisions.map((d) => ({ reviewer: d.reviewerLabel, decision: d.decision, comment: d.comment, at: d.createdAt })),
    deployment: deployment ?? null,
  };
}
