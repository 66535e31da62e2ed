import { z } from 'zod';
import { authorized, router } from '@/server/trpc/init';
import { modelNameSchema } from '@/server/registry/model-schemas';
import {
  aliasAtSchema,
  approveSchema,
  cancelSchema,
  deploymentListSchema,
  createPromotionSchema,
  effectivePolicySchema,
  emergencyRollbackSchema,
  inboxListSchema,
  markReadSchema,
  overrideSchema,
  policyInputSchema,
  policyRefSchema,
  previewSchema,
  promotionIdSchema,
  promotionListSchema,
  rejectSchema,
  timelineSchema,
} from './approval-schemas';
import { approvePromotion, rejectPromotion } from './decisions-service';
import { aliasAt, currentAliases, deploymentTimeline, listDeployments } from './deployment-queries';
import { emergencyRollback } from './emergency-rollback';
import { configuredEnvironments } from './environments';
import { listInbox, markInboxRead, unreadCount } from './inbox-service';
import { effectivePolicy, listPolicies, removePolicy, savePolicy } from './policies-service';
import { getPromotionReview, listPromotions, previewPromotion } from './request-queries';
import { cancelPromotionRequest, createPromotionRequest, overridePromotionGates } from './requests-service';

export const promotionsRouter = router({
  /** Configured environments, in promotion order. */
  environments: authorized('promotions:read').query(() => ({ environments: configuredEnvironments() })),
  /** One page of requests, newest first → `{ items: PromotionSummary[], total }`. */
  list: authorized('promotions:read')
    .input(promotionListSchema)
    .query(({ ctx, input }) => listPromotions(ctx.database, ctx.actor, input)),
  /** The review page → `PromotionReview`. */
  get: authorized('promotions:read')
    .input(promotionIdSchema)
    .query(({ ctx, input }) => getPromotionReview(ctx.database, ctx.actor, input.id)),
  /** What a request would look like (kind, policy, gates, serving version) before it is made. */
  preview: authorized('promotions:read')
    .input(previewSchema)
    .query(({ ctx, input }) => previewPromotion(ctx.database, input)),
  /** Request promotion of a validated version → `{ request: PromotionSummary, supersededIds }`. */
  request: authorized('promotions:request')
    .input(createPromotionSchema)
    .mutation(({ ctx, input }) => createPromotionRequest(ctx.database, ctx.actor, input)),
  /** Cancel your own pending request → `PromotionSummary`. */
  cancel: authorized('promotions:request')
    .input(cancelSchema)
    .mutation(({ ctx, input }) => cancelPromotionRequest(ctx.database, ctx.actor, input)),
  /** Approve → `{ request, decision, deployment: DeploymentView | null }` (deployment when this approval reached the quorum). */
  approve: authorized('promotions:decide')
    .input(approveSchema)
    .mutation(({ ctx, input }) => approvePromotion(ctx.database, ctx.actor, input)),
  /** Reject with a required comment → `{ request, decision, deployment: null }`. */
  reject: authorized('promotions:decide')
    .input(rejectSchema)
    .mutation(({ ctx, input }) => rejectPromotion(ctx.database, ctx.actor, input)),
  /** Admin: let approvals proceed despite failing gates, with a written reason → `PromotionSummary`. */
  override: authorized('promotions:override')
    .input(overrideSchema)
    .mutation(({ ctx, input }) => overridePromotionGates(ctx.database, ctx.actor, input)),
  /** Admin: move the alias back to a previously deployed version without approval → `DeploymentView`. */
  emergencyRollback: authorized('promotions:override')
    .input(emergencyRollbackSchema)
    .mutation(({ ctx, input }) => emergencyRollback(ctx.database, ctx.actor, input)),
  /** Per model: every environment's current alias, deployment count and pending request → `{ model, environments: TimelineEnvironment[] }`. */
  timeline: authorized('promotions:read')
    .input(timelineSchema)
    .query(({ ctx, input }) => deploymentTimeline(ctx.database, input.model, input.environment)),
  /** One page of a model's deployments (optionally one environment's), newest first, each with what replaced it → `{ model, deployments: DeploymentView[], total }`. */
  deployments: authorized('promotions:read')
    .input(deploymentListSchema)
    .query(({ ctx, input }) => listDeployments(ctx.database, input.model, input)),
  /** Current alias of every environment → `{ model, aliases: AliasView[] }`. */
  aliases: authorized('promotions:read')
    .input(z.object({ model: modelNameSchema }))
    .query(({ ctx, input }) => currentAliases(ctx.database, input.model)),
  /** "What served `environment` at `at`?" → `{ model, environment, at, deployment: DeploymentView | null }`. */
  aliasAt: authorized('promotions:read')
    .input(aliasAtSchema)
    .query(({ ctx, input }) => aliasAt(ctx.database, input.model, input.environment, input.at)),
});

export const policiesRouter = router({
  /** Every environment's policy with its per-model overrides, and the gate catalog for the form. */
  list: authorized('promotions:read').query(({ ctx }) => listPolicies(ctx.database)),
  /** The policy a request for `model` in `environment` would snapshot → `PolicyView`. */
  effective: authorized('promotions:read')
    .input(effectivePolicySchema)
    .query(({ ctx, input }) => effectivePolicy(ctx.database, input.environment, input.model)),
  /** Create or replace the environment's policy or a per-model override (audited before/after) → `PolicyView`. */
  save: authorized('policies:manage')
    .input(policyInputSchema)
    .mutation(({ ctx, input }) => savePolicy(ctx.database, ctx.actor, input)),
  /** Remove a per-model override (or an environment's policy, back to the built-in default) → `{ removed: boolean }`. */
  remove: authorized('policies:manage')
    .input(policyRefSchema)
    .mutation(({ ctx, input }) => removePolicy(ctx.database, ctx.actor, input)),
});

export const inboxRouter = router({
  /** One page of the current user's notifications, newest first → `{ items: InboxItem[], total, unread }` (`unread` counts them all). */
  list: authorized('promotions:read')
    .input(inboxListSchema)
    .query(({ ctx, input }) => listInbox(ctx.database, ctx.user.id, input)),
  unreadCount: authorized('promotions:read').query(({ ctx }) => unreadCount(ctx.database, ctx.user.id)),
  /** Mark some (`ids`) or all (`all: true`) as read → `{ unread }`. */
  markRead: authorized('promotions:read')
    .input(markReadSchema)
    .mutation(({ ctx, input }) => markInboxRead(ctx.database, ctx.user.id, input)),
});
