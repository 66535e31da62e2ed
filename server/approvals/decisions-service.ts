import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { Database, Tx } from '@/db/client';
import { promotionDecisions, promotionRequests } from '@/db/schema';
import { recordAudit } from '@/server/audit/record-audit';
import type { Actor } from '@/server/auth/actor';
import { AppError } from '@/server/errors/app-error';
import type { approveSchema, rejectSchema } from './approval-schemas';
import { deployVersion } from './deployments-service';
import { toDeploymentView } from './deployment-queries';
import { loadEvidence } from './evidence-loader';
import { evaluateGates, sameGateResults } from './gates/evaluate-gates';
import type { EvaluatedGate } from './gates/gate-types';
import { absoluteUrl, escapeMrkdwn, notify, settleReviewRequests } from './notices';
import type { DecisionView, DeploymentView, PromotionSummary } from './promotion-views';
import { judge, loadRequest, policyOf, reviewPath, summarize, type RequestRecord } from './request-records';
import { decidingUser, gateAudit, refuse } from './requests-service';

export interface DecisionOutcome {
  request: PromotionSummary;
  decision: DecisionView;
  /** The deployment this decision caused (quorum reached); null otherwise. */
  deployment: DeploymentView | null;
}

/** Re-evaluates the gates at decision time; stores and audits them when they changed. */
async function currentGates(tx: Tx, actor: Actor, record: RequestRecord): Promise<EvaluatedGate[]> {
  const { request, model, version } = record;
  const evidence = await loadEvidence(tx, { model: { id: model.id, name: model.name, taskType: model.taskType }, environment: request.environment, kind: request.kind, candidate: version });
  const gates = evaluateGates(evidence, policyOf(request).gates);
  if (!sameGateResults(gates, request.gateResults)) {
    await tx.update(promotionRequests).set({ gateResults: gates, gatesEvaluatedAt: new Date() }).where(eq(promotionRequests.id, request.id));
    await recordAudit(tx, actor, {
      action: 'promotion.gates_evaluated',
      target: { type: 'promotion_request', id: request.id, label: `${model.name} v${version.version} → ${request.environment}` },
      after: { gates: gateAudit(gates) },
      details: { trigger: 'decision' },
    });
  }
  return gates;
}

/**
 * Records one reviewer's decision. The request row is locked first, so concurrent decisions
 * on a request are judged one after the other against everything committed before them:
 * the approval that completes the quorum sees all earlier ones and is the only one that
 * deploys. Any refusal throws before anything is written, so the transaction leaves no trace.
 */
