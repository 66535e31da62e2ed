import { authorized, router } from '@/server/trpc/init';
import { governanceSummary } from './governance-summary';
import { governanceInputSchema } from './governance-schemas';

export const governanceRouter = router({
  /** Lead time to production, approval turnaround, deployments/rollbacks/overrides per month, alert time to resolve → `GovernanceSummary`. */
  summary: authorized('promotions:read')
    .input(governanceInputSchema)
    .query(({ ctx, input }) => governanceSummary(ctx.database, input)),
});
