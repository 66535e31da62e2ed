import { beforeAll, describe, expect, it } from 'vitest';
import { alertRules, alerts, deployments, driftReports, fairnessReports, modelAliases, promotionRequests, referenceDatasets } from '@/db/schema';
import { createTestUser } from '@/server/approvals/approvals-test-kit';
import { systemActor } from '@/server/auth/actor';
import { setPerformanceTarget } from '@/server/dashboard/performance-target';
import type { FairnessReport } from '@/server/fairness/fairness-report-types';
import { createTestDatabase } from '@/server/testing/test-database';
import { ingestEvents } from '@/server/traffic/ingest-service';
import { recordLabels } from '@/server/traffic/labels-service';
import { registerTrafficModel, type TrafficFixture } from '@/server/traffic/traffic-fixtures';
import { portfolioOverview } from './portfolio-overview';

// The overview over three models in known states: one in production with an open critical
// alert, dataset drift, accuracy under its target, an unfair serving version and traffic in
// the last day; one only in staging with a pending production request; one never deployed.

const database = await createTestDatabase();
const HOUR = 3_600_000;
const NOW = new Date(Math.floor(Date.now() / HOUR) * HOUR + 30 * 60_000);
const CURRENT_HOUR = Math.floor(NOW.getTime() / HOUR) * HOUR;

let live: TrafficFixture;
let staged: TrafficFixture;
let idle: TrafficFixture;
const hourly = new Array<number>(24).fill(0);

async function deploy(m: TrafficFixture, version: number, environment: string, at: Date) {
  const [d] = await database.insert(deployments).values({ modelId: m.modelId, environment, versionId: m.versions.get(version)!, kind: 'promotion', deployedBy: 'test', createdAt: at }).returning();
  await database.insert(modelAliases).values({ modelId: m.modelId, environment, versionId: d!.versionId, deploymentId: d!.id, updatedAt: at });
  return d!;
}

beforeAll(async () => {
  live = await registerTrafficModel(database, 'portfolio-live', { versions: 2 });
  staged = await registerTrafficModel(database, 'portfolio-staged', { versions: 2 });
  idle = await registerTrafficModel(database, 'portfolio-idle', { versions: 1 });
  await deploy(live, 1, 'staging', new Date(NOW.getTime() - 48 * HOUR));
  await deploy(live, 1, 'production', new Date(NOW.getTime() - 47 * HOUR));
  await deploy(staged, 1, 'staging', new Date(NOW.getTime() - 5 * HOUR));
  await database.insert(promotionRequests).values({
    modelId: staged.modelId, versionId: staged.versions.get(1)!, environment: 'production', kind: 'promotion', justification: 'go', requestedByLabel: 'm@test.vigil',
    policySnapshot: {} as never, gateResults: [], gatesEvaluatedAt: NOW, createdAt: new Date(NOW.getTime() - HOUR), expiresAt: new Date(NOW.getTime() + 24 * HOUR),
  });

  // Traffic: events in 5 of the last 24 hours (one in the current hour), and some older ones that do not count.
  const events = [];
  for (const [ago, n] of [[0, 3], [1, 10], [5, 7], [23, 4], [12, 1], [30, 50]] as const) {
    for (let i = 0; i < n; i++) events.push({ requestId: `e-${ago}-${i}`, time: new Date(CURRENT_HOUR - ago * HOUR + i * 1000).toISOString(), version: 1, features: { age: 30, income: 10, employment: 'salaried', late_payments: 0 }, prediction: { score: 0.4 } });
    if (ago < 24) hourly[23 - ago] = n;
  }
  await ingestEvents(database, live.name, events, NOW);
  // Labels for the ten events an hour ago (all predicted "repaid"): seven right, three wrong.
  await recordLabels(database, live.name, Array.from({ length: 10 }, (_, i) => ({ requestId: `e-1-${i}`, label: i < 7 ? 'repaid' : 'defaulted' })));
  await setPerformanceTarget(database, systemActor('test'), { name: live.name, target: { metric: 'accuracy', minimum: 0.8 } });
  await database.insert(alertRules).values({ modelId: staged.modelId, kind: 'estimated_accuracy', threshold: 0.9, severity: 'warning', createdBy: 'test' });

  // A critical alert, a resolved one, and the latest drift report with dataset drift and an estimate under the 85 % target.
  const [rule] = await database.insert(alertRules).values({ modelId: live.modelId, kind: 'drift_share', threshold: 0.3, severity: 'critical', createdBy: 'test' }).returning();
  await database.insert(alertRules).values({ modelId: live.modelId, kind: 'estimated_accuracy', threshold: 0.85, severity: 'warning', createdBy: 'test' });
  await database.insert(alertRules).values({ modelId: live.modelId, kind: 'realized_accuracy', threshold: 0.7, severity: 'warning', createdBy: 'test' });
  await database.insert(alerts).values({ ruleId: rule!.id, modelId: live.modelId, status: 'open', severity: 'critical', message: 'Drift share 50 % ≥ 30 %', value: 0.5 });
  await database.insert(alerts).values({ ruleId: rule!.id, modelId: live.modelId, status: 'resolved', severity: 'critical', message: 'old', resolvedAt: NOW });
  const [reference] = await database.insert(referenceDatasets).values({ modelId: live.modelId, name: 'ref', rowCount: 1, profile: {} as never, createdBy: 'test' }).returning();
  const feature = (name: string, drifted: boolean) => ({ feature: name, drifted }) as never;
  const report = (hoursAgo: number, performance: Record<string, unknown>, datasetDrift: boolean) => ({
    modelId: live.modelId, referenceId: reference!.id, windowFrom: new Date(CURRENT_HOUR - (hoursAgo + 24) * HOUR), windowTo: new Date(CURRENT_HOUR - hoursAgo * HOUR), currentRows: 100,
    datasetDrift, driftShare: datasetDrift ? 0.5 : 0, features: [feature('age', datasetDrift), feature('income', datasetDrift), feature('employment', false), feature('late_payments', false)],
    performance: { estimatedRocAuc: null, realizedRocAuc: null, labeledRows: 0, realizedAccuracy: null, ...performance } as never,
  });
  await database.insert(driftReports).values([
    report(60, { estimatedAccuracy: 0.9, realizedAccuracy: 0.88, labeledRows: 500 }, false),
    report(48, { estimatedAccuracy: 0.86, realizedAccuracy: 0.81, labeledRows: 400 }, false),
    report(0, { estimatedAccuracy: 0.78 }, true),
  ]);
  // The serving version's latest fairness report breaks the four-fifths rule.
  const fairness: Partial<FairnessReport> = {
    groupings: [
      { key: 'gender', groups: [], judged: { groups: ['f', 'm'], fairlearn: { demographicParity: { ratioBetweenGroups: 0.6 }, equalizedOdds: { differenceBetweenGroups: 0.05 } }, aif360: null } } as never,
      { key: 'age_band', groups: [], judged: { groups: ['<30', '30+'], fairlearn: { demographicParity: { ratioBetweenGroups: 0.9 }, equalizedOdds: { differenceBetweenGroups: 0.15 } }, aif360: null } } as never,
    ],
  };
  await database.insert(fairnessReports).values({ modelId: live.modelId, versionId: live.versions.get(1)!, population: 'traffic', settings: {} as never, status: 'completed', trigger: 'schedule', report: fairness as FairnessReport, createdBy: 'test', finishedAt: NOW });
});

