import { alertsRouter } from '@/server/alerts/alerts-router';
import { apiTokensRouter } from '@/server/api-tokens/api-tokens-router';
import { inboxRouter, policiesRouter, promotionsRouter } from '@/server/approvals/approvals-router';
import { auditRouter } from '@/server/audit/audit-router';
import { dashboardRouter } from '@/server/dashboard/dashboard-router';
import { fairnessRouter } from '@/server/fairness/fairness-router';
import { governanceRouter } from '@/server/governance/governance-router';
import { healthRouter } from '@/server/health/health-router';
import { impactRouter } from '@/server/impact/impact-router';
import { kpisRouter } from '@/server/kpis/kpis-router';
import { monitoringRouter } from '@/server/monitoring/monitoring-router';
import { outboundWebhooksRouter } from '@/server/outbound-webhooks/outbound-webhooks-router';
import { portfolioRouter } from '@/server/portfolio/portfolio-router';
import { referenceRouter } from '@/server/reference/reference-router';
import { createRegistryRouter } from '@/server/registry/registry-router';
import { shadowRouter } from '@/server/shadow/shadow-router';
import { shadowRunsOfVersions } from '@/server/shadow/shadow-queries';
import { webhooksRouter } from '@/server/inbound-webhooks/webhooks-router';
import { usersRouter } from '@/server/users/users-router';
import { authorized, createCallerFactory, router } from '@/server/trpc/init';

export const appRouter = router({
  me: authorized('portal:view').query(({ ctx }) => ctx.user),
  users: usersRouter,
  apiTokens: apiTokensRouter,
  audit: auditRouter,
  system: healthRouter,
  models: createRegistryRouter(shadowRunsOfVersions),
  monitoring: monitoringRouter,
  references: referenceRouter,
  dashboard: dashboardRouter,
  shadow: shadowRouter,
  fairness: fairnessRouter,
  webhooks: webhooksRouter,
  promotions: promotionsRouter,
  policies: policiesRouter,
  inbox: inboxRouter,
  outboundWebhooks: outboundWebhooksRouter,
  alerts: alertsRouter,
  kpis: kpisRouter,
  portfolio: portfolioRouter,
  governance: governanceRouter,
  impact: impactRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
