import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '@/server/api-tokens/api-tokens-service';
import { systemActor } from '@/server/auth/actor';
import { putKpiDefinitionEndpoint } from '@/server/kpis/kpis-api';
import { uploadReferenceEndpoint } from '@/server/reference/reference-api';
import { createModelEndpoint, createVersionEndpoint, getVersionEndpoint, listModelsEndpoint } from '@/server/registry/registry-api';
import { listShadowRunsEndpoint, startShadowRunEndpoint } from '@/server/shadow/shadow-api';
import { createDefaultTestDatabase } from '@/server/testing/test-database';
import { registerTrafficModel } from '@/server/traffic/traffic-fixtures';
import { callEndpoint } from './call-endpoint';

// The REST cases of the attack run (issue 18 §4), kept as regressions: a 400 that names the
// field for text, numbers and bytes the database cannot hold, and nothing stored.

const database = await createDefaultTestDatabase();
const MODEL = 'rest-target';
let token = '';

async function count(table: string): Promise<number> {
  const rows = await database.execute<{ n: number }>(sql.raw(`select count(*)::int as n from ${table}`));
  return rows[0]!.n;
}

const model = (overrides: Record<string, unknown> = {}) => ({ name: 'fresh-model', taskType: 'regression', features: [{ name: 'x', type: 'numeric' }], label: { name: 'y' }, ...overrides });

beforeAll(async () => {
  token = (await createToken(database, systemActor('test'), { name: 'rest-attack', scopes: ['registry:read', 'registry:write', 'kpis:write', 'shadow:write'] })).secret;
  await registerTrafficModel(database, MODEL);
});

