import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { modelVersions, registeredModels } from './registry';
import { users } from './users';
import type { EvaluatedGate } from '@/server/approvals/gates/gate-types';
import type { PolicySnapshot } from '@/server/approvals/promotion-policy';

/** Promotion policy per environment, optionally overridden per model (model_id set). */
export const promotionPolicies = pgTable(
  'promotion_policies',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    environment: text('environment').notNull(),
    modelId: uuid('model_id').references(() => registeredModels.id, { onDelete: 'cascade' }),
    minApprovals: integer('min_approvals').notNull(),
    /** Rollbacks to a previously deployed version need a single approval. */
    fastRollback: boolean('fast_rollback').notNull().default(true),
    /** Required gates and their thresholds (see server/approvals/gates). */
    gates: jsonb('gates').$type<Record<string, unknown>>().notNull(),
    expiresAfterHours: integer('expires_after_hours').notNull().default(168),
    updatedBy: text('updated_by').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('promotion_policies_env_default').on(t.environment).where(sql`model_id is null`),
    uniqueIndex('promotion_policies_env_model').on(t.environment, t.modelId).where(sql`model_id is not null`),
  ],
);

export const PROMOTION_STATUSES = ['pending', 'approved', 'rejected', 'cancelled', 'expired', 'superseded'] as const;
export type PromotionStatus = (typeof PROMOTION_STATUSES)[number];

export const promotionRequests = pgTable(
  'promotion_requests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    modelId: uuid('model_id')
      .notNull()
      .references(() => registeredModels.id, { onDelete: 'cascade' }),
    versionId: uuid('version_id')
      .notNull()
      .references(() => modelVersions.id),
    environment: text('environment').notNull(),
    kind: text('kind').$type<'promotion' | 'rollback'>().notNull(),
    status: text('status').$type<PromotionStatus>().notNull().default('pending'),
    justification: text('justification').notNull(),
    requestedById: uuid('requested_by_id').references(() => users.id),
    requestedByLabel: text('requested_by_label').notNull(),
    /** The policy in force when the request was made; decisions are judged against it. */
    policySnapshot: jsonb('policy_snapshot').$type<PolicySnapshot>().notNull(),
    /** Latest gate evaluation (re-evaluated while pending). */
    gateResults: jsonb('gate_results').$type<EvaluatedGate[]>().notNull(),
    gatesEvaluatedAt: timestamp('gates_evaluated_at', { withTimezone: true }).notNull(),
    overrideReason: text('override_reason'),
    overrideBy: text('override_by'),
    overriddenAt: timestamp('overridden_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    closedReason: text('closed_reason'),
  },
  (t) => [
    index('promotion_requests_status').on(t.status, t.createdAt),
    index('promotion_requests_model_env').on(t.modelId, t.environment, t.createdAt),
    // A newer request supersedes older pending ones: at most one pending per model and environment.
    uniqueIndex('promotion_requests_one_pending').on(t.modelId, t.environment).where(sql`status = 'pending'`),
  ],
);

export const promotionDecisions = pgTable(
  'promotion_decisions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    requestId: uuid('request_id')
      .notNull()
      .references(() => promotionRequests.id, { onDelete: 'cascade' }),
    reviewerId: uuid('reviewer_id')
      .notNull()
      .references(() => users.id),
    reviewerLabel: text('reviewer_label').notNull(),
    decision: text('decision').$type<'approve' | 'reject'>().notNull(),
    comment: text('comment').notNull().default(''),
    /** Gate results exactly as they stood when this decision was made. */
    evidence: jsonb('evidence').$type<EvaluatedGate[]>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('promotion_decisions_one_per_reviewer').on(t.requestId, t.reviewerId)],
);

/** Every move of an environment's alias; the newest row per (model, environment) is what serves. */
export const deployments = pgTable(
  'deployments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    modelId: uuid('model_id')
      .notNull()
      .references(() => registeredModels.id, { onDelete: 'cascade' }),
    environment: text('environment').notNull(),
    versionId: uuid('version_id')
      .notNull()
      .references(() => modelVersions.id),
    previousVersionId: uuid('previous_version_id').references(() => modelVersions.id),
    requestId: uuid('request_id').references(() => promotionRequests.id),
    kind: text('kind').$type<'promotion' | 'rollback' | 'emergency_rollback'>().notNull(),
    reason: text('reason'),
    deployedBy: text('deployed_by').notNull(),
    approvedBy: text('approved_by').array().notNull().default(sql`'{}'::text[]`),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // Concurrent approvals reaching quorum together still make exactly one deployment.
    uniqueIndex('deployments_one_per_request').on(t.requestId),
    index('deployments_model_env').on(t.modelId, t.environment, t.createdAt),
  ],
);

/** The current alias of each environment (kept in step with deployments, in one transaction). */
export const modelAliases = pgTable(
  'model_aliases',
  {
    modelId: uuid('model_id')
      .notNull()
      .references(() => registeredModels.id, { onDelete: 'cascade' }),
    environment: text('environment').notNull(),
    versionId: uuid('version_id')
      .notNull()
      .references(() => modelVersions.id),
    deploymentId: uuid('deployment_id')
      .notNull()
      .references(() => deployments.id),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.modelId, t.environment] })],
);

/** In-app inbox. */
export const notifications = pgTable(
  'notifications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull().default(''),
    link: text('link'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    readAt: timestamp('read_at', { withTimezone: true }),
  },
  (t) => [index('notifications_user_unread').on(t.userId, t.createdAt).where(sql`read_at is null`)],
);
