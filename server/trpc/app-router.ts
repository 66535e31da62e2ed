import { apiTokensRouter } from '@/server/api-tokens/api-tokens-router';
import { auditRouter } from '@/server/audit/audit-router';
import { healthRouter } from '@/server/health/health-router';
import { registryRouter } from '@/server/registry/registry-router';
import { webhooksRouter } from '@/server/inbound-webhooks/webhooks-router';
import { usersRouter } from '@/server/users/users-router';
import { authorized, createCallerFactory, router } from './init';

export const appRouter = router({
  me: authorized('portal:view').query(({ ctx }) => ctx.user),
  users: usersRouter,
  apiTokens: apiTokensRouter,
  audit: auditRouter,
  system: healthRouter,
  models: registryRouter,
  webhooks: webhooksRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
