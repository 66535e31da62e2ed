import { authorized, router } from '@/server/trpc/init';
import { getFairnessReport, latestFairnessOfModel, listFairnessReports } from './fairness-queries';
import { fairnessReportRefSchema, listFairnessReportsSchema, modelRefSchema, runFairnessReportSchema, updateFairnessSettingsSchema } from './fairness-schemas';
import { fairnessSettingsOf, requestFairnessReport, updateFairnessSettings } from './fairness-service';

export const fairnessRouter = router({
  list: authorized('monitoring:read')
    .input(listFairnessReportsSchema)
    .query(({ ctx, input }) => listFairnessReports(ctx.database, input)),
  get: authorized('monitoring:read')
    .input(fairnessReportRefSchema)
    .query(({ ctx, input }) => getFairnessReport(ctx.database, input)),
  latest: authorized('monitoring:read')
    .input(modelRefSchema)
    .query(({ ctx, input }) => latestFairnessOfModel(ctx.database, input)),
  settings: authorized('monitoring:read')
    .input(modelRefSchema)
    .query(({ ctx, input }) => fairnessSettingsOf(ctx.database, input.model)),
  updateSettings: authorized('monitoring:write')
    .input(updateFairnessSettingsSchema)
    .mutation(({ ctx, input }) => updateFairnessSettings(ctx.database, ctx.actor, input)),
  run: authorized('monitoring:write')
    .input(runFairnessReportSchema)
    .mutation(async ({ ctx, input }) => ({ id: (await requestFairnessReport(ctx.database, ctx.actor, input)).id })),
});
