import { z } from 'zod';
import { modelNameSchema } from '@/server/registry/model-schemas';
import { authorized, router } from '@/server/trpc/init';
import { monitoringOverview } from './monitoring-queries';

export const monitoringRouter = router({
  overview: authorized('monitoring:read')
    .input(z.object({ name: modelNameSchema }))
    .query(({ ctx, input }) => monitoringOverview(ctx.database, input.name)),
});
