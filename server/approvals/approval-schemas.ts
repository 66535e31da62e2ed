import { z } from 'zod';
import { coercedDateInRange, int4, listOffset, multilineText, singleLineText } from '@/server/validation/input-primitives';
import { PROMOTION_STATUSES } from '@/db/schema/approvals';
import { modelNameSchema } from '@/server/registry/model-schemas';
import { gateConfigSchema } from './gates/gate-config';

// Inputs of the approvals routers and REST endpoints.

export const environmentNameSchema = singleLineText(40, { trim: true }).toLowerCase().min(1);
const text = (max: number) => multilineText(max, { trim: true });

export const createPromotionSchema = z.object({
  model: modelNameSchema,
  version: int4(),
  environment: environmentNameSchema,
  justification: text(4000).min(1, 'explain why this version should be promoted'),
});

export const promotionIdSchema = z.object({ id: z.uuid() });

export const approveSchema = z.object({ id: z.uuid(), comment: text(4000).default('') });
export const rejectSchema = z.object({ id: z.uuid(), comment: text(4000).min(1, 'a rejection needs a comment') });
export const cancelSchema = z.object({ id: z.uuid(), reason: text(2000).default('') });
export const overrideSchema = z.object({ id: z.uuid(), reason: text(4000).min(1, 'an override needs a written reason') });

export const emergencyRollbackSchema = z.object({
  model: modelNameSchema,
  environment: environmentNameSchema,
  version: int4(),
  reason: text(4000).min(1, 'an emergency rollback needs a written reason'),
});

export const promotionListSchema = z
  .object({
    /** `closed`: every status but pending. */
    status: z.enum([...PROMOTION_STATUSES, 'closed', 'all']).default('all'),
    model: modelNameSchema.optional(),
    environment: environmentNameSchema.optional(),
    /** Only requests the current user can decide now. */
    awaitingMe: z.boolean().default(false),
    /** Pending requests only: those the current user can decide now first, across pages, then the rest; newest first within each. */
    awaitingMeFirst: z.boolean().default(false),
    limit: z.number().int().min(1).max(500).default(100),
    offset: listOffset(),
  })
  .refine((f) => !f.awaitingMeFirst || f.status === 'pending', { message: 'awaitingMeFirst orders pending requests only: pass status "pending".', path: ['awaitingMeFirst'] })
  .default({ status: 'all', awaitingMe: false, awaitingMeFirst: false, limit: 100, offset: 0 });

export const previewSchema = z.object({ model: modelNameSchema, version: int4(), environment: environmentNameSchema });
export const timelineSchema = z.object({ model: modelNameSchema, environment: environmentNameSchema.optional() });
/** One page of a model's deployments (optionally one environment's), newest first. */
export const deploymentListSchema = z.object({ model: modelNameSchema, environment: environmentNameSchema.optional(), limit: z.number().int().min(1).max(500).default(100), offset: listOffset() });
export const aliasAtSchema = z.object({ model: modelNameSchema, environment: environmentNameSchema, at: coercedDateInRange() });

export const policyInputSchema = z.object({
  environment: environmentNameSchema,
  /** A model name for a per-model override; null for the environment's policy. */
  model: modelNameSchema.nullable().default(null),
  minApprovals: z.number().int().min(1).max(10),
  fastRollback: z.boolean(),
  expiresAfterHours: z.number().int().min(1).max(24 * 90),
  gates: gateConfigSchema,
});
export const policyRefSchema = z.object({ environment: environmentNameSchema, model: modelNameSchema.nullable().default(null) });
export const effectivePolicySchema = z.object({ environment: environmentNameSchema, model: modelNameSchema });

export const inboxListSchema = z
  .object({ unreadOnly: z.boolean().default(false), limit: z.number().int().min(1).max(200).default(50), offset: listOffset() })
  .default({ unreadOnly: false, limit: 50, offset: 0 });
export const markReadSchema = z.object({ ids: z.array(z.uuid()).max(500).optional(), all: z.boolean().default(false) });
