import { generateKeyPairSync } from 'node:crypto';
import http from 'node:http';
import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { sql } from 'drizzle-orm';
import type PgBoss from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markValidated, registerSampleModel, writeSyntheticTraffic } from '@/demo/synthetic-traffic';
import { createToken } from '@/server/api-tokens/api-tokens-service';
import { systemActor } from '@/server/auth/actor';
import { closeInferencePool } from '@/server/onnx/inference-pool';
import type { Endpoint } from '@/server/rest/api-endpoint';
import { getShadowRunEndpoint, listShadowRunsEndpoint, startShadowRunEndpoint } from '@/server/shadow/shadow-api';
import { createDefaultTestDatabase } from '@/server/testing/test-database';
import { startJobRunner } from '@/workers/job-runner';
import type * as VigilCli from './vigil';

// `vigil shadow start|status` against the real endpoints on a local HTTP server, with the
// job runner replaying the traffic through a real sample ONNX model.

// By path: the bare specifier would resolve to vigil.mjs, the launcher that runs and exits.
const { main } = (await import(new URL('./vigil.ts', import.meta.url).href)) as typeof VigilCli;

process.env.VIGIL_ARTIFACT_DIR = mkdtempSync(path.join(os.tmpdir(), 'vigil-shadow-cli-'));
const database = await createDefaultTestDatabase();
const MODEL = 'credit-risk';
const EVENTS = 800;

const routes: { method: string; pattern: RegExp; endpoint: Endpoint; params: (m: RegExpMatchArray) => Record<string, string> }[] = [
  { method: 'POST', pattern: /^\/api\/v1\/models\/([^/?]+)\/shadow-runs$/, endpoint: startShadowRunEndpoint, params: (m) => ({ name: decodeURIComponent(m[1]!) }) },
  { method: 'GET', pattern: /^\/api\/v1\/models\/([^/?]+)\/shadow-runs(\?.*)?$/, endpoint: listShadowRunsEndpoint, params: (m) => ({ name: decodeURIComponent(m[1]!) }) },
  { method: 'GET', pattern: /^\/api\/v1\/models\/([^/?]+)\/shadow-runs\/([^/?]+)$/, endpoint: getShadowRunEndpoint, params: (m) => ({ name: decodeURIComponent(m[1]!), id: decodeURIComponent(m[2]!) }) },
];
const server = http.createServer((req, res) => {
  void (async () => {
    const route = routes.map((r) => ({ r, m: req.method === r.method ? (req.url ?? '').match(r.pattern) : null })).find((x) => x.m);
    if (!route) return void res.writeHead(404).end();
    const headers = new Headers();
    for (let i = 0; i < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
    const body = req.method === 'GET' ? {} : { body: Readable.toWeb(req) as ReadableStream, duplex: 'half' };
    const request = new Request(`http://${req.headers.host}${req.url}`, { method: req.method, headers, ...body } as RequestInit);
    const response = await route.r.endpoint.handle(request, { params: Promise.resolve(route.r.params(route.m!)) });
    res.writeHead(response.status, { 'content-type': 'application/json' }).end(Buffer.from(await response.arrayBuffer()));
  })();
});
let boss: PgBoss;
let env = {} as NodeJS.ProcessEnv;

async function vigil(...args: string[]): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = [];
  const code = await main(args, env, (line: string) => lines.push(line));
  return { code, lines };
}
const runCount = async () => (await database.execute<{ n: number }>(sql`select count(*)::int as n from shadow_runs`))[0]!.n;

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const credit = await registerSampleModel(database, MODEL);
  await markValidated(database, credit.versions.get(1)!);
  const to = new Date(Date.now() - 60_000);
  await writeSyntheticTraffic(database, credit.modelId, { count: EVENTS, seed: 5, from: new Date(to.getTime() - 6 * 3600_000), to, serving: credit.versions.get(1)! });
  await markValidated(database, credit.versions.get(2)!);
  await database.execute(sql`delete from pgboss.job`); // v2's automatic run: not this file's subject
  const token = (await createToken(database, systemActor('test'), { name: 'github-actions', scopes: ['shadow:write'] })).secret;
  env = { NODE_ENV: 'test', VIGIL_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, VIGIL_TOKEN: token };
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  boss = await startJobRunner(process.env.DATABASE_URL!, database, { privateKey, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), keyId: 'test' });
});

