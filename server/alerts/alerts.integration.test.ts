import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alerts, outboundDeliveries } from '@/db/schema';
import { createDefaultTestDatabase } from '@/server/testing/test-database';
import { systemActor, type Actor } from '@/server/auth/actor';
import { verifyStandardWebhook } from '@/server/inbound-webhooks/standard-webhooks';
import { deliverOutbound } from '@/server/outbound-webhooks/deliver-outbound';
import { createOutboundWebhook } from '@/server/outbound-webhooks/outbound-webhooks-service';
import { createModel } from '@/server/registry/models-service';
import { createCaller } from '@/server/app-router';
import { contextFor, fakeUser } from '@/server/trpc/test-context';
import { listAlerts } from './alert-queries';
import { createAlertRule, deleteAlertRule, listAlertRules, updateAlertRule } from './alert-rules-service';
import { evaluateAlerts, type MonitoringObservation } from './evaluate-alerts';

process.env.VIGIL_SECRETS_KEY = randomBytes(32).toString('base64');
process.env.NEXTAUTH_URL = 'https://vigil.example';
const database = await createDefaultTestDatabase();
const maintainer: Actor = { type: 'user', id: '00000000-0000-4000-8000-00000000000a', label: 'maintainer@vigil.test', roles: ['maintainer'], origin: { ip: null, userAgent: null } };

// A chat receiver: records what Vigil posts.
const posts: { headers: Headers; body: Buffer }[] = [];
const receiver = http.createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (c: Buffer) => chunks.push(c));
  request.on('end', () => {
    const headers = new Headers();
    for (const [name, value] of Object.entries(request.headers)) if (typeof value === 'string') headers.set(name, value);
    posts.push({ headers, body: Buffer.concat(chunks) });
    response.writeHead(200).end('ok');
  });
});
afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())));

let model: { id: string; name: string };
let webhookSecret = '';

