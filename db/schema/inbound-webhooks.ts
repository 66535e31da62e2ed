import { sql } from 'drizzle-orm';
import { boolean, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { modelVersions, registeredModels } from './registry';

export const WEBHOOK_SOURCES = ['github', 'ci'] as const;
export type WebhookSource = (typeof WEBHOOK_SOURCES)[number];

/** Secrets for inbound webhooks; HMAC needs the secret itself, so it is stored encrypted. */
export const webhookSecrets = pgTable('webhook_secrets', {
  id: uuid('id').primaryKey().defaultRandom(),
  source: text('source').$type<WebhookSource>().notNull(),
  label: text('label').notNull(),
  /** AES-256-GCM: base64 of iv | tag | ciphertext. */
  encryptedSecret: text('encrypted_secret').notNull(),
  hint: text('hint').notNull(),
  createdBy: text('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
});

/** Every verified inbound delivery and its fate; (source, delivery id) makes redelivery a no-op. */
export const inboundDeliveries = pgTable(
  'inbound_deliveries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    source: text('source').$type<WebhookSource>().notNull(),
    deliveryId: text('delivery_id'),
    event: text('event'),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    verified: boolean('verified').notNull(),
    outcome: text('outcome').notNull(),
    httpStatus: integer('http_status').notNull(),
    detail: text('detail'),
    releaseId: uuid('release_id'),
  },
  (t) => [
    // Only verified deliveries claim their id: a forged request cannot pre-empt a real one.
    uniqueIndex('inbound_deliveries_source_delivery').on(t.source, t.deliveryId).where(sql`verified`),
    index('inbound_deliveries_received_at').on(t.receivedAt),
  ],
);

/**
 * Requests refused before their signature was verified, counted per source, reason and hour
 * instead of logged one by one: an unauthenticated sender must not be able to write rows
 * of its choosing (ids, details) or grow a table without bound.
 */
export const inboundWebhookRefusals = pgTable(
  'inbound_webhook_refusals',
  {
    source: text('source').$type<WebhookSource>().notNull(),
    reason: text('reason').notNull(),
    hour: timestamp('hour', { withTimezone: true }).notNull(),
    count: integer('count').notNull(),
  },
  (t) => [primaryKey({ columns: [t.source, t.reason, t.hour] })],
);

/** A release reported by CI; linked to the version with the same model and git sha or tag. */
export const releases = pgTable(
  'releases',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    modelId: uuid('model_id')
      .notNull()
      .references(() => registeredModels.id, { onDelete: 'cascade' }),
    versionId: uuid('version_id').references(() => modelVersions.id),
    source: text('source').$type<WebhookSource>().notNull(),
    kind: text('kind').notNull(),
    name: text('name'),
    tag: text('tag'),
    gitSha: text('git_sha'),
    url: text('url'),
    runUrl: text('run_url'),
    reportedAt: timestamp('reported_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('releases_model_sha').on(t.modelId, t.gitSha), index('releases_model_tag').on(t.modelId, t.tag)],
);
