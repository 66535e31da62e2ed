import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { count, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { inboundDeliveries, inboundWebhookRefusals, releases } from '@/db/schema';
import { createDefaultTestDatabase } from '@/server/testing/test-database';
import { artifactStore } from '@/server/artifacts/current-store';
import { systemActor } from '@/server/auth/actor';
import { linearModel } from '@/demo/test-onnx-models';
import { createModel } from '@/server/registry/models-service';
import { registerVersion } from '@/server/registry/versions-service';
import { callEndpoint } from '@/server/rest/call-endpoint';
import { exampleOf } from './github-examples';
import { refusalCounts } from './refusal-counter';
import { signGithubBody } from './github-signature';
import { signStandardWebhook } from './standard-webhooks';
import { createWebhookSecret, revokeWebhookSecret } from './webhook-secrets-service';
import { ciWebhookEndpoint, githubWebhookEndpoint } from './webhooks-api';

process.env.VIGIL_ARTIFACT_DIR = mkdtempSync(path.join(os.tmpdir(), 'vigil-artifacts-'));
process.env.VIGIL_DATA_DIR = mkdtempSync(path.join(os.tmpdir(), 'vigil-data-'));
const database = await createDefaultTestDatabase();
const actor = systemActor('test');
const SHA = '4e7bd4c4ad9f0ff45cd0b4cda35d4b31e1c4b4d9';

let githubSecret = '';
let ciSecret = '';

async function deliveryRows() {
  const [row] = await database.select({ n: count() }).from(inboundDeliveries);
  return row!.n;
}

async function refusals(source: 'github' | 'ci') {
  return Object.fromEntries((await refusalCounts(database)).filter((r) => r.source === source).map((r) => [r.reason, r.count]));
}

async function releaseCount() {
  const [row] = await database.select({ n: count() }).from(releases);
  return row!.n;
}

function github(event: string, payload: unknown, deliveryId: string, secret = githubSecret) {
  const body = JSON.stringify(payload);
  return callEndpoint(githubWebhookEndpoint, {
    body,
    headers: { 'content-type': 'application/json', 'x-github-event': event, 'x-github-delivery': deliveryId, 'x-hub-signature-256': signGithubBody(Buffer.from(body), secret) },
  });
}

function ci(payload: unknown, id: string, at = new Date(), secret = ciSecret, raw?: string) {
  const body = raw ?? JSON.stringify(payload);
  return callEndpoint(ciWebhookEndpoint, {
    body,
    headers: { 'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': String(Math.floor(at.getTime() / 1000)), 'webhook-signature': signStandardWebhook(secret, id, at, body) },
  });
}

beforeAll(async () => {
  githubSecret = (await createWebhookSecret(database, actor, { source: 'github', label: 'gh' })).secret;
  ciSecret = (await createWebhookSecret(database, actor, { source: 'ci', label: 'gitlab' })).secret;
  await createModel(database, actor, {
    name: 'hello-world',
    taskType: 'binary_classification',
    repository: 'Codertocat/Hello-World',
    features: [{ name: 'x1', type: 'numeric' }, { name: 'x2', type: 'numeric' }],
    label: { name: 'y' },
    tags: [],
    description: '',
    protectedAttributes: [],
  });
  const onnx = linearModel(2);
  const digest = createHash('sha256').update(onnx).digest('hex');
  await artifactStore().put((async function* () { yield onnx; })(), { expectedSha256: digest, maxBytes: 1e6 });
  await registerVersion(database, actor, 'hello-world', { artifactSha256: digest, gitSha: SHA, hyperparameters: {}, metrics: {}, description: '' });
});

describe('GitHub webhook', () => {
  const published = () => exampleOf('release', (p) => p.action === 'published');

  it('records a published release once, however often it is delivered', async () => {
    const first = await github('release', published(), 'delivery-1');
    expect(first).toMatchObject({ status: 200, json: { release: { model: 'hello-world' } } });
    const again = await github('release', published(), 'delivery-1');
    expect(again).toMatchObject({ status: 200, json: { duplicate: true } });
    expect(await releaseCount()).toBe(1);
    const log = await database.select().from(inboundDeliveries).where(eq(inboundDeliveries.source, 'github'));
    expect(log.map((d) => d.outcome).sort()).toEqual(['accepted', 'duplicate']);
  });

  it('links a successful workflow run to the version with its commit', async () => {
    const run = exampleOf('workflow_run', (p) => p.action === 'completed');
    run.workflow_run = { ...run.workflow_run, conclusion: 'success', head_sha: SHA };
    const answer = await github('workflow_run', run, 'delivery-2');
    expect(answer).toMatchObject({ status: 200, json: { release: { model: 'hello-world', version: 1 } } });
  });

  it('acknowledges ping, ignores other events and unpublished releases with 202', async () => {
    expect((await github('ping', { zen: 'Keep it logically awesome.', hook_id: 1 }, 'delivery-3')).status).toBe(200);
    expect((await github('issues', { action: 'opened' }, 'delivery-4')).status).toBe(202);
    expect((await github('release', { ...published(), action: 'created' }, 'delivery-5')).status).toBe(202);
    expect(await releaseCount()).toBe(2);
  });

  it('refuses a bad or missing signature with 401 and changes nothing', async () => {
    expect((await github('release', published(), 'delivery-6', 'not-the-secret')).status).toBe(401);
    const unsigned = await callEndpoint(githubWebhookEndpoint, { body: JSON.stringify(published()), headers: { 'x-github-event': 'release', 'x-github-delivery': 'delivery-7' } });
    expect(unsigned.status).toBe(401);
    expect(await releaseCount()).toBe(2);
    // A forged request cannot claim a delivery id: the genuine one still goes through.
    expect((await github('release', published(), 'delivery-6')).json).toMatchObject({ release: { model: 'hello-world' } });
  });

  it('accepts the fallback secret during rotation and refuses a revoked one', async () => {
    const next = await createWebhookSecret(database, actor, { source: 'github', label: 'gh-2' });
    expect((await github('ping', {}, 'delivery-8', next.secret)).status).toBe(200);
    expect((await github('ping', {}, 'delivery-9', githubSecret)).status).toBe(200);
    await revokeWebhookSecret(database, actor, { secretId: next.id });
    expect((await github('ping', {}, 'delivery-10', next.secret)).status).toBe(401);
  });

  it('answers 400 to malformed JSON that is correctly signed', async () => {
    const body = '{"action": "published", ';
    const answer = await callEndpoint(githubWebhookEndpoint, { body, headers: { 'x-github-event': 'release', 'x-github-delivery': 'delivery-11', 'x-hub-signature-256': signGithubBody(Buffer.from(body), githubSecret) } });
    expect(answer).toMatchObject({ status: 400, json: { code: 'bad_request' } });
  });
});

describe('generic CI webhook (Standard Webhooks)', () => {
  it('records a signed release report and links it by commit', async () => {
    const answer = await ci({ model: 'hello-world', gitSha: SHA.slice(0, 12), tag: 'v1.0.0', runUrl: 'https://gitlab.example/p/-/pipelines/7' }, 'msg_1');
    expect(answer).toMatchObject({ status: 201, json: { release: { model: 'hello-world', version: 1 } } });
  });

  it('refuses a replay with 409, a stale timestamp and a bad signature with 401', async () => {
    const payload = { model: 'hello-world', tag: 'v1.0.1' };
    expect((await ci(payload, 'msg_2')).status).toBe(201);
    expect(await ci(payload, 'msg_2')).toMatchObject({ status: 409, json: { code: 'conflict' } });
    expect(await ci(payload, 'msg_3', new Date(Date.now() - 10 * 60_000))).toMatchObject({ status: 401, json: { code: 'stale_timestamp' } });
    expect((await ci(payload, 'msg_4', new Date(), 'whsec_' + Buffer.alloc(32, 7).toString('base64'))).status).toBe(401);
  });

  it('answers 400 for invalid reports and 404 for unknown models, without recording', async () => {
    const before = await releaseCount();
    expect((await ci(null, 'msg_5', new Date(), ciSecret, '{not json')).status).toBe(400);
    expect(await ci({ model: 'hello-world' }, 'msg_6')).toMatchObject({ status: 400, json: { message: expect.stringContaining('gitSha') } });
    expect(await ci({ model: 'nope', tag: 'v1' }, 'msg_7')).toMatchObject({ status: 404 });
    expect(await releaseCount()).toBe(before);
  });

  it('links a release reported before its version once the version is pushed', async () => {
    const early = await ci({ model: 'hello-world', gitSha: 'c'.repeat(40), tag: 'v2.0.0' }, 'msg_8');
    expect(early.json).toMatchObject({ release: { version: null } });
    const onnx = linearModel(2);
    const { version } = await registerVersion(database, actor, 'hello-world', { artifactSha256: createHash('sha256').update(onnx).digest('hex'), gitSha: 'c'.repeat(40), hyperparameters: {}, metrics: {}, description: '' });
    const [row] = await database.select().from(releases).where(eq(releases.id, (early.json.release as { id: string }).id));
    expect(row!.versionId).toBe(version.id);
  });
});

describe('requests refused before verification', () => {
  it('N unsigned or badly signed requests store no delivery rows, only counters per reason', async () => {
    const rowsBefore = await deliveryRows();
    const githubBefore = await refusals('github');
    const ciBefore = await refusals('ci');
    const N = 25;
    for (let i = 0; i < N; i++) {
      // Client-chosen ids and events: none of it may end up stored.
      const unsigned = await callEndpoint(githubWebhookEndpoint, { body: '{"zen":"x"}', headers: { 'x-github-event': `evil-${i}`, 'x-github-delivery': `attacker-id-${i}` } });
      expect(unsigned.status).toBe(401);
    }
    const forged = await callEndpoint(githubWebhookEndpoint, { body: '{}', headers: { 'x-github-event': 'ping', 'x-github-delivery': 'forged', 'x-hub-signature-256': `sha256=${'0'.repeat(64)}` } });
    expect(forged.status).toBe(401);
    const ciUnsigned = await callEndpoint(ciWebhookEndpoint, { body: '{}', headers: { 'content-type': 'application/json', 'webhook-id': 'attacker-msg' } });
    expect(ciUnsigned.status).toBe(401);
    expect((await ci({ model: 'hello-world', tag: 'v9' }, 'msg_stale', new Date(Date.now() - 3_600_000))).status).toBe(401);
    expect((await ci({ model: 'hello-world', tag: 'v9' }, 'msg_forged', new Date(), 'whsec_' + Buffer.alloc(32, 9).toString('base64'))).status).toBe(401);

    expect(await deliveryRows()).toBe(rowsBefore);
    const stored = await database.select({ id: inboundDeliveries.deliveryId, detail: inboundDeliveries.detail, event: inboundDeliveries.event }).from(inboundDeliveries);
    expect(JSON.stringify(stored)).not.toMatch(/attacker|evil-|forged/);
    const github = await refusals('github');
    expect((github.missing_signature ?? 0) - (githubBefore.missing_signature ?? 0)).toBe(N);
    expect((github.bad_signature ?? 0) - (githubBefore.bad_signature ?? 0)).toBe(1);
    const ciNow = await refusals('ci');
    expect((ciNow.missing_signature ?? 0) - (ciBefore.missing_signature ?? 0)).toBe(1);
    expect((ciNow.stale_timestamp ?? 0) - (ciBefore.stale_timestamp ?? 0)).toBe(1);
    expect((ciNow.bad_signature ?? 0) - (ciBefore.bad_signature ?? 0)).toBe(1);
    // One row per source, reason and hour, however many requests.
    const rows = await database.select().from(inboundWebhookRefusals);
    expect(rows.length).toBeLessThanOrEqual(10);
  });

  it('a verified but invalid delivery is still logged for the admin', async () => {
    const before = await deliveryRows();
    expect((await ci(null, 'msg_bad_json', new Date(), ciSecret, '{not json')).status).toBe(400);
    expect(await deliveryRows()).toBe(before + 1);
  });
});
