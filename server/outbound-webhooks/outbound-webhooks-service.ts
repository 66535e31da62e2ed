import { desc, eq } from 'drizzle-orm';
import type { Database, Tx } from '@/db/client';
import { outboundWebhooks } from '@/db/schema';
import { recordAudit } from '@/server/audit/record-audit';
import type { Actor } from '@/server/auth/actor';
import { AppError } from '@/server/errors/app-error';
import { generateWebhookSecret } from '@/server/inbound-webhooks/standard-webhooks';
import { loadSecretsKey, sealSecret } from '@/server/secrets/secret-box';
import { redactUrl } from './outbound-message';
import type { CreateOutboundWebhookInput, UpdateOutboundWebhookInput } from './outbound-webhook-schemas';
import { queueEventFor } from './queue-event';

/** What the page and the API show of a webhook: never the secret, and the URL without its path. */
export interface OutboundWebhookSummary {
  id: string;
  name: string;
  urlHint: string;
  events: string[];
  enabled: boolean;
  createdBy: string;
  createdAt: Date;
}

type WebhookRow = typeof outboundWebhooks.$inferSelect;

function summary(row: WebhookRow): OutboundWebhookSummary {
  return { id: row.id, name: row.name, urlHint: redactUrl(row.url), events: row.events, enabled: row.enabled, createdBy: row.createdBy, createdAt: row.createdAt };
}

/** What audit events say about a webhook: no secret, no secret-bearing URL path. */
function audited(row: WebhookRow) {
  return { name: row.name, url: redactUrl(row.url), events: row.events, enabled: row.enabled };
}

function uniqueEvents(events: string[]): string[] {
  return [...new Set(events)].sort();
}

async function lockWebhook(tx: Tx, webhookId: string): Promise<WebhookRow> {
  const [row] = await tx.select().from(outboundWebhooks).where(eq(outboundWebhooks.id, webhookId)).for('update');
  if (!row) throw new AppError('not_found', 'No outbound webhook with that id.');
  return row;
}

export async function listOutboundWebhooks(database: Database): Promise<OutboundWebhookSummary[]> {
  const rows = await database.select().from(outboundWebhooks).orderBy(desc(outboundWebhooks.createdAt));
  return rows.map(summary);
}

/** Creates a webhook with a fresh `whsec_` secret, sealed at rest and returned only this once. */
export async function createOutboundWebhook(database: Database, actor: Actor, input: CreateOutboundWebhookInput) {
  const secret = generateWebhookSecret('standard');
  const row = await database.transaction(async (tx) => {
    const [created] = await tx
      .insert(outboundWebhooks)
      .values({ name: input.name, url: input.url, events: uniqueEvents(input.events), encryptedSecret: sealSecret(secret, loadSecretsKey()), createdBy: actor.label })
      .returning();
    await recordAudit(tx, actor, { action: 'outbound_webhook.created', target: { type: 'outbound_webhook', id: created!.id, label: created!.name }, after: audited(created!) });
    return created!;
  });
  return { ...summary(row), secret };
}

export async function updateOutboundWebhook(database: Database, actor: Actor, input: UpdateOutboundWebhookInput): Promise<OutboundWebhookSummary> {
  return database.transaction(async (tx) => {
    const before = await lockWebhook(tx, input.webhookId);
    const [after] = await tx
      .update(outboundWebhooks)
      .set({ name: input.name ?? before.name, url: input.url ?? before.url, events: input.events ? uniqueEvents(input.events) : before.events })
      .where(eq(outboundWebhooks.id, before.id))
      .returning();
    await recordAudit(tx, actor, {
      action: 'outbound_webhook.updated',
      target: { type: 'outbound_webhook', id: before.id, label: after!.name },
      before: audited(before),
      after: audited(after!),
      details: { urlChanged: after!.url !== before.url },
    });
    return summary(after!);
  });
}

/** Disabling stops new deliveries at once; queued ones are marked failed when their turn comes. */
export async function setOutboundWebhookEnabled(database: Database, actor: Actor, input: { webhookId: string; enabled: boolean }): Promise<OutboundWebhookSummary> {
  return database.transaction(async (tx) => {
    const before = await lockWebhook(tx, input.webhookId);
    if (before.enabled === input.enabled) return summary(before);
    const [after] = await tx.update(outboundWebhooks).set({ enabled: input.enabled }).where(eq(outboundWebhooks.id, before.id)).returning();
    await recordAudit(tx, actor, {
      action: input.enabled ? 'outbound_webhook.enabled' : 'outbound_webhook.disabled',
      target: { type: 'outbound_webhook', id: before.id, label: before.name },
      before: { enabled: before.enabled },
      after: { enabled: input.enabled },
    });
    return summary(after!);
  });
}

/** Replaces the signing secret; the new one is returned once. Receivers must switch at the same time. */
export async function rotateOutboundWebhookSecret(database: Database, actor: Actor, input: { webhookId: string }) {
  const secret = generateWebhookSecret('standard');
  const row = await database.transaction(async (tx) => {
    const before = await lockWebhook(tx, input.webhookId);
    const [after] = await tx.update(outboundWebhooks).set({ encryptedSecret: sealSecret(secret, loadSecretsKey()) }).where(eq(outboundWebhooks.id, before.id)).returning();
    await recordAudit(tx, actor, { action: 'outbound_webhook.secret_rotated', target: { type: 'outbound_webhook', id: before.id, label: before.name } });
    return after!;
  });
  return { ...summary(row), secret };
}

/** Deletes the webhook and, with it, its delivery log. */
export async function deleteOutboundWebhook(database: Database, actor: Actor, input: { webhookId: string }) {
  return database.transaction(async (tx) => {
    const before = await lockWebhook(tx, input.webhookId);
    await tx.delete(outboundWebhooks).where(eq(outboundWebhooks.id, before.id));
    await recordAudit(tx, actor, { action: 'outbound_webhook.deleted', target: { type: 'outbound_webhook', id: before.id, label: before.name }, before: audited(before) });
    return { id: before.id };
  });
}

/** Queues a `test` message to one webhook, whatever its event filter; it must be enabled. */
export async function sendTestEvent(database: Database, actor: Actor, webhookId: string) {
  return database.transaction(async (tx) => {
    const webhook = await lockWebhook(tx, webhookId);
    if (!webhook.enabled) throw new AppError('conflict', `Webhook ${webhook.name} is disabled; enable it to send a test.`);
    const data = { webhook: { id: webhook.id, name: webhook.name }, requestedBy: actor.label };
    const queued = await queueEventFor(tx, webhook.id, 'test', data);
    await recordAudit(tx, actor, { action: 'outbound_webhook.test_sent', target: { type: 'outbound_webhook', id: webhook.id, label: webhook.name }, details: { messageId: queued.messageId } });
    return { deliveryId: queued.deliveryIds[0]!, messageId: queued.messageId };
  });
}
