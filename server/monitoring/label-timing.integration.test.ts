import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { alertRules, monitoringConfigs } from '@/db/schema';
import { createCaller } from '@/server/app-router';
import { createTestDatabase } from '@/server/testing/test-database';
import { contextFor, fakeUser } from '@/server/trpc/test-context';
import { ingestEvents } from '@/server/traffic/ingest-service';
import { recordLabels } from '@/server/traffic/labels-service';
import { registerTrafficModel, type TrafficFixture } from '@/server/traffic/traffic-fixtures';
import { labelTiming } from './label-timing';
import { driftShareThreshold } from '@/server/drift/drift-share-threshold';

// How late labels arrive, measured on the data (not configured), and the drift-share line the charts draw.

const database = await createTestDatabase();
let model: TrafficFixture;
const now = new Date();
const hourStart = (d: Date) => new Date(Math.floor(d.getTime() / 3_600_000) * 3_600_000);

beforeAll(async () => {
  model = await registerTrafficModel(database, 'late-labels', { versions: 1 });
});

describe('labelTiming', () => {
  it('before any label: nothing to say', async () => {
    await ingestEvents(database, 'late-labels', [{ requestId: 'x', time: new Date(now.getTime() - 3_600_000).toISOString(), version: 1, features: { age: 30, income: 1, employment: 'salaried', late_payments: 0 }, prediction: { score: 0.4 } }], now);
    expect(await labelTiming(database, model.modelId)).toEqual({ lastLabelledHour: null, lastLabelArrivedAt: null, medianDelaySeconds: null, sampled: 0 });
  });

  it('the newest labelled hour, the newest arrival, and the median delay of that day', async () => {
    // Events 3 days ago (labelled 1 h, 2 h and 5 h later), and one 10 days ago labelled 9 days late (outside the day measured).
    const base = new Date(now.getTime() - 3 * 86_400_000);
    const events = [0, 1, 2].map((i) => ({ requestId: `e${i}`, time: new Date(base.getTime() - i * 60_000).toISOString(), version: 1, features: { age: 30, income: 1, employment: 'salaried', late_payments: 0 }, prediction: { score: 0.4 } }));
    events.push({ ...events[0]!, requestId: 'old', time: new Date(now.getTime() - 10 * 86_400_000).toISOString() });
    await ingestEvents(database, 'late-labels', events, now);
    await recordLabels(database, 'late-labels', ['e0', 'e1', 'e2', 'old'].map((requestId) => ({ requestId, label: 'repaid' })));
    const delays: Record<string, number> = { e0: 1, e1: 2, e2: 5, old: 9 * 24 };
    for (const [id, hours] of Object.entries(delays)) {
      await database.execute(sql`update inference_events set labeled_at = occurred_at + make_interval(hours => ${hours}) where request_id = ${id}`);
    }
    const timing = await labelTiming(database, model.modelId);
    expect(timing.lastLabelledHour).toEqual(hourStart(base));
    expect(timing.medianDelaySeconds).toBeCloseTo(2 * 3600, 3);
    expect(timing.sampled).toBe(3);
    expect(timing.lastLabelArrivedAt).toEqual(new Date(new Date(events[2]!.time).getTime() + 5 * 3_600_000));
    // The same through the procedure pages call.
    const caller = createCaller(contextFor(database, fakeUser(['viewer'])));
    expect(await caller.monitoring.labelTiming({ name: 'late-labels' })).toEqual(timing);
    await expect(caller.monitoring.labelTiming({ name: 'no-such-model' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('driftShareThreshold', () => {
  it('the default dataset-drift share, the configured one, then the lowest enabled alert rule', async () => {
    expect(await driftShareThreshold(database, model.modelId)).toEqual({ value: 0.5, source: 'dataset_drift' });
    await database.insert(monitoringConfigs).values({ modelId: model.modelId, config: { drift: { datasetDriftShare: 0.4 } } });
    expect(await driftShareThreshold(database, model.modelId)).toEqual({ value: 0.4, source: 'dataset_drift' });
    await database.insert(alertRules).values([
      { modelId: model.modelId, kind: 'drift_share', threshold: 0.3, createdBy: 't' },
      { modelId: model.modelId, kind: 'drift_share', threshold: 0.2, enabled: false, createdBy: 't' },
      { modelId: model.modelId, kind: 'latency_p95', threshold: 0.1, createdBy: 't' },
    ]);
    expect((await driftShareThreshold(database, model.modelId)).value).toBeCloseTo(0.3, 6);
    expect((await driftShareThreshold(database, model.modelId)).source).toBe('alert_rule');
  });
});
