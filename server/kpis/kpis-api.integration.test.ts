import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { kpiDefinitions, kpiPoints } from '@/db/schema';
import { createAlertRule, deleteAlertRule } from '@/server/alerts/alert-rules-service';
import { createToken } from '@/server/api-tokens/api-tokens-service';
import { systemActor } from '@/server/auth/actor';
import { createModel } from '@/server/registry/models-service';
import { callEndpoint } from '@/server/rest/call-endpoint';
import { createDefaultTestDatabase } from '@/server/testing/test-database';
import { deleteKpiDefinitionEndpoint, getKpiDefinitionEndpoint, ingestKpiPointsEndpoint, listKpiDefinitionsEndpoint, MAX_KPI_BODY_BYTES, putKpiDefinitionEndpoint } from './kpis-api';

const database = await createDefaultTestDatabase();
let writer = '';
let stranger = '';

const count = async () => (await database.select({ n: sql<number>`count(*)::int` }).from(kpiPoints))[0]!.n;
const audits = async (action: string) => Number((await database.execute<{ n: string }>(sql`select count(*) as n from audit_events where action = ${action}`))[0]!.n);
const queuedSweeps = async () => Number((await database.execute<{ n: string }>(sql`select count(*) as n from pgboss.job where name = 'kpi-alerts'`))[0]!.n);
const post = (json: unknown, token = writer) => callEndpoint(ingestKpiPointsEndpoint, { token, json });
const put = (name: string, json: unknown, token = writer) => callEndpoint(putKpiDefinitionEndpoint, { token, json, params: { name }, path: `/kpi-definitions/${name}` });
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

beforeAll(async () => {
  writer = (await createToken(database, systemActor('test'), { name: 'bi-export', scopes: ['kpis:write'] })).secret;
  stranger = (await createToken(database, systemActor('test'), { name: 'events', scopes: ['events:write'] })).secret;
  await createModel(database, systemActor('test'), { name: 'credit-risk', taskType: 'binary_classification', features: [{ name: 'income', type: 'numeric' }], label: { name: 'default' }, tags: [], description: '', protectedAttributes: [] });
});

describe('KPI definitions over REST', () => {
  it('creates (201), replaces (200, idempotent), reads and lists them; audited', async () => {
    const body = { unit: 'EUR', aggregation: 'sum', direction: 'up', target: 50_000, alertLow: 10_000 };
    const created = await put('revenue', body);
    expect(created).toMatchObject({ status: 201, json: { name: 'revenue', unit: 'EUR', aggregation: 'sum', direction: 'up', target: 50_000, alertLow: 10_000, alertHigh: null, model: null, createdBy: 'token:bi-export', lastPointAt: null } });
    expect(await put('revenue', body)).toMatchObject({ status: 200, json: { target: 50_000 } });
    // PUT replaces every field: omitted optional ones reset.
    expect(await put('revenue', { unit: 'EUR', aggregation: 'sum', direction: 'up' })).toMatchObject({ status: 200, json: { target: null, alertLow: null } });
    expect(await put('approval_rate', { unit: '%', aggregation: 'rate', direction: 'up', model: 'credit-risk', alertLow: 0.5, alertHigh: 0.9 })).toMatchObject({ status: 201, json: { model: 'credit-risk' } });
    expect(await callEndpoint(getKpiDefinitionEndpoint, { token: writer, params: { name: 'approval_rate' } })).toMatchObject({ status: 200, json: { aggregation: 'rate', alertHigh: 0.9 } });
    const listed = await callEndpoint(listKpiDefinitionsEndpoint, { token: writer });
    expect((listed.json.definitions as { name: string }[]).map((d) => d.name)).toEqual(['approval_rate', 'revenue']);
    expect(await audits('kpi_definition.created')).toBe(2);
    expect(await audits('kpi_definition.updated')).toBe(2);
  });

  it('refuses bad definitions and strangers, and changes nothing', async () => {
    const before = await database.select().from(kpiDefinitions);
    expect(await put('revenue', { aggregation: 'sum', direction: 'up' }, '')).toMatchObject({ status: 401 });
    expect(await put('revenue', { aggregation: 'sum', direction: 'up' }, stranger)).toMatchObject({ status: 403 });
    expect(await put('Revenue!', { aggregation: 'sum', direction: 'up' })).toMatchObject({ status: 400 });
    expect(await put('revenue', { aggregation: 'median', direction: 'up' })).toMatchObject({ status: 400 });
    expect(await put('revenue', { aggregation: 'sum', direction: 'up', target: '100' })).toMatchObject({ status: 400 });
    expect(await put('revenue', { aggregation: 'sum', direction: 'up', alertLow: 5, alertHigh: 1 })).toMatchObject({ status: 400 });
    expect(await put('revenue', { aggregation: 'sum', direction: 'up', colour: 'red' })).toMatchObject({ status: 400 });
    expect(await put('revenue', { aggregation: 'sum', direction: 'up', description: 'a\u0000b' })).toMatchObject({ status: 400 });
    expect(await put('revenue', { aggregation: 'sum', direction: 'up', model: 'no-such-model' })).toMatchObject({ status: 404 });
    const malformed = await callEndpoint(putKpiDefinitionEndpoint, { token: writer, params: { name: 'revenue' }, body: '{"aggregation":', headers: { 'content-type': 'application/json' } });
    expect(malformed).toMatchObject({ status: 400, json: { message: 'The request body is not valid JSON.' } });
    expect(await callEndpoint(getKpiDefinitionEndpoint, { token: writer, params: { name: 'nothing-here' } })).toMatchObject({ status: 404 });
    expect(await database.select().from(kpiDefinitions)).toEqual(before);
  });
});

