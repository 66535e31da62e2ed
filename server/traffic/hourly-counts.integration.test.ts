import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDefaultTestDatabase } from '@/server/testing/test-database';
import { createToken } from '@/server/api-tokens/api-tokens-service';
import { systemActor } from '@/server/auth/actor';
import { dailyVolume } from '@/server/monitoring/monitoring-queries';
import { callEndpoint } from '@/server/rest/call-endpoint';
import { ingestEventsEndpoint, recordLabelsEndpoint } from './events-api';
import { dropExpiredPartitions } from './partitions';
import { registerTrafficModel, type TrafficFixture } from './traffic-fixtures';

// traffic_hourly is kept by triggers on inference_events: whatever path writes events or
// labels, the hourly counts must equal a count of the events themselves.

const database = await createDefaultTestDatabase();
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
// 06:00 UTC three days ago: the events below land in known hours of one day.
const day = Math.floor((Date.now() - 3 * DAY) / DAY) * DAY;
const base = day + 6 * HOUR;
let writer = '';
let fixture: TrafficFixture;

function event(i: number, at: number) {
  return { requestId: `r-${i}`, time: new Date(at).toISOString(), version: 1, features: { age: 30, income: 10, employment: 'salaried', late_payments: 0 }, prediction: { score: 0.3, label: 'repaid' } };
}

const postEvents = (events: unknown[]) => callEndpoint(ingestEventsEndpoint, { token: writer, json: { model: fixture.name, events } });
const postLabels = (labels: unknown[]) => callEndpoint(recordLabelsEndpoint, { token: writer, json: { model: fixture.name, labels } });

async function hourly(modelId = fixture.modelId) {
  return database.execute<{ hour: string; events: number; labeled: number; without_prediction: number }>(sql`
    select to_char(hour at time zone 'UTC', 'YYYY-MM-DD HH24') as hour, events::int, labeled::int, without_prediction::int
    from traffic_hourly where model_id = ${modelId} order by 1`);
}

async function countedFromEvents(modelId = fixture.modelId) {
  return database.execute<{ hour: string; events: number; labeled: number; without_prediction: number }>(sql`
    select to_char(date_trunc('hour', occurred_at, 'UTC') at time zone 'UTC', 'YYYY-MM-DD HH24') as hour, count(*)::int as events, count(label)::int as labeled,
           (count(*) filter (where score is null and predicted_label is null))::int as without_prediction
    from inference_events where model_id = ${modelId} group by 1 order by 1`);
}

beforeAll(async () => {
  writer = (await createToken(database, systemActor('test'), { name: 'prod-service', scopes: ['events:write'] })).secret;
  fixture = await registerTrafficModel(database, 'hourly-model');
});

