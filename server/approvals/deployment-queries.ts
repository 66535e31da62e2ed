import { and, count, desc, eq, inArray, lte, sql } from 'drizzle-orm';
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
  replaced: { at: Date | null; version: number | null } = { at: null, version: null },
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
    replacedAt: replaced.at,
    replacedByVersion: replaced.version,
    current: replaced.at === null,
  };
}

const previousVersions = alias(modelVersions, 'previous_versions');
const replacingVersions = alias(modelVersions, 'replacing_versions');

interface DeploymentSelection {
  environment?: string;
  /** Only these deployments, or only those of these requests. */
  ids?: string[];
  requestIds?: string[];
  limit?: number;
  offset?: number;
}

/**
 * Deployments of a model, newest first, each with the deployment of its environment that
 * replaced it. The replacement is read by `lead()` over the environment's whole history
 * before any selection or paging, so the newest row of a page knows the older row of the
 * page before it.
 */
async function deploymentRows(executor: Executor, model: { id: string; name: string }, selection: DeploymentSelection = {}): Promise<DeploymentView[]> {
  const nextInEnvironment = sql`over (partition by ${deployments.environment} order by ${deployments.createdAt}, ${deployments.id})`;
  const history = executor
    .select({
      id: deployments.id,
      replacedAt: sql<Date | null>`lead(${deployments.createdAt}) ${nextInEnvironment}`.mapWith(deployments.createdAt).as('replaced_at'),
      replacedById: sql<string | null>`lead(${deployments.versionId}) ${nextInEnvironment}`.as('replaced_by_id'),
    })
    .from(deployments)
    // Whole environments only (never a time range): a partition cut short would lose its replacements.
    .where(and(eq(deployments.modelId, model.id), selection.environment ? eq(deployments.environment, selection.environment) : undefined))
    .as('history');
  let query = executor
    .select({
      deployment: deployments,
      version: modelVersions.version,
      artifactSha256: modelVersions.artifactSha256,
      previousVersion: previousVersions.version,
      requestedBy: promotionRequests.requestedByLabel,
      replacedAt: history.replacedAt,
      replacedByVersion: replacingVersions.version,
    })
    .from(deployments)
    .innerJoin(history, eq(history.id, deployments.id))
    .innerJoin(modelVersions, eq(modelVersions.id, deployments.versionId))
    .leftJoin(previousVersions, eq(previousVersions.id, deployments.previousVersionId))
    .leftJoin(replacingVersions, eq(replacingVersions.id, history.replacedById))
    .leftJoin(promotionRequests, eq(promotionRequests.id, deployments.requestId))
    .where(and(selection.ids ? inArray(deployments.id, selection.ids) : undefined, selection.requestIds ? inArray(deployments.requestId, selection.requestIds) : undefined))
    .orderBy(desc(deployments.createdAt), desc(deployments.id))
    .$dynamic();
  if (selection.limit !== undefined) query = query.limit(selection.limit);
  if (selection.offset) query = query.offset(selection.offset);
  const rows = await query;
  return rows.map((r) =>
    toDeploymentView(
      r.deployment,
      { model: model.name, version: r.version, artifactSha256: r.artifactSha256, previousVersion: r.previousVersion, requestedBy: r.requestedBy },
      { at: r.replacedAt, version: r.replacedByVersion },
    ),
  );
}

async function deploymentCount(executor: Executor, modelId: string, environment?: string): Promise<number> {
  const [row] = await executor
    .select({ n: count() })
    .from(deployments)
    .where(and(eq(deployments.modelId, modelId), environment ? eq(deployments.environment, environment) : undefined));
  return row?.n ?? 0;
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

/** One page of a model's deployments (optionally one environment's), newest first, with how many there are in all. */
export async function listDeployments(database: Database, modelName: string, { environment, limit, offset }: { environment?: string; limit: number; offset: number }): Promise<{ model: string; deployments: DeploymentView[]; total: number }> {
  if (environment) requireEnvironment(environment);
  const model = await requireModel(database, modelName);
  const [page, total] = await Promise.all([deploymentRows(database, model, { environment, limit, offset }), deploymentCount(database, model.id, environment)]);
  return { model: model.name, deployments: page, total };
}

/** Every deployment of one environment, newest first (impact measurement walks the whole history). */
export async function deploymentHistory(database: Database, modelName: string, environment: string): Promise<DeploymentView[]> {
  const model = await requireModel(database, modelName);
  return deploymentRows(database, model, { environment });
}

/** Per environment: what serves now, how many deployments it has had and the pending request (the deployments themselves page through listDeployments). */
export async function deploymentTimeline(database: Database, modelName: string, environment?: string): Promise<{ model: string; environments: TimelineEnvironment[] }> {
  if (environment) requireEnvironment(environment);
  const model = await requireModel(database, modelName);
  const counts = await database
    .select({ environment: deployments.environment, n: count() })
    .from(deployments)
    .where(and(eq(deployments.modelId, model.id), environment ? eq(deployments.environment, environment) : undefined))
    .groupBy(deployments.environment);
  const { aliases } = await currentAliases(database, model.name);
  const pendingRows = await database
    .select({ id: promotionRequests.id, environment: promotionRequests.environment })
    .from(promotionRequests)
    .where(and(eq(promotionRequests.modelId, model.id), eq(promotionRequests.status, 'pending')));
  const pending = new Map<string, PromotionSummary>();
  for (const p of pendingRows) pending.set(p.environment, summarize(await loadRequest(database, p.id)));
  const names = environment ? [environment] : configuredEnvironments();
  for (const c of counts) if (!names.includes(c.environment)) names.push(c.environment);
  const environments = names.map((env) => ({
    environment: env,
    current: aliases.find((a) => a.environment === env) ?? null,
    deploymentCount: counts.find((c) => c.environment === env)?.n ?? 0,
    pending: pending.get(env) ?? null,
  }));
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
  const [deployment] = await deploymentRows(database, model, { ids: [latest.id] });
  return { model: model.name, environment, at, deployment: deployment ?? null };
}

/** Deployment views of given requests (for the review page). */
export async function deploymentsOfRequests(database: Database, modelName: string, modelId: string, requestIds: string[]): Promise<DeploymentView[]> {
  if (requestIds.length === 0) return [];
  return deploymentRows(database, { id: modelId, name: modelName }, { requestIds });
}

