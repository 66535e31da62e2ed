import { gt, sql } from 'drizzle-orm';
import type { Executor } from '@/db/client';
import { inboundWebhookRefusals, type WebhookSource } from '@/db/schema';

// Requests refused before their signature checks out come from anyone: they leave no row of
// their own (no client-chosen ids or text, no unbounded growth), only +1 on a counter per
// source, reason and hour, which the Webhooks admin page shows.

export const REFUSAL_REASONS = {
  no_secret_configured: 'No webhook secret is configured for this source',
  missing_signature: 'Signature headers missing or malformed',
  bad_signature: 'Signature matches no active secret',
  stale_timestamp: 'Timestamp outside the 5-minute tolerance',
  unreadable_body: 'Body too large or unreadable',
} as const;

export type RefusalReason = keyof typeof REFUSAL_REASONS;

export async function countRefusal(executor: Executor, source: WebhookSource, reason: RefusalReason): Promise<void> {
  await executor
    .insert(inboundWebhookRefusals)
    .values({ source, reason, hour: sql`date_trunc('hour', now())`, count: 1 })
    .onConflictDoUpdate({
      target: [inboundWebhookRefusals.source, inboundWebhookRefusals.reason, inboundWebhookRefusals.hour],
      set: { count: sql`${inboundWebhookRefusals.count} + 1` },
    });
}

export interface RefusalCount {
  source: WebhookSource;
  reason: RefusalReason;
  description: string;
  count: number;
  lastHour: Date;
}

/** Refusals per source and reason over the last `hours` (the current hour included). */
export async function refusalCounts(executor: Executor, hours = 24): Promise<RefusalCount[]> {
  const rows = await executor
    .select({
      source: inboundWebhookRefusals.source,
      reason: inboundWebhookRefusals.reason,
      count: sql<number>`sum(${inboundWebhookRefusals.count})::int`,
      lastHour: sql<Date>`max(${inboundWebhookRefusals.hour})`.mapWith(inboundWebhookRefusals.hour),
    })
    .from(inboundWebhookRefusals)
    .where(gt(inboundWebhookRefusals.hour, sql`date_trunc('hour', now()) - make_interval(hours => ${hours})`))
    .groupBy(inboundWebhookRefusals.source, inboundWebhookRefusals.reason)
    .orderBy(inboundWebhookRefusals.source, inboundWebhookRefusals.reason);
  return rows.map((row) => {
    const reason = row.reason as RefusalReason;
    return { ...row, reason, description: REFUSAL_REASONS[reason] ?? row.reason };
  });
}
