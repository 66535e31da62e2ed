import { authorized, router } from '@/server/trpc/init';
import { listOutboundDeliveries } from './delivery-queries';
import {
  createOutboundWebhookSchema,
  listOutboundDeliveriesSchema,
  setOutboundWebhookEnabledSchema,
  updateOutboundWebhookSchema,
  webhookIdSchema,
} from './outbound-webhook-schemas';
import {
  createOutboundWebhook,
  deleteOutboundWebhook,
  listOutboundWebhooks,
  rotateOutboundWebhookSecret,
  sendTestEvent,
  setOutboundWebhookEnabled,
  updateOutboundWebhook,
} from './outbound-webhooks-service';

export const outboundWebhooksRouter = router({
  list: authorized('webhooks:read').query(({ ctx }) => listOutboundWebhooks(ctx.database)),
  deliveries: authorized('webhooks:read')
    .input(listOutboundDeliveriesSchema)
    .query(({ ctx, input }) => listOutboundDeliveries(ctx.database, input)),
  create: authorized('webhooks:manage')
    .input(createOutboundWebhookSchema)
    .mutation(({ ctx, input }) => createOutboundWebhook(ctx.database, ctx.actor, input)),
  update: authorized('webhooks:manage')
    .input(updateOutboundWebhookSchema)
    .mutation(({ ctx, input }) => updateOutboundWebhook(ctx.database, ctx.actor, input)),
  setEnabled: authorized('webhooks:manage')
    .input(setOutboundWebhookEnabledSchema)
    .mutation(({ ctx, input }) => setOutboundWebhookEnabled(ctx.database, ctx.actor, input)),
  rotateSecret: authorized('webhooks:manage')
    .input(webhookIdSchema)
    .mutation(({ ctx, input }) => rotateOutboundWebhookSecret(ctx.database, ctx.actor, input)),
  delete: authorized('webhooks:manage')
    .input(webhookIdSchema)
    .mutation(({ ctx, input }) => deleteOutboundWebhook(ctx.database, ctx.actor, input)),
  sendTest: authorized('webhooks:manage')
    .input(webhookIdSchema)
    .mutation(({ ctx, input }) => sendTestEvent(ctx.database, ctx.actor, input.webhookId)),
});
