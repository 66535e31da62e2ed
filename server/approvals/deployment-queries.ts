import { and, asc, desc, eq, lte } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Database, Executor } from '@/db/client';
import { deployments, modelAliases, modelVersions, promotionRequests } from '@/db/schema';
import { AppError } from '@/server/errors/app-error';
import { requireModel } from '@/server/registry/models-service';
import { configuredEnvironments, requireEnvironment } from './environments';
import type { AliasView, DeploymentView, PromotionSummary, TimelineEnvironment } from './promotion-views';
import { loadRequest, summarize } from './request-records';

type DeploymentRow = typeof deployments.$inferSelect;

export function toDeploymentView(
  row: DeploymentRow,
  extra: { model: string; version: number; artifactSha256: string; previousVersion: number | null; requestedBy: string | null },
  replacedAt: Date | null = null,
): DeploymentView {
  return {
    id: row.id,
    model: extra.model,
    environment: row.environment,
    version: extra.version,
    versionId: row.versionId,
    artifactSha256: extra.artifactSha256,
    previousVersion: extra.previousVersion,
    kind: row.kind,
    reason: row.reason,
    requestId: row.requestId,
    requestedBy: extra.requestedBy,
    deployedBy: row.deployedBy,
    approvedBy: row.approvedBy,
    createdAt: row.createdAt,
    replacedAt,
    current: replacedAt === null,
  };
}

const previousVersions = alias(modelVersions, 'previous_versions');

/** Deployments of a model (optionally one environment), oldest first, with what a timeline shows. */
async function deploymentRows(executor: Executor, modelId: string, environment?: string) {
  return executor
    .select({
      deployment: deployments,
      version: modelVersions.version,
      artifactSha256: modelVersions.artifactSha256,
      previousVersion: previousVersions.version,
      requestedBy: promotionRequests.requestedByLabel,
    })
    .from(deployments)
    .innerJoin(modelVersions, eq(modelVersions.id, deployments.versionId))
    .leftJoin(previousVersions, eq(previousVersions.id, deployments.previousVersionId))
    .leftJoin(promotionRequests, eq(promotionRequests.id, deployments.requestId))
    .where(and(eq(deployments.modelId, modelId), environment ? eq(deployments.environment, environment) : undefined))
    .orderBy(asc(deployments.createdAt), asc(deployments.id));
}

type Row = Awaited<ReturnType<typeof deploymentRows>>[number];

/** Newest first, each with the time the next deployment of its environment replaced it. */
function withReplacement(model: string, rows: Row[]): DeploymentView[] {
  const views = rows.map((r, i) => {
    const next = rows.slice(i + 1).find((n) => n.deployment.environment === r.deployment.environment);
    return toDeploymentView(r.deployment, { model, version: r.version, artifactSha256: r.artifactSha256, previousVersion: r.previousVersion, requestedBy: r.requestedBy }, next?.deployment.createdAt ?? null);
  });
  return views.reverse();
}

function aliasView(model: string, d: DeploymentView): AliasView {
  return { model, environment: d.environment, version: d.version, versionId: d.versionId, artifactSha256: d.artifactSha256, deployedAt: d.createdAt, deploymentId: d.id };
}

/** The version an environment serves now (what a serving system polls); 404 if none. */
export async function currentAlias(database: Database, modelName: string, environment: string): Promise<AliasView> {
  requireEnvironment(environment, 'not_found');
  const model = await requireModel(database, modelName);
  const [row] = await database
    .select({ alias: modelAliases, version: modelVersions.version, artifactSha256: modelVersions.artifactSha256 })
    .from(modelAliases)
    .innerJoin(modelVersions, eq(modelVersions.id, modelAliases.versionId))
    .where(and(eq(modelAliases.modelId, model.id), eq(modelAliases.environment, environment)));
  if (!row) throw new AppError('not_found', `Nothing of '${model.name}' is deployed to ${environment}.`);
  return { model: model.name, environment, version: row.version, versionId: row.alias.versionId, artifactSha256: row.artifactSha256, deployedAt: row.alias.updatedAt, deploymentId: row.alias.deploymentId };
}

