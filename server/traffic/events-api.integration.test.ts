import { gzipSync } from 'node:zlib';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDefaultTestDatabase } from '@/server/testing/test-database';
import { createToken } from '@/server/api-tokens/api-tokens-service';
import { systemActor } from '@/server/auth/actor';
import { callEndpoint } from '@/server/rest/call-endpoint';
import { readEvents } from './event-reader';
import { ingestEventsEndpoint, recordLabelsEndpoint } from './events-api';
import { registerTrafficModel, type TrafficFixture } from './traffic-fixtures';

const database = await createDefaultTestDatabase();
const HOUR = 3_600_000;
const base = Date.now() - 10 * HOUR;
let writer = '';
let fixture: TrafficFixture;

type Event = Record<string, unknown>;

function event(i: number, overrides: Event = {}): Event {
  return {
    requestId: `req-${String(i).padStart(5, '0')}`,
    time: new Date(base + i * 1000).toISOString(),
    version: 1 + (i % 2),
    features: { age: 30 + (i % 40), income: 40.5 + i, employment: ['salaried', 'self_employed', 'unemployed'][i % 3], late_payments: i % 4 },
    prediction: { score: (i % 100) / 100, label: i % 5 === 0 ? 'defaulted' : 'repaid' },
    latencyMs: 3.5,
    attributes: { gender: i % 2 ? 'female' : 'male', age_band: '30_to_50' },
    ...overrides,
  };
}

const post = (json: unknown, headers: Record<string, string> = {}) => callEndpoint(ingestEventsEndpoint, { token: writer, json, headers });
const postEvents = (events: unknown[], model = fixture.name) => post({ model, events });

async function storedCount(): Promise<number> {
  const rows = await database.execute<{ n: number }>(sql`select count(*)::int as n from inference_events where model_id = ${fixture.modelId}`);
  return rows[0]!.n;
}

beforeAll(async () => {
  writer = (await createToken(database, systemActor('test'), { name: 'prod-service', scopes: ['events:write'] })).secret;
  fixture = await registerTrafficModel(database, 'credit-risk');
});

