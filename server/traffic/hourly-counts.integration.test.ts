import { sql } from 'drizzle-orm';
import type { Executor } from '@/db/client';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDefaultTestDatabase } from '@/server/testing/test-database';
import { createToken } from '@/server/api-tokens/api-tokens-service';
import { systemActor } from '@/server/auth/actor';
import { dailyVolume } from '@/server/monitoring/monitoring-queries';
import { normalizeLabel, positiveClass } from '@/server/registry/label-classes';
import { callEndpoint } from '@/server/rest/call-endpoint';
import { ingestEventsEndpoint, recordLabelsEndpoint } from './events-api';
import { dropExpiredPartitions } from './partitions';
import { LATENCY_BUCKETS, latencyBucket, SCORE_BUCKETS, scoreBucket } from './rollup-buckets';
import { registerTrafficModel, type TrafficFixture } from './traffic-fixtures';

// traffic_hourly is kept by triggers on inference_events: whatever path writes events or
// labels, every rollup column must equal a recount of the events themselves — done here in
// TypeScript from the raw rows, with the label rules of server/registry/label-classes.ts
// and the prediction rule of realized performance (logged label, else score ≥ the version's
// decision threshold).

// As the schema owner: one case plays an operator's TRUNCATE, which the app's role may not run.
const database = await createDefaultTestDatabase({ role: 'owner' });
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
// 06:00 UTC three days ago: the events below land in known hours of one day.
const day = Math.floor((Date.now() - 3 * DAY) / DAY) * DAY;
const base = day + 6 * HOUR;
let writer = '';
let fixture: TrafficFixture;

interface Prediction {
  score?: number;
  label?: string;
}

function event(i: number, at: number, options: { version?: number; latencyMs?: number | null; prediction?: Prediction } = {}) {
  return {
    requestId: `r-${i}`,
    time: new Date(at).toISOString(),
    version: options.version ?? 1,
    features: { age: 30, income: 10, employment: 'salaried', late_payments: 0 },
    prediction: options.prediction ?? { score: 0.3, label: 'repaid' },
    ...(options.latencyMs === null ? {} : { latencyMs: options.latencyMs ?? 12.5 }),
  };
}

/** A varied event: latency from 0.05 ms to 70 s, scores over [0, 1], some with a logged label, some without. */
function variedEvent(i: number, at: number, version = 1) {
  const latencyMs = i % 17 === 0 ? null : Number((0.05 * 1.45 ** (i % 40)).toFixed(3));
  const score = (i * 0.137) % 1;
  const prediction: Prediction = i % 5 === 0 ? { label: i % 2 ? 'defaulted' : 'repaid' } : i % 3 === 0 ? { score, label: score >= 0.7 ? 'defaulted' : 'repaid' } : { score };
  return event(i, at, { version, latencyMs, prediction });
}

const postEvents = (events: unknown[], name = fixture.name) => callEndpoint(ingestEventsEndpoint, { token: writer, json: { model: name, events } });
const postLabels = (labels: unknown[], name = fixture.name) => callEndpoint(recordLabelsEndpoint, { token: writer, json: { model: name, labels } });

interface Rollup {
  hour: string;
  version: string;
  events: number;
  labeled: number;
  withoutPrediction: number;
  latency: number[];
  scores: number[];
  predictedPositive: number;
  labelPositive: number;
  confusion: [number, number, number, number];
}

