import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, shadowRuns } from '@/db/schema';
import { markValidated, registerSampleModel, writeSyntheticTraffic, type SampleVersions } from '@/demo/synthetic-traffic';
import { createToken, revokeToken } from '@/server/api-tokens/api-tokens-service';
import { createCaller } from '@/server/app-router';
import { systemActor } from '@/server/auth/actor';
import { closeInferencePool } from '@/server/onnx/inference-pool';
import { callEndpoint } from '@/server/rest/call-endpoint';
import { createDefaultTestDatabase } from '@/server/testing/test-database';
import { contextFor, fakeUser } from '@/server/trpc/test-context';
import { startJobRunner } from '@/workers/job-runner';
import { getShadowRunEndpoint, listShadowRunsEndpoint, startShadowRunEndpoint } from './shadow-api';

// Shadow runs over /api/v1, as a CI pipeline starts them: real sample ONNX models, logged
// traffic, the job runner replaying it, and every refusal answered with its status and
// nothing stored (no run, no audit event, no job).

process.env.VIGIL_ARTIFACT_DIR = mkdtempSync(path.join(os.tmpdir(), 'vigil-shadow-api-'));
const database = await createDefaultTestDatabase();

const EVENTS = 1200;
const HOUR = 3600_000;
const now = Date.now();
const window = { from: new Date(now - 24 * HOUR).toISOString(), to: new Date(now - 60_000).toISOString() };
const MODEL = 'credit-risk';
let credit: SampleVersions;
const tokens = { ci: '', readOnly: '', revoked: '' };

const runsPath = (model = MODEL) => `/models/${model}/shadow-runs`;
const start = (json: unknown, options: { token?: string; model?: string } = {}) =>
  callEndpoint(startShadowRunEndpoint, { token: 'token' in options ? options.token : tokens.ci, params: { name: options.model ?? MODEL }, path: runsPath(options.model), json });

/** What a refused start must leave untouched. */
async function stored() {
  const [counts] = await database.execute<{ runs: number; audited: number; jobs: number }>(sql`
    select (select count(*) from shadow_runs)::int as runs,
           (select count(*) from audit_events where action = 'shadow_run.started')::int as audited,
           (select count(*) from pgboss.job where name = 'shadow-plan')::int as jobs`);
  return counts!;
}

beforeAll(async () => {
  credit = await registerSampleModel(database, MODEL);
  await markValidated(database, credit.versions.get(1)!);
  await writeSyntheticTraffic(database, credit.modelId, { count: EVENTS, seed: 11, from: new Date(window.from), to: new Date(window.to), serving: credit.versions.get(1)! });
  await markValidated(database, credit.versions.get(2)!);
  // Validating v2 queued its automatic run; this file starts runs over REST only.
  await database.execute(sql`delete from pgboss.job`);
  const admin = systemActor('test');
  tokens.ci = (await createToken(database, admin, { name: 'ci-pipeline', scopes: ['shadow:write'] })).secret;
  tokens.readOnly = (await createToken(database, admin, { name: 'reader', scopes: ['registry:read', 'reports:write', 'events:write'] })).secret;
  const revoked = await createToken(database, admin, { name: 'old-ci', scopes: ['shadow:write'] });
  await revokeToken(database, admin, { tokenId: revoked.id });
  tokens.revoked = revoked.secret;
});

