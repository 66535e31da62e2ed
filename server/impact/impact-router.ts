import { authorized, router } from '@/server/trpc/init';
import { deploymentImpact, impactBeforeRequest } from './deployment-impact';
import { deploymentImpactSchema, requestImpactSchema } from './impact-schemas';

export const impactRouter = router({
  /** Every KPI and performance metric before vs after a deployment, with 95 % intervals → `DeploymentImpact`. */
  deployment: authorized('monitoring:read')
    .input(deploymentImpactSchema)
    .query(({ ctx, input }) => deploymentImpact(ctx.database, input)),
  /** The impact of the last version change before a promotion request ("what the last promotion did") → `DeploymentImpact | null`. */
  beforeRequest: authorized('monitoring:read')
    .input(requestImpactSchema)
    .query(({ ctx, input }) => impactBeforeRequest(ctx.database, input)),
});
