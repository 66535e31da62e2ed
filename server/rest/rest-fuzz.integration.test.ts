import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { createToken } from '@/server/api-tokens/api-tokens-service';
import { systemActor } from '@/server/auth/actor';
import { signGithubBody } from '@/server/inbound-webhooks/github-signature';
import { signStandardWebhook } from '@/server/inbound-webhooks/standard-webhooks';
import { createWebhookSecret } from '@/server/inbound-webhooks/webhook-secrets-service';
import { API_ENDPOINTS } from '@/server/openapi/api-catalog';
import { TOKEN_SCOPES } from '@/server/rbac/permissions';
import { createDefaultTestDatabase } from '@/server/testing/test-database';
import { registerTrafficModel } from '@/server/traffic/traffic-fixtures';
import { arbitraryFor, fuzzInputs, HOSTILE_VALUES, inputJsonSchema, tableCounts } from '@/server/validation/fuzz-test-kit';
import type { Endpoint } from './api-endpoint';

// Property: for every operation in the API catalog (so new endpoints join by themselves),
// with path parameters, query strings and bodies shaped by the operation's own schemas and
// one value made hostile, or the body's bytes corrupted (invalid UTF-8, cut short): no
// answer is a 5xx, every refusal comes from validation rather than from the database, and a
// refused write stores nothing (issue 18 §4). Seeded; VIGIL_FUZZ_SEED / VIGIL_FUZZ_SCALE
// replay or deepen a run.

process.env.VIGIL_ARTIFACT_DIR = mkdtempSync(path.join(os.tmpdir(), 'vigil-fuzz-artifacts-'));
process.env.VIGIL_DATA_DIR = mkdtempSync(path.join(os.tmpdir(), 'vigil-fuzz-data-'));

const SEED = Number(process.env.VIGIL_FUZZ_SEED ?? 20_260_418);
const RUNS = 16 * Number(process.env.VIGIL_FUZZ_SCALE ?? 1);
const MODEL = 'fuzz-model';
/**
 * Refusals recorded by design: signed webhook deliveries that were refused stay in the
 * delivery log, and refusals are counted per reason (server/inbound-webhooks).
 */
const RECORDS_OF_REFUSALS = ['inbound_deliveries', 'inbound_webhook_refusals'];

const database = await createDefaultTestDatabase();
let token = '';
const secrets = { github: '', ci: '' };

type Signer = (body: Uint8Array, headers: Record<string, string>) => void;
// Signed webhooks must be signed to reach their validation; any other endpoint is fuzzed unsigned.
const SIGNERS: Record<string, Signer> = {
  githubWebhook: (body, headers) => {
    headers['x-github-event'] = 'release';
    headers['x-github-delivery'] = crypto.randomUUID();
    headers['x-hub-signature-256'] = signGithubBody(body, secrets.github);
  },
  ciWebhook: (body, headers) => {
    const id = `msg_${crypto.randomUUID()}`;
    const now = new Date();
    headers['webhook-id'] = id;
    headers['webhook-timestamp'] = String(Math.floor(now.getTime() / 1000));
    headers['webhook-signature'] = signStandardWebhook(secrets.ci, id, now, body);
  },
};

const HOSTILE_TEXT = HOSTILE_VALUES.filter((v): v is string => typeof v === 'string');
const BAD_BYTES = [[0xff], [0xfe, 0xfe], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82]];

interface Case {
  params: Record<string, string>;
  query: string;
  body: Uint8Array | null;
}