describe('POST /api/v1/models/{name}/shadow-runs refusals: the status, the reason, nothing stored', () => {
  it('401 without a token, with a malformed, unknown or revoked one; 403 without the shadow:write scope', async () => {
    const before = await stored();
    const body = { candidateVersion: 2, window };
    expect((await start(body, { token: undefined })).status).toBe(401);
    expect((await start(body, { token: 'not-a-token' })).status).toBe(401);
    expect((await start(body, { token: `vgl_${'a'.repeat(43)}` })).status).toBe(401);
    const revoked = await start(body, { token: tokens.revoked });
    expect(revoked).toMatchObject({ status: 401, json: { code: 'unauthorized', message: 'The API token has been revoked.' } });
    const narrow = await start(body, { token: tokens.readOnly });
    expect(narrow).toMatchObject({ status: 403, json: { code: 'forbidden', message: 'This token lacks the shadow:write scope.' } });
    expect(await stored()).toEqual(before);
  });

  it('404 for an unknown model or version', async () => {
    const before = await stored();
    const model = await start({ candidateVersion: 2, window }, { model: 'no-such-model' });
    expect(model).toMatchObject({ status: 404, json: { code: 'not_found' } });
    const version = await start({ candidateVersion: 9, window });
    expect(version).toMatchObject({ status: 404, json: { code: 'not_found', message: "Model 'credit-risk' has no version 9." } });
    expect(await stored()).toEqual(before);
  });

  it('422 with the existing explanation for a run of the serving version over traffic it served itself', async () => {
    const before = await stored();
    for (const w of [window, { lastEvents: 500 }]) {
      const self = await start({ candidateVersion: 1, window: w });
      expect(self.status).toBe(422);
      expect(self.json).toMatchObject({ code: 'unprocessable', message: expect.stringMatching(/^v1 served every event in this window itself: a shadow run would compare v1 with itself, so every answer would agree and say nothing\./) });
    }
    // The other refusals of the service, same status.
    const empty = await start({ candidateVersion: 2, window: { from: '2020-01-01T00:00:00Z', to: '2020-01-02T00:00:00Z' } });
    expect(empty).toMatchObject({ status: 422, json: { message: "'credit-risk' has no logged traffic between 2020-01-01T00:00:00.000Z and 2020-01-02T00:00:00.000Z: nothing to replay." } });
    const slice = await start({ candidateVersion: 2, window, sliceFeature: 'shoe_size' });
    expect(slice).toMatchObject({ status: 422, json: { message: "'shoe_size' is neither a feature nor a protected attribute of 'credit-risk'." } });
    expect(await stored()).toEqual(before);
  });

  it('400 naming the field for bad input, 400 for malformed JSON, 413 for a huge body', async () => {
    const before = await stored();
    for (const [body, field] of [
      [{ candidateVersion: 'two', window }, 'candidateVersion'],
      [{ candidateVersion: 2_147_483_648, window }, 'candidateVersion'],
      [{ window }, 'candidateVersion'],
      [{ candidateVersion: 2, window: { from: window.to, to: window.from } }, 'window'],
      [{ candidateVersion: 2, window: { lastEvents: 0 } }, 'window'],
      [{ candidateVersion: 2, window: { from: 'yesterday', to: window.to } }, 'window'],
      [{ candidateVersion: 2, window, sliceFeature: 'age\u0000' }, 'sliceFeature'],
      [{ candidateVersion: 2, window, candidate_version: 2 }, 'candidate_version'],
      [[], ''],
    ] as const) {
      const answer = await start(body);
      expect(answer.status, JSON.stringify(answer.json)).toBe(400);
      expect(answer.json.code).toBe('bad_request');
      expect(JSON.stringify(answer.json.details)).toContain(field);
    }
    const malformed = await callEndpoint(startShadowRunEndpoint, { token: tokens.ci, params: { name: MODEL }, path: runsPath(), body: '{"candidateVersion": 2,', headers: { 'content-type': 'application/json' } });
    expect(malformed).toMatchObject({ status: 400, json: { code: 'bad_request' } });
    const huge = await start({ candidateVersion: 2, window, padding: 'x'.repeat(1024 * 1024 + 1) });
    expect(huge).toMatchObject({ status: 413, json: { code: 'payload_too_large' } });
    expect(await stored()).toEqual(before);
  });
});

