import { authorized, router } from '@/server/trpc/init';
import { listWindowSchema } from '@/server/validation/input-primitives';
import { createTokenSchema, revokeTokenSchema } from './api-token-schemas';
import { createToken, listTokens, revokeToken } from './api-tokens-service';

export const apiTokensRouter = router({
  list: authorized('api-tokens:read')
    .input(listWindowSchema.optional())
    .query(({ ctx, input }) => listTokens(ctx.database, input)),
  create: authorized('api-tokens:manage')
    .input(createTokenSchema)
    .mutation(({ ctx, input }) => createToken(ctx.database, ctx.actor, input)),
  revoke: authorized('api-tokens:manage')
    .input(revokeTokenSchema)
    .mutation(({ ctx, input }) => revokeToken(ctx.database, ctx.actor, input)),
});
