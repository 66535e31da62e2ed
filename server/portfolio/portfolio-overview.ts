import type { Database } from '@/db/client';
import { configuredEnvironments } from '@/server/approvals/environments';
import { fairnessConfigSchema } from '@/server/approvals/gates/gate-config';
import { modelSummaries, REALIZED_WINDOW_DAYS, type ModelSummary } from '@/server/dashboard/model-summaries';
import { latestCompletedReport } from '@/server/fairness/fairness-queries';
import { judgedDisparities } from '@/server/fairness/judged-disparities';
import { governanceScope } from '@/server/governance/governance-scope';
import { activityTotals } from '@/server/governance/monthly-activity';
import { modelHealth, type HealthReason, type HealthStatus } from './model-health';
import { accuracyRuleTargets, lastDeployments, modelsWithOwners, openAlerts, pendingPromotions, servingVersionIds, type LastDeployment, type OpenAlert, type PendingRequest } from './portfolio-queries';

// The portfolio overview, everyone's home page: one row per model with what serves where,
// its health and why, traffic, performance against target, alerts, pending promotions and
// the last deployment; and the counts above them. Traffic, latency, accuracy, target and
// serving versions come from the dashboard's model summaries (hourly rollups, never events).

const HOUR = 3_600_000;

export interface PortfolioRow {
  name: string;
  description: string;
  taskType: string;
  tags: string[];
  owner: { email: string; name: string } | null;
  /** Serving version per configured environment (null: nothing deployed there). */
  serving: { environment: string; version: number | null; since: Date | null }[];
  status: HealthStatus;
  reasons: HealthReason[];
  traffic: { last24h: number; hourly: { hour: Date; events: number }[]; latencyP95Ms: number | null };
  performance: {
    /** CBPE, from the latest drift report. */
    estimatedAccuracy: number | null;
    estimatedAt: Date | null;
    /** From the labelled events of the last `realizedDays` days. */
    realizedAccuracy: number | null;
    realizedLabeled: number;
    realizedDays: number;
    target: { value: number; source: string } | null;
  };
  openAlerts: Pick<OpenAlert, 'id' | 'kind' | 'severity' | 'message' | 'openedAt'>[];
  pendingPromotions: Pick<PendingRequest, 'id' | 'environment' | 'version' | 'createdAt'>[];
  lastDeployment: Omit<LastDeployment, 'modelId'> | null;
}

export interface PortfolioOverview {
  generatedAt: Date;
  environments: string[];
  production: string;
  counts: { models: number; inProduction: number; openAlerts: number; criticalAlerts: number; pendingApprovals: number; deploymentsThisMonth: number; rollbacksThisMonth: number };
  rows: PortfolioRow[];
}

function groupBy<T extends { modelId: string }>(items: T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) out.set(item.modelId, [...(out.get(item.modelId) ?? []), item]);
  return out;
}

/** The serving production version's latest fairness report over its traffic, judged as the gate judges it. */
async function fairnessOf(database: Database, summary: ModelSummary, versionId: string | undefined, production: string) {
  const serving = summary.serving.find((s) => s.environment === production);
  const report = serving && versionId ? await latestCompletedReport(database, versionId, 'traffic') : null;
  return serving && report?.report ? { version: serving.version, groupings: judgedDisparities(report.report) } : null;
}

export async function portfolioOverview(database: Database, now = new Date()): Promise<PortfolioOverview> {
  const environments = configuredEnvironments();
  const production = environments.at(-1)!;
  const [summaries, models, alerts, ruleTargets, pending, deployments, month, productionVersions] = await Promise.all([
    modelSummaries(database, { now }),
    modelsWithOwners(database),
    openAlerts(database),
    accuracyRuleTargets(database),
    pendingPromotions(database),
    lastDeployments(database),
    activityTotals(database, governanceScope(null, 1, now)),
    servingVersionIds(database, production),
  ]);
  const modelBy = new Map(models.map((m) => [m.id, m]));
  const alertsBy = groupBy(alerts);
  const pendingBy = groupBy(pending);
  const deploymentBy = new Map(deployments.map((d) => [d.modelId, d]));
  const fairnessBounds = fairnessConfigSchema.parse({});
  const fairness = await Promise.all(summaries.map((s) => fairnessOf(database, s, productionVersions.get(s.modelId), production)));
  const firstHour = Math.floor(now.getTime() / HOUR) * HOUR - 23 * HOUR;

  const rows = summaries.map((s, i): PortfolioRow => {
    const m = modelBy.get(s.modelId)!;
    const open = alertsBy.get(s.modelId) ?? [];
    const target = s.target ? { value: s.target.minimum, source: "the model's performance target" } : (ruleTargets.get(s.modelId) ?? null);
    const estimatedAccuracy = s.latestReport?.estimatedAccuracy ?? null;
    const realizedAccuracy = s.realized.labeled > 0 ? s.realized.accuracy : null;
    const health = modelHealth({
      deployedToProduction: s.serving.some((x) => x.environment === production),
      openAlerts: open,
      drift: s.latestReport,
      estimatedAccuracy,
      realizedAccuracy,
      target,
      fairness: fairness[i] ?? null,
      fairnessBounds,
    });
    const last = deploymentBy.get(s.modelId);
    return {
      name: s.name,
      description: m.description,
      taskType: s.taskType,
      tags: m.tags,
      owner: m.owner,
      serving: environments.map((environment) => {
        const x = s.serving.find((e) => e.environment === environment);
        return { environment, version: x?.version ?? null, since: x?.since ?? null };
      }),
      ...health,
      traffic: {
        last24h: s.last24h.events,
        hourly: s.last24h.hourly.map((events, h) => ({ hour: new Date(firstHour + h * HOUR), events })),
        latencyP95Ms: s.last24h.latency.p95?.value ?? null,
      },
      performance: { estimatedAccuracy, estimatedAt: estimatedAccuracy === null ? null : (s.latestReport?.windowTo ?? null), realizedAccuracy, realizedLabeled: s.realized.labeled, realizedDays: REALIZED_WINDOW_DAYS, target },
      openAlerts: open.map(({ id, kind, severity, message, openedAt }) => ({ id, kind, severity, message, openedAt })),
      pendingPromotions: (pendingBy.get(s.modelId) ?? []).map(({ id, environment, version, createdAt }) => ({ id, environment, version, createdAt })),
      lastDeployment: last ? { id: last.id, environment: last.environment, version: last.version, kind: last.kind, createdAt: last.createdAt } : null,
    };
  });
  const thisMonth = month.get(null)!;
  return {
    generatedAt: now,
    environments,
    production,
    counts: {
      models: rows.length,
      inProduction: rows.filter((r) => r.serving.some((s) => s.environment === production && s.version !== null)).length,
      openAlerts: alerts.length,
      criticalAlerts: alerts.filter((a) => a.severity === 'critical').length,
      pendingApprovals: pending.length,
      deploymentsThisMonth: thisMonth.deployments + thisMonth.rollbacks + thisMonth.emergencyRollbacks,
      rollbacksThisMonth: thisMonth.rollbacks + thisMonth.emergencyRollbacks,
    },
    rows,
  };
}
