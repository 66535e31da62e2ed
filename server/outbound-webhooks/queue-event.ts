import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { outboundDeliveries, outboundWebhooks } from '@/db/schema';
import { enqueue } from '@/server/jobs/enqueue';
import { buildMessage, defaultText } from './outbound-message';

export interface QueuedEvent {
  /** The Standard Webhooks `webhook-id`: one per event, the same for every webhook and retry. */
  messageId: string;
  deliveryIds: string[];
}

export interface QueueEventOptions {
  /** The chat line (Slack mrkdwn); a generic one is made from the type when absent. */
  text?: string;
  /** When the event happened; now by default. */
  at?: Date;
}

/** Inserts one pending delivery per webhook and its job, in the caller's transaction. */
async function insertDeliveries(tx: Tx, webhookIds: string[], eventType: string, data: Record<string, unknown>, options: QueueEventOptions): Promise<QueuedEvent> {
  const messageId = `msg_${randomUUID()}`;
  if (webhookIds.length === 0) return { messageId, deliveryIds: [] };
  const message = buildMessage(eventType, data, options.text ?? defaultText(eventType, data), options.at);
  const rows = await tx
    .insert(outboundDeliveries)
    .values(webhookIds.map((webhookId) => ({ webhookId, messageId, eventType, payload: { ...message } })))
    .returning({ id: outboundDeliveries.id });
  for (const row of rows) await enqueue(tx, 'outboundDelivery', { deliveryId: row.id });
  return { messageId, deliveryIds: rows.map((r) => r.id) };
}

/**
 * Queues `eventType` for every enabled webhook that subscribes to it (an empty filter means
 * all events): one `outbound_deliveries` row and one `outboundDelivery` job each, inside
 * `tx`, so notifications exist exactly when the change that caused them commits.
 */
export async function queueEvent(tx: Tx, eventType: string, data: Record<string, unknown>, options: QueueEventOptions = {}): Promise<QueuedEvent> {
  const targets = await tx
    .select({ id: outboundWebhooks.id })
    .from(outboundWebhooks)
    .where(and(eq(outboundWebhooks.enabled, true), sql`(cardinality(${outboundWebhooks.events}) = 0 or ${eventType} = any(${outboundWebhooks.events}))`))
    .orderBy(outboundWebhooks.createdAt);
  return insertDeliveries(
    tx,
    targets.map((t) => t.id),
    eventType,
    data,
    options,
  );
}

/** Queues one event for one webhook regardless of its filter (the "send test" button). */
export async function queueEventFor(tx: Tx, webhookId: string, eventType: string, data: Record<string, unknown>, options: QueueEventOptions = {}): Promise<QueuedEvent> {
  return insertDeliveries(tx, [webhookId], eventType, data, options);
}