async function rollups(modelId = fixture.modelId, executor: Executor = database): Promise<Rollup[]> {
  const rows = await executor.execute<{ hour: string; version_id: string; events: string; labeled: string; without_prediction: string; latency_histogram: string[]; score_histogram: string[]; predicted_positive: string; label_positive: string; tp: string; fp: string; tn: string; fn: string }>(sql`
    select to_char(hour at time zone 'UTC', 'YYYY-MM-DD HH24') as hour, version_id, events, labeled, without_prediction, latency_histogram, score_histogram,
           predicted_positive, label_positive, true_positive as tp, false_positive as fp, true_negative as tn, false_negative as fn
    from traffic_hourly where model_id = ${modelId} order by hour, version_id`);
  return rows.map((r) => ({
    hour: r.hour,
    version: r.version_id,
    events: Number(r.events),
    labeled: Number(r.labeled),
    withoutPrediction: Number(r.without_prediction),
    latency: r.latency_histogram.map(Number),
    scores: r.score_histogram.map(Number),
    predictedPositive: Number(r.predicted_positive),
    labelPositive: Number(r.label_positive),
    confusion: [Number(r.tp), Number(r.fp), Number(r.tn), Number(r.fn)],
  }));
}

/** The same figures counted from the events, independently of the SQL. */
async function recount(modelId = fixture.modelId): Promise<Rollup[]> {
  const [model] = await database.execute<{ task_type: string; classes: string[] | null }>(sql`select task_type, label->'classes' as classes from registered_models where id = ${modelId}`);
  const label = { classes: model!.classes ?? undefined };
  const binary = model!.task_type === 'binary_classification';
  const positive = (value: string) => normalizeLabel(value, label) === positiveClass(label);
  const events = await database.execute<{ hour: string; version_id: string; latency_ms: number | null; score: number | null; predicted_label: string | null; label: string | null }>(sql`
    select to_char(date_trunc('hour', occurred_at, 'UTC') at time zone 'UTC', 'YYYY-MM-DD HH24') as hour, version_id, latency_ms, score, predicted_label, label
    from inference_events where model_id = ${modelId}`);
  const thresholds = new Map(
    (await database.execute<{ id: string; threshold: number }>(sql`select id, decision_threshold as threshold from model_versions where model_id = ${modelId}`)).map((v) => [v.id, v.threshold]),
  );
  const groups = new Map<string, Rollup>();
  for (const e of events) {
    const key = `${e.hour} ${e.version_id}`;
    let g = groups.get(key);
    if (!g) {
      g = { hour: e.hour, version: e.version_id, events: 0, labeled: 0, withoutPrediction: 0, latency: Array(LATENCY_BUCKETS).fill(0), scores: Array(SCORE_BUCKETS).fill(0), predictedPositive: 0, labelPositive: 0, confusion: [0, 0, 0, 0] };
      groups.set(key, g);
    }
    g.events += 1;
    if (e.label !== null) g.labeled += 1;
    if (e.score === null && e.predicted_label === null) g.withoutPrediction += 1;
    // Stored reals come back as their shortest decimal; fround gives the real back exactly.
    if (e.latency_ms !== null) g.latency[latencyBucket(Math.fround(e.latency_ms))]! += 1;
    const scoreAt = e.score === null ? null : scoreBucket(Math.fround(e.score));
    if (scoreAt !== null) g.scores[scoreAt]! += 1;
    if (!binary) continue;
    const predicted = e.predicted_label !== null ? positive(e.predicted_label) : e.score !== null ? Math.fround(e.score) >= thresholds.get(e.version_id)! : null;
    const actual = e.label !== null ? positive(e.label) : null;
    if (predicted) g.predictedPositive += 1;
    if (actual) g.labelPositive += 1;
    if (predicted !== null && actual !== null) g.confusion[predicted ? (actual ? 0 : 1) : actual ? 3 : 2]! += 1;
  }
  return [...groups.values()].sort((a, b) => (a.hour === b.hour ? (a.version < b.version ? -1 : 1) : a.hour < b.hour ? -1 : 1));
}

/** Events per hour (all versions). */
const perHour = (rows: Rollup[], pick: (r: Rollup) => number) => {
  const hours = new Map<string, number>();
  for (const r of rows) hours.set(r.hour, (hours.get(r.hour) ?? 0) + pick(r));
  return [...hours.values()];
};

beforeAll(async () => {
  writer = (await createToken(database, systemActor('test'), { name: 'prod-service', scopes: ['events:write'] })).secret;
  fixture = await registerTrafficModel(database, 'hourly-model');
});

