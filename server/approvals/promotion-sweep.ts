import { and, asc, eq, lte } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { promotionRequests } from '@/db/schema';
import { recordAudit } from '@/server/audit/record-audit';
import { systemActor, type Actor } from '@/server/auth/actor';
import type { JobPayload } from '@/server/jobs/job-catalog';
import { blockingGates, evaluateGates, sameGateResults } from './gates/evaluate-gates';
import { loadEvidence } from './evidence-loader';
import { absoluteUrl, escapeMrkdwn, notify, settleReviewRequests } from './notices';
import { loadRequest, policyOf, reviewPath, storedGates } from './request-records';
import { gateAudit } from './requests-service';

export interface SweepResult {
  expired: string[];
  reevaluated: number;
  /** Requests whose gate results changed (and were audited). */
  changed: string[];
}

/** Expires one request if it is still pending and past its expiry. */
async function expireRequest(database: Database, actor: Actor, id: string, now: Date): Promise<boolean> {
  return database.transaction(async (tx) => {
    const { request, model, version } = await loadRequest(tx, id, { lock: true });
    if (request.status !== 'pending' || request.expiresAt > now) return false;
    const hours = policyOf(request).expiresAfterHours;
    await tx
      .update(promotionRequests)
      .set({ status: 'expired', closedAt: now, closedReason: `Expired: no decision within ${hours} hours.` })
      .where(eq(promotionRequests.id, id));
    await settleReviewRequests(tx, [id]);
    const label = `${model.name} v${version.version} → ${request.environment}`;
    const notice = await notify(tx, {
      event: 'promotion.expired',
      recipients: request.requestedById ? [request.requestedById] : [],
      inbox: { kind: 'promotion.expired', title: `${label} expired`, body: `No decision within ${hours} hours; request it again if it is still wanted.`, link: reviewPath(id) },
      outbound: {
        at: now,
        data: {
          request: { id, kind: request.kind, status: 'expired', requestedBy: request.requestedByLabel, expiresAt: request.expiresAt.toISOString() },
          model: { id: model.id, name: model.name },
          version: { id: version.id, number: version.version, artifactSha256: version.artifactSha256 },
          environment: request.environment,
          url: absoluteUrl(reviewPath(id)),
        },
        text: `:hourglass: The request for *${escapeMrkdwn(model.name)}* v${version.version} → *${escapeMrkdwn(request.environment)}* expired without a decision (${hours} h) · <${absoluteUrl(reviewPath(id))}|Request>`,
      },
    });
    await recordAudit(tx, actor, {
      action: 'promotion.expired',
      target: { type: 'promotion_request', id, label },
      before: { status: 'pending' },
      after: { status: 'expired' },
      details: { expiresAt: request.expiresAt.toISOString(), expiresAfterHours: hours, notified: notice },
    });
    return true;
  });
}

/** Re-evaluates a pending request's gates; stores and audits them only when they changed. */
async function reevaluateRequest(database: Database, actor: Actor, id: string): Promise<boolean> {
  return database.transaction(async (tx) => {
    const { request, model, version } = await loadRequest(tx, id, { lock: true });
    if (request.status !== 'pending') return false;
    const evidence = await loadEvidence(tx, { model: { id: model.id, name: model.name, taskType: model.taskType }, environment: request.environment, kind: request.kind, candidate: version });
    const gates = evaluateGates(evidence, policyOf(request).gates);
    const before = storedGates(request);
    if (sameGateResults(gates, before)) return false;
    await tx.update(promotionRequests).set({ gateResults: gates, gatesEvaluatedAt: new Date() }).where(eq(promotionRequests.id, id));
    const changed = gates.filter((g) => before.find((b) => b.gate === g.gate)?.status !== g.status).map((g) => g.gate);
    await recordAudit(tx, actor, {
      action: 'promotion.gates_evaluated',
      target: { type: 'promotion_request', id, label: `${model.name} v${version.version} → ${request.environment}` },
      before: { gates: gateAudit(before), blockingGates: blockingGates(before) },
      after: { gates: gateAudit(gates), blockingGates: blockingGates(gates) },
      details: { trigger: 'sweep', statusChanged: changed },
    });
    return true;
  });
}

/**
 * The `promotionSweep` job (every minute): expires pending requests past their expiry, then
 * re-evaluates the gates of the rest as evidence arrives (validation, shadow runs, alerts).
 * Each request is handled in its own transaction under its row lock, so a retried or
 * overlapping sweep changes nothing twice.
 */
export async function runPromotionSweep(database: Database, now: Date = new Date()): Promise<SweepResult> {
  const actor = systemActor('promotion sweep');
  const due = await database
    .select({ id: promotionRequests.id })
    .from(promotionRequests)
    .where(and(eq(promotionRequests.status, 'pending'), lte(promotionRequests.expiresAt, now)))
    .orderBy(asc(promotionRequests.expiresAt));
  const expired: string[] = [];
  for (const { id } of due) if (await expireRequest(database, actor, id, now)) expired.push(id);
  const pending = await database.select({ id: promotionRequests.id }).from(promotionRequests).where(eq(promotionRequests.status, 'pending')).orderBy(asc(promotionRequests.createdAt));
  const changed: string[] = [];
  for (const { id } of pending) if (await reevaluateRequest(database, actor, id)) changed.push(id);
  return { expired, reevaluated: pending.length, changed };
}

export async function promotionSweepTask(database: Database, payload: JobPayload<'promotionSweep'>): Promise<void> {
  void payload;
  const result = await runPromotionSweep(database);
  if (result.expired.length || result.changed.length) {
    console.log(`[worker] promotion sweep: ${result.expired.length} expired, ${result.changed.length} of ${result.reevaluated} re-evaluated with changed gates`);
  }
}
