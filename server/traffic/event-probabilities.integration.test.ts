import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDefaultTestDatabase } from '@/server/testing/test-database';
import { createToken } from '@/server/api-tokens/api-tokens-service';
import { systemActor } from '@/server/auth/actor';
import { callEndpoint } from '@/server/rest/call-endpoint';
import { readEvents } from './event-reader';
import { ingestEvents } from './ingest-service';
import { ingestEventsEndpoint } from './events-api';
import { registerTrafficModel, type TrafficFixture } from './traffic-fixtures';

// Per-class probabilities on POST /api/v1/events: stored in class order by both ingestion
// paths (the byte scanner and JSON.parse → COPY, and INSERT … ON CONFLICT), refused with
// per-row errors, nothing stored, when they are wrong or sent for a model that takes none.

const database = await createDefaultTestDatabase();
const CLASSES = ['low', 'medium', 'high'];
const base = Date.now() - 3_600_000;
let writer = '';
let grades: TrafficFixture;
let binary: TrafficFixture;

function event(i: number, probabilities: unknown, label = 'medium') {
  return {
    requestId: `p-${i}`,
    time: new Date(base + i * 1000).toISOString(),
    version: 1,
    features: { age: 40, income: 12.5, employment: 'salaried', late_payments: 1 },
    prediction: { label, probabilities },
  };
}

const post = (model: string, events: unknown[]) => callEndpoint(ingestEventsEndpoint, { token: writer, json: { model, events } });
async function stored(fixture: TrafficFixture): Promise<number> {
  const rows = await database.execute<{ n: number }>(sql`select count(*)::int as n from inference_events where model_id = ${fixture.modelId}`);
  return rows[0]!.n;
}

beforeAll(async () => {
  writer = (await createToken(database, systemActor('test'), { name: 'svc', scopes: ['events:write'] })).secret;
  grades = await registerTrafficModel(database, 'risk-grades', { taskType: 'multiclass_classification', classes: CLASSES });
  binary = await registerTrafficModel(database, 'binary-credit');
});

describe('prediction.probabilities', () => {
  it('stores arrays and objects in the declared class order, and events without them as null', async () => {
    const events = [
      event(0, [0.125, 0.375, 0.5]),
      event(1, { high: 0.25, low: 0.5, medium: 0.25 }),
      event(2, undefined),
      event(3, [0.1, 0.2, 0.7]),
      // A probability below real's range is stored as 0, not refused.
      event(4, [1e-50, 0.4995, 0.5005]),
    ];
    expect(await post(grades.name, events)).toEqual({ status: 201, json: { received: 5, inserted: 5, duplicates: 0 } });
    const batch = await readEvents(database, grades.modelId);
    expect(batch.probabilities.map((p) => p && [...p])).toEqual([[0.125, 0.375, 0.5], [0.5, 0.25, 0.25], null, [0.1, 0.2, 0.7].map(Math.fround), [0, Math.fround(0.4995), Math.fround(0.5005)]]);
  });

  it('stores the same through INSERT … ON CONFLICT when part of the batch is already stored', async () => {
    const events = [event(3, [0.1, 0.2, 0.7]), event(10, { low: 0.2, medium: 0.3, high: 0.5 })];
    expect(await ingestEvents(database, grades.name, events)).toEqual({ received: 2, inserted: 1, duplicates: 1 });
    const batch = await readEvents(database, grades.modelId);
    const at = batch.requestIds.indexOf('p-10');
    expect([...batch.probabilities[at]!]).toEqual([0.2, 0.3, 0.5].map(Math.fround));
  });

  it.each([
    ['too few entries', [0.5, 0.5], 'prediction.probabilities', /one probability per class .*3: low, medium, high.*got 2/],
    ['a sum off by more than 0.001', [0.5, 0.4, 0.102], 'prediction.probabilities', /sum to 1\.002.*1 ± 0\.001/],
    ['a negative value', [-0.1, 0.6, 0.5], 'prediction.probabilities[0]', /a number in \[0, 1\]\), got -0\.1/],
    ['a string', ['0.5', 0.25, 0.25], 'prediction.probabilities[0]', /got a string/],
    ['a missing class', { low: 0.5, medium: 0.5 }, 'prediction.probabilities', /missing the probability of high/],
    ['an unknown class', { low: 0.5, medium: 0.25, high: 0.25, severe: 0 }, 'prediction.probabilities.severe', /not one of the model's classes/],
    ['a number instead of a vector', 1, 'prediction.probabilities', /an array in the model's class order or an object/],
  ])('refuses %s, naming row and field, and stores nothing', async (_, probabilities, field, reason) => {
    const before = await stored(grades);
    const response = await post(grades.name, [event(100, [0.2, 0.3, 0.5]), event(101, probabilities)]);
    expect(response.status).toBe(400);
    const details = (response.json as { details: { row: number; field: string; reason: string }[] }).details;
    expect(details).toHaveLength(1);
    expect(details[0]).toMatchObject({ row: 1, field });
    expect(details[0]!.reason).toMatch(reason);
    expect(await stored(grades)).toBe(before);
  });

  it('refuses probabilities for a binary model', async () => {
    const response = await post(binary.name, [{ ...event(0, [0.5, 0.5], 'repaid') }]);
    expect(response.status).toBe(400);
    const details = (response.json as { details: { row: number; field: string; reason: string }[] }).details;
    expect(details[0]).toMatchObject({ row: 0, field: 'prediction.probabilities' });
    expect(details[0]!.reason).toMatch(/multiclass models only/);
    expect(await stored(binary)).toBe(0);
  });
});
