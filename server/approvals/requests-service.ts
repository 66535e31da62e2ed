import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Database, Tx } from '@/db/client';
import { deployments, modelVersions, promotionRequests } from '@/db/schema';
import { recordAudit } from '@/server/audit/record-audit';
import type { Actor } from '@/server/auth/actor';
import { AppError } from '@/server/errors/app-error';
import { requireModel } from '@/server/registry/models-service';
import type { cancelSchema, createPromotionSchema, overrideSchema } from './approval-schemas';
import { requireEnvironment } from './environments';
import { loadEvidence, servingVersion } from './evidence-loader';
import { blockingGates, evaluateGates } from './gates/evaluate-gates';
import type { EvaluatedGate } from './gates/gate-types';
import { activeReviewers, absoluteUrl, escapeMrkdwn, notify, settleReviewRequests } from './notices';
import { resolvePolicy } from './policies-service';
import { cancelVerdict, overrideVerdict, requiredApprovals, type DecidingUser, type PolicySnapshot, type RequestKind, type Verdict } from './promotion-policy';
import type { PromotionSummary } from './promotion-views';
import { loadRequest, reviewPath, summarize, versionCreatorId, type ModelRow, type RequestRecord, type VersionRow } from './request-records';

/** Statuses a version reaches only after passing ONNX validation. */
const PROMOTABLE = new Set(['validated', 'in_review', 'approved', 'deployed']);

export function decidingUser(actor: Actor): DecidingUser | null {
  return actor.type === 'user' ? { id: actor.id, roles: actor.roles } : null;
}

export function refuse(verdict: Verdict): void {
  if (!verdict.allowed) throw new AppError(verdict.code ?? 'forbidden', verdict.reason ?? 'Refused.');
}

export const gateAudit = (gates: readonly EvaluatedGate[]) => gates.map((g) => ({ gate: g.gate, status: g.status, required: g.required, summary: g.summary, numbers: g.numbers }));

/** The version to promote, refused with 422 unless ONNX validation passed. */
async function promotableVersion(tx: Tx, model: ModelRow, number: number): Promise<VersionRow> {
  const [version] = await tx.select().from(modelVersions).where(and(eq(modelVersions.modelId, model.id), eq(modelVersions.version, number)));
  if (!version) throw new AppError('not_found', `Model '${model.name}' has no version ${number}.`);
  if (version.status === 'invalid') {
    throw new AppError('unprocessable', `${model.name} v${number} is invalid${version.statusReason ? ` (${version.statusReason})` : ''}: an invalid version cannot be promoted.`);
  }
  if (!PROMOTABLE.has(version.status)) {
    throw new AppError('unprocessable', `${model.name} v${number} is ${version.status}: only validated versions can be promoted (wait for ONNX validation).`);
  }
  return version;
}

/** `rollback` when the version served this environment before. */
async function kindOf(tx: Tx, modelId: string, environment: string, versionId: string): Promise<RequestKind> {
  const [earlier] = await tx
    .select({ id: deployments.id })
    .from(deployments)
    .where(and(eq(deployments.modelId, modelId), eq(deployments.environment, environment), eq(deployments.versionId, versionId)))
    .limit(1);
  return earlier ? 'rollback' : 'promotion';
}

export interface Candidate {
  model: ModelRow;
  version: VersionRow;
  environment: string;
  kind: RequestKind;
  policy: PolicySnapshot;
  gates: EvaluatedGate[];
  serving: Awaited<ReturnType<typeof servingVersion>>;
}

/** Everything a new request for `version` would be made of; refuses what cannot be requested. */
export async function assessCandidate(tx: Tx, input: { model: string; version: number; environment: string }): Promise<Candidate> {
  const environment = requireEnvironment(input.environment);
  const model = await requireModel(tx, input.model);
  const version = await promotableVersion(tx, model, input.version);
  const serving = await servingVersion(tx, model.id, environment);
  if (serving?.version.id === version.id) throw new AppError('conflict', `${model.name} v${version.version} already serves ${environment}.`);
  const kind = await kindOf(tx, model.id, environment, version.id);
  const policy = await resolvePolicy(tx, environment, model.id);
  const evidence = await loadEvidence(tx, { model: { id: model.id, name: model.name, taskType: model.taskType }, environment, kind, candidate: version });
  return { model, version, environment, kind, policy, gates: evaluateGates(evidence, policy.gates), serving };
}