describe('POST /api/v1/events', () => {
  it('stores a valid batch and reads it back exactly, in order', async () => {
    const events = [event(2), event(0), event(1, { features: { age: null, income: 12, employment: 'student', late_payments: 0 }, latencyMs: undefined, attributes: undefined })];
    const response = await postEvents(events);
    expect(response).toEqual({ status: 201, json: { received: 3, inserted: 3, duplicates: 0 } });

    const batch = await readEvents(database, fixture.modelId, {});
    expect(batch.count).toBe(3);
    expect(batch.width).toBe(4);
    expect(batch.requestIds).toEqual(['req-00000', 'req-00001', 'req-00002']);
    expect([...batch.occurredAt]).toEqual([base, base + 1000, base + 2000]);
    expect(batch.versionIds).toEqual([fixture.versions.get(1), fixture.versions.get(2), fixture.versions.get(1)]);
    // Row 1: age missing → NaN; 'student' is not a listed category → −1 (unseen).
    expect([...batch.features]).toEqual([30, 40.5, 0, 0, Number.NaN, 12, -1, 0, 32, 42.5, 2, 2]);
    expect([...batch.scores]).toEqual([0, Math.fround(0.01), Math.fround(0.02)]);
    expect(batch.predictedLabels).toEqual(['defaulted', 'repaid', 'repaid']);
    expect(batch.labels).toEqual([null, null, null]);
    expect([...batch.latencyMs]).toEqual([3.5, Number.NaN, 3.5]);
    expect(batch.attributes).toEqual([{ gender: 'male', age_band: '30_to_50' }, null, { gender: 'male', age_band: '30_to_50' }]);
  });

  it('is idempotent: the same batch again inserts nothing and answers 200', async () => {
    const events = Array.from({ length: 50 }, (_, i) => event(100 + i));
    expect((await postEvents(events)).json).toEqual({ received: 50, inserted: 50, duplicates: 0 });
    const before = await storedCount();
    expect(await postEvents(events)).toEqual({ status: 200, json: { received: 50, inserted: 0, duplicates: 50 } });
    const partly = [...events.slice(0, 10), event(200)];
    expect(await postEvents(partly)).toEqual({ status: 201, json: { received: 11, inserted: 1, duplicates: 10 } });
    expect(await storedCount()).toBe(before + 1);
  });

  it('stores a batch sent twice at the same moment once', async () => {
    const before = await storedCount();
    const events = Array.from({ length: 400 }, (_, i) => event(1000 + i));
    const [a, b, c] = await Promise.all([postEvents(events), postEvents(events), postEvents(events.slice(100, 300))]);
    expect([a, b, c].map((r) => r.json.received)).toEqual([400, 400, 200]);
    expect([a, b, c].reduce((sum, r) => sum + (r.json.inserted as number), 0)).toBe(400);
    expect(await storedCount()).toBe(before + 400);
  });

  it('stores concurrent batches in shared COPY statements (group commit), each batch whole', async () => {
    const batches = Array.from({ length: 8 }, (_, b) => Array.from({ length: 100 }, (_, i) => event(20_000 + b * 100 + i)));
    // A lock that COPY waits for keeps both COPY connections busy while the other batches
    // arrive, so they queue and share statements whatever the machine's load.
    let pending: Promise<Awaited<ReturnType<typeof postEvents>>[]> | null = null;
    await database.transaction(async (tx) => {
      await tx.execute(sql`lock table inference_events in share mode`);
      pending = Promise.all(batches.map((events) => postEvents(events)));
      await new Promise((resolve) => setTimeout(resolve, 500));
    });
    const responses = await pending!;
    expect(responses.map((r) => r.json)).toEqual(batches.map(() => ({ received: 100, inserted: 100, duplicates: 0 })));
    // Rows committed by one transaction share its xmin: fewer transactions than batches.
    const [row] = await database.execute<{ n: number; transactions: number }>(
      sql`select count(*)::int as n, count(distinct xmin::text)::int as transactions from inference_events where model_id = ${fixture.modelId} and request_id between 'req-20000' and 'req-20799'`,
    );
    expect(row!.n).toBe(800);
    expect(row!.transactions).toBeLessThan(8);
  });

  it('refuses only the batch at fault when a shared COPY meets a stored key', async () => {
    const stored = Array.from({ length: 50 }, (_, i) => event(30_000 + i));
    await postEvents(stored);
    const before = await storedCount();
    const fresh = Array.from({ length: 6 }, (_, b) => Array.from({ length: 100 }, (_, i) => event(31_000 + b * 100 + i)));
    // Half stored already, half new: its COPY fails, so it takes the INSERT … ON CONFLICT path.
    const overlapping = [...stored.slice(0, 25), ...Array.from({ length: 25 }, (_, i) => event(32_000 + i))];
    const responses = await Promise.all([...fresh.slice(0, 3), overlapping, ...fresh.slice(3)].map((events) => postEvents(events)));
    expect(responses.map((r) => r.json)).toEqual([
      ...fresh.slice(0, 3).map(() => ({ received: 100, inserted: 100, duplicates: 0 })),
      { received: 50, inserted: 25, duplicates: 25 },
      ...fresh.slice(3).map(() => ({ received: 100, inserted: 100, duplicates: 0 })),
    ]);
    expect(await storedCount()).toBe(before + 625);
  });

  it('stores into a day whose partition another process dropped after this one created it', async () => {
    // A day of its own, 20 days back: the partition is created, remembered, then dropped behind this process's back.
    const at = Math.floor((Date.now() - 20 * 24 * HOUR) / (24 * HOUR)) * 24 * HOUR + HOUR;
    const time = (k: number) => new Date(at + k * 1000).toISOString();
    const other = await registerTrafficModel(database, 'credit-risk-dropped-day');
    expect((await postEvents([event(40_000, { time: time(0) })], other.name)).status).toBe(201);
    const partition = `inference_events_${new Date(at).toISOString().slice(0, 10).replaceAll('-', '')}`;
    await database.execute(sql`select drop_inference_partition(${new Date(at).toISOString().slice(0, 10)}::date)`);
    await database.execute(sql`delete from traffic_hourly where model_id = ${other.modelId} and hour = ${new Date(at).toISOString()}::timestamptz`);
    const response = await postEvents([event(40_001, { time: time(1) }), event(40_002, { time: time(2) })], other.name);
    expect(response.json).toEqual({ received: 2, inserted: 2, duplicates: 0 });
    const [row] = await database.execute<{ n: number; counted: number }>(sql`
      select (select count(*)::int from ${sql.raw(`"${partition}"`)}) as n,
             (select sum(events)::int from traffic_hourly where model_id = ${other.modelId} and hour = ${new Date(at).toISOString()}::timestamptz) as counted`);
    expect(row).toEqual({ n: 2, counted: 2 });
  });

  it('refuses a whole batch for one bad row, with per-row details, and stores nothing', async () => {
    const before = await storedCount();
    const events = Array.from({ length: 20 }, (_, i) => event(300 + i));
    events[7] = event(307, { features: { age: 'NaN', income: 1, employment: 'salaried', late_payments: 0 } });
    const response = await postEvents(events);
    expect(response.status).toBe(400);
    expect(response.json).toMatchObject({ code: 'bad_request', total: 1, details: [{ row: 7, field: 'features.age', reason: expect.stringContaining('finite number') }] });
    expect(response.json.message).toMatch(/nothing was stored/);
    expect(await storedCount()).toBe(before);
  });

  it('names every kind of row problem', async () => {
    const bad = [
      event(400, { features: { age: 'Infinity', income: '1.5', employment: 3, late_payments: 0 } }),
      event(401, { features: { age: 1, income: 1, employment: 'salaried' } }),
      event(402, { features: { age: 1, income: 1, employment: 'salaried', late_payments: 0, colour: 'red' } }),
      event(403, { time: '2025-01-01 10:00:00' }),
      event(404, { prediction: { score: 1.5 } }),
      event(405, { prediction: { label: 'maybe' } }),
      event(406, { requestId: '' }),
      event(407, { latencyMs: -1, extra: true }),
      event(408, { attributes: { gender: ['f'] } }),
      event(409, { time: new Date(Date.now() + 3 * 24 * HOUR).toISOString() }),
      event(410, { time: new Date(Date.now() - 400 * 24 * HOUR).toISOString() }),
      event(411, { requestId: 'req-00400' }),
      'not an event',
    ];
    const response = await postEvents(bad);
    expect(response.status).toBe(400);
    const problems = (response.json.details as { row: number; field: string }[]).map((d) => `${d.row}:${d.field}`);
    expect(problems).toEqual([
      '0:features.age',
      '0:features.income',
      '0:features.employment',
      '1:features.late_payments',
      '2:features.colour',
      '3:time',
      '4:prediction.score',
      '5:prediction.label',
      '6:requestId',
      '7:extra',
      '7:latencyMs',
      '8:attributes.gender',
      '9:time',
      '10:time',
      '11:requestId',
      '12:',
    ]);
  });

  it('refuses duplicate requestIds within a batch', async () => {
    const response = await postEvents([event(500), event(501), event(500, { time: new Date(base + 9).toISOString() })]);
    expect(response.status).toBe(400);
    expect(response.json.details).toEqual([{ row: 2, field: 'requestId', reason: 'duplicate of row 0 in this batch' }]);
  });

  it('caps the details at 100 and gives the total', async () => {
    const events = Array.from({ length: 150 }, (_, i) => event(600 + i, { version: 'one' }));
    const response = await postEvents(events);
    expect(response.status).toBe(400);
    expect(response.json.details).toHaveLength(100);
    expect(response.json.total).toBe(150);
  });

  it('answers 404 for an unknown model or version', async () => {
    expect((await postEvents([event(700)], 'no-such-model')).status).toBe(404);
    const response = await postEvents([event(701), event(702, { version: 9 })]);
    expect(response).toMatchObject({ status: 404, json: { code: 'not_found', message: expect.stringContaining('no version 9') } });
    expect(await storedCount()).not.toBe(0);
  });

  it('refuses malformed envelopes, missing tokens and the wrong scope', async () => {
    expect((await post({ model: fixture.name, events: [] })).status).toBe(400);
    expect((await post({ events: [event(1)] })).status).toBe(400);
    const malformed = await callEndpoint(ingestEventsEndpoint, { token: writer, body: '{"model":', headers: { 'content-type': 'application/json' } });
    expect(malformed).toEqual({ status: 400, json: { code: 'bad_request', message: 'The request body is not valid JSON.' } });
    expect((await callEndpoint(ingestEventsEndpoint, { json: { model: fixture.name, events: [event(1)] } })).status).toBe(401);
    const reader = (await createToken(database, systemActor('test'), { name: 'reader', scopes: ['registry:read'] })).secret;
    expect((await callEndpoint(ingestEventsEndpoint, { token: reader, json: { model: fixture.name, events: [event(1)] } })).status).toBe(403);
  });

  it('answers 413 for more than 10,000 events', async () => {
    const events = Array.from({ length: 10_001 }, (_, i) => ({ requestId: `x${i}` }));
    const response = await postEvents(events);
    expect(response).toMatchObject({ status: 413, json: { code: 'payload_too_large' } });
  });

  it('accepts gzip and refuses a gzip bomb with 413', async () => {
    const events = Array.from({ length: 30 }, (_, i) => event(800 + i));
    const body = gzipSync(JSON.stringify({ model: fixture.name, events }));
    const gzipped = await callEndpoint(ingestEventsEndpoint, { token: writer, body, headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' } });
    expect(gzipped).toEqual({ status: 201, json: { received: 30, inserted: 30, duplicates: 0 } });

    // 64 MiB of whitespace inside valid JSON compresses to ~64 KiB.
    const bomb = gzipSync(Buffer.concat([Buffer.from(`{"model":"${fixture.name}","events":[`), Buffer.alloc(64 * 1024 * 1024, 0x20), Buffer.from(']}')]));
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const refused = await callEndpoint(ingestEventsEndpoint, { token: writer, body: bomb, headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' } });
    expect(refused).toMatchObject({ status: 413, json: { code: 'payload_too_large', message: expect.stringContaining('decompressed') } });

    const notGzip = await callEndpoint(ingestEventsEndpoint, { token: writer, body: 'plain', headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' } });
    expect(notGzip.status).toBe(400);
    const brotli = await callEndpoint(ingestEventsEndpoint, { token: writer, body: 'x', headers: { 'content-type': 'application/json', 'content-encoding': 'br' } });
    expect(brotli.status).toBe(415);
  });

  it('stores text that is not plain ASCII exactly: multi-byte characters, quotes, backslashes, newlines', async () => {
    const t = base + 7 * HOUR;
    const requestId = 'req-ü-😀-"q"\\';
    const attributes = { region: 'Île-de-France\n"Nord"', note: 'tab\there \\ back', emoji: '📈' };
    expect((await postEvents([event(901, { requestId, time: new Date(t).toISOString(), attributes })])).status).toBe(201);
    const batch = await readEvents(database, fixture.modelId, { from: new Date(t), to: new Date(t + 1) });
    expect(batch.requestIds).toEqual([requestId]);
    expect(batch.attributes).toEqual([attributes]);
  });

  it('keeps times to the millisecond and honours offsets', async () => {
    const t = new Date(base + 5 * HOUR);
    const local = `${new Date(t.getTime() + 2 * HOUR).toISOString().slice(0, 19)}.123987+02:00`;
    expect((await postEvents([event(900, { time: local })])).status).toBe(201);
    const second = Math.floor(t.getTime() / 1000) * 1000;
    const batch = await readEvents(database, fixture.modelId, { from: new Date(second), to: new Date(second + 1000) });
    expect(batch.requestIds).toEqual(['req-00900']);
    expect(batch.occurredAt[0]).toBe(second + 123);
  });
});

describe('POST /api/v1/labels', () => {
  const label = (json: unknown) => callEndpoint(recordLabelsEndpoint, { token: writer, json });

  it('attaches labels by requestId and reports unknown ids', async () => {
    const response = await label({ model: fixture.name, labels: [{ requestId: 'req-00000', label: 'defaulted' }, { requestId: 'req-00001', label: 'repaid' }, { requestId: 'ghost', label: 'repaid' }] });
    expect(response).toEqual({ status: 200, json: { updated: 2, unknown: ['ghost'] } });
    const batch = await readEvents(database, fixture.modelId, { limit: 3 });
    expect(batch.labels).toEqual(['defaulted', 'repaid', null]);
    const rows = await database.execute<{ n: number }>(sql`select count(*)::int as n from inference_events where labeled_at is not null`);
    expect(rows[0]!.n).toBe(2);
  });

  it('refuses invalid rows whole, with per-row details', async () => {
    const response = await label({ model: fixture.name, labels: [{ requestId: 'req-00002', label: 'repaid' }, { requestId: 'req-00002', label: 'maybe' }, { label: 'repaid' }] });
    expect(response.status).toBe(400);
    expect((response.json.details as { row: number; field: string }[]).map((d) => `${d.row}:${d.field}`)).toEqual(['1:requestId', '1:label', '2:requestId']);
    const batch = await readEvents(database, fixture.modelId, { limit: 3 });
    expect(batch.labels[2]).toBeNull();
    expect((await label({ model: 'nope', labels: [{ requestId: 'a', label: 'repaid' }] })).status).toBe(404);
  });
});

describe('a regression model’s labels and logged predictions', () => {
  let regression: TrafficFixture;
  const label = (json: unknown) => callEndpoint(recordLabelsEndpoint, { token: writer, json });
  const regressionEvent = (i: number, prediction: Event) => ({ ...event(i), requestId: `reg-${i}`, prediction });
  const labelsOf = async () =>
    (await database.execute<{ request_id: string; label: string | null }>(sql`select request_id, label from inference_events where model_id = ${regression.modelId} order by request_id`)).map((r) => [r.request_id, r.label]);

  beforeAll(async () => {
    regression = await registerTrafficModel(database, 'house-prices', { taskType: 'regression' });
    const events = [regressionEvent(1, { score: 1520.5 }), regressionEvent(2, { score: -3 }), regressionEvent(3, { label: '2.5e3' })];
    expect((await postEvents(events, regression.name)).status).toBe(201);
  });

  it('refuses a label batch with any label that is not a finite decimal number, naming each, and stores none of it', async () => {
    const bad = ['n/a', 'NaN', 'Infinity', '-inf', '1e400', '0x10', '1,5', '12 kg'];
    const labels = [{ requestId: 'reg-1', label: '1500' }, ...bad.map((value) => ({ requestId: 'reg-2', label: value }))];
    // Duplicate requestIds are refused too; one id per bad label keeps the reasons to the number.
    const rows = labels.map((l, i) => (i === 0 ? l : { ...l, requestId: `reg-x${i}` }));
    const response = await label({ model: regression.name, labels: rows });
    expect(response.status).toBe(400);
    expect(response.json).toMatchObject({ code: 'bad_request', total: bad.length });
    const details = response.json.details as { row: number; field: string; reason: string }[];
    expect(details.map((d) => [d.row, d.field])).toEqual(bad.map((_, i) => [i + 1, 'label']));
    expect(details[0]!.reason).toBe('a regression label must be a finite decimal number (e.g. "1520.5" or "-3e2"), got "n/a"');
    expect(details[4]!.reason).toMatch(/got "1e400"/);
    // The good label of the refused batch is not stored either.
    expect(await labelsOf()).toEqual([['reg-1', null], ['reg-2', null], ['reg-3', null]]);
  });

  it('stores decimal labels as sent', async () => {
    const response = await label({ model: regression.name, labels: [{ requestId: 'reg-1', label: '1500' }, { requestId: 'reg-2', label: ' -3.25e1' }, { requestId: 'reg-3', label: '.5' }] });
    expect(response).toEqual({ status: 200, json: { updated: 3, unknown: [] } });
    expect(await labelsOf()).toEqual([['reg-1', '1500'], ['reg-2', ' -3.25e1'], ['reg-3', '.5']]);
  });

  it('refuses a logged prediction label that is no number, on the fast and the general path', async () => {
    for (const extra of [{}, { latencyMs: 3.5e0 }]) {
      const response = await postEvents([{ ...regressionEvent(10, { label: 'high' }), ...extra }], regression.name);
      expect(response.status).toBe(400);
      expect(response.json).toMatchObject({ total: 1, details: [{ row: 0, field: 'prediction.label', reason: expect.stringMatching(/finite decimal number.*got "high"/) }] });
    }
    expect((await labelsOf()).length).toBe(3);
  });
});
