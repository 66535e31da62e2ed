import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '@/server/api-tokens/api-tokens-service';
import { systemActor } from '@/server/auth/actor';
import { callEndpoint } from '@/server/rest/call-endpoint';
import { createDefaultTestDatabase } from '@/server/testing/test-database';
import { ingestEventsEndpoint, recordLabelsEndpoint } from './events-api';
import { registerTrafficModel, type TrafficFixture } from './traffic-fixtures';

// The attack run found that request ids with lone surrogates or invalid UTF-8 merged: three
// distinct ids answered {"inserted":1,"duplicates":2} (each became "r\uFFFD" on its way to
// PostgreSQL), and a label sent for one of them updated another event. Text must arrive
// well-formed or be refused, naming the row and field.

const database = await createDefaultTestDatabase();
let token = '';
let fixture: TrafficFixture;

const event = (requestId: string, extra: Record<string, unknown> = {}) => ({
  requestId,
  time: new Date(Date.now() - 60_000).toISOString(),
  version: 1,
  features: { age: 30, income: 1, employment: 'salaried', late_payments: 0 },
  prediction: { score: 0.4 },
  ...extra,
});

async function stored(): Promise<{ request_id: string; label: string | null }[]> {
  return database.execute<{ request_id: string; label: string | null }>(sql`select request_id, label from inference_events where model_id = ${fixture.modelId} order by request_id`);
}

const raw = (parts: (string | number[])[]) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p))));

beforeAll(async () => {
  token = (await createToken(database, systemActor('test'), { name: 'traffic', scopes: ['events:write'] })).secret;
  fixture = await registerTrafficModel(database, 'text-integrity');
});

describe('request ids and labels must be well-formed text', () => {
  it('three ids differing only in lone surrogates are refused, naming each row, instead of merging', async () => {
    const response = await callEndpoint(ingestEventsEndpoint, { token, json: { model: fixture.name, events: [event('r\ud800'), event('r\ud801'), event('r\udfff')] } });
    expect(response.status).toBe(400);
    expect(response.json.details).toEqual([0, 1, 2].map((row) => ({ row, field: 'requestId', reason: 'is not well-formed Unicode (it contains a lone surrogate)' })));
    expect(await stored()).toEqual([]);
  });

  it('ids with invalid UTF-8 bytes are refused (they would all read as U+FFFD)', async () => {
    const body = raw([`{"model":"${fixture.name}","events":[`, JSON.stringify(event('r')).replace('"r"', '"r'), [0xff], '"},', JSON.stringify(event('r')).replace('"r"', '"r'), [0xfe], '"}]}']);
    const response = await callEndpoint(ingestEventsEndpoint, { token, body, headers: { 'content-type': 'application/json' } });
    expect(response.status).toBe(400);
    expect(response.json.message).toMatch(/not valid UTF-8/);
    expect(await stored()).toEqual([]);
  });

  it('NUL and lone surrogates in labels, categories and attributes name their field', async () => {
    const response = await callEndpoint(ingestEventsEndpoint, {
      token,
      json: {
        model: fixture.name,
        events: [
          event('a', { prediction: { score: 0.4, label: 'x\u0000' } }),
          event('b', { features: { age: 30, income: 1, employment: 'sal\ud800', late_payments: 0 } }),
          event('c', { attributes: { gender: 'f\udc00' } }),
          event('d', { attributes: { 'g\ud800': 'f' } }),
        ],
      },
    });
    expect(response.status).toBe(400);
    expect((response.json.details as { row: number; field: string }[]).map((d) => [d.row, d.field])).toEqual([
      [0, 'prediction.label'],
      [1, 'features.employment'],
      [2, 'attributes.gender'],
      [3, 'attributes.g\\ud800'],
    ]);
    expect(await stored()).toEqual([]);
  });

  it('a label for a lone-surrogate id is refused and updates no other event', async () => {
    const ok = await callEndpoint(ingestEventsEndpoint, { token, json: { model: fixture.name, events: [event('r\ufffd')] } });
    expect(ok.status).toBe(201);
    const response = await callEndpoint(recordLabelsEndpoint, { token, json: { model: fixture.name, labels: [{ requestId: 'r\ud800', label: 'defaulted' }] } });
    expect(response.status).toBe(400);
    expect(response.json.details).toEqual([{ row: 0, field: 'requestId', reason: 'is not well-formed Unicode (it contains a lone surrogate)' }]);
    const bytes = await callEndpoint(recordLabelsEndpoint, { token, body: raw([`{"model":"${fixture.name}","labels":[{"requestId":"r`, [0xed, 0xa0, 0x80], '","label":"defaulted"}]}']), headers: { 'content-type': 'application/json' } });
    expect(bytes.status).toBe(400);
    expect(await stored()).toEqual([{ request_id: 'r\ufffd', label: null }]);
  });
});
