import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alerts, outboundDeliveries } from '@/db/schema';
import { createAlertRule } from '@/server/alerts/alert-rules-service';
import { systemActor } from '@/server/auth/actor';
import { verifyStandardWebhook } from '@/server/inbound-webhooks/standard-webhooks';
import { deliverOutbound } from '@/server/outbound-webhooks/deliver-outbound';
import { createOutboundWebhook } from '@/server/outbound-webhooks/outbound-webhooks-service';
import { createModel } from '@/server/registry/models-service';
import { createTestDatabase } from '@/server/testing/test-database';
import { evaluateKpiAlertRules } from './kpi-alerts';
import { createKpiDefinition, updateKpiDefinition } from './kpi-definitions-service';
import { ingestKpiPoints } from './kpi-ingest-service';

process.env.VIGIL_SECRETS_KEY = randomBytes(32).toString('base64');
const database = await createTestDatabase();
const actor = systemActor('test');
const HOUR = 3_600_000;
const received: { headers: http.IncomingHttpHeaders; body: string }[] = [];
const chat = http.createServer((request, response) => {
  let body = '';
  request.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
  request.on('end', () => {
    received.push({ headers: request.headers, body });
    response.end('ok');
  });
});
afterAll(() => new Promise<void>((resolve) => chat.close(() => resolve())));
let secret = '';

const ago = (hours: number) => new Date(Date.now() - hours * HOUR).toISOString();
let sequence = 0;
const post = (kpi: string, hoursAgo: number, point: Record<string, unknown>) => ingestKpiPoints(database, actor, [{ id: `p${++sequence}`, kpi, time: ago(hoursAgo), ...point }]);
const alertsOf = (ruleId: string) => database.select().from(alerts).where(eq(alerts.ruleId, ruleId)).orderBy(alerts.openedAt);
const evaluate = async (model = 'credit-risk') => (await evaluateKpiAlertRules(database)).get(model)!;

beforeAll(async () => {
  await new Promise<void>((resolve) => chat.listen(0, '127.0.0.1', resolve));
  secret = (await createOutboundWebhook(database, actor, { name: 'chat', url: `http://127.0.0.1:${(chat.address() as AddressInfo).port}/hook`, events: ['alert.opened', 'alert.resolved'] })).secret;
  for (const name of ['credit-risk', 'fraud']) {
    await createModel(database, actor, { name, taskType: 'binary_classification', features: [{ name: 'x', type: 'numeric' }], label: { name: 'y' }, tags: [], description: '', protectedAttributes: [] });
  }
  await createKpiDefinition(database, actor, { name: 'approval_rate', unit: '', aggregation: 'rate', direction: 'up', alertLow: 0.6, alertHigh: 0.95 });
  await createKpiDefinition(database, actor, { name: 'revenue', unit: 'EUR', aggregation: 'sum', direction: 'up', alertLow: 1000 });
  await createKpiDefinition(database, actor, { name: 'fraud_losses', unit: 'EUR', aggregation: 'sum', direction: 'down', alertHigh: 500, model: 'fraud' });
});

