import { eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { deployments, registeredModels } from '@/db/schema';
import { deploymentHistory, deploymentsOfRequests } from '@/server/approvals/deployment-queries';
import type { DeploymentView } from '@/server/approvals/promotion-views';
import { loadRequest } from '@/server/approvals/request-records';
import { AppError } from '@/server/errors/app-error';

// A deployment placed in its environment's timeline: what served before it (by time, which
// is what the traffic and KPIs saw) and when it was replaced.

export interface DeploymentInTimeline {
  deployment: DeploymentView;
  /** The deployment it replaced in the timeline; null for the environment's first. */
  previous: DeploymentView | null;
}

function place(timeline: DeploymentView[], index: number): DeploymentInTimeline {
  return { deployment: timeline[index]!, previous: timeline[index + 1] ?? null };
}

export async function deploymentInTimeline(database: Database, deploymentId: string): Promise<DeploymentInTimeline> {
  const [row] = await database
    .select({ model: registeredModels.name, environment: deployments.environment })
    .from(deployments)
    .innerJoin(registeredModels, eq(registeredModels.id, deployments.modelId))
    .where(eq(deployments.id, deploymentId));
  if (!row) throw new AppError('not_found', `No deployment ${deploymentId}.`);
  const timeline = await deploymentHistory(database, row.model, row.environment);
  return place(timeline, timeline.findIndex((d) => d.id === deploymentId));
}

/**
 * The newest deployment of `environment` before `before` that changed the version serving
 * it (a re-deployment of the serving version has nothing to measure); null if none.
 */
export async function lastVersionChange(database: Database, model: string, environment: string, before: Date): Promise<DeploymentInTimeline | null> {
  const timeline = await deploymentHistory(database, model, environment);
  for (let i = 0; i < timeline.length; i++) {
    const { deployment, previous } = place(timeline, i);
    if (deployment.createdAt.getTime() < before.getTime() && previous?.versionId !== deployment.versionId) return { deployment, previous };
  }
  return null;
}

/**
 * "What the last promotion did", for a promotion request's review: the last version change
 * of its model and environment before the request's own deployment (or before now, while
 * it has none).
 */
export async function lastChangeBeforeRequest(database: Database, requestId: string, now = new Date()): Promise<DeploymentInTimeline | null> {
  const { request, model } = await loadRequest(database, requestId);
  const [own] = await deploymentsOfRequests(database, model.name, model.id, [request.id]);
  return lastVersionChange(database, model.name, request.environment, own?.createdAt ?? now);
}
