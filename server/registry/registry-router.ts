import { z } from 'zod';
import { int4 } from '@/server/validation/input-primitives';
import { authorized, router } from '@/server/trpc/init';
import { createModelSchema, modelListFilterSchema, modelNameSchema, updateCardSchema } from './model-schemas';
import { compareVersions, getModelDetail, getVersionDetail, listModels, listTags, type ShadowRunsOfVersions } from './model-queries';
import { createModel, updateModelCard } from './models-service';
import { listReleases, releaseListSchema } from './release-queries';

const versionRef = z.object({ name: modelNameSchema, version: int4() });

/** The models router; the compare page's shadow runs come from the shadow domain, handed in (see ShadowRunsOfVersions). */
export const createRegistryRouter = <R extends { candidateVersion: number; servedBy: number[] }>(shadowRunsOfVersions: ShadowRunsOfVersions<R>) =>
  router({
  list: authorized('models:read')
    .input(modelListFilterSchema)
    .query(({ ctx, input }) => listModels(ctx.database, input)),
  tags: authorized('models:read').query(({ ctx }) => listTags(ctx.database)),
  get: authorized('models:read')
    .input(z.object({ name: modelNameSchema }))
    .query(({ ctx, input }) => getModelDetail(ctx.database, input.name)),
  /** One page of CI release reports (of one model, or all), newest first → `{ releases, total }`. */
  releases: authorized('models:read')
    .input(releaseListSchema)
    .query(({ ctx, input }) => listReleases(ctx.database, input)),
  create: authorized('models:write')
    .input(createModelSchema)
    .mutation(({ ctx, input }) => createModel(ctx.database, ctx.actor, input)),
  updateCard: authorized('models:write')
    .input(updateCardSchema)
    .mutation(({ ctx, input }) => updateModelCard(ctx.database, ctx.actor, input)),
  version: authorized('models:read')
    .input(versionRef)
    .query(({ ctx, input }) => getVersionDetail(ctx.database, input.name, input.version)),
  compare: authorized('models:read')
    .input(z.object({ name: modelNameSchema, a: int4(), b: int4() }))
    .query(({ ctx, input }) => compareVersions(ctx.database, input.name, input.a, input.b, shadowRunsOfVersions)),
  });
