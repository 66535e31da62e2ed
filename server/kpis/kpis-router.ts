import { authorized, router } from '@/server/trpc/init';
import { getKpiDefinition, listKpiDefinitions } from './kpi-definitions-queries';
import { createKpiDefinition, deleteKpiDefinition, updateKpiDefinition } from './kpi-definitions-service';
import { createKpiDefinitionSchema, kpiRefSchema, kpiSeriesSchema, listKpiDefinitionsSchema, updateKpiDefinitionSchema } from './kpi-schemas';
import { kpiSeries } from './kpi-series';

export const kpisRouter = router({
  list: authorized('monitoring:read')
    .input(listKpiDefinitionsSchema)
    .query(({ ctx, input }) => listKpiDefinitions(ctx.database, input)),
  get: authorized('monitoring:read')
    .input(kpiRefSchema)
    .query(({ ctx, input }) => getKpiDefinition(ctx.database, input.name)),
  series: authorized('monitoring:read')
    .input(kpiSeriesSchema)
    .query(({ ctx, input }) => kpiSeries(ctx.database, input)),
  create: authorized('monitoring:write')
    .input(createKpiDefinitionSchema)
    .mutation(({ ctx, input }) => createKpiDefinition(ctx.database, ctx.actor, input)),
  update: authorized('monitoring:write')
    .input(updateKpiDefinitionSchema)
    .mutation(({ ctx, input }) => updateKpiDefinition(ctx.database, ctx.actor, input)),
  delete: authorized('monitoring:write')
    .input(kpiRefSchema)
    .mutation(({ ctx, input }) => deleteKpiDefinition(ctx.database, ctx.actor, input)),
});