describe('portfolio overview', () => {
  it('counts models in production, open alerts, pending approvals and this month’s deployments', async () => {
    const overview = await portfolioOverview(database, NOW);
    expect(overview.environments).toEqual(['staging', 'production']);
    const monthStart = Date.UTC(NOW.getUTCFullYear(), NOW.getUTCMonth(), 1);
    // Deployments 47 and 48 hours ago may fall in last month on the first days of a month.
    const thisMonth = [48, 47, 5].filter((h) => NOW.getTime() - h * HOUR >= monthStart).length;
    expect(overview.counts).toEqual({ models: 3, inProduction: 1, openAlerts: 1, criticalAlerts: 1, pendingApprovals: 1, deploymentsThisMonth: thisMonth, rollbacksThisMonth: 0 });
  });

  it('judges a model critical from its alert, and says every reason in words', async () => {
    const { rows } = await portfolioOverview(database, NOW);
    const row = rows.find((r) => r.name === live.name)!;
    expect(row.status).toBe('critical');
    expect(row.reasons.map((r) => [r.severity, r.area, r.text])).toEqual([
      ['critical', 'alerts', 'Critical alert: Drift share 50 % ≥ 30 %'],
      ['warning', 'monitoring', 'Dataset drift in the latest report: 50.0 % of features drifted'],
      ['warning', 'monitoring', 'Estimated (CBPE) accuracy 78.0 % below the 80.0 % target'],
      ['warning', 'monitoring', 'Realized accuracy 70.0 % below the 80.0 % target'],
      ['warning', 'fairness', "Disparate impact 0.60 for gender, outside 0.8–1.25, in v1's latest fairness report"],
      ['warning', 'fairness', "Equalized odds difference 0.15 for age_band, above 0.1, in v1's latest fairness report"],
    ]);
  });

  it('shows serving versions per environment, traffic per hour from the rollups, performance and target', async () => {
    const { rows } = await portfolioOverview(database, NOW);
    const row = rows.find((r) => r.name === live.name)!;
    expect(row.serving.map((s) => [s.environment, s.version])).toEqual([['staging', 1], ['production', 1]]);
    expect(row.traffic.hourly.map((h) => h.events)).toEqual(hourly);
    expect(row.traffic.hourly[23]!.hour).toEqual(new Date(CURRENT_HOUR));
    expect(row.traffic.last24h).toBe(25);
    expect(row.performance).toMatchObject({ estimatedAccuracy: 0.78, realizedAccuracy: 0.7, realizedLabeled: 10, realizedDays: 7, target: { value: 0.8, source: "the model's performance target" } });
    expect(row.openAlerts).toHaveLength(1);
    expect(row.lastDeployment).toMatchObject({ environment: 'production', version: 1, kind: 'promotion' });
  });

  it('lists pending promotions, and calls an undeployed model healthy with nothing to watch', async () => {
    const { rows } = await portfolioOverview(database, NOW);
    const s = rows.find((r) => r.name === staged.name)!;
    expect(s.pendingPromotions).toMatchObject([{ environment: 'production', version: 1 }]);
    expect(s.serving.map((x) => x.version)).toEqual([1, null]);
    expect(s.status).toBe('healthy');
    // Without a performance target, the accuracy alert rule's threshold stands in for one.
    expect(s.performance.target).toEqual({ value: 0.9, source: 'the estimated accuracy alert rule' });
    const i = rows.find((r) => r.name === idle.name)!;
    expect(i).toMatchObject({ status: 'healthy', lastDeployment: null, traffic: { last24h: 0 } });
    expect(i.reasons).toEqual([{ severity: 'healthy', area: 'deployments', text: 'Not serving production: nothing to watch yet' }]);
  });

  it('is readable by viewers through tRPC', async () => {
    const viewer = await createTestUser(database, ['viewer']);
    const overview = await viewer.caller.portfolio.overview();
    expect(overview.rows.map((r) => r.name)).toEqual([idle.name, live.name, staged.name]);
  });
});