beforeAll(async () => {
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/slack`;
  webhookSecret = (await createOutboundWebhook(database, maintainer, { name: 'slack', url, events: ['alert.opened', 'alert.resolved'] })).secret;
  const created = await createModel(database, systemActor('test'), {
    name: 'credit-risk',
    taskType: 'binary_classification',
    features: [{ name: 'income', type: 'numeric' }, { name: 'age', type: 'numeric' }],
    label: { name: 'default' },
    tags: [],
    description: '',
    protectedAttributes: [],
  });
  model = { id: created.id, name: created.name };
});

function observation(overrides: Partial<MonitoringObservation> = {}): MonitoringObservation {
  return {
    modelId: model.id,
    modelName: model.name,
    windowFrom: new Date('2025-01-01T00:00:00Z'),
    windowTo: new Date('2025-01-01T01:00:00Z'),
    driftShare: 0,
    datasetDrift: false,
    featureDrift: [
      { feature: 'income', drifted: false, value: 0.02, method: 'wasserstein' },
      { feature: 'age', drifted: false, value: 0.01, method: 'wasserstein' },
    ],
    estimatedAccuracy: 0.9,
    realizedAccuracy: null,
    latencyP95: 50,
    eventCount: 1000,
    eventsWithoutPrediction: 0,
    previousEventCount: 1000,
    reportId: null,
    ...overrides,
  };
}

const evaluate = (o: MonitoringObservation) => database.transaction((tx) => evaluateAlerts(tx, o));

async function alertsOf(ruleId: string) {
  return database.select().from(alerts).where(eq(alerts.ruleId, ruleId)).orderBy(alerts.openedAt);
}

async function auditCount(action: string, targetId: string): Promise<number> {
  const [row] = await database.execute<{ n: string }>(sql`select count(*) as n from audit_events where action = ${action} and target_id = ${targetId}`);
  return Number(row!.n);
}

async function deliveriesFor(alertId: string) {
  return database.select().from(outboundDeliveries).where(sql`${outboundDeliveries.payload}->'data'->'alert'->>'id' = ${alertId}`).orderBy(outboundDeliveries.createdAt);
}

describe('alert rules', () => {
  it('are created, changed and removed by maintainers through the API, audited; viewers only read', async () => {
    const asMaintainer = createCaller(contextFor(database, fakeUser(['maintainer'])));
    const asViewer = createCaller(contextFor(database, fakeUser(['viewer'])));
    const rule = await asMaintainer.alerts.createRule({ modelName: 'credit-risk', kind: 'latency_p95', threshold: 300, severity: 'critical' });
    expect(rule).toMatchObject({ kind: 'latency_p95', threshold: 300, severity: 'critical', enabled: true, feature: null });
    await expect(asViewer.alerts.createRule({ modelName: 'credit-risk', kind: 'latency_p95', threshold: 300 })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect((await asViewer.alerts.rules({ modelName: 'credit-risk' })).map((r) => r.id)).toContain(rule.id);
    await asMaintainer.alerts.updateRule({ ruleId: rule.id, threshold: 400 });
    await asMaintainer.alerts.deleteRule({ ruleId: rule.id });
    expect(await listAlertRules(database, 'credit-risk')).toEqual([]);
    expect([await auditCount('alert_rule.created', rule.id), await auditCount('alert_rule.updated', rule.id), await auditCount('alert_rule.deleted', rule.id)]).toEqual([1, 1, 1]);
  });

  it('are checked: features exist, thresholds fit the kind', async () => {
    const caller = createCaller(contextFor(database, fakeUser(['maintainer'])));
    await expect(caller.alerts.createRule({ modelName: 'credit-risk', kind: 'feature_drift', feature: 'zip' })).rejects.toMatchObject({ code: 'UNPROCESSABLE_CONTENT' });
    await expect(caller.alerts.createRule({ modelName: 'credit-risk', kind: 'feature_drift' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(caller.alerts.createRule({ modelName: 'credit-risk', kind: 'drift_share', threshold: 5 })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(caller.alerts.createRule({ modelName: 'no-such-model', kind: 'drift_share', threshold: 0.5 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('evaluateAlerts', () => {
  it('opens an alert, updates it while it fires without a duplicate, and resolves it; audited and notified', async () => {
    const rule = await createAlertRule(database, maintainer, { modelName: 'credit-risk', kind: 'drift_share', threshold: 0.5, severity: 'critical' });
    const drifting = (share: number) => observation({ driftShare: share, datasetDrift: share >= 0.5, featureDrift: [{ feature: 'income', drifted: true, value: 0.3, method: 'wasserstein' }], reportId: '00000000-0000-4000-8000-0000000000f1' });

    const first = await evaluate(drifting(0.5));
    expect(first.opened).toHaveLength(1);
    expect(first.opened[0]).toMatchObject({ ruleId: rule.id, severity: 'critical', value: 0.5, message: 'Drift share 50\u00a0% ≥ 50\u00a0% (income)' });
    const alertId = first.opened[0]!.alertId;

    const second = await evaluate(drifting(1));
    expect(second).toMatchObject({ opened: [], resolved: [], updated: [{ alertId, value: 1 }] });
    expect(await alertsOf(rule.id)).toHaveLength(1);
    expect((await alertsOf(rule.id))[0]).toMatchObject({ status: 'open', value: 1, message: 'Drift share 100\u00a0% ≥ 50\u00a0% (income)' });

    // The quiet window resolves it; the next quiet one finds nothing left to resolve.
    expect((await evaluate(drifting(0.1))).resolved).toEqual([expect.objectContaining({ alertId, change: 'resolved', value: 0.1 })]);
    const [resolved] = await alertsOf(rule.id);
    expect(resolved).toMatchObject({ status: 'resolved', message: 'Drift share 10\u00a0% < 50\u00a0% (income)', resolvedAt: expect.any(Date) });
    expect((await evaluate(drifting(0.1))).resolved).toEqual([]);

    expect(await auditCount('alert.opened', alertId)).toBe(1);
    expect(await auditCount('alert.resolved', alertId)).toBe(1);
    const [audit] = await database.execute<{ body: string }>(sql`select body from audit_events where action = 'alert.opened' and target_id = ${alertId}`);
    expect(JSON.parse(audit!.body)).toMatchObject({ actor: { type: 'system', label: 'alert-evaluator' }, target: { type: 'alert', label: 'credit-risk · Dataset drift share' }, details: { ruleId: rule.id, reportId: '00000000-0000-4000-8000-0000000000f1' } });

    // One message per transition, through the webhook, signed and with a Slack text.
    const deliveries = await deliveriesFor(alertId);
    expect(deliveries.map((d) => d.eventType)).toEqual(['alert.opened', 'alert.resolved']);
    for (const d of deliveries) expect(await deliverOutbound(database, { deliveryId: d.id })).toMatchObject({ outcome: 'delivered' });
    expect(posts).toHaveLength(2);
    expect(verifyStandardWebhook(posts[0]!.headers, posts[0]!.body, [webhookSecret]).ok).toBe(true);
    expect(JSON.parse(posts[0]!.body.toString())).toMatchObject({
      type: 'alert.opened',
      text: ':rotating_light: [critical] *credit-risk* — Dataset drift share: Drift share 50\u00a0% ≥ 50\u00a0% (income) · <https://vigil.example/models/credit-risk/alerts|View alerts>',
      data: { alert: { id: alertId, status: 'open', severity: 'critical', value: 0.5 }, model: { name: 'credit-risk' }, rule: { kind: 'drift_share', threshold: 0.5 } },
    });
    expect(JSON.parse(posts[1]!.body.toString())).toMatchObject({ type: 'alert.resolved', data: { alert: { id: alertId, status: 'resolved' } } });

    // Firing again later opens a new alert; history keeps the old one.
    const again = await evaluate(drifting(0.8));
    expect(again.opened).toHaveLength(1);
    expect((await alertsOf(rule.id)).map((a) => a.status)).toEqual(['resolved', 'open']);
    const listed = await listAlerts(database, { modelName: 'credit-risk', limit: 10 });
    expect(listed[0]).toMatchObject({ status: 'open', kind: 'drift_share', threshold: 0.5 });
    await deleteAlertRule(database, maintainer, { ruleId: rule.id });
  });

  it.each(['realized_accuracy_drop', 'estimated_accuracy_drop'] as const)('%s opens on a drop from the reference, resolves on recovery, and goes out', async (kind) => {
    const rule = await createAlertRule(database, maintainer, { modelName: 'credit-risk', kind, threshold: 0.1, severity: 'critical' });
    const reference = { value: 0.85, source: "v1's registered accuracy" };
    const field = kind === 'realized_accuracy_drop' ? 'realizedAccuracy' : 'estimatedAccuracy';
    const reading = (accuracy: number) => observation({ [field]: accuracy, referenceAccuracy: reference, realizedWindow: { from: new Date('2024-12-30T00:00:00Z'), to: new Date('2024-12-31T00:00:00Z'), labeled: 1200 } });
    expect((await evaluate(reading(0.8))).opened).toEqual([]);
    const { opened } = await evaluate(reading(0.65));
    expect(opened).toEqual([expect.objectContaining({ ruleId: rule.id, kind, value: expect.closeTo(0.2, 10) })]);
    expect(opened[0]!.message).toMatch(/65\u00a0% .*is 20\.0 points below the reference 85\u00a0% \(v1's registered accuracy\); alert at 10\u00a0% below$/);
    const { resolved } = await evaluate(reading(0.84));
    expect(resolved).toEqual([expect.objectContaining({ alertId: opened[0]!.alertId })]);
    const deliveries = await deliveriesFor(opened[0]!.alertId);
    expect(deliveries.map((d) => d.eventType)).toEqual(['alert.opened', 'alert.resolved']);
    const sent = posts.length;
    expect(await deliverOutbound(database, { deliveryId: deliveries[0]!.id })).toMatchObject({ outcome: 'delivered' });
    expect(JSON.parse(posts[sent]!.body.toString())).toMatchObject({ type: 'alert.opened', data: { rule: { kind, threshold: 0.1 }, alert: { severity: 'critical' } } });
    await deleteAlertRule(database, maintainer, { ruleId: rule.id });
  });

  it('leaves an open alert alone in a window without data for its rule', async () => {
    const rule = await createAlertRule(database, maintainer, { modelName: 'credit-risk', kind: 'realized_accuracy', threshold: 0.8, severity: 'warning' });
    expect((await evaluate(observation({ realizedAccuracy: 0.7 }))).opened).toHaveLength(1);
    const quiet = await evaluate(observation({ realizedAccuracy: null }));
    expect(quiet.noData).toEqual([{ ruleId: rule.id, message: 'No labelled events yet' }]);
    expect((await alertsOf(rule.id)).map((a) => [a.status, a.value])).toEqual([['open', expect.closeTo(0.7, 5)]]);
    await deleteAlertRule(database, maintainer, { ruleId: rule.id });
  });

  it('opens exactly one alert when evaluations of the same window run concurrently', async () => {
    const rule = await createAlertRule(database, maintainer, { modelName: 'credit-risk', kind: 'latency_p95', threshold: 100 });
    const slow = observation({ latencyP95: 450 });

    // Interleaved on purpose: the first evaluation has inserted its alert and holds its
    // transaction open while the second one runs into the unique index.
    let firstInserted!: () => void;
    let commitFirst!: () => void;
    const inserted = new Promise<void>((resolve) => (firstInserted = resolve));
    const gate = new Promise<void>((resolve) => (commitFirst = resolve));
    const first = database.transaction(async (tx) => {
      const result = await evaluateAlerts(tx, slow);
      firstInserted();
      await gate;
      return result;
    });
    await inserted;
    const second = database.transaction((tx) => evaluateAlerts(tx, slow));
    await new Promise((r) => setTimeout(r, 300));
    commitFirst();
    const results = await Promise.all([first, second]);
    expect(results.map((r) => [r.opened.length, r.updated.length])).toEqual([[1, 0], [0, 1]]);

    // And a burst of them, however they interleave.
    await evaluate(observation({ latencyP95: 20 }));
    const burst = await Promise.all(Array.from({ length: 6 }, () => evaluate(slow)));
    expect(burst.reduce((n, r) => n + r.opened.length, 0)).toBe(1);
    expect(burst.reduce((n, r) => n + r.updated.length, 0)).toBe(5);
    expect((await alertsOf(rule.id)).filter((a) => a.status === 'open')).toHaveLength(1);
    expect(await database.select().from(alerts).where(and(eq(alerts.ruleId, rule.id)))).toHaveLength(2);
    const opened = await database.execute<{ n: string }>(sql`select count(*) as n from audit_events where action = 'alert.opened' and body::jsonb->'details'->>'ruleId' = ${rule.id}`);
    expect(Number(opened[0]!.n)).toBe(2);
  });

  it('resolves and announces an open alert when its rule is disabled or removed', async () => {
    const rule = await createAlertRule(database, maintainer, { modelName: 'credit-risk', kind: 'feature_drift', feature: 'income' });
    const drifted = observation({ featureDrift: [{ feature: 'income', drifted: true, value: 0.4, method: 'wasserstein' }] });
    const { opened } = await evaluate(drifted);
    await updateAlertRule(database, maintainer, { ruleId: rule.id, enabled: false });
    expect(await alertsOf(rule.id)).toEqual([expect.objectContaining({ status: 'resolved', message: 'Rule disabled by maintainer@vigil.test' })]);
    expect((await deliveriesFor(opened[0]!.alertId)).map((d) => d.eventType)).toEqual(['alert.opened', 'alert.resolved']);
    // Disabled rules are not evaluated.
    expect((await evaluate(drifted)).opened).toEqual([]);
    await updateAlertRule(database, maintainer, { ruleId: rule.id, enabled: true });
    const reopened = await evaluate(drifted);
    expect(reopened.opened).toHaveLength(1);
    await deleteAlertRule(database, maintainer, { ruleId: rule.id });
    expect(await auditCount('alert.resolved', reopened.opened[0]!.alertId)).toBe(1);
    expect(await alertsOf(rule.id)).toEqual([]);
  });
});