describe('hourly traffic counts', () => {
  it('count every new event once, whichever path stored it', async () => {
    // COPY path: 3 events in hour 0, 2 in hour 1.
    const first = [event(0, base), event(1, base + 60_000), event(2, base + HOUR - 1), event(3, base + HOUR), event(4, base + HOUR + 5)];
    expect((await postEvents(first)).status).toBe(201);
    // The same batch again plus one new event: the INSERT … ON CONFLICT path; only the new one counts.
    expect((await postEvents([...first, event(5, base + 2 * HOUR)])).json).toEqual({ received: 6, inserted: 1, duplicates: 5 });
    // A refused batch counts nothing.
    expect((await postEvents([event(6, base), { requestId: 'bad' }])).status).toBe(400);
    // Any other writer (here a plain INSERT of an event without a prediction) is counted too.
    await database.execute(sql`insert into inference_events (model_id, request_id, occurred_at, version_id, features)
      values (${fixture.modelId}, 'r-direct', ${new Date(base + 30_000).toISOString()}::timestamptz, ${fixture.versions.get(1)!}, '{30,10,0,0}')`);
    expect(await hourly()).toEqual(await countedFromEvents());
    expect((await hourly()).map((h) => [h.events, h.without_prediction])).toEqual([[4, 1], [2, 0], [1, 0]]);
  });

  it('follow labels: a first label counts, a corrected label does not count twice', async () => {
    expect((await postLabels([{ requestId: 'r-0', label: 'repaid' }, { requestId: 'r-3', label: 'defaulted' }])).json).toEqual({ updated: 2, unknown: [] });
    expect((await postLabels([{ requestId: 'r-0', label: 'defaulted' }, { requestId: 'r-4', label: 'repaid' }])).json).toEqual({ updated: 2, unknown: [] });
    expect(await hourly()).toEqual(await countedFromEvents());
    expect((await hourly()).map((h) => h.labeled)).toEqual([1, 2, 0]);
  });

  it('feed the volume chart by UTC day', async () => {
    const days = await dailyVolume(database, fixture.modelId, 14);
    expect(days).toEqual([{ day: new Date(day).toISOString().slice(0, 10), events: 7, labeled: 3 }]);
  });

  it('are cleared with a TRUNCATE of the events (in a transaction rolled back, not to lose them here)', async () => {
    await expect(
      database.transaction(async (tx) => {
        await tx.execute(sql`truncate inference_events`);
        expect(await tx.execute(sql`select count(*)::int as n from traffic_hourly`)).toEqual([{ n: 0 }]);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await hourly()).toEqual(await countedFromEvents());
  });

  it('follow an operator deleting events', async () => {
    await database.execute(sql`delete from inference_events where model_id = ${fixture.modelId} and request_id in ('r-direct', 'r-5')`);
    expect(await hourly()).toEqual(await countedFromEvents());
    expect((await hourly()).map((h) => [h.events, h.without_prediction])).toEqual([[3, 0], [2, 0]]);
  });

  it('leave with the partition retention drops', async () => {
    const dropped = await dropExpiredPartitions(database, 1, new Date(day + 2 * DAY + HOUR));
    expect(dropped).toContain(`inference_events_${new Date(day).toISOString().slice(0, 10).replaceAll('-', '')}`);
    expect(await hourly()).toEqual(await countedFromEvents());
    expect(await hourly()).toEqual([]);
  });
});

// Batches across days, refused shared transactions and concurrent batches: each counted
// exactly once, in the transaction that stored it.
describe('hourly counts of copied batches', () => {
  let copied: TrafficFixture;
  const post = (events: unknown[]) => callEndpoint(ingestEventsEndpoint, { token: writer, json: { model: copied.name, events } });
  const lateEvening = day + DAY + 23 * HOUR + 30 * 60_000;
  const afterMidnight = day + 2 * DAY + 10 * 60_000;

  beforeAll(async () => {
    copied = await registerTrafficModel(database, 'hourly-copied');
  });

  it('store a batch across midnight in both day partitions, in one transaction, counted once', async () => {
    const events = [event(100, lateEvening), event(101, lateEvening + 1), event(102, lateEvening + 2), event(103, afterMidnight), event(104, afterMidnight + HOUR)];
    expect((await post(events)).json).toEqual({ received: 5, inserted: 5, duplicates: 0 });
    const stored = await database.execute<{ partition: string; n: number }>(sql`
      select tableoid::regclass::text as partition, count(*)::int as n
      from inference_events where model_id = ${copied.modelId} group by 1 order by 1`);
    const name = (at: number) => `inference_events_${new Date(at).toISOString().slice(0, 10).replaceAll('-', '')}`;
    expect(stored.map((r) => [r.partition, r.n])).toEqual([[name(lateEvening), 3], [name(afterMidnight), 2]]);
    const [transactions] = await database.execute<{ n: number }>(sql`select count(distinct xmin::text)::int as n from inference_events where model_id = ${copied.modelId}`);
    expect(transactions!.n).toBe(1);
    expect(await hourly(copied.modelId)).toEqual(await countedFromEvents(copied.modelId));
    expect((await hourly(copied.modelId)).map((h) => h.events)).toEqual([3, 1, 1]);
  });

  it('count nothing of a COPY PostgreSQL refused on a key in the second day (the batch then takes the INSERT path)', async () => {
    const before = await hourly(copied.modelId);
    // r-103 is stored already: the batch's COPY fails on it, so none of its rows stay, the first day's included.
    const events = [event(110, lateEvening + 10), event(111, lateEvening + 11), event(103, afterMidnight), event(112, afterMidnight + 5)];
    expect((await post(events)).json).toEqual({ received: 4, inserted: 3, duplicates: 1 });
    expect(await hourly(copied.modelId)).toEqual(await countedFromEvents(copied.modelId));
    expect((await hourly(copied.modelId)).map((h) => h.events)).toEqual(before.map((h, i) => h.events + [2, 1, 0][i]!));
  });

  it('count concurrent batches that share transactions, each once', async () => {
    const batches = Array.from({ length: 6 }, (_, b) => Array.from({ length: 50 }, (_, i) => event(1000 + b * 50 + i, lateEvening - HOUR + (b * 50 + i) * 20_000)));
    const responses = await Promise.all(batches.map((events) => post(events)));
    expect(responses.map((r) => r.json.inserted)).toEqual(batches.map(() => 50));
    expect(await hourly(copied.modelId)).toEqual(await countedFromEvents(copied.modelId));
  });
});