describe('POST /api/v1/kpis', () => {
  it('stores a batch whole, counts replays as duplicates and refuses a reused id with other content (409)', async () => {
    const points = [
      { id: 'rev-1', kpi: 'revenue', time: minutesAgo(90), value: 1200.5, segment: 'north' },
      { id: 'rev-2', kpi: 'revenue', time: minutesAgo(30), value: 800 },
      { id: 'appr-1', kpi: 'approval_rate', time: minutesAgo(30), numerator: 30, denominator: 40 },
      { id: 'appr-2', kpi: 'approval_rate', time: minutesAgo(20), value: 1, model: 'credit-risk' },
    ];
    // The KPI alert evaluation is queued with the batch (one waiting job at most).
    await database.execute(sql`delete from pgboss.job where name = 'kpi-alerts'`);
    expect(await post({ points })).toMatchObject({ status: 201, json: { received: 4, inserted: 4, duplicates: 0 } });
    expect(await count()).toBe(4);
    expect(await audits('kpi_points.ingested')).toBe(1);
    expect(await queuedSweeps()).toBe(1);
    // The KPI scoped to credit-risk attributes its points to it.
    const attributed = await database.execute<{ models: string }>(sql`select string_agg(distinct m.name, ',') as models from kpi_points p join registered_models m on m.id = p.model_id where p.id like 'appr-%'`);
    expect(attributed[0]!.models).toBe('credit-risk');

    expect(await post({ points })).toMatchObject({ status: 200, json: { received: 4, inserted: 0, duplicates: 4 } });
    expect(await post({ points: [...points, { id: 'rev-3', kpi: 'revenue', time: minutesAgo(10), value: 5 }] })).toMatchObject({ status: 201, json: { inserted: 1, duplicates: 4 } });
    expect(await count()).toBe(5);

    const reused = await post({ points: [{ id: 'rev-4', kpi: 'revenue', time: minutesAgo(5), value: 1 }, { ...points[1]!, value: 801 }] });
    expect(reused).toMatchObject({ status: 409, json: { code: 'conflict', details: [{ index: 1, field: 'id', message: expect.stringMatching(/^id 'rev-2' is already stored with different content/) }] } });
    expect(await count()).toBe(5);
    expect(await audits('kpi_points.ingested')).toBe(2);
  });

  it('refuses invalid points with every problem by index and stores nothing', async () => {
    const before = await count();
    const ok = { id: 'x-ok', kpi: 'revenue', time: minutesAgo(1), value: 1 };
    const refused = await post({
      points: [
        ok,
        { id: 'x-1', kpi: 'unknown_kpi', time: minutesAgo(1), value: 1 },
        { id: 'x-2', kpi: 'revenue', time: minutesAgo(1), value: 'NaN' },
        { id: 'x-3', kpi: 'revenue', time: new Date(Date.now() + 3_600_000).toISOString(), value: 1 },
        { id: 'x-ok', kpi: 'revenue', time: minutesAgo(2), value: 2 },
        { id: 'x-5', kpi: 'revenue', time: '1999-01-01T00:00:00Z', value: 1 },
        { id: 'x-6', kpi: 'revenue', time: minutesAgo(1), numerator: 1, denominator: 2 },
      ],
    });
    expect(refused.status).toBe(400);
    expect(refused.json.message).toBe('6 point(s) are invalid; nothing was stored.');
    expect((refused.json.details as { index: number; field: string }[]).map((d) => [d.index, d.field])).toEqual([[1, 'kpi'], [2, 'value'], [3, 'time'], [4, 'id'], [5, 'time'], [6, 'numerator']]);
    // JSON cannot carry NaN, but 1e999 parses as Infinity.
    const infinite = await callEndpoint(ingestKpiPointsEndpoint, { token: writer, body: `{"points":[{"id":"inf","kpi":"revenue","time":"${minutesAgo(1)}","value":1e999}]}`, headers: { 'content-type': 'application/json' } });
    expect(infinite).toMatchObject({ status: 400, json: { details: [{ index: 0, field: 'value', message: 'value must be a finite number, not Infinity' }] } });
    expect(await count()).toBe(before);
  });

  it('refuses oversized, malformed and unauthorised requests and stores nothing', async () => {
    const before = await count();
    const many = Array.from({ length: 10_001 }, (_, i) => ({ id: `bulk-${i}`, kpi: 'revenue', time: minutesAgo(1), value: i }));
    expect(await post({ points: many })).toMatchObject({ status: 413, json: { message: 'At most 10,000 points per batch; got 10,001. Split the batch.' } });
    const huge = JSON.stringify({ points: [{ id: 'big', kpi: 'revenue', time: minutesAgo(1), value: 1, segment: 'x'.repeat(MAX_KPI_BODY_BYTES) }] });
    expect(await callEndpoint(ingestKpiPointsEndpoint, { token: writer, body: huge, headers: { 'content-type': 'application/json' } })).toMatchObject({ status: 413 });
    expect(await callEndpoint(ingestKpiPointsEndpoint, { token: writer, body: '{"points": [', headers: { 'content-type': 'application/json' } })).toMatchObject({ status: 400, json: { message: 'The request body is not valid JSON.' } });
    expect(await callEndpoint(ingestKpiPointsEndpoint, { token: writer, body: 'kpi,time,value', headers: { 'content-type': 'text/csv' } })).toMatchObject({ status: 415 });
    expect(await post({ points: [] })).toMatchObject({ status: 400, json: { message: 'Send at least one point.' } });
    expect(await post({ points: 'all of them' })).toMatchObject({ status: 400 });
    expect(await post([{ id: 'a', kpi: 'revenue', time: minutesAgo(1), value: 1 }])).toMatchObject({ status: 400 });
    expect(await post({ points: [{ id: 'a', kpi: 'revenue', time: minutesAgo(1), value: 1 }] }, '')).toMatchObject({ status: 401 });
    expect(await post({ points: [{ id: 'a', kpi: 'revenue', time: minutesAgo(1), value: 1 }] }, stranger)).toMatchObject({ status: 403 });
    expect(await count()).toBe(before);
  });

  it('stores a batch sent three times at once exactly once', async () => {
    const points = Array.from({ length: 50 }, (_, i) => ({ id: `race-${i}`, kpi: 'revenue', time: minutesAgo(3), value: i }));
    const results = await Promise.all([post({ points }), post({ points }), post({ points })]);
    expect(results.every((r) => r.status === 200 || r.status === 201)).toBe(true);
    expect(results.reduce((n, r) => n + (r.json.inserted as number), 0)).toBe(50);
    expect(results.reduce((n, r) => n + (r.json.duplicates as number), 0)).toBe(100);
  });

  it('stores a full batch of 10,000 points in one go, and replays it as duplicates', async () => {
    const start = Date.now() - 10 * 86_400_000;
    const points = Array.from({ length: 10_000 }, (_, i) => ({ id: `full-${i}`, kpi: 'revenue', time: new Date(start + i * 60_000).toISOString(), value: i % 7 }));
    expect(await post({ points })).toMatchObject({ status: 201, json: { inserted: 10_000 } });
    expect(await post({ points })).toMatchObject({ status: 200, json: { duplicates: 10_000 } });
  });
});

describe('changing and deleting definitions with points', () => {
  it('keeps aggregation and model once points exist, and refuses deleting a watched KPI', async () => {
    expect(await put('revenue', { aggregation: 'mean', direction: 'up' })).toMatchObject({ status: 409 });
    expect(await put('revenue', { aggregation: 'sum', direction: 'up', model: 'credit-risk' })).toMatchObject({ status: 409 });
    const rule = await createAlertRule(database, systemActor('test'), { modelName: 'credit-risk', kind: 'kpi_threshold', feature: 'revenue' });
    const del = (token = writer) => callEndpoint(deleteKpiDefinitionEndpoint, { token, params: { name: 'revenue' } });
    expect(await del(stranger)).toMatchObject({ status: 403 });
    expect(await del()).toMatchObject({ status: 409, json: { message: expect.stringMatching(/watched by 1 alert rule/) } });
    await deleteAlertRule(database, systemActor('test'), { ruleId: rule.id });
    const points = await count();
    const deleted = await del();
    expect(deleted).toMatchObject({ status: 200, json: { name: 'revenue' } });
    expect(await count()).toBe(points - (deleted.json.pointsDeleted as number));
    expect(await audits('kpi_definition.deleted')).toBe(1);
  });
});