async function decide(database: Database, actor: Actor, id: string, decision: 'approve' | 'reject', comment: string): Promise<DecisionOutcome> {
  return database.transaction(async (tx) => {
    const record = await loadRequest(tx, id, { lock: true });
    const user = decidingUser(actor);
    // Judge who may decide before touching anything.
    refuse(judge(record, record.request.gateResults, user).canDecide);
    const gates = await currentGates(tx, actor, record);
    const verdict = judge(record, gates, user);
    refuse(decision === 'approve' ? verdict.canApprove : verdict.canReject);
    if (actor.type !== 'user') throw new AppError('forbidden', 'Only signed-in reviewers decide.');

    const { request, model, version } = record;
    const label = `${model.name} v${version.version} → ${request.environment}`;
    const [row] = await tx
      .insert(promotionDecisions)
      .values({ requestId: request.id, reviewerId: actor.id, reviewerLabel: actor.label, decision, comment, evidence: gates })
      .returning();
    await recordAudit(tx, actor, {
      action: decision === 'approve' ? 'promotion.approval_recorded' : 'promotion.rejection_recorded',
      target: { type: 'promotion_request', id: request.id, label },
      after: { decision, comment },
      details: { decisionId: row!.id, gates: gateAudit(gates), overridden: request.overrideReason !== null },
    });

    const decided: RequestRecord = { ...record, decisions: [...record.decisions, row!] };
    const after = judge(decided, gates, null);
    let closed = request;
    let deployment: DeploymentView | null = null;
    const requesterIds = request.requestedById ? [request.requestedById] : [];
    const url = absoluteUrl(reviewPath(request.id));
    const messageData = {
      request: { id: request.id, kind: request.kind, justification: request.justification, requestedBy: request.requestedByLabel },
      model: { id: model.id, name: model.name },
      version: { id: version.id, number: version.version, artifactSha256: version.artifactSha256 },
      environment: request.environment,
      url,
    };
    if (after.rejected) {
      const closedReason = `Rejected by ${actor.label}: ${comment}`;
      [closed] = (await tx.update(promotionRequests).set({ status: 'rejected', closedAt: new Date(), closedReason }).where(eq(promotionRequests.id, request.id)).returning()) as [typeof request];
      const notice = await notify(tx, {
        event: 'promotion.rejected',
        recipients: requesterIds,
        inbox: { kind: 'promotion.rejected', title: `${model.name} v${version.version} → ${request.environment} was rejected`, body: `${actor.label}: ${comment}`, link: reviewPath(request.id) },
        outbound: {
          data: { ...messageData, request: { ...messageData.request, status: 'rejected' }, rejectedBy: actor.label, comment },
          text: `:no_entry: *${escapeMrkdwn(model.name)}* v${version.version} → *${escapeMrkdwn(request.environment)}* rejected by ${escapeMrkdwn(actor.label)}: ${escapeMrkdwn(comment)} · <${url}|Review>`,
        },
      });
      await recordAudit(tx, actor, { action: 'promotion.rejected', target: { type: 'promotion_request', id: request.id, label }, before: { status: 'pending' }, after: { status: 'rejected' }, details: { notified: notice } });
      await settleReviewRequests(tx, [request.id]);
    } else if (after.quorumReached) {
      const approvedBy = decided.decisions.filter((d) => d.decision === 'approve').map((d) => d.reviewerLabel);
      [closed] = (await tx
        .update(promotionRequests)
        .set({ status: 'approved', closedAt: new Date(), closedReason: `Approved by ${approvedBy.join(', ')}.` })
        .where(eq(promotionRequests.id, request.id))
        .returning()) as [typeof request];
      await settleReviewRequests(tx, [request.id]);
      const notice = await notify(tx, {
        event: 'promotion.approved',
        recipients: requesterIds,
        inbox: { kind: 'promotion.approved', title: `${model.name} v${version.version} → ${request.environment} was approved`, body: `Approved by ${approvedBy.join(', ')}.`, link: reviewPath(request.id) },
        outbound: {
          data: { ...messageData, request: { ...messageData.request, status: 'approved' }, approvedBy, overridden: request.overrideReason !== null },
          text: `:white_check_mark: *${escapeMrkdwn(model.name)}* v${version.version} → *${escapeMrkdwn(request.environment)}* approved by ${escapeMrkdwn(approvedBy.join(', '))} · <${url}|Review>`,
        },
      });
      await recordAudit(tx, actor, {
        action: 'promotion.approved',
        target: { type: 'promotion_request', id: request.id, label },
        before: { status: 'pending' },
        after: { status: 'approved', approvedBy },
        details: { requiredApprovals: after.requiredApprovals, overridden: request.overrideReason !== null, notified: notice },
      });
      const deployed = await deployVersion(tx, actor, {
        model: { id: model.id, name: model.name },
        environment: request.environment,
        version: { id: version.id, version: version.version, artifactSha256: version.artifactSha256 },
        kind: request.kind === 'rollback' ? 'rollback' : 'promotion',
        requestId: request.id,
        reason: null,
        approvedBy,
        requestedBy: request.requestedByLabel,
        notifyUserIds: [],
      });
      deployment = toDeploymentView(deployed.deployment, { model: model.name, version: version.version, artifactSha256: version.artifactSha256, previousVersion: deployed.previousVersion, requestedBy: request.requestedByLabel });
    }
    return {
      request: summarize({ ...decided, request: closed }, gates),
      decision: {
        id: row!.id,
        reviewer: { id: actor.id, label: actor.label, name: null, kind: 'user' },
        decision,
        comment,
        createdAt: row!.createdAt,
        evidence: gates,
      },
      deployment,
    };
  });
}

export async function approvePromotion(database: Database, actor: Actor, input: z.output<typeof approveSchema>): Promise<DecisionOutcome> {
  return decide(database, actor, input.id, 'approve', input.comment);
}

export async function rejectPromotion(database: Database, actor: Actor, input: z.output<typeof rejectSchema>): Promise<DecisionOutcome> {
  const comment = input.comment.trim();
  if (!comment) throw new AppError('bad_request', 'A rejection needs a comment.');
  return decide(database, actor, input.id, 'reject', comment);
}
