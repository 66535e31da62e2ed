import http from 'node:http';
import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelVersions } from '@/db/schema';
import { createToken } from '@/server/api-tokens/api-tokens-service';
import { uploadArtifactEndpoint } from '@/server/artifacts/artifacts-api';
import { systemActor } from '@/server/auth/actor';
import { fixturePath, sklearnExpected } from '@/server/onnx/fixtures/onnx-fixtures';
import { createVersionEndpoint } from '@/server/registry/registry-api';
import { createModel } from '@/server/registry/models-service';
import type { Endpoint } from '@/server/rest/api-endpoint';
import { createDefaultTestDatabase } from '@/server/testing/test-database';
import type * as VigilCli from './vigil';

// `vigil models push` with a decision rule, against the real upload and registration
// endpoints on a local HTTP server.

// By path: the bare specifier would resolve to vigil.mjs, the launcher that runs and exits.
const { main } = (await import(new URL('./vigil.ts', import.meta.url).href)) as typeof VigilCli;

process.env.VIGIL_ARTIFACT_DIR = mkdtempSync(path.join(os.tmpdir(), 'vigil-push-'));
const database = await createDefaultTestDatabase();
const MODEL = 'cancer-forest';

/** The two routes `models push` calls, with their path parameters. */
const routes: { method: string; pattern: RegExp; endpoint: Endpoint; params: (m: RegExpMatchArray) => Record<string, string> }[] = [
  { method: 'PUT', pattern: /^\/api\/v1\/artifacts\/sha256\/([^/]+)$/, endpoint: uploadArtifactEndpoint, params: (m) => ({ digest: m[1]! }) },
  { method: 'POST', pattern: /^\/api\/v1\/models\/([^/]+)\/versions$/, endpoint: createVersionEndpoint, params: (m) => ({ name: decodeURIComponent(m[1]!) }) },
];
const server = http.createServer((req, res) => {
  void (async () => {
    const route = routes.map((r) => ({ r, m: req.method === r.method ? (req.url ?? '').match(r.pattern) : null })).find((x) => x.m);
    if (!route) return void res.writeHead(404).end();
    const headers = new Headers();
    for (let i = 0; i < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
    const request = new Request(`http://localhost${req.url}`, { method: req.method, headers, body: Readable.toWeb(req) as ReadableStream, duplex: 'half' } as RequestInit);
    const response = await route.r.endpoint.handle(request, { params: Promise.resolve(route.r.params(route.m!)) });
    res.writeHead(response.status, { 'content-type': 'application/json' }).end(Buffer.from(await response.arrayBuffer()));
  })();
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
let env = {} as NodeJS.ProcessEnv;

async function vigil(...args: string[]): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = [];
  const code = await main(args, env, (line: string) => lines.push(line));
  return { code, lines };
}

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const token = (await createToken(database, systemActor('test'), { name: 'ci', scopes: ['registry:write', 'registry:read'] })).secret;
  env = { NODE_ENV: 'test', VIGIL_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, VIGIL_TOKEN: token };
  const { breastCancer } = sklearnExpected();
  await createModel(database, systemActor('test'), {
    name: MODEL,
    taskType: 'binary_classification',
    features: breastCancer.features.map((name) => ({ name, type: 'numeric' as const })),
    label: { name: 'diagnosis', classes: breastCancer.classes },
    tags: [],
    description: '',
    protectedAttributes: [],
  });
});

describe('vigil models push with a decision rule', () => {
  it('registers the rule and threshold stated on the command line', async () => {
    const pushed = await vigil('models', 'push', '--model', MODEL, '--file', fixturePath('forest.onnx'), '--decision', 'score', '--threshold', '0.7');
    expect(pushed).toMatchObject({ code: 0, lines: [expect.stringMatching(/^Registered cancer-forest v1: /)] });
    const labelled = await vigil('models', 'push', '--model', MODEL, '--file', fixturePath('logreg-logit.onnx'), '--activation', 'sigmoid');
    expect(labelled.code).toBe(0);
    const rows = await database.select().from(modelVersions).orderBy(modelVersions.version);
    expect(rows.map((r) => ({ v: r.version, rule: r.decisionRule, threshold: r.decisionThreshold, stated: r.decisionStated, activation: r.scoreActivation }))).toEqual([
      { v: 1, rule: 'score', threshold: 0.7, stated: true, activation: 'none' },
      { v: 2, rule: null, threshold: 0.5, stated: false, activation: 'sigmoid' },
    ]);
  });

  it('refuses a rule, threshold or activation it does not know, before sending anything', async () => {
    const before = await database.select({ id: modelVersions.id }).from(modelVersions).where(eq(modelVersions.decisionStated, true));
    const push = (...flags: string[]) => vigil('models', 'push', '--model', MODEL, '--file', fixturePath('forest.onnx'), ...flags);
    await expect(push('--decision', 'argmax')).rejects.toThrow("--decision is 'label' or 'score', not 'argmax'.");
    await expect(push('--decision', 'score', '--threshold', '1.5')).rejects.toThrow("--threshold is a number between 0 and 1, not '1.5'.");
    await expect(push('--decision', 'label', '--threshold', '0.3')).rejects.toThrow('--threshold goes with --decision score.');
    await expect(push('--activation', 'tanh')).rejects.toThrow("--activation is one of none, sigmoid, softmax, not 'tanh'.");
    expect(await database.select({ id: modelVersions.id }).from(modelVersions).where(eq(modelVersions.decisionStated, true))).toEqual(before);
  });
});
