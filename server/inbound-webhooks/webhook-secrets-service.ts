import { and, desc, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { singleLineText } from '@/server/validation/input-primitives';
import type { Database, Executor } from '@/db/client';
import { WEBHOOK_SOURCES, webhookSecrets, type WebhookSource } from '@/db/schema';
import { recordAudit } from '@/server/audit/record-audit';
import type { Actor } from '@/server/auth/actor';
import { AppError } from '@/server/errors/app-error';
import { loadSecretsKey, openSecret, sealSecret } from '@/server/secrets/secret-box';
import { generateWebhookSecret } from './standard-webhooks';

export const createWebhookSecretSchema = z.object({ source: z.enum(WEBHOOK_SOURCES), label: singleLineText(100, { trim: true }).min(1) });
export const revokeWebhookSecretSchema = z.object({ secretId: z.uuid() });

/** Two live secrets per source allow rotation: add the new one, update CI, revoke the old. */
const MAX_ACTIVE_PER_SOURCE = 2;

export async function listWebhookSecrets(database: Database) {
  return database
    .select({ id: webhookSecrets.id, source: webhookSecrets.source, label: webhookSecrets.label, hint: webhookSecrets.hint, createdBy: webhookSecrets.createdBy, createdAt: webhookSecrets.createdAt, revokedAt: webhookSecrets.revokedAt })
    .from(webhookSecrets)
    .orderBy(desc(webhookSecrets.createdAt));
}

export async function createWebhookSecret(database: Database, actor: Actor, input: z.infer<typeof createWebhookSecretSchema>) {
  const secret = generateWebhookSecret(input.source === 'github' ? 'github' : 'standard');
  const hint = `…${secret.slice(-4)}`;
  const row = await database.transaction(async (tx) => {
    const active = await tx.select({ id: webhookSecrets.id }).from(webhookSecrets).where(and(eq(webhookSecrets.source, input.source), isNull(webhookSecrets.revokedAt))).for('update');
    if (active.length >= MAX_ACTIVE_PER_SOURCE) {
      throw new AppError('conflict', `There are already ${MAX_ACTIVE_PER_SOURCE} active ${input.source} secrets; revoke the old one first.`);
    }
    const [created] = await tx
      .insert(webhookSecrets)
      .values({ source: input.source, label: input.label, encryptedSecret: sealSecret(secret, loadSecretsKey()), hint, createdBy: actor.label })
      .returning({ id: webhookSecrets.id, source: webhookSecrets.source, label: webhookSecrets.label });
    await recordAudit(tx, actor, { action: 'webhook_secret.created', target: { type: 'webhook_secret', id: created!.id, label: input.label }, after: { source: input.source, hint } });
    return created!;
  });
  return { ...row, secret };
}

export async function revokeWebhookSecret(database: Database, actor: Actor, input: z.infer<typeof revokeWebhookSecretSchema>) {
  return database.transaction(async (tx) => {
    const [row] = await tx
      .update(webhookSecrets)
      .set({ revokedAt: new Date() })
      .where(and(eq(webhookSecrets.id, input.secretId), isNull(webhookSecrets.revokedAt)))
      .returning({ id: webhookSecrets.id, label: webhookSecrets.label, source: webhookSecrets.source });
    if (!row) throw new AppError('not_found', 'No active webhook secret with that id.');
    await recordAudit(tx, actor, { action: 'webhook_secret.revoked', target: { type: 'webhook_secret', id: row.id, label: row.label }, details: { source: row.source } });
    return row;
  });
}

/** Plain secrets of a source, newest first, for signature checks. */
export async function activeSecrets(executor: Executor, source: WebhookSource): Promise<string[]> {
  const rows = await executor
    .select({ sealed: webhookSecrets.encryptedSecret })
    .from(webhookSecrets)
    .where(and(eq(webhookSecrets.source, source), isNull(webhookSecrets.revokedAt)))
    .orderBy(desc(webhookSecrets.createdAt));
  const key = loadSecretsKey();
  return rows.map((r) => openSecret(r.sealed, key));
}