describe('attack run over REST', () => {
  it('NUL, lone surrogates and control characters in JSON bodies: 400 naming the field, no model', async () => {
    const before = await count('registered_models');
    for (const [body, field] of [
      [model({ description: 'a\u0000b' }), 'description'],
      [model({ tags: ['ok', 'bad\ud800'] }), 'tags.1'],
      [model({ features: [{ name: 'x', type: 'categorical', categories: ['a', 'b\nc'] }] }), 'features.0.categories.1'],
      [model({ card: { intendedUse: 'x', decisions: '\udfff' } }), 'card.decisions'],
    ] as const) {
      const response = await callEndpoint(createModelEndpoint, { token, json: body });
      expect(response.status, JSON.stringify(response.json)).toBe(400);
      expect(JSON.stringify(response.json)).toContain(field);
    }
    expect(await count('registered_models')).toBe(before);
  });

  it('lone surrogate escapes inside jsonb payloads (hyperparameters), keys included: 400 naming the path', async () => {
    const before = await count('model_versions');
    for (const hyperparameters of [{ nested: { 'key\ud800': 1 } }, { list: ['\u0000'] }]) {
      const response = await callEndpoint(createVersionEndpoint, { token, params: { name: MODEL }, json: { artifactSha256: 'a'.repeat(64), hyperparameters } });
      expect(response.status, JSON.stringify(response.json)).toBe(400);
      expect(JSON.stringify(response.json)).toContain('hyperparameters');
    }
    expect(await count('model_versions')).toBe(before);
  });

  it('version 2147483648 (int4 overflow) in a body and in a path: 400 naming version', async () => {
    const created = await callEndpoint(createVersionEndpoint, { token, params: { name: MODEL }, json: { artifactSha256: 'a'.repeat(64), version: 2_147_483_648 } });
    expect(created.status).toBe(400);
    expect(created.json.details).toEqual([expect.objectContaining({ path: 'version' })]);
    const read = await callEndpoint(getVersionEndpoint, { token, params: { name: MODEL, version: '2147483648' } });
    expect(read.status).toBe(400);
    expect(JSON.stringify(read.json)).toContain('version');
  });

  it('invalid UTF-8 bytes in a JSON body or a query string: 400, not replacement characters', async () => {
    const bytes = Buffer.concat([Buffer.from('{"name":"bad-bytes","description":"'), Buffer.from([0xff, 0xfe]), Buffer.from('","taskType":"regression","features":[{"name":"x","type":"numeric"}],"label":{"name":"y"}}')]);
    const body = await callEndpoint(createModelEndpoint, { token, body: bytes, headers: { 'content-type': 'application/json' } });
    expect(body.status).toBe(400);
    expect(body.json.message).toMatch(/not valid UTF-8/);
    const query = await callEndpoint(listModelsEndpoint, { token, path: '/models?search=%FF' });
    expect(query.status).toBe(400);
    expect(query.json.message).toMatch(/not valid UTF-8/);
    const nul = await callEndpoint(listModelsEndpoint, { token, path: '/models?search=a%00b' });
    expect(nul.status).toBe(400);
    expect(JSON.stringify(nul.json)).toContain('search');
  });

  it('KPI bounds beyond double range cannot arrive, and NUL in a definition is refused naming the field', async () => {
    const response = await callEndpoint(putKpiDefinitionEndpoint, { token, params: { name: 'orders' }, json: { aggregation: 'sum', direction: 'up', description: 'x\u0000' } });
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.json)).toContain('description');
    expect(await count('kpi_definitions')).toBe(0);
  });

  it('shadow runs: malformed JSON, wrong types, out-of-range numbers, bad bytes and a huge body are refused before the service, no run', async () => {
    const start = (init: { json?: unknown; body?: BodyInit }) =>
      callEndpoint(startShadowRunEndpoint, { token, params: { name: MODEL }, path: `/models/${MODEL}/shadow-runs`, headers: { 'content-type': 'application/json' }, ...init });
    const window = { lastEvents: 100 };
    for (const [json, field] of [
      [{ candidateVersion: 2, window, sliceFeature: 'a\u0000b' }, 'sliceFeature'],
      [{ candidateVersion: 2, window, sliceFeature: '\ud800' }, 'sliceFeature'],
      [{ candidateVersion: 2_147_483_648, window }, 'candidateVersion'],
      [{ candidateVersion: '2', window }, 'candidateVersion'],
      [{ candidateVersion: 2, window: 'last week' }, 'window'],
      [{ candidateVersion: 2, window: { lastEvents: 50_000_001 } }, 'window'],
      [{ candidateVersion: 2, window: { from: '0000-01-01T00:00:00Z', to: '2026-01-01T00:00:00Z' } }, 'window'],
    ] as const) {
      const response = await start({ json });
      expect(response.status, JSON.stringify(response.json)).toBe(400);
      expect(JSON.stringify(response.json.details)).toContain(field);
    }
    expect(await start({ body: '{"candidateVersion": 2, "window": {"lastEvents": 1' })).toMatchObject({ status: 400, json: { code: 'bad_request' } });
    const bytes = Buffer.concat([Buffer.from('{"candidateVersion":2,"window":{"lastEvents":1},"sliceFeature":"'), Buffer.from([0xc0, 0x80]), Buffer.from('"}')]);
    expect((await start({ body: bytes })).json.message).toMatch(/not valid UTF-8/);
    expect((await start({ body: `{"candidateVersion":2,"window":{"lastEvents":1},"x":"${'y'.repeat(1024 * 1024)}"}` })).status).toBe(413);
    const list = await callEndpoint(listShadowRunsEndpoint, { token, params: { name: MODEL }, path: `/models/${MODEL}/shadow-runs?limit=99999999999&offset=%FF` });
    expect(list.status).toBe(400);
    expect(await count('shadow_runs')).toBe(0);
  });

  it('a reference CSV with a NUL byte or invalid UTF-8 is refused before parsing', async () => {
    const csv = (tail: Buffer) => Buffer.concat([Buffer.from('age,income,employment,late_payments,defaulted\n30,1,salaried,0,'), tail, Buffer.from('\n')]);
    for (const [tail, message] of [
      [Buffer.from('repaid\u0000'), /NUL character on line 2/],
      [Buffer.from([0x72, 0xff]), /not valid UTF-8/],
    ] as const) {
      const response = await callEndpoint(uploadReferenceEndpoint, { token, params: { name: MODEL }, body: csv(tail), headers: { 'content-type': 'text/csv' } });
      expect(response.status).toBe(400);
      expect(response.json.message).toMatch(message);
    }
    expect(await count('reference_datasets')).toBe(0);
  });
});
