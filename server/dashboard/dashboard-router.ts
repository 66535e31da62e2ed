import { z } from 'zod';
import { modelNameSchema } from '@/server/registry/model-schemas';
import { requireModel } from '@/server/registry/models-service';
import { authorized, router } from '@/server/trpc/init';
import { modelDashboard, modelDashboardSchema } from './model-dashboard';
import { modelSummaries } from './model-summaries';
import { performanceTarget, setPerformanceTarget, setPerformanceTargetSchema } from './performance-target';

export const dashboardRouter = router({
  model: authorized('monitoring:read')
    .input(modelDashboardSchema)
    .query(({ ctx, input }) => modelDashboard(ctx.database, input)),
  summaries: authorized('monitoring:read').query(({ ctx }) => modelSummaries(ctx.database)),
  target: authorized('monitoring:read')
    .input(z.object({ name: modelNameSchema }))
    .query(async ({ ctx, input }) => performanceTarget(ctx.database, (await requireModel(ctx.database, input.name)).id)),
  setTarget: authorized('monitoring:write')
    .input(setPerformanceTargetSchema)
    .mutation(({ ctx, input }) => setPerformanceTarget(ctx.database, ctx.actor, input)),
});