/**
 * A maintainer (or a CD pipeline's token) asks to promote a validated version. The policy in
 * force is snapshotted, the gates evaluated, older pending requests for the same model and
 * environment superseded, and every reviewer who may decide notified — in one transaction.
 */
export async function createPromotionRequest(database: Database, actor: Actor, input: z.output<typeof createPromotionSchema>) {
  return database.transaction(async (tx) => {
    const model = await requireModel(tx, input.model);
    // One request at a time per model: superseding and the one-pending index never race.
    await tx.execute(sql`select id from registered_models where id = ${model.id} for no key update`);
    const candidate = await assessCandidate(tx, input);
    const { version, environment, kind, policy, gates } = candidate;
    const id = randomUUID();
    const now = new Date();
    const superseded = await tx
      .update(promotionRequests)
      .set({ status: 'superseded', closedAt: now, closedReason: `Superseded by a newer request for v${version.version} (${id}).` })
      .where(and(eq(promotionRequests.modelId, model.id), eq(promotionRequests.environment, environment), eq(promotionRequests.status, 'pending')))
      .returning({ id: promotionRequests.id, versionId: promotionRequests.versionId });
    await settleReviewRequests(tx, superseded.map((old) => old.id));
    for (const old of superseded) {
      await recordAudit(tx, actor, {
        action: 'promotion.superseded',
        target: { type: 'promotion_request', id: old.id, label: `${model.name} → ${environment}` },
        before: { status: 'pending' },
        after: { status: 'superseded' },
        details: { supersededBy: id },
      });
    }
    const [request] = await tx
      .insert(promotionRequests)
      .values({
        id,
        modelId: model.id,
        versionId: version.id,
        environment,
        kind,
        status: 'pending',
        justification: input.justification,
        requestedById: actor.type === 'user' ? actor.id : null,
        requestedByLabel: actor.label,
        policySnapshot: policy,
        gateResults: gates,
        gatesEvaluatedAt: now,
        createdAt: now,
        expiresAt: new Date(now.getTime() + policy.expiresAfterHours * 3_600_000),
      })
      .returning();
    const requesterId = actor.type === 'user' ? actor.id : null;
    const reviewers = await activeReviewers(tx, [requesterId, versionCreatorId(version)]);
    const label = `${model.name} v${version.version}`;
    const url = absoluteUrl(reviewPath(id));
    const needed = requiredApprovals(policy, kind);
    const blocking = blockingGates(gates);
    const notice = await notify(tx, {
      event: 'promotion.requested',
      recipients: reviewers.map((r) => r.id),
      inbox: {
        kind: 'promotion.requested',
        title: `Review ${kind === 'rollback' ? 'rollback' : 'promotion'} of ${label} to ${environment}`,
        body: `${actor.label}: ${input.justification}`,
        link: reviewPath(id),
      },
      outbound: {
        at: now,
        data: {
          request: { id, kind, status: 'pending', justification: input.justification, requestedBy: actor.label, createdAt: now.toISOString(), expiresAt: request!.expiresAt.toISOString() },
          model: { id: model.id, name: model.name },
          version: { id: version.id, number: version.version, artifactSha256: version.artifactSha256 },
          environment,
          requiredApprovals: needed,
          blockingGates: blocking,
          url,
        },
        text: `:inbox_tray: ${escapeMrkdwn(actor.label)} requests ${kind === 'rollback' ? 'a rollback of' : 'promotion of'} *${escapeMrkdwn(label)}* to *${escapeMrkdwn(environment)}* (${needed} approval${needed === 1 ? '' : 's'} needed${blocking.length ? `; blocking gates: ${blocking.join(', ')}` : ''}) · <${url}|Review>`,
      },
    });
    await recordAudit(tx, actor, {
      action: 'promotion.requested',
      target: { type: 'promotion_request', id, label: `${label} → ${environment}` },
      after: { model: model.name, version: version.version, environment, kind, status: 'pending', justification: input.justification, expiresAt: request!.expiresAt.toISOString() },
      details: { policy, supersededIds: superseded.map((s) => s.id), servingVersion: candidate.serving?.version.version ?? null, notified: notice },
    });
    await recordAudit(tx, actor, {
      action: 'promotion.gates_evaluated',
      target: { type: 'promotion_request', id, label: `${label} → ${environment}` },
      after: { gates: gateAudit(gates), blockingGates: blocking },
      details: { trigger: 'request' },
    });
    const record: RequestRecord = { request: request!, model, version, decisions: [] };
    return { request: summarize(record), supersededIds: superseded.map((s) => s.id) } satisfies { request: PromotionSummary; supersededIds: string[] };
  });
}

