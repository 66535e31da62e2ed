import { authorized, router } from '@/server/trpc/init';
import { getShadowResults, getShadowRun, listShadowRuns, listVersionShadowRuns } from './shadow-queries';
import { shadowRunListSchema, shadowRunRefSchema, shadowRunsOfVersionSchema, startShadowRunSchema } from './shadow-schemas';
import { cancelShadowRun, startShadowRun } from './shadow-service';

export const shadowRouter = router({
  list: authorized('monitoring:read')
    .input(shadowRunListSchema)
    .query(({ ctx, input }) => listShadowRuns(ctx.database, input.model)),
  ofVersion: authorized('monitoring:read')
    .input(shadowRunsOfVersionSchema)
    .query(({ ctx, input }) => listVersionShadowRuns(ctx.database, input)),
  get: authorized('monitoring:read')
    .input(shadowRunRefSchema)
    .query(({ ctx, input }) => getShadowRun(ctx.database, input.runId)),
  results: authorized('monitoring:read')
    .input(shadowRunRefSchema)
    .query(({ ctx, input }) => getShadowResults(ctx.database, input.runId)),
  start: authorized('monitoring:write')
    .input(startShadowRunSchema)
    .mutation(({ ctx, input }) => startShadowRun(ctx.database, ctx.actor, input)),
  cancel: authorized('monitoring:write')
    .input(shadowRunRefSchema)
    .mutation(({ ctx, input }) => cancelShadowRun(ctx.database, ctx.actor, input.runId)),
});
