import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { fairnessReports } from '@/db/schema';
import { markValidated, registerSampleModel, writeSyntheticTraffic } from '@/demo/synthetic-traffic';
import { samplePath } from '@/demo/samples/sample-manifest';
import { createToken } from '@/server/api-tokens/api-tokens-service';
import { uploadReference } from '@/server/reference/reference-service';
import { systemActor } from '@/server/auth/actor';
import { callEndpoint } from '@/server/rest/call-endpoint';
import { createDefaultTestDatabase } from '@/server/testing/test-database';
import { getFairnessEndpoint, runFairnessEndpoint } from './fairness-api';
import { runFairnessReport } from './fairness-runner';

process.env.VIGIL_ARTIFACT_DIR = mkdtempSync(path.join(os.tmpdir(), 'vigil-fairness-api-'));
const database = await createDefaultTestDatabase();
const HOUR = 3600_000;
let runner = '';
let reader = '';

const at = (name: string) => ({ params: { name }, path: `/models/${name}/fairness` });
const stored = async () => (await database.select({ n: sql<number>`count(*)::int` }).from(fairnessReports))[0]!.n;

beforeAll(async () => {
  runner = (await createToken(database, systemActor('test'), { name: 'notebook', scopes: ['reports:write'] })).secret;
  reader = (await createToken(database, systemActor('test'), { name: 'reader', scopes: ['registry:read'] })).secret;
  const credit = await registerSampleModel(database, 'credit-risk');
  await markValidated(database, credit.versions.get(1)!);
  const now = Date.now();
  await writeSyntheticTraffic(database, credit.modelId, { count: 600, seed: 5, from: new Date(now - 24 * HOUR), to: new Date(now - 60_000), serving: credit.versions.get(1)! });
});

describe('fairness REST API', () => {
  it('runs a report on demand (202, pending) and reads it by id and as the latest', async () => {
    expect(await callEndpoint(getFairnessEndpoint, { ...at('credit-risk'), token: reader })).toMatchObject({ status: 404 });
    const run = await callEndpoint(runFairnessEndpoint, { ...at('credit-risk'), token: runner, json: { population: 'traffic', days: 2 } });
    expect(run).toMatchObject({ status: 202, json: { status: 'pending' } });
    const id = run.json.id as string;
    await runFairnessReport(database, id);
    const latest = await callEndpoint(getFairnessEndpoint, { ...at('credit-risk'), token: reader });
    expect(latest).toMatchObject({ status: 200, json: { id, version: 1, population: 'traffic', status: 'completed' } });
    expect((latest.json.report as { groupings: { key: string }[] }).groupings.map((g) => g.key)).toEqual(['gender', 'age_band']);
    const byId = await callEndpoint(getFairnessEndpoint, { ...at('credit-risk'), token: reader, query: { id } });
    expect(byId.json.id).toBe(id);
  });

  it('names the reference a reference-population report read, by id and by the digest of its bytes', async () => {
    const csv = await readFile(samplePath('credit-risk-reference.csv'), 'utf8');
    const reference = await uploadReference(database, systemActor('test'), { model: 'credit-risk', name: 'held-out', csv });
    const run = await callEndpoint(runFairnessEndpoint, { ...at('credit-risk'), token: runner, json: { population: 'reference' } });
    expect(run).toMatchObject({ status: 202 });
    await runFairnessReport(database, run.json.id as string);
    const read = await callEndpoint(getFairnessEndpoint, { ...at('credit-risk'), token: reader, query: { id: run.json.id as string } });
    expect(read.json).toMatchObject({ population: 'reference', status: 'completed', referenceId: reference.id, referenceSha256: createHash('sha256').update(csv, 'utf8').digest('hex') });
    const traffic = await callEndpoint(getFairnessEndpoint, { ...at('credit-risk'), token: reader, query: { id: (await callEndpoint(runFairnessEndpoint, { ...at('credit-risk'), token: runner, json: { population: 'traffic', days: 2 } })).json.id as string } });
    expect(traffic.json).toMatchObject({ referenceId: null, referenceSha256: null });
  });

  it('refuses bad requests with a clear 4xx and stores nothing', async () => {
    const before = await stored();
    expect(await callEndpoint(runFairnessEndpoint, { ...at('credit-risk'), json: {} })).toMatchObject({ status: 401 });
    expect(await callEndpoint(runFairnessEndpoint, { ...at('credit-risk'), token: reader, json: {} })).toMatchObject({ status: 403 });
    expect(await callEndpoint(runFairnessEndpoint, { ...at('no-such-model'), token: runner, json: {} })).toMatchObject({ status: 404 });
    expect(await callEndpoint(runFairnessEndpoint, { ...at('credit-risk'), token: runner, json: { population: 'everyone' } })).toMatchObject({ status: 400 });
    expect(await callEndpoint(runFairnessEndpoint, { ...at('credit-risk'), token: runner, json: { days: 2, from: '2026-01-01T00:00:00Z' } })).toMatchObject({ status: 400 });
    expect(await callEndpoint(runFairnessEndpoint, { ...at('credit-risk'), token: runner, json: { version: 'one' } })).toMatchObject({ status: 400 });
    const empty = await callEndpoint(runFairnessEndpoint, { ...at('credit-risk'), token: runner, json: { from: '2020-01-01T00:00:00Z', to: '2020-01-02T00:00:00Z' } });
    expect(empty).toMatchObject({ status: 422 });
    expect(String(empty.json.message)).toMatch(/no labelled traffic/);
    expect(await callEndpoint(runFairnessEndpoint, { ...at('credit-risk'), token: runner, json: { population: 'shadow' } })).toMatchObject({ status: 422 });
    const malformed = await callEndpoint(runFairnessEndpoint, { ...at('credit-risk'), token: runner, body: '{"population":', headers: { 'content-type': 'application/json' } });
    expect(malformed.status).toBe(400);
    expect(await callEndpoint(getFairnessEndpoint, { ...at('credit-risk'), token: reader, query: { id: 'not-a-uuid' } })).toMatchObject({ status: 400 });
    expect(await stored()).toBe(before);
  });
});
