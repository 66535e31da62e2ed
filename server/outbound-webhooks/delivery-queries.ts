import { and, desc, eq, type SQL } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { outboundDeliveries, outboundWebhooks } from '@/db/schema';
import type { ListOutboundDeliveriesInput } from './outbound-webhook-schemas';

/** The delivery log, newest first (`offset` pages back): every message, its attempts and where it stands. */
export async function listOutboundDeliveries(database: Database, input: Omit<ListOutboundDeliveriesInput, 'offset'> & { offset?: number }) {
  const conditions: SQL[] = [];
  if (input.webhookId) conditions.push(eq(outboundDeliveries.webhookId, input.webhookId));
  if (input.status) conditions.push(eq(outboundDeliveries.status, input.status));
  return database
    .select({
      id: outboundDeliveries.id,
      webhookId: outboundDeliveries.webhookId,
      webhookName: outboundWebhooks.name,
      messageId: outboundDeliveries.messageId,
      eventType: outboundDeliveries.eventType,
      status: outboundDeliveries.status,
      attempts: outboundDeliveries.attempts,
      lastStatusCode: outboundDeliveries.lastStatusCode,
      lastError: outboundDeliveries.lastError,
      nextAttemptAt: outboundDeliveries.nextAttemptAt,
      createdAt: outboundDeliveries.createdAt,
      deliveredAt: outboundDeliveries.deliveredAt,
    })
    .from(outboundDeliveries)
    .innerJoin(outboundWebhooks, eq(outboundWebhooks.id, outboundDeliveries.webhookId))
    .where(and(...conditions))
    .orderBy(desc(outboundDeliveries.createdAt), desc(outboundDeliveries.id))
    .limit(input.limit)
    .offset(input.offset ?? 0);
}

export type OutboundDeliveryRow = Awaited<ReturnType<typeof listOutboundDeliveries>>[number];
