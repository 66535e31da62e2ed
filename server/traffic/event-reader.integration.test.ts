import { beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '@/server/testing/test-database';
import { countEvents, keysetBoundaries, readEvents } from './event-reader';
import { ingestEvents, storeEvents } from './ingest-service';
import { listPartitions } from './partitions';
import { trafficMaintenanceTask } from './traffic-maintenance';
import { registerTrafficModel, type TrafficFixture } from './traffic-fixtures';

const database = await createTestDatabase();
const DAY = 86_400_000;
const now = new Date();
const start = Date.parse(`${now.toISOString().slice(0, 10)}T00:00:00Z`) - 3 * DAY;
let fixture: TrafficFixture;

// 2,500 events over three days, five per timestamp so ties are broken by request id; ids
// include quotes, backslashes and non-ASCII text, which the COPY literals must survive.
const ID_STYLES = ["o'brien", 'back\\slash', 'ünïcødé', 'plain', '"quoted"'];
interface Sent {
  requestId: string;
  time: number;
  features: (number | null)[];
}
const sent: Sent[] = [];

function byKey(a: Sent, b: Sent) {
  return a.time - b.time || (Buffer.compare(Buffer.from(a.requestId), Buffer.from(b.requestId)) as number);
}

beforeAll(async () => {
  fixture = await registerTrafficModel(database, 'reader-model');
  const events = [];
  for (let i = 0; i < 2500; i++) {
    const time = start + Math.floor(i / 5) * 500_000;
    const requestId = `${ID_STYLES[i % 5]}-${(2500 - i) % 997}-${i}`;
    const features = [i % 7 === 0 ? null : 20 + (i % 50), i * 0.5, i % 3, i % 11];
    sent.push({ requestId, time, features });
    events.push({
      requestId,
      time: new Date(time).toISOString(),
      version: 1,
      features: { age: features[0], income: features[1], employment: ['salaried', 'self_employed', 'unemployed'][i % 3], late_payments: features[3] },
      prediction: { score: 0.25 },
    });
  }
  // Shuffled, in batches: insertion order must not matter.
  const shuffled = events.map((e, i) => ({ e, k: (i * 7919) % 2500 })).sort((a, b) => a.k - b.k).map((x) => x.e);
  for (let b = 0; b < shuffled.length; b += 1000) await ingestEvents(database, fixture.name, shuffled.slice(b, b + 1000), now);
  sent.sort(byKey);
});

describe('readEvents', () => {
  it('returns every event in (occurred_at, request_id) order with its features', async () => {
    const batch = await readEvents(database, fixture.modelId);
    expect(batch.count).toBe(2500);
    expect(batch.requestIds).toEqual(sent.map((s) => s.requestId));
    expect([...batch.occurredAt]).toEqual(sent.map((s) => s.time));
    const expected = sent.flatMap((s) => s.features.map((f) => (f === null ? Number.NaN : Math.fround(f))));
    expect([...batch.features]).toEqual(expected);
    expect(batch.scores.every((s) => s === 0.25)).toBe(true);
    expect(batch.versionIds.every((v) => v === fixture.versions.get(1))).toBe(true);
  });

  it('honours time bounds, keyset bounds and limits', async () => {
    const from = new Date(start + DAY);
    const to = new Date(start + 2 * DAY);
    const inWindow = sent.filter((s) => s.time >= from.getTime() && s.time < to.getTime());
    expect(await countEvents(database, fixture.modelId, { from, to })).toBe(inWindow.length);
    expect((await readEvents(database, fixture.modelId, { from, to })).requestIds).toEqual(inWindow.map((s) => s.requestId));

    const after = { occurredAt: new Date(sent[101]!.time), requestId: sent[101]!.requestId };
    const through = { occurredAt: new Date(sent[250]!.time), requestId: sent[250]!.requestId };
    const slice = await readEvents(database, fixture.modelId, { after, through });
    expect(slice.requestIds).toEqual(sent.slice(102, 251).map((s) => s.requestId));
    const limited = await readEvents(database, fixture.modelId, { after, limit: 7 });
    expect(limited.requestIds).toEqual(sent.slice(102, 109).map((s) => s.requestId));
    expect((await readEvents(database, fixture.modelId, { from: new Date(start - DAY), to: new Date(start) })).count).toBe(0);
  });

  it('splits a window into keyset batches that cover it exactly once', async () => {
    const bounds = await keysetBoundaries(database, fixture.modelId, {}, 300);
    expect(bounds).toHaveLength(9);
    expect(bounds[0]).toEqual({ occurredAt: new Date(sent[299]!.time), requestId: sent[299]!.requestId });
    expect(bounds.at(-1)).toEqual({ occurredAt: new Date(sent[2499]!.time), requestId: sent[2499]!.requestId });
    const seen: string[] = [];
    for (let k = 0; k < bounds.length; k++) {
      const batch = await readEvents(database, fixture.modelId, { ...(k > 0 ? { after: bounds[k - 1] } : {}), through: bounds[k] });
      expect(batch.count).toBe(k < 8 ? 300 : 100);
      seen.push(...batch.requestIds);
    }
    expect(seen).toEqual(sent.map((s) => s.requestId));
    expect(await keysetBoundaries(database, fixture.modelId, { from: new Date(start - DAY), to: new Date(start) }, 10)).toEqual([]);
  });

  it('reads nothing for an unknown model', async () => {
    const batch = await readEvents(database, '00000000-0000-4000-8000-000000000000');
    expect(batch.count).toBe(0);
    await expect(readEvents(database, "x' or '1'='1")).rejects.toThrow(/UUID/);
  });
});

describe('partitions and retention', () => {
  it('creates the coming week and drops only partitions entirely past retention', async () => {
    process.env.VIGIL_TRAFFIC_RETENTION_DAYS = '30';
    try {
      const old = now.getTime() - 40 * DAY;
      const edge = now.getTime() - 30 * DAY + 3_600_000;
      // Old rows written below the API (which refuses times past retention).
      await storeEvents(database, fixture.modelId, {
        count: 2,
        requestIds: ['old', 'edge'],
        times: [old, edge],
        timeTexts: [new Date(old).toISOString(), new Date(edge).toISOString()],
        versionIds: [fixture.versions.get(1)!, fixture.versions.get(1)!],
        features: ['{1,2,0,3}', '{1,2,0,3}'],
        attributes: [null, null],
        scores: [0.5, 0.5],
        predictedLabels: [null, null],
        latencyMs: [null, null],
        probabilities: [null, null],
      });
      const day = (t: number) => new Date(t).toISOString().slice(0, 10);
      const result = await trafficMaintenanceTask(database, now);
      expect(result.created).toHaveLength(8);
      expect(result.dropped).toEqual([`inference_events_${day(old).replace(/-/g, '')}`]);
      const days = (await listPartitions(database)).map((p) => p.day);
      expect(days).not.toContain(day(old));
      expect(days).toContain(day(edge));
      for (let i = 0; i <= 7; i++) expect(days).toContain(day(now.getTime() + i * DAY));
      const left = await readEvents(database, fixture.modelId, { to: new Date(start) });
      expect(left.requestIds).toEqual(['edge']);
      // Idempotent: a retry changes nothing.
      expect((await trafficMaintenanceTask(database, now)).dropped).toEqual([]);
    } finally {
      delete process.env.VIGIL_TRAFFIC_RETENTION_DAYS;
    }
  });
});
