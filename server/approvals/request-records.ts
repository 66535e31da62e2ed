import { asc, eq, sql } from 'drizzle-orm';
import type { Executor } from '@/db/client';
import { modelVersions, promotionDecisions, promotionRequests, registeredModels } from '@/db/schema';
import { AppError } from '@/server/errors/app-error';
import type { EvaluatedGate } from './gates/gate-types';
import { evaluatePolicy, type DecidingUser, type PolicyEvaluation, type PolicySnapshot, type RequestKind } from './promotion-policy';
import type { PersonRef, PromotionSummary } from './promotion-views';

// Loading a request with what judging it needs, and the summary shape lists return.

export type RequestRow = typeof promotionRequests.$inferSelect;
export type DecisionRow = typeof promotionDecisions.$inferSelect;
export type VersionRow = typeof modelVersions.$inferSelect;
export type ModelRow = typeof registeredModels.$inferSelect;

export interface RequestRecord {
  request: RequestRow;
  model: ModelRow;
  version: VersionRow;
  decisions: DecisionRow[];
}

export const reviewPath = (id: string) => `/promotions/${id}`;

/**
 * One request with its model, version and decisions. With `lock`, the request row is locked
 * (`FOR UPDATE`) first, so decisions on one request are judged one at a time.
 */
export async function loadRequest(executor: Executor, id: string, options: { lock?: boolean } = {}): Promise<RequestRecord> {
  if (options.lock) await executor.execute(sql`select id from promotion_requests where id = ${id} for update`);
  const [row] = await executor
    .select({ request: promotionRequests, model: registeredModels, version: modelVersions })
    .from(promotionRequests)
    .innerJoin(registeredModels, eq(registeredModels.id, promotionRequests.modelId))
    .innerJoin(modelVersions, eq(modelVersions.id, promotionRequests.versionId))
    .where(eq(promotionRequests.id, id));
  if (!row) throw new AppError('not_found', `No promotion request ${id}.`);
  const decisions = await executor.select().from(promotionDecisions).where(eq(promotionDecisions.requestId, id)).orderBy(asc(promotionDecisions.createdAt), asc(promotionDecisions.id));
  return { ...row, decisions };
}

export function policyOf(request: RequestRow): PolicySnapshot {
  return request.policySnapshot;
}

export function storedGates(request: RequestRow): EvaluatedGate[] {
  return request.gateResults;
}

/** The user id of a version's creator, when a user (not CI) registered it. */
export function versionCreatorId(version: VersionRow): string | null {
  return version.createdByType === 'user' ? version.createdById : null;
}

export function judge(record: RequestRecord, gates: readonly EvaluatedGate[], user: DecidingUser | null): PolicyEvaluation {
  const { request, version, decisions } = record;
  return evaluatePolicy(
    {
      policy: policyOf(request),
      kind: request.kind as RequestKind,
      status: request.status,
      requesterId: request.requestedById,
      versionCreatorId: versionCreatorId(version),
      versionLabel: `${record.model.name} v${version.version}`,
      decisions: decisions.map((d) => ({ reviewerId: d.reviewerId, decision: d.decision })),
      gates,
      overridden: request.overrideReason !== null,
    },
    user,
  );
}

export function requesterRef(request: RequestRow, name: string | null = null): PersonRef {
  const kind = request.requestedById ? 'user' : request.requestedByLabel.startsWith('token:') ? 'token' : 'system';
  return { id: request.requestedById, label: request.requestedByLabel, name, kind };
}

export function summarize(record: RequestRecord, gates: readonly EvaluatedGate[] = storedGates(record.request), requesterName: string | null = null): PromotionSummary {
  const { request, model, version } = record;
  const verdict = judge(record, gates, null);
  return {
    id: request.id,
    model: model.name,
    version: version.version,
    environment: request.environment,
    kind: request.kind as RequestKind,
    status: request.status,
    justification: request.justification,
    requestedBy: requesterRef(request, requesterName),
    createdAt: request.createdAt,
    expiresAt: request.expiresAt,
    closedAt: request.closedAt,
    closedReason: request.closedReason,
    tally: { approvals: verdict.approvals, rejections: verdict.rejections, required: verdict.requiredApprovals, missing: verdict.missingApprovals },
    blockingGates: verdict.blockingGates,
    overridden: request.overrideReason !== null,
    url: reviewPath(request.id),
  };
}