/** The requester withdraws a pending request. */
export async function cancelPromotionRequest(database: Database, actor: Actor, input: z.output<typeof cancelSchema>): Promise<PromotionSummary> {
  return database.transaction(async (tx) => {
    const record = await loadRequest(tx, input.id, { lock: true });
    const { request, model, version } = record;
    refuse(cancelVerdict({ status: request.status, requesterId: request.requestedById, overridden: request.overrideReason !== null, blockingGates: [] }, decidingUser(actor)));
    const closedReason = input.reason ? `Cancelled by ${actor.label}: ${input.reason}` : `Cancelled by ${actor.label}.`;
    const [updated] = await tx.update(promotionRequests).set({ status: 'cancelled', closedAt: new Date(), closedReason }).where(eq(promotionRequests.id, request.id)).returning();
    await settleReviewRequests(tx, [request.id]);
    const url = absoluteUrl(reviewPath(request.id));
    const notice = await notify(tx, {
      event: 'promotion.cancelled',
      recipients: [],
      outbound: {
        data: {
          request: { id: request.id, kind: request.kind, status: 'cancelled', requestedBy: request.requestedByLabel, reason: input.reason || null },
          model: { id: model.id, name: model.name },
          version: { id: version.id, number: version.version, artifactSha256: version.artifactSha256 },
          environment: request.environment,
          url,
        },
        text: `:wastebasket: ${escapeMrkdwn(actor.label)} cancelled the request for *${escapeMrkdwn(model.name)}* v${version.version} → *${escapeMrkdwn(request.environment)}* · <${url}|Request>`,
      },
    });
    await recordAudit(tx, actor, {
      action: 'promotion.cancelled',
      target: { type: 'promotion_request', id: request.id, label: `${model.name} v${version.version} → ${request.environment}` },
      before: { status: 'pending' },
      after: { status: 'cancelled', reason: input.reason || null },
      details: { notified: notice },
    });
    return summarize({ ...record, request: updated! });
  });
}

/** An admin lets approvals proceed despite failing required gates; the reason stays on the request. */
export async function overridePromotionGates(database: Database, actor: Actor, input: z.output<typeof overrideSchema>): Promise<PromotionSummary> {
  const reason = input.reason.trim();
  if (!reason) throw new AppError('bad_request', 'An override needs a written reason.');
  return database.transaction(async (tx) => {
    const record = await loadRequest(tx, input.id, { lock: true });
    const { request, model, version } = record;
    const evidence = await loadEvidence(tx, { model: { id: model.id, name: model.name, taskType: model.taskType }, environment: request.environment, kind: request.kind, candidate: version });
    const gates = evaluateGates(evidence, (request.policySnapshot).gates);
    const blocking = blockingGates(gates);
    refuse(overrideVerdict({ status: request.status, requesterId: request.requestedById, overridden: request.overrideReason !== null, blockingGates: blocking }, decidingUser(actor)));
    const now = new Date();
    const [updated] = await tx
      .update(promotionRequests)
      .set({ overrideReason: reason, overrideBy: actor.label, overriddenAt: now, gateResults: gates, gatesEvaluatedAt: now })
      .where(eq(promotionRequests.id, request.id))
      .returning();
    await recordAudit(tx, actor, {
      action: 'promotion.overridden',
      target: { type: 'promotion_request', id: request.id, label: `${model.name} v${version.version} → ${request.environment}` },
      before: { overridden: false },
      after: { overridden: true, reason },
      details: { blockingGates: blocking, gates: gateAudit(gates) },
    });
    return summarize({ ...record, request: updated! }, gates);
  });
}
