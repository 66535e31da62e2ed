import { z } from 'zod';
import { modelNameSchema } from '@/server/registry/model-schemas';
import { authorized, router } from '@/server/trpc/init';
import { getReference } from './reference-queries';

export const referenceRouter = router({
  /** A reference dataset's frozen profile and the reports that used it: readable by whoever reads models. */
  get: authorized('models:read')
    .input(z.object({ name: modelNameSchema, id: z.uuid() }))
    .query(({ ctx, input }) => getReference(ctx.database, input)),
});