afterAll(async () => {
  await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
  await closeInferencePool();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('vigil shadow', () => {
  let runId = '';

  it('start --wait: starts a run, waits for the worker, prints the verdict and exits 0', async () => {
    const result = await vigil('shadow', 'start', '--model', MODEL, '--candidate', '2', '--last-events', '600', '--slice', 'employment_type', '--wait', '--timeout', '60');
    expect(result.code, result.lines.join('\n')).toBe(0);
    runId = result.lines[0]!.match(/^Started shadow run ([0-9a-f-]{36}) of credit-risk v2: http:\/\/127\.0\.0\.1:\d+\/api\/v1\/models\/credit-risk\/shadow-runs\/\1$/)?.[1] ?? '';
    expect(runId, result.lines[0]).not.toBe('');
    expect(result.lines.slice(1)).toEqual([
      `Shadow run ${runId} of credit-risk v2: completed (600 of 600 events)`,
      '  against the serving side: v1 (600)',
      expect.stringMatching(/^ {2}600 rows: agreement \d+\.\d %, accuracy difference [+-]\d+\.\d pts \(candidate − serving\)$/),
      expect.stringMatching(new RegExp(`/models/credit-risk/shadow/${runId}$`)),
    ]);
  }, 90_000);

  it('status: the same lines for a run, or its JSON with the summary', async () => {
    const status = await vigil('shadow', 'status', '--model', MODEL, runId);
    expect(status.code).toBe(0);
    expect(status.lines[0]).toBe(`Shadow run ${runId} of credit-risk v2: completed (600 of 600 events)`);
    const json = await vigil('shadow', 'status', '--model', MODEL, '--run', runId, '--json');
    expect(JSON.parse(json.lines[0]!)).toMatchObject({ id: runId, status: 'completed', sliceFeature: 'employment_type', summary: { rows: 600, labelled: { kind: 'binary' } } });
  });

  it('start without --wait prints the run and exits 0 at once', async () => {
    const to = new Date(Date.now() - 60_000).toISOString();
    const result = await vigil('shadow', 'start', '--model', MODEL, '--candidate', '2', '--from', new Date(Date.now() - 12 * 3600_000).toISOString(), '--to', to);
    expect(result.code).toBe(0);
    expect(result.lines).toEqual([expect.stringMatching(/^Started shadow run [0-9a-f-]{36} of credit-risk v2: http/)]);
  });

  it("the server's refusals come back as errors with their status, nothing started", async () => {
    const before = await runCount();
    await expect(vigil('shadow', 'start', '--model', MODEL, '--candidate', '1', '--last-events', '100')).rejects.toMatchObject({ status: 422, message: expect.stringMatching(/compare v1 with itself/) });
    await expect(vigil('shadow', 'start', '--model', MODEL, '--candidate', '7', '--last-events', '100')).rejects.toMatchObject({ status: 404 });
    await expect(vigil('shadow', 'start', '--model', MODEL, '--candidate', '2', '--from', 'yesterday', '--to', 'today')).rejects.toMatchObject({ status: 400, message: expect.stringContaining('window') });
    await expect(vigil('shadow', 'status', '--model', MODEL, '00000000-0000-4000-8000-000000000999')).rejects.toMatchObject({ status: 404 });
    await expect(main(['shadow', 'status', '--model', MODEL, runId], { ...env, VIGIL_TOKEN: `vgl_${'b'.repeat(43)}` }, () => {})).rejects.toMatchObject({ status: 401 });
    expect(await runCount()).toBe(before);
  });

  it('refuses command lines it cannot send', async () => {
    await expect(vigil('shadow', 'start', '--model', MODEL, '--last-events', '10')).rejects.toThrow('Missing --candidate.');
    await expect(vigil('shadow', 'start', '--model', MODEL, '--candidate', 'two', '--last-events', '10')).rejects.toThrow("--candidate must be a positive whole number, not 'two'.");
    await expect(vigil('shadow', 'start', '--model', MODEL, '--candidate', '2')).rejects.toThrow(/Give the window/);
    await expect(vigil('shadow', 'start', '--model', MODEL, '--candidate', '2', '--last-events', '10', '--from', '2026-01-01T00:00:00Z')).rejects.toThrow(/not both/);
    await expect(vigil('shadow', 'start', '--model', MODEL, '--candidate', '2', '--last-events', '10', '--timeout', '5')).rejects.toThrow('--timeout goes with --wait.');
    await expect(vigil('shadow', 'status', '--model', MODEL)).rejects.toThrow('Missing the run id.');
    await expect(vigil('shadow', 'stop')).rejects.toThrow('Unknown command: shadow stop');
  });
});
