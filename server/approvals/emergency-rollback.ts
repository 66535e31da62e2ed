import { and, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Database } from '@/db/client';
import { deployments, modelVersions } from '@/db/schema';
import { AppError } from '@/server/errors/app-error';
import type { Actor } from '@/server/auth/actor';
import { requireModel } from '@/server/registry/models-service';
import type { emergencyRollbackSchema } from './approval-schemas';
import { deployVersion } from './deployments-service';
import { toDeploymentView } from './deployment-queries';
import { requireEnvironment } from './environments';
import { servingVersion } from './evidence-loader';
import type { DeploymentView } from './promotion-views';

/**
 * An admin moves an environment back to a version that served it before, without approval.
 * Only with a written reason; the deployment is flagged `emergency_rollback` on the timeline
 * and audited as `deployment.emergency_rollback`. Pending requests are left as they are.
 */
export async function emergencyRollback(database: Database, actor: Actor, input: z.output<typeof emergencyRollbackSchema>): Promise<DeploymentView> {
  const reason = input.reason.trim();
  if (!reason) throw new AppError('bad_request', 'An emergency rollback needs a written reason.');
  if (actor.type !== 'user' || !actor.roles.includes('admin')) throw new AppError('forbidden', 'Only admins roll back in an emergency.');
  const environment = requireEnvironment(input.environment);
  return database.transaction(async (tx) => {
    const model = await requireModel(tx, input.model);
    await tx.execute(sql`select id from registered_models where id = ${model.id} for no key update`);
    const [version] = await tx.select().from(modelVersions).where(and(eq(modelVersions.modelId, model.id), eq(modelVersions.version, input.version)));
    if (!version) throw new AppError('not_found', `Model '${model.name}' has no version ${input.version}.`);
    if (version.status === 'invalid') throw new AppError('unprocessable', `${model.name} v${version.version} is invalid: it cannot be deployed.`);
    const serving = await servingVersion(tx, model.id, environment);
    if (serving?.version.id === version.id) throw new AppError('conflict', `${model.name} v${version.version} already serves ${environment}.`);
    const [earlier] = await tx
      .select({ id: deployments.id })
      .from(deployments)
      .where(and(eq(deployments.modelId, model.id), eq(deployments.environment, environment), eq(deployments.versionId, version.id)))
      .limit(1);
    if (!earlier) {
      throw new AppError('unprocessable', `${model.name} v${version.version} never served ${environment}: an emergency rollback only returns to a version that did; request a promotion instead.`);
    }
    const { deployment, previousVersion } = await deployVersion(tx, actor, {
      model: { id: model.id, name: model.name },
      environment,
      version: { id: version.id, version: version.version, artifactSha256: version.artifactSha256 },
      kind: 'emergency_rollback',
      requestId: null,
      reason,
      approvedBy: [],
      requestedBy: null,
      notifyUserIds: [],
    });
    return toDeploymentView(deployment, { model: model.name, version: version.version, artifactSha256: version.artifactSha256, previousVersion, requestedBy: null });
  });
}