/** Path parameters as text: shaped by the schema, or hostile. */
function paramsFor(endpoint: Endpoint): fc.Arbitrary<Record<string, string>> {
  const names = [...endpoint.spec.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
  if (!endpoint.spec.params || names.length === 0) return fc.constant({});
  const shaped = arbitraryFor(inputJsonSchema(endpoint.spec.params), { modelNames: [MODEL], integers: [1, 2] }) as fc.Arbitrary<Record<string, unknown>>;
  return fc.tuple(shaped, fc.option(fc.tuple(fc.constantFrom(...names), fc.constantFrom(...HOSTILE_TEXT, '2147483648', '-1', '1e3')), { freq: 2 })).map(([values, hostile]) => {
    const params = Object.fromEntries(names.map((name) => [name, String(values[name] ?? MODEL)]));
    if (hostile) params[hostile[0]] = hostile[1];
    return params;
  });
}

/** A query string: shaped by the schema (or a hostile value in one parameter), or raw bytes no decoder should accept. */
function queryFor(endpoint: Endpoint): fc.Arbitrary<string> {
  if (!endpoint.spec.query) return fc.constant('');
  const values = fuzzInputs(inputJsonSchema(endpoint.spec.query), { hints: { modelNames: [MODEL], integers: [1, 2] }, hostile: [...HOSTILE_TEXT, '2147483648', '1e308'] });
  const encoded = values.map((value) => {
    if (!value || typeof value !== 'object' || Array.isArray(value)) return '';
    const search = new URLSearchParams();
    for (const [key, item] of Object.entries(value)) search.set(key, typeof item === 'string' ? item : JSON.stringify(item));
    return search.toString();
  });
  return fc.oneof({ weight: 4, arbitrary: encoded }, { weight: 1, arbitrary: fc.constantFrom('name=%FF', 'model=%00', 'from=%ED%A0%80', 'limit=99999999999', 'search=%C0%80') });
}

function corrupt(bytes: Uint8Array, at: number, mode: number): Uint8Array {
  const cut = at % (bytes.length + 1);
  if (mode === 0) return bytes.subarray(0, cut);
  const bad = Uint8Array.from(BAD_BYTES[mode % BAD_BYTES.length]!);
  // Inside a string when possible: after the first quote at or past `cut`.
  const quote = bytes.indexOf(0x22, cut);
  const where = quote < 0 ? cut : quote + 1;
  return Buffer.concat([bytes.subarray(0, where), bad, bytes.subarray(where)]);
}

/** A body: JSON shaped by the schema (with a hostile value), or its bytes corrupted; raw uploads get raw bytes. */
function bodyFor(endpoint: Endpoint): fc.Arbitrary<Uint8Array | null> {
  const body = endpoint.spec.body;
  if (!body) return fc.constant(null);
  const schema = body.schema;
  if (body.kind === 'raw' && !schema) {
    const text = fc.string({ maxLength: 200, unit: 'grapheme' }).map((s) => Buffer.from(s));
    return fc.oneof(text, fc.uint8Array({ maxLength: 300 }), fc.constantFrom(Buffer.from('age,income\n1,\u00002\n'), Buffer.from('{"action":"published","release":{"tag_name":"\\u0000"}}')));
  }
  const json = fuzzInputs(inputJsonSchema(schema!), { hints: { modelNames: [MODEL], integers: [1, 2] } }).map((value) => Buffer.from(JSON.stringify(value) ?? 'null'));
  return fc.oneof({ weight: 4, arbitrary: json }, { weight: 1, arbitrary: fc.tuple(json, fc.nat(), fc.nat()).map(([bytes, at, mode]) => corrupt(bytes, at, mode)) });
}

function requestIdOf(text: string): unknown {
  try {
    return (JSON.parse(text) as { requestId?: unknown }).requestId;
  } catch {
    return undefined;
  }
}

async function send(endpoint: Endpoint, sample: Case): Promise<{ status: number; text: string }> {
  const { spec } = endpoint;
  const headers: Record<string, string> = { host: 'vigil.test', authorization: `Bearer ${token}` };
  if (spec.body) headers['content-type'] = spec.body.kind === 'json' ? 'application/json' : spec.body.contentType;
  if (sample.body) SIGNERS[spec.operationId]?.(sample.body, headers);
  const pathText = spec.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent((sample.params[name] ?? '').toWellFormed()));
  const request = new Request(`http://vigil.test/api/v1${pathText}${sample.query ? `?${sample.query}` : ''}`, {
    method: spec.method,
    headers,
    ...(sample.body && spec.method !== 'GET' ? { body: sample.body as Uint8Array<ArrayBuffer> } : {}),
  });
  const response = await endpoint.handle(request, { params: Promise.resolve(sample.params) });
  return { status: response.status, text: await response.text() };
}

beforeAll(async () => {
  token = (await createToken(database, systemActor('fuzz'), { name: 'fuzz', scopes: [...TOKEN_SCOPES] })).secret;
  await registerTrafficModel(database, MODEL, { versions: 2 });
  // The fixture's versions name artifacts 000…1 and 000…2 (1 byte) without storing them; give downloads their files.
  mkdirSync(path.join(process.env.VIGIL_ARTIFACT_DIR!, 'sha256', '00'), { recursive: true });
  for (const version of [1, 2]) writeFileSync(path.join(process.env.VIGIL_ARTIFACT_DIR!, 'sha256', '00', String(version).padStart(64, '0')), 'x');
  secrets.github = (await createWebhookSecret(database, systemActor('fuzz'), { source: 'github', label: 'fuzz' })).secret;
  secrets.ci = (await createWebhookSecret(database, systemActor('fuzz'), { source: 'ci', label: 'fuzz' })).secret;
});

describe('every REST operation under generated hostile input', () => {
  const endpoints = API_ENDPOINTS.map((endpoint) => ({ endpoint, name: `${endpoint.spec.method} ${endpoint.spec.path}` }));

  it('finds the operations', () => {
    expect(endpoints.length).toBeGreaterThan(20);
  });

  it.each(endpoints)('$name: never a 5xx, refusals from validation, nothing stored on refusal', async ({ endpoint, name }) => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const cases = fc.record({ params: paramsFor(endpoint), query: queryFor(endpoint), body: bodyFor(endpoint) });
    await fc.assert(
      fc.asyncProperty(cases, async (sample) => {
        const writes = endpoint.spec.method !== 'GET';
        const before = writes ? await tableCounts(database, RECORDS_OF_REFUSALS) : null;
        const answer = await send(endpoint, sample);
        expect(answer.status, `${name} answered ${answer.text.slice(0, 500)}`).toBeLessThan(500);
        if (answer.status < 400) return;
        // A request id on a 4xx means the database refused what validation let through.
        expect(requestIdOf(answer.text), `${name}: the database, not validation, refused: ${answer.text.slice(0, 300)}`).toBeUndefined();
        if (before) expect(await tableCounts(database, RECORDS_OF_REFUSALS), `${name} refused (${answer.status}) but stored something`).toEqual(before);
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
    vi.restoreAllMocks();
  });
});
