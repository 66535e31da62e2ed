import { and, asc, count, desc, eq, gt, inArray, ne, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { Database } from '@/db/client';
import { deployments, driftReports, modelVersions, promotionDecisions, promotionRequests, registeredModels, shadowRuns, users } from '@/db/schema';
import type { Actor } from '@/server/auth/actor';
import { currentCard } from '@/server/registry/models-service';
import type { previewSchema, promotionListSchema } from './approval-schemas';
import { timelinePath } from './deployments-service';
import { deploymentsOfRequests } from './deployment-queries';
import { loadEvidence, servingVersion } from './evidence-loader';
import { blockingGates, evaluateGates } from './gates/evaluate-gates';
import { evidenceLinks, type EvaluatedGate } from './gates/gate-types';
import { diffAgainstServing } from './metric-diff';
import { cancelVerdict, FIXED_RULES, overrideVerdict, requiredApprovals } from './promotion-policy';
import type { PersonRef, PromotionReview, PromotionSummary, VersionView } from './promotion-views';
import { judge, loadRequest, policyOf, storedGates, summarize, type RequestRecord, type VersionRow } from './request-records';
import { assessCandidate, decidingUser } from './requests-service';

async function namesOf(database: Database, ids: (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  if (wanted.length === 0) return new Map();
  const rows = await database.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, wanted));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/**
 * One page of requests, newest first, with how many match in all. `awaitingMe` keeps the
 * pending ones the current user may decide, `awaitingMeFirst` puts them before the other
 * pending ones: that judgement (policy, gates, who decided) is made in code, over every
 * pending request — few by nature, since a new request for a model and environment
 * supersedes the pending one — and paged after it.
 */
export async function listPromotions(database: Database, actor: Actor, filter: z.output<typeof promotionListSchema>): Promise<{ items: PromotionSummary[]; total: number }> {
  const conditions: SQL[] = [];
  if (filter.status === 'closed') conditions.push(ne(promotionRequests.status, 'pending'));
  else if (filter.status !== 'all') conditions.push(eq(promotionRequests.status, filter.status));
  if (filter.awaitingMe) conditions.push(eq(promotionRequests.status, 'pending'));
  if (filter.model) conditions.push(eq(registeredModels.name, filter.model));
  if (filter.environment) conditions.push(eq(promotionRequests.environment, filter.environment));
  const where = and(...conditions);
  const query = database
    .select({ request: promotionRequests, model: registeredModels, version: modelVersions })
    .from(promotionRequests)
    .innerJoin(registeredModels, eq(registeredModels.id, promotionRequests.modelId))
    .innerJoin(modelVersions, eq(modelVersions.id, promotionRequests.versionId))
    .where(where)
    .orderBy(desc(promotionRequests.createdAt), desc(promotionRequests.id))
    .$dynamic();
  const user = decidingUser(actor);
  let records: RequestRecord[];
  let total: number;
  if (filter.awaitingMe || filter.awaitingMeFirst) {
    const all = await withDecisions(database, await query);
    const decidable = all.map((rec) => judge(rec, storedGates(rec.request), user).canDecide.allowed);
    const mine = all.filter((_, i) => decidable[i]);
    const ordered = filter.awaitingMe ? mine : [...mine, ...all.filter((_, i) => !decidable[i])];
    records = ordered.slice(filter.offset, filter.offset + filter.limit);
    total = ordered.length;
  } else {
    const [rows, [counted]] = await Promise.all([
      query.limit(filter.limit).offset(filter.offset),
      database.select({ n: count() }).from(promotionRequests).innerJoin(registeredModels, eq(registeredModels.id, promotionRequests.modelId)).where(where),
    ]);
    records = await withDecisions(database, rows);
    total = counted?.n ?? 0;
  }
  const names = await namesOf(database, records.map((r) => r.request.requestedById));
  return { items: records.map((rec) => summarize(rec, storedGates(rec.request), rec.request.requestedById ? (names.get(rec.request.requestedById) ?? null) : null)), total };
}

async function withDecisions(database: Database, rows: Omit<RequestRecord, 'decisions'>[]): Promise<RequestRecord[]> {
  const ids = rows.map((r) => r.request.id);
  const decisions = ids.length ? await database.select().from(promotionDecisions).where(inArray(promotionDecisions.requestId, ids)).orderBy(asc(promotionDecisions.createdAt)) : [];
  return rows.map((r) => ({ ...r, decisions: decisions.filter((d) => d.requestId === r.request.id) }));
}

function creatorRef(version: VersionRow, names: Map<string, string>): PersonRef {
  const kind = version.createdByType === 'user' ? 'user' : version.createdByType === 'token' ? 'token' : 'system';
  const id = kind === 'user' ? version.createdById : null;
  return { id, label: version.createdByLabel, name: id ? (names.get(id) ?? null) : null, kind };
}

function versionView(model: string, version: VersionRow, names: Map<string, string>): VersionView {
  return {
    id: version.id,
    version: version.version,
    status: version.status,
    statusReason: version.statusReason,
    description: version.description,
    artifactSha256: version.artifactSha256,
    artifactSize: version.artifactSize,
    gitSha: version.gitSha,
    repository: version.repository,
    ciRunUrl: version.ciRunUrl,
    releaseTag: version.releaseTag,
    datasetName: version.datasetName,
    datasetHash: version.datasetHash,
    hyperparameters: version.hyperparameters,
    metrics: version.metrics,
    createdBy: creatorRef(version, names),
    createdAt: version.createdAt,
    url: evidenceLinks.version(model, version.version),
  };
}

/** Everything a reviewer needs on one page; gates of a pending request are evaluated live. */
export async function getPromotionReview(database: Database, actor: Actor, id: string): Promise<PromotionReview> {
  const record = await loadRequest(database, id);
  const { request, model, version, decisions } = record;
  const pending = request.status === 'pending';
  const evidence = await loadEvidence(database, { model: { id: model.id, name: model.name, taskType: model.taskType }, environment: request.environment, kind: request.kind, candidate: version });
  const gates: EvaluatedGate[] = pending ? evaluateGates(evidence, policyOf(request).gates) : storedGates(request);
  const [deployment] = await deploymentsOfRequests(database, model.name, model.id, [request.id]);

  // What the candidate replaces: the version serving now, or (once deployed) the one it replaced.
  let serving: PromotionReview['serving'] = null;
  const [deploymentRow] = deployment ? await database.select().from(deployments).where(eq(deployments.id, deployment.id)) : [];
  const names = await namesOf(database, [request.requestedById, model.ownerId, ...decisions.map((d) => d.reviewerId), version.createdByType === 'user' ? version.createdById : null]);
  if (deploymentRow) {
    if (deploymentRow.previousVersionId) {
      const [prev] = await database.select().from(modelVersions).where(eq(modelVersions.id, deploymentRow.previousVersionId));
      const [prevDeployment] = await database
        .select()
        .from(deployments)
        .where(and(eq(deployments.modelId, model.id), eq(deployments.environment, request.environment), eq(deployments.versionId, deploymentRow.previousVersionId)))
        .orderBy(desc(deployments.createdAt))
        .limit(1);
      if (prev && prevDeployment) serving = { ...versionView(model.name, prev, names), deployedAt: prevDeployment.createdAt, deploymentId: prevDeployment.id };
    }
  } else {
    const now = await servingVersion(database, model.id, request.environment);
    if (now) serving = { ...versionView(model.name, now.version, names), deployedAt: now.deployedAt, deploymentId: now.deploymentId };
  }

  const [latestDrift] = await database.select().from(driftReports).where(eq(driftReports.modelId, model.id)).orderBy(desc(driftReports.windowTo)).limit(1);
  const card = await currentCard(database, model.id);
  const [run] = evidence.shadow ? await database.select().from(shadowRuns).where(eq(shadowRuns.id, evidence.shadow.runId)) : [];
  const [owner] = model.ownerId ? await database.select({ email: users.email }).from(users).where(eq(users.id, model.ownerId)) : [];
  const [newer] =
    request.status === 'superseded'
      ? await database
          .select({ id: promotionRequests.id, version: modelVersions.version })
          .from(promotionRequests)
          .innerJoin(modelVersions, eq(modelVersions.id, promotionRequests.versionId))
          .where(and(eq(promotionRequests.modelId, model.id), eq(promotionRequests.environment, request.environment), gt(promotionRequests.createdAt, request.createdAt)))
          .orderBy(asc(promotionRequests.createdAt))
          .limit(1)
      : [];

  const user = decidingUser(actor);
  const verdict = judge(record, gates, user);
  const facts = { status: request.status, requesterId: request.requestedById, overridden: request.overrideReason !== null, blockingGates: blockingGates(gates) };
  const mine = user ? decisions.find((d) => d.reviewerId === user.id) : undefined;
  const summary = summarize(record, gates, request.requestedById ? (names.get(request.requestedById) ?? null) : null);
  return {
    ...summary,
    modelInfo: { id: model.id, name: model.name, description: model.description, taskType: model.taskType, tags: model.tags, owner: owner?.email ?? null, protectedAttributes: model.protectedAttributes },
    candidate: versionView(model.name, version, names),
    serving,
    metricDiff: diffAgainstServing(version.metrics, serving?.metrics ?? null),
    policy: policyOf(request),
    fixedRules: FIXED_RULES,
    gates,
    gatesEvaluatedAt: pending ? new Date() : request.gatesEvaluatedAt,
    gatesSatisfied: verdict.gatesSatisfied,
    override: request.overrideReason ? { reason: request.overrideReason, by: request.overrideBy ?? '', at: request.overriddenAt ?? request.createdAt } : null,
    shadow: evidence.shadow,
    shadowRun: run
      ? { id: run.id, createdAt: run.createdAt, finishedAt: run.finishedAt, windowFrom: run.windowFrom, windowTo: run.windowTo, totalEvents: run.totalEvents, summary: run.summary ?? null }
      : null,
    drift: {
      latest: latestDrift
        ? { id: latestDrift.id, windowFrom: latestDrift.windowFrom, windowTo: latestDrift.windowTo, datasetDrift: latestDrift.datasetDrift, driftShare: latestDrift.driftShare, currentRows: latestDrift.currentRows, createdAt: latestDrift.createdAt }
        : null,
      openAlerts: evidence.openAlerts.map((a) => ({ id: a.id, kind: a.kind, severity: a.severity, message: a.message, value: a.value, openedAt: new Date(a.openedAt) })),
      link: evidenceLinks.monitoring(model.name),
    },
    card: card ? { revision: card.revision, content: { ...card.content }, editedBy: card.editedBy, editedAt: card.editedAt } : null,
    decisions: decisions.map((d) => ({
      id: d.id,
      reviewer: { id: d.reviewerId, label: d.reviewerLabel, name: names.get(d.reviewerId) ?? null, kind: 'user' as const },
      decision: d.decision,
      comment: d.comment,
      createdAt: d.createdAt,
      evidence: d.evidence,
    })),
    deployment: deployment ?? null,
    supersededBy: newer ?? null,
    viewer: {
      canDecide: strip(verdict.canDecide),
      canApprove: strip(verdict.canApprove),
      canReject: strip(verdict.canReject),
      canOverride: strip(overrideVerdict(facts, user)),
      canCancel: strip(cancelVerdict(facts, user)),
      myDecision: mine?.decision ?? null,
    },
    links: {
      version: evidenceLinks.version(model.name, version.version),
      monitoring: evidenceLinks.monitoring(model.name),
      timeline: timelinePath(model.name),
      audit: `/audit?targetType=promotion_request&targetId=${request.id}`,
    },
  };
}

const strip = <T extends { allowed: boolean; reason: string | null; code: unknown }>(v: T) => ({ allowed: v.allowed, reason: v.reason, code: v.code as T['code'] });

/** What a request would be (kind, policy, approvals, gates, what it replaces) before it is made. */
export async function previewPromotion(database: Database, input: z.output<typeof previewSchema>) {
  return database.transaction(async (tx) => {
    const c = await assessCandidate(tx, input);
    const [pending] = await tx
      .select({ id: promotionRequests.id })
      .from(promotionRequests)
      .where(and(eq(promotionRequests.modelId, c.model.id), eq(promotionRequests.environment, c.environment), eq(promotionRequests.status, 'pending')));
    return {
      model: c.model.name,
      version: c.version.version,
      environment: c.environment,
      kind: c.kind,
      policy: c.policy,
      requiredApprovals: requiredApprovals(c.policy, c.kind),
      gates: c.gates,
      blockingGates: blockingGates(c.gates),
      serving: c.serving ? { version: c.serving.version.version, deployedAt: c.serving.deployedAt, deploymentId: c.serving.deploymentId } : null,
      metricDiff: diffAgainstServing(c.version.metrics, c.serving?.version.metrics ?? null),
      /** The pending request a new one would supersede. */
      supersedes: pending ? summarize(await loadRequest(tx, pending.id)) : null,
    };
  });
}
