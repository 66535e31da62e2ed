import { z } from 'zod';
import { listOffset, singleLineText } from '@/server/validation/input-primitives';

/**
 * Event types Vigil emits (alerts from server/alerts, promotions from server/approvals); a
 * webhook subscribes to some or, with an empty list, to all. Add new producers' types here.
 */
export const OUTBOUND_EVENT_TYPES = [
  'alert.opened',
  'alert.resolved',
  'promotion.requested',
  'promotion.approved',
  'promotion.rejected',
  'promotion.cancelled',
  'promotion.expired',
  'deployment.created',
] as const;
export type OutboundEventType = (typeof OUTBOUND_EVENT_TYPES)[number] | 'test';

/** Dotted lower-case names (`alert.opened`), so features added later can subscribe to their own. */
const eventTypeSchema = z.string().trim().regex(/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/, 'event types look like alert.opened');

const httpUrlSchema = singleLineText(2000, { trim: true }).refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '';
    } catch {
      return false;
    }
  }, 'must be an http:// or https:// URL');

export const createOutboundWebhookSchema = z.object({
  name: singleLineText(100, { trim: true }).min(1),
  url: httpUrlSchema,
  events: z.array(eventTypeSchema).max(50).default([]),
});

export const updateOutboundWebhookSchema = z.object({
  webhookId: z.uuid(),
  name: singleLineText(100, { trim: true }).min(1).optional(),
  url: httpUrlSchema.optional(),
  events: z.array(eventTypeSchema).max(50).optional(),
});

export const webhookIdSchema = z.object({ webhookId: z.uuid() });
export const setOutboundWebhookEnabledSchema = z.object({ webhookId: z.uuid(), enabled: z.boolean() });
export const listOutboundDeliveriesSchema = z.object({
  webhookId: z.uuid().optional(),
  status: z.enum(['pending', 'delivered', 'failed']).optional(),
  limit: z.number().int().min(1).max(500).default(100),
  offset: listOffset(),
});

export type CreateOutboundWebhookInput = z.infer<typeof createOutboundWebhookSchema>;
export type UpdateOutboundWebhookInput = z.infer<typeof updateOutboundWebhookSchema>;
export type ListOutboundDeliveriesInput = z.infer<typeof listOutboundDeliveriesSchema>;