describe('a shadow run started over REST, replayed by the job runner', () => {
  it('202 with the id and a URL to poll; polled until completed; the summary as the portal shows it', async () => {
    const started = await start({ candidateVersion: 2, window, sliceFeature: 'employment_type' });
    expect(started.status, JSON.stringify(started.json)).toBe(202);
    const id = started.json.id as string;
    expect(started.json).toMatchObject({ status: 'pending', url: `http://vigil.test/api/v1/models/credit-risk/shadow-runs/${id}`, portalUrl: `http://vigil.test/models/credit-risk/shadow/${id}` });
    expect(started.headers.get('location')).toBe(started.json.url);

    // Audited like the portal's start, with the token as the actor.
    const [audit] = await database.select().from(auditEvents).where(and(eq(auditEvents.action, 'shadow_run.started'), eq(auditEvents.targetId, id)));
    expect(audit).toMatchObject({ actorType: 'token', actorLabel: 'token:ci-pipeline' });
    expect(JSON.parse(audit!.body)).toMatchObject({ after: { model: MODEL, candidateVersion: 2, sliceFeature: 'employment_type', trigger: 'manual' } });
    const [row] = await database.select().from(shadowRuns).where(eq(shadowRuns.id, id));
    expect(row).toMatchObject({ createdBy: 'token:ci-pipeline', trigger: 'manual', status: 'pending' });

    process.env.VIGIL_SHADOW_BATCH_SIZE = '500';
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const boss = await startJobRunner(process.env.DATABASE_URL!, database, { privateKey, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), keyId: 'test' });
    const poll = () => callEndpoint(getShadowRunEndpoint, { token: tokens.ci, params: { name: MODEL, id }, path: `${runsPath()}/${id}` });
    let state = await poll();
    try {
      const deadline = Date.now() + 60_000;
      while (!['completed', 'failed', 'cancelled'].includes(state.json.status as string) && Date.now() < deadline) {
        expect(state.status).toBe(200);
        await new Promise((resolve) => setTimeout(resolve, 250));
        state = await poll();
      }
    } finally {
      delete process.env.VIGIL_SHADOW_BATCH_SIZE;
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
      await closeInferencePool();
    }
    expect(state.status).toBe(200);
    expect(state.json).toMatchObject({
      id,
      model: MODEL,
      candidateVersion: 2,
      status: 'completed',
      trigger: 'manual',
      createdBy: 'token:ci-pipeline',
      window,
      sliceFeature: 'employment_type',
      error: null,
      progress: { processed: EVENTS, total: EVENTS, fraction: 1, batchesDone: 3, batchCount: 3 },
      servingVersions: [{ version: 1, events: EVENTS }],
      headline: { rows: EVENTS, agreement: expect.any(Number), accuracyDifference: expect.any(Number), maeDifference: null },
    });
    const summary = state.json.summary as Record<string, unknown>;
    expect(summary).toMatchObject({ rows: EVENTS, labelled: { kind: 'binary' } });
    // The same stored summary the portal's results procedure reads.
    const portal = await createCaller(contextFor(database, fakeUser(['viewer']))).shadow.results({ runId: id });
    expect(summary).toEqual(JSON.parse(JSON.stringify(portal.summary)));
  }, 90_000);

  it('lists runs newest first, a page at a time; GET refuses a run of another model and bad ids', async () => {
    const [older] = await database
      .insert(shadowRuns)
      .values({ modelId: credit.modelId, candidateVersionId: credit.versions.get(2)!.id, maxEvents: 100, trigger: 'manual', createdBy: 'test', createdAt: new Date('2026-01-01T00:00:00Z'), status: 'cancelled' })
      .returning({ id: shadowRuns.id });
    const list = (query: Record<string, string> = {}, model = MODEL) => callEndpoint(listShadowRunsEndpoint, { token: tokens.ci, params: { name: model }, path: runsPath(model), query });
    const all = await list();
    expect(all.status).toBe(200);
    expect(all.json).toMatchObject({ model: MODEL, limit: 500, offset: 0 });
    const runs = all.json.runs as { id: string; status: string; window: unknown }[];
    expect(runs).toHaveLength(2);
    expect(runs[1]).toMatchObject({ id: older!.id, status: 'cancelled', window: { from: null, to: null, lastEvents: 100 } });
    expect(runs[0]).not.toHaveProperty('summary');
    const second = await list({ limit: '1', offset: '1' });
    expect(second.json).toMatchObject({ limit: 1, offset: 1, runs: [{ id: older!.id }] });
    expect(((await list({ offset: '2' })).json.runs as unknown[]).length).toBe(0);
    const refusedQueries: Record<string, string>[] = [{ limit: '0' }, { limit: '501' }, { limit: 'ten' }, { offset: '-1' }, { offset: '100001' }, { limit: '1e2' }];
    for (const query of refusedQueries) {
      const refused = await list(query);
      expect(refused.status, JSON.stringify(query)).toBe(400);
      expect(JSON.stringify(refused.json.details)).toContain(Object.keys(query)[0]!);
    }
    expect((await list({}, 'no-such-model')).status).toBe(404);

    await registerSampleModel(database, 'other-model');
    const get = (model: string, id: string) => callEndpoint(getShadowRunEndpoint, { token: tokens.ci, params: { name: model, id }, path: `${runsPath(model)}/${id}` });
    expect((await get(MODEL, older!.id)).json).toMatchObject({ id: older!.id, summary: null, headline: null });
    expect(await get('other-model', older!.id)).toMatchObject({ status: 404, json: { message: `'other-model' has no shadow run ${older!.id}.` } });
    expect((await get(MODEL, '00000000-0000-4000-8000-000000000999')).status).toBe(404);
    expect((await get(MODEL, 'not-a-uuid')).status).toBe(400);
    // Reading needs the same scope.
    expect((await callEndpoint(getShadowRunEndpoint, { token: tokens.readOnly, params: { name: MODEL, id: older!.id } })).status).toBe(403);
    expect((await callEndpoint(listShadowRunsEndpoint, { params: { name: MODEL } })).status).toBe(401);
  });
});

afterAll(() => {
  delete process.env.VIGIL_SHADOW_BATCH_SIZE;
});
