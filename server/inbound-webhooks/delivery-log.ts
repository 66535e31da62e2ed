import { and, desc, eq, sql } from 'drizzle-orm';
import type { Database, Executor } from '@/db/client';
import { inboundDeliveries, type WebhookSource } from '@/db/schema';

export interface DeliveryRecord {
  source: WebhookSource;
  deliveryId: string | null;
  event: string | null;
  verified: boolean;
  outcome: 'accepted' | 'acknowledged' | 'ignored' | 'duplicate' | 'rejected';
  httpStatus: number;
  detail: string | null;
  releaseId?: string | null;
}

/** Logs a verified delivery refused before any effect (malformed, unknown model, ...); unverified ones only count (refusal-counter.ts). */
export async function logRejectedDelivery(executor: Executor, record: Omit<DeliveryRecord, 'outcome'>) {
  await executor.insert(inboundDeliveries).values({ ...record, outcome: 'rejected' });
}

/**
 * Claims a verified delivery id inside the caller's transaction. Returns null when the id
 * was claimed before: the caller then answers without a second effect.
 */
export async function claimDelivery(tx: Executor, source: WebhookSource, deliveryId: string, event: string | null): Promise<string | null> {
  const [row] = await tx
    .insert(inboundDeliveries)
    .values({ source, deliveryId, event, verified: true, outcome: 'accepted', httpStatus: 202, detail: null })
    .onConflictDoNothing({ target: [inboundDeliveries.source, inboundDeliveries.deliveryId], where: sql`verified` })
    .returning({ id: inboundDeliveries.id });
  return row?.id ?? null;
}

export async function settleDelivery(tx: Executor, id: string, result: Pick<DeliveryRecord, 'outcome' | 'httpStatus' | 'detail'> & { releaseId?: string | null }) {
  await tx.update(inboundDeliveries).set(result).where(eq(inboundDeliveries.id, id));
}

/** Records a redelivery of an id already handled, for the admin's log (the id stays with the first). */
export async function logDuplicate(executor: Executor, source: WebhookSource, deliveryId: string, event: string | null, httpStatus: number) {
  await executor
    .insert(inboundDeliveries)
    .values({ source, deliveryId: null, event, verified: true, outcome: 'duplicate', httpStatus, detail: `redelivery of ${deliveryId}, already processed: no effect` });
}

/** Newest first; `offset` pages back through the log (the id breaks ties so pages never overlap). */
export async function listDeliveries(database: Database, filter: { source?: WebhookSource; limit: number; offset?: number }) {
  return database
    .select()
    .from(inboundDeliveries)
    .where(and(filter.source ? eq(inboundDeliveries.source, filter.source) : undefined))
    .orderBy(desc(inboundDeliveries.receivedAt), desc(inboundDeliveries.id))
    .limit(filter.limit)
    .offset(filter.offset ?? 0);
}