describe('hourly rollups', () => {
  it('count every new event once, whichever path stored it', async () => {
    // COPY path (fast scanner): 3 events in hour 0, 2 in hour 1.
    const first = [event(0, base), event(1, base + 60_000, { latencyMs: 0.05 }), event(2, base + HOUR - 1, { version: 2 }), event(3, base + HOUR, { prediction: { score: 0.9 } }), event(4, base + HOUR + 5, { latencyMs: null })];
    expect((await postEvents(first)).status).toBe(201);
    // The same batch again plus one new event: the INSERT … ON CONFLICT path; only the new one counts.
    expect((await postEvents([...first, event(5, base + 2 * HOUR)])).json).toEqual({ received: 6, inserted: 1, duplicates: 5 });
    // A refused batch counts nothing.
    expect((await postEvents([event(6, base), { requestId: 'bad' }])).status).toBe(400);
    // An exponent makes the fast scanner give up: the general path's COPY.
    const general = { ...event(7, base + 2 * HOUR + 1, { prediction: { score: 0.75 } }), latencyMs: 2.5e3 };
    expect((await postEvents([general])).json).toEqual({ received: 1, inserted: 1, duplicates: 0 });
    // Any other writer (here a plain INSERT of an event without a prediction) is counted too.
    await database.execute(sql`insert into inference_events (model_id, request_id, occurred_at, version_id, features)
      values (${fixture.modelId}, 'r-direct', ${new Date(base + 30_000).toISOString()}::timestamptz, ${fixture.versions.get(1)!}, '{30,10,0,0}')`);
    const rows = await rollups();
    expect(rows).toEqual(await recount());
    expect(perHour(rows, (r) => r.events)).toEqual([4, 2, 2]);
    expect(perHour(rows, (r) => r.withoutPrediction)).toEqual([1, 0, 0]);
    // Per version: hour 0 holds version 1 (3 events) and version 2 (1 event).
    expect(rows.filter((r) => r.hour === rows[0]!.hour).map((r) => [r.version === fixture.versions.get(2) ? 2 : 1, r.events]).sort()).toEqual([[1, 3], [2, 1]]);
    // The 0.05 ms event is in the first latency bucket, the 2.5 s one in 0.1 · 2^7 … 2^7.5 ms.
    expect(rows.reduce((n, r) => n + r.latency[0]!, 0)).toBe(1);
    expect(rows.reduce((n, r) => n + r.latency[latencyBucket(2500)]!, 0)).toBe(1);
    // Logged "repaid" is negative whatever the score; scores 0.9 and 0.75 without a logged label are positive.
    expect(rows.reduce((n, r) => n + r.predictedPositive, 0)).toBe(2);
  });

  it('follow labels: a first label counts, a corrected label moves between confusion cells without counting twice', async () => {
    expect((await postLabels([{ requestId: 'r-0', label: 'repaid' }, { requestId: 'r-3', label: 'defaulted' }])).json).toEqual({ updated: 2, unknown: [] });
    let rows = await rollups();
    expect(rows).toEqual(await recount());
    const cells = () => rows.reduce((sum, r) => sum.map((v, i) => v + r.confusion[i]!), [0, 0, 0, 0]);
    expect(cells()).toEqual([1, 0, 1, 0]); // r-0 predicted and truly repaid: true negative; r-3 scored 0.9, truly defaulted: true positive
    expect((await postLabels([{ requestId: 'r-0', label: 'defaulted' }, { requestId: 'r-4', label: 'repaid' }])).json).toEqual({ updated: 2, unknown: [] });
    rows = await rollups();
    expect(rows).toEqual(await recount());
    expect(perHour(rows, (r) => r.labeled)).toEqual([1, 2, 0]);
    expect(cells()).toEqual([1, 0, 1, 1]); // r-0 now truly defaulted: a false negative instead of a true negative
    expect(perHour(rows, (r) => r.labelPositive)).toEqual([1, 1, 0]);
  });

  it('feed the volume chart by UTC day', async () => {
    const days = await dailyVolume(database, fixture.modelId, 14);
    expect(days).toEqual([{ day: new Date(day).toISOString().slice(0, 10), events: 8, labeled: 3 }]);
  });

  it('are cleared with a TRUNCATE of the events (in a transaction rolled back, not to lose them here)', async () => {
    await expect(
      database.transaction(async (tx) => {
        await tx.execute(sql`truncate inference_events`);
        expect(await tx.execute(sql`select count(*)::int as n from traffic_hourly`)).toEqual([{ n: 0 }]);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await rollups()).toEqual(await recount());
  });

  it('follow an operator deleting events, and updating any column', async () => {
    await database.execute(sql`delete from inference_events where model_id = ${fixture.modelId} and request_id in ('r-direct', 'r-5')`);
    expect(await rollups()).toEqual(await recount());
    expect(perHour(await rollups(), (r) => r.events)).toEqual([3, 2, 1]);
    // A correction that moves an event to another hour and version, and changes its latency and score.
    await database.execute(sql`update inference_events set occurred_at = occurred_at + interval '1 hour', version_id = ${fixture.versions.get(2)!}, latency_ms = 700, score = 0.55, predicted_label = null
      where model_id = ${fixture.modelId} and request_id = 'r-0'`);
    expect(await rollups()).toEqual(await recount());
    expect(perHour(await rollups(), (r) => r.events)).toEqual([2, 3, 1]);
  });

  it('leave with the partition retention drops', async () => {
    const dropped = await dropExpiredPartitions(database, 1, new Date(day + 2 * DAY + HOUR));
    expect(dropped).toContain(`inference_events_${new Date(day).toISOString().slice(0, 10).replaceAll('-', '')}`);
    expect(await rollups()).toEqual(await recount());
    expect(await rollups()).toEqual([]);
  });
});

// Batches across days, refused shared transactions and concurrent batches: each counted
// exactly once, in the transaction that stored it.
describe('rollups of copied batches', () => {
  let copied: TrafficFixture;
  const post = (events: unknown[]) => postEvents(events, copied.name);
  const lateEvening = day + DAY + 23 * HOUR + 30 * 60_000;
  const afterMidnight = day + 2 * DAY + 10 * 60_000;

  beforeAll(async () => {
    copied = await registerTrafficModel(database, 'hourly-copied', { versions: 3 });
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
    expect(await rollups(copied.modelId)).toEqual(await recount(copied.modelId));
    expect((await rollups(copied.modelId)).map((h) => h.events)).toEqual([3, 1, 1]);
  });

  it('count nothing of a COPY PostgreSQL refused on a key in the second day (the batch then takes the INSERT path)', async () => {
    const before = await rollups(copied.modelId);
    // r-103 is stored already: the batch's COPY fails on it, so none of its rows stay, the first day's included.
    const events = [event(110, lateEvening + 10), event(111, lateEvening + 11), event(103, afterMidnight), event(112, afterMidnight + 5)];
    expect((await post(events)).json).toEqual({ received: 4, inserted: 3, duplicates: 1 });
    expect(await rollups(copied.modelId)).toEqual(await recount(copied.modelId));
    expect((await rollups(copied.modelId)).map((h) => h.events)).toEqual(before.map((h, i) => h.events + [2, 1, 0][i]!));
  });

  it('stay exact under concurrent batches of every path, versions and hours, then labels and relabels', async () => {
    const at = (i: number) => lateEvening - 3 * HOUR + i * 7_000;
    // Fast-path COPY batches (sharing statements when they queue), general-path COPY batches
    // (a number with an exponent), and INSERT … ON CONFLICT batches (half already stored).
    const fast = Array.from({ length: 6 }, (_, b) => Array.from({ length: 120 }, (_, i) => variedEvent(1000 + b * 120 + i, at(b * 120 + i), 1 + ((b + i) % 3))));
    const general = Array.from({ length: 3 }, (_, b) =>
      Array.from({ length: 80 }, (_, i) => ({ ...variedEvent(2000 + b * 80 + i, at(b * 80 + i) + 3_000, 1 + (i % 3)), features: { age: 3e1, income: 10, employment: 'salaried', late_payments: 0 } })),
    );
    const seeded = fast[0]!.slice(0, 60);
    expect((await post(seeded)).json.inserted).toBe(60);
    const overlapping = [[...seeded, ...Array.from({ length: 60 }, (_, i) => variedEvent(3000 + i, at(i) + 5_000, 2))]];
    const batches = [...fast.slice(1), ...general, ...overlapping, fast[0]!];
    const responses = await Promise.all(batches.map((events) => post(events)));
    expect(responses.map((r) => r.status)).toEqual(batches.map(() => 201));
    expect(await rollups(copied.modelId)).toEqual(await recount(copied.modelId));

    // Labels for most of them, concurrently, then a relabel of some (another class) and a resend of the same labels.
    // Disjoint chunks: two label batches sharing events could deadlock on the events' own rows.
    const ids = [...new Set(batches.flat().map((e) => e.requestId))];
    const labels = ids.filter((_, i) => i % 4 !== 0).map((requestId, i) => ({ requestId, label: i % 3 === 0 ? 'defaulted' : 'repaid' }));
    const chunks = Array.from({ length: 4 }, (_, c) => labels.filter((_, i) => i % 4 === c));
    expect((await Promise.all(chunks.map((chunk) => postLabels(chunk, copied.name)))).map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(await rollups(copied.modelId)).toEqual(await recount(copied.modelId));
    const flip = (l: { requestId: string; label: string }) => ({ requestId: l.requestId, label: l.label === 'repaid' ? 'defaulted' : 'repaid' });
    await Promise.all([postLabels(chunks[0]!.map(flip), copied.name), postLabels(chunks[1]!, copied.name), postLabels(chunks[2]!.filter((_, i) => i % 2).map(flip), copied.name)]);
    const rows = await rollups(copied.modelId);
    expect(rows).toEqual(await recount(copied.modelId));
    expect(rows.reduce((n, r) => n + r.confusion.reduce((a, b) => a + b, 0), 0)).toBeGreaterThan(300);
  });
});

describe('rollups of a regression model', () => {
  it('keep counts and histograms, and zeros where a class is needed', async () => {
    const regression = await registerTrafficModel(database, 'hourly-regression', { taskType: 'regression' });
    const events = Array.from({ length: 30 }, (_, i) => ({ ...event(i, base + i * 60_000, { latencyMs: 1 + i }), prediction: { score: i * 0.1 } }));
    expect((await postEvents(events, regression.name)).status).toBe(201);
    const rows = await rollups(regression.modelId);
    expect(rows).toEqual(await recount(regression.modelId));
    expect(rows[0]!.scores.reduce((a, b) => a + b, 0)).toBe(11); // scores 0 … 1.0 fall in [0, 1]; the rest in no bucket
    expect(rows[0]!.predictedPositive + rows[0]!.confusion.reduce((a, b) => a + b, 0)).toBe(0);
  });
});

describe('rollups of versions with their own decision threshold', () => {
  it('decide an event without a logged label at its version’s threshold, not at 0.5', async () => {
    // v1 decides at 0.7, v2 at the default 0.5: the same scores and labels on both.
    const strict = await registerTrafficModel(database, 'hourly-threshold', { thresholds: { 1: 0.7 } });
    const scores = [0.1, 0.45, 0.5, 0.55, 0.6, 0.69, 0.7, 0.75, 0.9, 0.95];
    const truth = ['repaid', 'repaid', 'defaulted', 'repaid', 'defaulted', 'defaulted', 'defaulted', 'repaid', 'defaulted', 'defaulted'];
    const events = [1, 2].flatMap((version) => scores.map((score, i) => event(100 * version + i, base + i * 60_000, { version, prediction: { score } })));
    // A logged label is the decision whatever the threshold: 0.65 logged "defaulted" counts positive on v1 too.
    events.push(event(900, base, { version: 1, prediction: { score: 0.65, label: 'defaulted' } }));
    expect((await postEvents(events, strict.name)).status).toBe(201);
    const labels = [1, 2].flatMap((version) => truth.map((label, i) => ({ requestId: `r-${100 * version + i}`, label })));
    expect((await postLabels([...labels, { requestId: 'r-900', label: 'repaid' }], strict.name)).status).toBe(200);
    const rows = await rollups(strict.modelId);
    expect(rows).toEqual(await recount(strict.modelId));
    const cells = (version: number) => rows.find((r) => r.version === strict.versions.get(version))!.confusion;
    // [tp, fp, tn, fn] by hand: at 0.7, scores 0.75 … 0.95 are positive (2 defaulted, 1 repaid), plus the logged
    // false positive — a logged 0.7 is stored as the real 0.699999988, below 0.7; at 0.5, scores 0.5 … 0.95
    // (6 defaulted, 2 repaid).
    expect(cells(1)).toEqual([2, 2, 3, 4]);
    expect(cells(2)).toEqual([6, 2, 2, 0]);
    expect(rows.find((r) => r.version === strict.versions.get(1))!.predictedPositive).toBe(4);
  });
});

describe('the grouping query', () => {
  it('is the same in the insert trigger as in traffic_hourly_grouping, which the other triggers and the backfill run', async () => {
    const squeeze = (text: string) => text.replace(/\s+/g, ' ').trim();
    const [row] = await database.execute<{ body: string; template: string }>(sql`
      select prosrc as body, traffic_hourly_grouping('inserted_rows', 'count(*)') as template from pg_proc where proname = 'traffic_hourly_count_inserted'`);
    expect(squeeze(row!.body)).toContain(squeeze(row!.template));
  });

  it('rebuilds every rollup from the events as migration 0009 does', async () => {
    const before = await rollups(fixture.modelId);
    await postEvents(Array.from({ length: 40 }, (_, i) => variedEvent(5000 + i, base + i * 90_000, 1 + (i % 2))));
    const counted = await rollups();
    await expect(
      database.transaction(async (tx) => {
        await tx.execute(sql`delete from traffic_hourly`);
        await tx.execute(sql`do $$ declare groups traffic_hourly_group[]; begin
          execute traffic_hourly_grouping('inference_events', 'count(*)') into groups; perform traffic_hourly_apply(groups, false); end $$`);
        expect(await rollups(fixture.modelId, tx)).toEqual(counted);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(counted).not.toEqual(before);
    expect(counted).toEqual(await recount());
  });
});

describe('traffic_is_positive', () => {
  it('agrees with normalizeLabel and positiveClass on every kind of label', async () => {
    const values = ['1', '0', '01', '0001', '2', '', 'repaid', 'defaulted', 'x', '1x', '99999999999'];
    const classLists: (string[] | null)[] = [null, [], ['repaid', 'defaulted'], ['0', '1'], ['1', '0'], ['a', 'b', 'c'], ['x', '1x']];
    for (const classes of classLists) {
      const rows = await database.execute<{ value: string; positive: boolean }>(sql`
        select v as value, traffic_is_positive(v, ${classes === null ? null : JSON.stringify(classes)}::jsonb) as positive
        from unnest(${`{${values.map((v) => JSON.stringify(v)).join(',')}}`}::text[]) as v`);
      const label = { classes: classes ?? undefined };
      expect(rows.map((r) => [r.value, r.positive]), JSON.stringify(classes)).toEqual(values.map((v) => [v, normalizeLabel(v, label) === positiveClass(label)]));
    }
  });
});