export async function currentAliases(database: Database, modelName: string): Promise<{ model: string; aliases: AliasView[] }> {
  const model = await requireModel(database, modelName);
  const rows = await database
    .select({ alias: modelAliases, version: modelVersions.version, artifactSha256: modelVersions.artifactSha256 })
    .from(modelAliases)
    .innerJoin(modelVersions, eq(modelVersions.id, modelAliases.versionId))
    .where(eq(modelAliases.modelId, model.id));
  const order = configuredEnvironments();
  const aliases = rows
    .map((r) => ({ model: model.name, environment: r.alias.environment, version: r.version, versionId: r.alias.versionId, artifactSha256: r.artifactSha256, deployedAt: r.alias.updatedAt, deploymentId: r.alias.deploymentId }))
    .sort((a, b) => order.indexOf(a.environment) - order.indexOf(b.environment));
  return { model: model.name, aliases };
}

/** Deployments of a model, newest first (the REST timeline). */
export async function listDeployments(database: Database, modelName: string, environment?: string): Promise<{ model: string; deployments: DeploymentView[] }> {
  if (environment) requireEnvironment(environment);
  const model = await requireModel(database, modelName);
  return { model: model.name, deployments: withReplacement(model.name, await deploymentRows(database, model.id, environment)) };
}

/** Per environment: what serves now, every deployment (newest first) and the pending request. */
export async function deploymentTimeline(database: Database, modelName: string, environment?: string): Promise<{ model: string; environments: TimelineEnvironment[] }> {
  if (environment) requireEnvironment(environment);
  const model = await requireModel(database, modelName);
  const all = withReplacement(model.name, await deploymentRows(database, model.id, environment));
  const pendingRows = await database
    .select({ id: promotionRequests.id, environment: promotionRequests.environment })
    .from(promotionRequests)
    .where(and(eq(promotionRequests.modelId, model.id), eq(promotionRequests.status, 'pending')));
  const pending = new Map<string, PromotionSummary>();
  for (const p of pendingRows) pending.set(p.environment, summarize(await loadRequest(database, p.id)));
  const names = environment ? [environment] : configuredEnvironments();
  for (const d of all) if (!names.includes(d.environment)) names.push(d.environment);
  const environments = names.map((env) => {
    const list = all.filter((d) => d.environment === env);
    const current = list.find((d) => d.current);
    return { environment: env, current: current ? aliasView(model.name, current) : null, deployments: list, pending: pending.get(env) ?? null };
  });
  return { model: model.name, environments };
}

/** "What served `environment` at `at`?": the newest deployment at or before that instant. */
export async function aliasAt(database: Database, modelName: string, environment: string, at: Date) {
  requireEnvironment(environment);
  const model = await requireModel(database, modelName);
  const [latest] = await database
    .select({ id: deployments.id })
    .from(deployments)
    .where(and(eq(deployments.modelId, model.id), eq(deployments.environment, environment), lte(deployments.createdAt, at)))
    .orderBy(desc(deployments.createdAt), desc(deployments.id))
    .limit(1);
  if (!latest) return { model: model.name, environment, at, deployment: null };
  const views = withReplacement(model.name, await deploymentRows(database, model.id, environment));
  return { model: model.name, environment, at, deployment: views.find((v) => v.id === latest.id) ?? null };
}

/** Deployment views of given requests (for the review page). */
export async function deploymentsOfRequests(database: Database, modelName: string, modelId: string, requestIds: string[]): Promise<DeploymentView[]> {
  if (requestIds.length === 0) return [];
  const rows = await deploymentRows(database, modelId);
  return withReplacement(modelName, rows).filter((d) => d.requestId !== null && requestIds.includes(d.requestId));
}