describe('kpi_threshold alerts', () => {
  it('open when the 24-hour aggregate of the model leaves the bounds, resolve when it returns; audited and sent out', async () => {
    const rule = await createAlertRule(database, actor, { modelName: 'credit-risk', kind: 'kpi_threshold', feature: 'approval_rate', severity: 'critical' });
    expect((await evaluate()).noData).toEqual([{ ruleId: rule.id, message: 'No points of KPI approval_rate in the last 24 hours' }]);

    await post('approval_rate', 2, { numerator: 30, denominator: 40, model: 'credit-risk' });
    // Other models' points and points older than the window do not count.
    await post('approval_rate', 1, { numerator: 0, denominator: 500, model: 'fraud' });
    await post('approval_rate', 30, { numerator: 0, denominator: 500, model: 'credit-risk' });
    expect((await evaluate()).quiet).toBe(1);

    await post('approval_rate', 1, { numerator: 10, denominator: 60, model: 'credit-risk' });
    const opened = await evaluate();
    expect(opened.opened).toEqual([expect.objectContaining({ ruleId: rule.id, kind: 'kpi_threshold', feature: 'approval_rate', value: 0.4, message: 'approval_rate 0.4 (rate of 2 points) below its low bound 0.6' })]);
    expect((await evaluate()).updated).toHaveLength(1);

    // Loosening the bounds resolves it at the next evaluation (which the change queues).
    await updateKpiDefinition(database, actor, { name: 'approval_rate', alertLow: 0.3 });
    const resolved = await evaluate();
    expect(resolved.resolved).toEqual([expect.objectContaining({ ruleId: rule.id, message: 'approval_rate 0.4 (rate of 2 points) within its bounds (≥ 0.3 and ≤ 0.95)' })]);
    expect((await alertsOf(rule.id)).map((a) => a.status)).toEqual(['resolved']);

    const alertId = opened.opened[0]!.alertId;
    const audited = await database.execute<{ action: string }>(sql`select action from audit_events where target_id = ${alertId} order by seq`);
    expect(audited.map((a) => a.action)).toEqual(['alert.opened', 'alert.resolved']);
    const deliveries = await database.select().from(outboundDeliveries).where(sql`${outboundDeliveries.payload}->'data'->'alert'->>'id' = ${alertId}`).orderBy(outboundDeliveries.createdAt);
    expect(deliveries.map((d) => d.eventType)).toEqual(['alert.opened', 'alert.resolved']);
    for (const d of deliveries) expect(await deliverOutbound(database, { deliveryId: d.id })).toMatchObject({ outcome: 'delivered' });
    const first = received[0]!;
    const headers = new Headers(Object.entries(first.headers).filter((e): e is [string, string] => typeof e[1] === 'string'));
    expect(verifyStandardWebhook(headers, Buffer.from(first.body), [secret]).ok).toBe(true);
    expect(JSON.parse(first.body)).toMatchObject({ type: 'alert.opened', text: expect.stringContaining('credit-risk* — Business KPI (approval_rate): approval_rate 0.4'), data: { rule: { kind: 'kpi_threshold', feature: 'approval_rate' } } });
  });

  it('judge a KPI posted without models on its points without a model, and a scoped KPI on all its points', async () => {
    const revenue = await createAlertRule(database, actor, { modelName: 'credit-risk', kind: 'kpi_threshold', feature: 'revenue' });
    const losses = await createAlertRule(database, actor, { modelName: 'fraud', kind: 'kpi_threshold', feature: 'fraud_losses' });
    await post('revenue', 3, { value: 400 });
    await post('revenue', 2, { value: 350 });
    await post('fraud_losses', 1, { value: 700 });
    const all = await evaluateKpiAlertRules(database);
    expect(all.get('credit-risk')!.opened).toEqual([expect.objectContaining({ ruleId: revenue.id, message: 'revenue 750 EUR (sum of 2 points) below its low bound 1,000 EUR' })]);
    expect(all.get('fraud')!.opened).toEqual([expect.objectContaining({ ruleId: losses.id, message: 'fraud_losses 700 EUR (sum of 1 points) above its high bound 500 EUR' })]);
    await post('revenue', 1, { value: 300 });
    expect((await evaluate()).resolved.map((r) => r.ruleId)).toEqual([revenue.id]);
  });

  it('are refused for unknown KPIs and KPIs of another model', async () => {
    await expect(createAlertRule(database, actor, { modelName: 'credit-risk', kind: 'kpi_threshold', feature: 'nps' })).rejects.toMatchObject({ code: 'unprocessable' });
    await expect(createAlertRule(database, actor, { modelName: 'credit-risk', kind: 'kpi_threshold', feature: 'fraud_losses' })).rejects.toMatchObject({ code: 'unprocessable', message: "KPI 'fraud_losses' belongs to another model." });
    await expect(createAlertRule(database, actor, { modelName: 'credit-risk', kind: 'kpi_threshold' })).rejects.toMatchObject({ code: 'bad_request' });
  });
});
