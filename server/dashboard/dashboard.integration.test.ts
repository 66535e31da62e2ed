import { and, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { alertRules, alerts, auditEvents, deployments, driftReports, kpiDefinitions, kpiPoints, modelAliases, monitoringConfigs, referenceDatasets } from '@/db/schema';
import { createCaller } from '@/server/app-router';
import { systemActor } from '@/server/auth/actor';
import { seededRandom } from '@/server/statistics/seeded-random';
import { createTestDatabase } from '@/server/testing/test-database';
import { ingestEvents } from '@/server/traffic/ingest-service';
import { recordLabels } from '@/server/traffic/labels-service';
import { latencyBucket } from '@/server/traffic/rollup-buckets';
import { registerTrafficModel, type TrafficFixture } from '@/server/traffic/traffic-fixtures';
import { contextFor, fakeUser } from '@/server/trpc/test-context';
import { DAY_MS, HOUR_MS } from './dashboard-range';
import { modelDashboard } from './model-dashboard';
import { modelSummaries } from './model-summaries';
import { performanceTarget, setPerformanceTarget } from './performance-target';

// The dashboard layer against events whose every figure is known here: each number must
// equal what the generated events give, and none may come from a scan of the events.

// As the schema owner: one case hides inference_events (ALTER TABLE), which the app's role may not.
const database = await createTestDatabase({ role: 'owner' });
const NOW = new Date(Math.floor(Date.now() / HOUR_MS) * HOUR_MS + 17 * 60_000);
const TODAY = Math.floor(NOW.getTime() / DAY_MS) * DAY_MS;
/** v2 went to production 4 days ago at 10:00 UTC. */
const V2_AT = TODAY - 4 * DAY_MS + 10 * HOUR_MS;
let model: TrafficFixture;

interface Generated {
  requestId: string;
  at: number;
  version: 1 | 2;
  score: number;
  logged: string | null;
  latencyMs: number;
  truth: string | null;
}

const generated: Generated[] = [];

function generate() {
  const random = seededRandom(11);
  // One event every 23 minutes over the last 20 days, up to now.
  for (let at = NOW.getTime() - 20 * DAY_MS, i = 0; at <= NOW.getTime(); at += 23 * 60_000, i++) {
    const score = Math.fround(random.next());
    const version = at < V2_AT ? 1 : 2;
    generated.push({
      requestId: `e-${i}`,
      at,
      version,
      score,
      logged: i % 4 === 0 ? (score >= 0.6 ? 'defaulted' : 'repaid') : null,
      latencyMs: Math.fround(Number((Math.exp(random.normal() * 0.6 + (version === 1 ? 2.5 : 2)) + 0.05).toFixed(3))),
      truth: i % 3 === 0 ? null : random.next() < score ? 'defaulted' : 'repaid',
    });
  }
}

const predictedPositive = (e: Generated) => (e.logged !== null ? e.logged === 'defaulted' : e.score >= 0.5);

/** What the dashboard must say about the events of [from, to). */
function expected(from: number, to: number) {
  const events = generated.filter((e) => e.at >= from && e.at < to);
  const labelled = events.filter((e) => e.truth !== null);
  const correct = labelled.filter((e) => predictedPositive(e) === (e.truth === 'defaulted')).length;
  const latencies = events.map((e) => e.latencyMs).sort((a, b) => a - b);
  return {
    events: events.length,
    positiveRate: events.length ? events.filter(predictedPositive).length / events.length : null,
    labeled: labelled.length,
    accuracy: labelled.length ? correct / labelled.length : null,
    p95: latencies[Math.ceil(0.95 * latencies.length) - 1]!,
    byVersion: { 1: events.filter((e) => e.version === 1).length, 2: events.filter((e) => e.version === 2).length },
  };
}

beforeAll(async () => {
  model = await registerTrafficModel(database, 'dash-credit', { versions: 2 });
  generate();
  const body = (e: Generated) => ({
    requestId: e.requestId,
    time: new Date(e.at).toISOString(),
    version: e.version,
    features: { age: 30, income: 10, employment: 'salaried', late_payments: 0 },
    prediction: e.logged === null ? { score: e.score } : { score: e.score, label: e.logged },
    latencyMs: e.latencyMs,
  });
  for (let i = 0; i < generated.length; i += 500) expect((await ingestEvents(database, model.name, generated.slice(i, i + 500).map(body), NOW)).inserted).toBe(Math.min(500, generated.length - i));
  const labelled = generated.filter((e) => e.truth !== null);
  for (let i = 0; i < labelled.length; i += 1000) await recordLabels(database, model.name, labelled.slice(i, i + 1000).map((e) => ({ requestId: e.requestId, label: e.truth })));

  // Deployments: v1 long ago (outside every range below but 30 days), v2 four days ago, a rollback to v1 in staging yesterday.
  const deploy = async (version: 1 | 2, environment: string, at: number, kind: 'promotion' | 'rollback' = 'promotion') => {
    const [d] = await database
      .insert(deployments)
      .values({ modelId: model.modelId, environment, versionId: model.versions.get(version)!, kind, deployedBy: 'maintainer@vigil.test', approvedBy: ['reviewer@vigil.test', 'reviewer2@vigil.test'], createdAt: new Date(at) })
      .returning();
    await database
      .insert(modelAliases)
      .values({ modelId: model.modelId, environment, versionId: d!.versionId, deploymentId: d!.id, updatedAt: new Date(at) })
      .onConflictDoUpdate({ target: [modelAliases.modelId, modelAliases.environment], set: { versionId: d!.versionId, deploymentId: d!.id, updatedAt: new Date(at) } });
  };
  await deploy(1, 'production', TODAY - 25 * DAY_MS);
  await deploy(2, 'staging', V2_AT - DAY_MS);
  await deploy(2, 'production', V2_AT);
  await deploy(1, 'staging', TODAY - DAY_MS + 3 * HOUR_MS, 'rollback');

  // Alerts: one resolved before the 7-day range, one from 3 to 2 days ago, one open since yesterday.
  const [rule] = await database.insert(alertRules).values({ modelId: model.modelId, kind: 'drift_share', threshold: 0.3, severity: 'critical', createdBy: 'test' }).returning();
  const alert = (opened: number, resolved: number | null, message: string) =>
    database.insert(alerts).values({ ruleId: rule!.id, modelId: model.modelId, status: resolved === null ? 'open' : 'resolved', severity: 'critical', message, openedAt: new Date(opened), resolvedAt: resolved === null ? null : new Date(resolved) });
  await alert(TODAY - 12 * DAY_MS, TODAY - 11 * DAY_MS, 'old');
  await alert(TODAY - 3 * DAY_MS, TODAY - 2 * DAY_MS, 'episode');
  await alert(TODAY - DAY_MS, null, 'ongoing');

  // Drift reports every 6 hours over the last 3 days.
  const [reference] = await database.insert(referenceDatasets).values({ modelId: model.modelId, name: 'ref', rowCount: 1, profile: {} as never, createdBy: 'test' }).returning();
  const windows = Array.from({ length: 12 }, (_, i) => TODAY - 2 * DAY_MS + i * 6 * HOUR_MS).filter((end) => end <= NOW.getTime());
  await database.insert(driftReports).values(
    windows.map((end, i) => ({
      modelId: model.modelId,
      referenceId: reference!.id,
      windowFrom: new Date(end - DAY_MS),
      windowTo: new Date(end),
      currentRows: 60,
      datasetDrift: i % 4 === 3,
      driftShare: (i % 4) / 4,
      features: [],
      performance: { estimatedAccuracy: 0.8 + i / 100, estimatedRocAuc: null, realizedAccuracy: null, realizedRocAuc: null, labeledRows: 0 },
    })),
  );

  // A KPI of the model, an unscoped KPI it posts to, and an unscoped one it does not.
  const [own, shared, other] = await database
    .insert(kpiDefinitions)
    .values([
      { name: 'approvals', aggregation: 'sum', direction: 'up', unit: 'loans', modelId: model.modelId, createdBy: 'test', updatedBy: 'test' },
      { name: 'complaints', aggregation: 'sum', direction: 'down', createdBy: 'test', updatedBy: 'test' },
      { name: 'unrelated', aggregation: 'sum', direction: 'up', createdBy: 'test', updatedBy: 'test' },
    ])
    .returning();
  await database.insert(kpiPoints).values([
    { id: 'k1', kpiId: own!.id, time: new Date(TODAY - DAY_MS + HOUR_MS), value: 40, modelId: model.modelId },
    { id: 'k2', kpiId: own!.id, time: new Date(TODAY - DAY_MS + 2 * HOUR_MS), value: 2, modelId: model.modelId },
    { id: 'k3', kpiId: shared!.id, time: new Date(TODAY - 2 * DAY_MS), value: 3, modelId: model.modelId },
    { id: 'k4', kpiId: other!.id, time: new Date(TODAY - 2 * DAY_MS), value: 3 },
  ]);
  await database.insert(monitoringConfigs).values({ modelId: model.modelId, config: { windowHours: 12 } });
});

describe('modelDashboard', () => {
  it('gives every bucket of a 30-day range by UTC day, as the events give them', async () => {
    const view = await modelDashboard(database, { name: model.name, range: '30d' }, NOW);
    expect(view.range.bucket).toBe('day');
    expect(view.current.points).toHaveLength(30);
    expect(view.range.to.getTime()).toBe(TODAY + DAY_MS);
    for (const point of view.current.points) {
      const want = expected(point.start.getTime(), point.start.getTime() + DAY_MS);
      expect(point.events).toBe(want.events);
      expect(point.labeled).toBe(want.labeled);
      if (want.events === 0) {
        expect(point.positiveRate).toBeNull();
        continue;
      }
      expect(point.positiveRate).toBeCloseTo(want.positiveRate!, 12);
      expect(point.realized.accuracy).toBeCloseTo(want.accuracy!, 12);
      expect(point.eventsByVersion).toEqual(Object.fromEntries(Object.entries(want.byVersion).filter(([, n]) => n > 0)));
      const p95 = point.latency.p95!;
      expect(latencyBucket(want.p95)).toBe(latencyBucket(p95.lower === 0 ? 0 : p95.lower * (1 + 1e-9)));
    }
    const all = expected(view.range.from.getTime(), view.range.to.getTime());
    expect(view.current.summary).toMatchObject({ events: all.events, labeled: all.labeled, withoutPrediction: 0 });
    expect(view.current.summary.realized.accuracy).toBeCloseTo(all.accuracy!, 12);
    expect(view.current.versions.map((v) => [v.version, v.events])).toEqual([[1, all.byVersion[1]], [2, all.byVersion[2]]]);
    expect(view.current.summary.scoreHistogram.reduce((a, b) => a + b, 0)).toBe(all.events);
    expect(view.model).toEqual({ name: 'dash-credit', taskType: 'binary_classification', positiveClass: 'defaulted' });
  });

  it('marks deployments with version and approvers, alert periods overlapping the range, and drift reports per bucket', async () => {
    const view = await modelDashboard(database, { name: model.name, range: '7d' }, NOW);
    expect(view.range.bucket).toBe('hour');
    expect(view.current.points).toHaveLength(168);
    expect(view.deployments.map((d) => [d.environment, d.kind, d.version, d.previousVersion])).toEqual([
      ['staging', 'promotion', 2, null],
      ['production', 'promotion', 2, null],
      ['staging', 'rollback', 1, null],
    ]);
    expect(view.deployments[1]).toMatchObject({ at: new Date(V2_AT), approvedBy: ['reviewer@vigil.test', 'reviewer2@vigil.test'], deployedBy: 'maintainer@vigil.test' });
    expect(view.alerts.map((a) => [a.message, a.resolvedAt === null])).toEqual([['episode', false], ['ongoing', true]]);
    const reports = view.current.points.filter((p) => p.estimatedAccuracy !== null);
    expect(reports.length).toBe(view.current.driftReports.length);
    expect(view.current.summary.latestReport?.estimatedAccuracy).toBeCloseTo(0.8 + (view.current.driftReports.length - 1) / 100, 6);
    // The hour of v2's deployment: v1 before it, v2 after, in the same bucket.
    const hour = view.current.points.find((p) => p.start.getTime() === V2_AT)!;
    expect(Object.keys(hour.eventsByVersion)).toEqual(['2']);
    const before = view.current.points.find((p) => p.start.getTime() === V2_AT - HOUR_MS)!;
    expect(Object.keys(before.eventsByVersion)).toEqual(['1']);
  });

  it('compares with the previous period of the same length and buckets', async () => {
    const view = await modelDashboard(database, { name: model.name, range: '7d', bucket: 'day', compare: true }, NOW);
    expect(view.previous).not.toBeNull();
    expect(view.range.previous).toEqual({ from: new Date(TODAY - 13 * DAY_MS), to: new Date(TODAY - 6 * DAY_MS) });
    expect(view.previous!.points).toHaveLength(7);
    const want = expected(TODAY - 13 * DAY_MS, TODAY - 6 * DAY_MS);
    expect(view.previous!.summary.events).toBe(want.events);
    expect(view.previous!.summary.positiveRate).toBeCloseTo(want.positiveRate!, 12);
    expect(view.previous!.versions.map((v) => v.version)).toEqual([1]);
    // Overlays cover both periods.
    expect(view.alerts.map((a) => a.message)).toEqual(['old', 'episode', 'ongoing']);
  });

  it('brings the model’s business KPIs, its own and the unscoped ones it posted to', async () => {
    const view = await modelDashboard(database, { name: model.name, range: '7d', bucket: 'day' }, NOW);
    expect(view.current.kpis.map((k) => k.kpi.name)).toEqual(['approvals', 'complaints']);
    const approvals = view.current.kpis[0]!;
    expect(approvals.points.map((p) => p.value)).toEqual([null, null, null, null, null, 42, null]);
  });

  it('reads the rollups and the reports, never the events', async () => {
    const direct = await modelDashboard(database, { name: model.name, range: '90d', compare: true }, NOW);
    await expect(
      database.transaction(async (tx) => {
        await tx.execute(sql`alter table inference_events rename to inference_events_hidden`);
        expect(await modelDashboard(tx, { name: model.name, range: '90d', compare: true }, NOW)).toEqual(direct);
        expect((await modelSummaries(tx, { now: NOW })).length).toBe(1);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
  });

  it('refuses a range it cannot draw, with a clear error', async () => {
    const viewer = createCaller(contextFor(database, fakeUser(['viewer'])));
    await expect(viewer.dashboard.model({ name: model.name, range: '90d', bucket: 'hour' })).rejects.toThrow(/Hourly points are limited to 31 days/);
    await expect(viewer.dashboard.model({ name: model.name, range: 'custom', from: '2026-02-30', to: '2026-03-02' })).rejects.toThrow(/Not a calendar day/);
    await expect(viewer.dashboard.model({ name: model.name, range: 'custom', from: '2026-03-05', to: '2026-03-02' })).rejects.toThrow(/ends before it starts/);
    await expect(viewer.dashboard.model({ name: 'no-such-model' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const custom = await viewer.dashboard.model({ name: model.name, range: 'custom', from: new Date(TODAY - 2 * DAY_MS).toISOString().slice(0, 10), to: new Date(TODAY - DAY_MS).toISOString().slice(0, 10) });
    expect(custom.range).toMatchObject({ bucket: 'hour', buckets: 48, from: new Date(TODAY - 2 * DAY_MS), to: new Date(TODAY) });
    expect(custom.current.summary.events).toBe(expected(TODAY - 2 * DAY_MS, TODAY).events);
  });
});

describe('performance target', () => {
  it('is kept in the monitoring settings beside the others, audited, and can be removed', async () => {
    expect(await performanceTarget(database, model.modelId)).toBeNull();
    await setPerformanceTarget(database, systemActor('test'), { name: model.name, target: { metric: 'accuracy', minimum: 0.8 } });
    expect(await performanceTarget(database, model.modelId)).toEqual({ metric: 'accuracy', minimum: 0.8 });
    const [config] = await database.select().from(monitoringConfigs).where(eq(monitoringConfigs.modelId, model.modelId));
    expect(config!.config).toEqual({ windowHours: 12, performanceTarget: { metric: 'accuracy', minimum: 0.8 } });
    const audit = await database.select().from(auditEvents).where(and(eq(auditEvents.action, 'monitoring_settings.updated')));
    expect(audit).toHaveLength(1);
    expect((await modelDashboard(database, { name: model.name, range: '24h' }, NOW)).target).toEqual({ metric: 'accuracy', minimum: 0.8 });

    await expect(setPerformanceTarget(database, systemActor('test'), { name: model.name, target: { metric: 'accuracy', minimum: 1.2 } })).rejects.toThrow();
    await expect(setPerformanceTarget(database, systemActor('test'), { name: model.name, target: { metric: 'roc_auc' as 'accuracy', minimum: 0.7 } })).rejects.toThrow();
    expect(await performanceTarget(database, model.modelId)).toEqual({ metric: 'accuracy', minimum: 0.8 });

    await setPerformanceTarget(database, systemActor('test'), { name: model.name, target: null });
    expect(await performanceTarget(database, model.modelId)).toBeNull();
    const [after] = await database.select().from(monitoringConfigs).where(eq(monitoringConfigs.modelId, model.modelId));
    expect(after!.config).toEqual({ windowHours: 12 });
  });

  it('is set by maintainers only', async () => {
    const viewer = createCaller(contextFor(database, fakeUser(['viewer'])));
    await expect(viewer.dashboard.setTarget({ name: model.name, target: { metric: 'accuracy', minimum: 0.7 } })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const maintainer = createCaller(contextFor(database, fakeUser(['maintainer'])));
    await expect(maintainer.dashboard.setTarget({ name: model.name, target: { metric: 'accuracy', minimum: 7 } })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(await performanceTarget(database, model.modelId)).toBeNull();
  });
});

describe('modelSummaries', () => {
  it('sums the last 24 hours per hour, the last 7 days of labels, and says what serves', async () => {
    await setPerformanceTarget(database, systemActor('test'), { name: model.name, target: { metric: 'accuracy', minimum: 0.75 } });
    const [summary] = await modelSummaries(database, { now: NOW });
    const currentHourEnd = Math.floor(NOW.getTime() / HOUR_MS) * HOUR_MS + HOUR_MS;
    const day = expected(currentHourEnd - DAY_MS, currentHourEnd);
    expect(summary!.name).toBe('dash-credit');
    expect(summary!.last24h.events).toBe(day.events);
    expect(summary!.last24h.hourly).toHaveLength(24);
    expect(summary!.last24h.hourly.reduce((a, b) => a + b, 0)).toBe(day.events);
    expect(summary!.last24h.positiveRate).toBeCloseTo(day.positiveRate!, 12);
    const week = expected(currentHourEnd - 7 * DAY_MS, currentHourEnd);
    expect(summary!.realized.labeled).toBe(week.labeled);
    expect(summary!.realized.accuracy).toBeCloseTo(week.accuracy!, 12);
    expect(summary!.serving.map((s) => [s.environment, s.version])).toEqual([['staging', 1], ['production', 2]]);
    expect(summary!.target).toEqual({ metric: 'accuracy', minimum: 0.75 });
    expect(summary!.latestReport?.windowTo.getTime()).toBeLessThanOrEqual(NOW.getTime());
    expect(await modelSummaries(database, { modelIds: [] })).toEqual([]);
  });
});
