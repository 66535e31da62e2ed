import { z } from 'zod';
import { WEBHOOK_SOURCES } from '@/db/schema';
import { authorized, router } from '@/server/trpc/init';
import { listOffset } from '@/server/validation/input-primitives';
import { listDeliveries } from './delivery-log';
import { refusalCounts } from './refusal-counter';
import { createWebhookSecret, createWebhookSecretSchema, listWebhookSecrets, revokeWebhookSecret, revokeWebhookSecretSchema } from './webhook-secrets-service';

export const webhooksRouter = router({
  secrets: authorized('webhooks:read').query(({ ctx }) => listWebhookSecrets(ctx.database)),
  createSecret: authorized('webhooks:manage')
    .input(createWebhookSecretSchema)
    .mutation(({ ctx, input }) => createWebhookSecret(ctx.database, ctx.actor, input)),
  revokeSecret: authorized('webhooks:manage')
    .input(revokeWebhookSecretSchema)
    .mutation(({ ctx, input }) => revokeWebhookSecret(ctx.database, ctx.actor, input)),
  deliveries: authorized('webhooks:read')
    .input(z.object({ source: z.enum(WEBHOOK_SOURCES).optional(), limit: z.number().int().min(1).max(500).default(100), offset: listOffset() }))
    .query(({ ctx, input }) => listDeliveries(ctx.database, input)),
  /** Requests refused before verification in the last 24 hours, per source and reason. */
  refusals: authorized('webhooks:read').query(({ ctx }) => refusalCounts(ctx.database)),
});
