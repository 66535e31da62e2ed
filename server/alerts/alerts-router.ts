import { authorized, router } from '@/server/trpc/init';
import { listAlerts } from './alert-queries';
import { createAlertRuleSchema, listAlertsSchema, modelRefSchema, ruleIdSchema, updateAlertRuleSchema } from './alert-rule-schemas';
import { createAlertRule, deleteAlertRule, listAlertRules, updateAlertRule } from './alert-rules-service';

export const alertsRouter = router({
  rules: authorized('monitoring:read')
    .input(modelRefSchema)
    .query(({ ctx, input }) => listAlertRules(ctx.database, input.modelName)),
  list: authorized('monitoring:read')
    .input(listAlertsSchema)
    .query(({ ctx, input }) => listAlerts(ctx.database, input)),
  createRule: authorized('monitoring:write')
    .input(createAlertRuleSchema)
    .mutation(({ ctx, input }) => createAlertRule(ctx.database, ctx.actor, input)),
  updateRule: authorized('monitoring:write')
    .input(updateAlertRuleSchema)
    .mutation(({ ctx, input }) => updateAlertRule(ctx.database, ctx.actor, input)),
  deleteRule: authorized('monitoring:write')
    .input(ruleIdSchema)
    .mutation(({ ctx, input }) => deleteAlertRule(ctx.database, ctx.actor, input)),
});
