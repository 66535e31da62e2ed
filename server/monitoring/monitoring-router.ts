import { z } from 'zod';
import { modelSummaries } from '@/server/dashboard/model-summaries';
import { modelNameSchema } from '@/server/registry/model-schemas';
import { authorized, router } from '@/server/trpc/init';
import { requireModel } from '@/server/registry/models-service';
import { labelTiming } from './label-timing';
import { monitoringOverview, type TrafficSummary } from './monitoring-queries';

export const monitoringRouter = router({
  overview: authorized('monitoring:read')
    .input(z.object({ name: modelNameSchema }))
    .query(async ({ ctx, input }) => {
      const overview = await monitoringOverview(ctx.database, input.name);
      // The last day from the hourly rollups, as the portfolio overview reads it, so the page
      // costs the same at any traffic. Composed here: the dashboard reads monitoring's domain.
      const [summary] = await modelSummaries(ctx.database, { modelIds: [overview.model.id] });
      const last24h: TrafficSummary = summary
        ? { events: summary.last24h.events, withoutPrediction: summary.last24h.withoutPrediction, latencyP95: summary.last24h.latency.p95?.value ?? null }
        : { events: 0, withoutPrediction: 0, latencyP95: null };
      return { ...overview, last24h };
    }),
  /** How late labels arrive and the newest labelled hour, for pages that explain a missing realized metric. */
  labelTiming: authorized('monitoring:read')
    .input(z.object({ name: modelNameSchema }))
    .query(async ({ ctx, input }) => labelTiming(ctx.database, (await requireModel(ctx.database, input.name)).id)),
});
