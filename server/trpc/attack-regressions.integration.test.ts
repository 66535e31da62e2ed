import net from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { closeDatabase, createDatabase } from '@/db/client';
import { appRouter, createCaller } from '@/server/app-router';
import { systemActor } from '@/server/auth/actor';
import { registerTrafficModel } from '@/server/traffic/traffic-fixtures';
import { createTestDatabase, uniqueEmail } from '@/server/testing/test-database';
import type { UserSummary } from '@/server/users/user-queries';
import { createUser } from '@/server/users/users-service';
import { handleTrpcRequest } from './http-handler';
import { authorized, router } from './init';
import { contextFor } from './test-context';
import { callTrpcOverHttp } from './trpc-http-test-kit';
import { PublicTrpcError } from './trpc-errors';

// The tRPC cases of the attack run (issue 18 §4), kept as regressions: each answered 500
// with the database's message (for users.create, the new user's argon2 hash inside the
// failed SQL). Each must now be a 400 naming the field, with nothing stored, and failures
// that are not the client's must say nothing but a request id.

const database = await createTestDatabase();
let admin: UserSummary;
const MODEL = 'attack-target';

const call = (path: string, input: unknown, type: 'query' | 'mutation' = 'mutation', user: UserSummary | null = admin) =>
  callTrpcOverHttp(appRouter, async () => contextFor(database, user), path, type, input);

async function count(table: string): Promise<number> {
  const rows = await database.execute<{ n: number }>(sql.raw(`select count(*)::int as n from ${table}`));
  return rows[0]!.n;
}

async function expectRefused(path: string, input: unknown, field: string, tables: string[]) {
  const before = await Promise.all([...tables, 'audit_events'].map(count));
  const answer = await call(path, input);
  expect(answer.status, answer.text).toBe(400);
  expect(answer.error?.message).toContain(field);
  expect(answer.text).not.toMatch(/argon2|insert into|select |params:|vgl_|\$1/i);
  expect(await Promise.all([...tables, 'audit_events'].map(count))).toEqual(before);
  return answer;
}

beforeAll(async () => {
  ({ user: admin } = await createUser(database, systemActor('test'), { email: uniqueEmail('admin'), name: 'Admin', roles: ['admin'], password: 'correct horse battery staple' }));
  await registerTrafficModel(database, MODEL);
});

afterEach(() => vi.restoreAllMocks());

describe('attack run: text the database cannot hold', () => {
  it('users.create with a NUL in the name: 400 naming name, no hash in the answer, no user', async () => {
    const email = uniqueEmail('eve');
    await expectRefused('users.create', { email, name: 'Eve\u0000', roles: ['viewer'], password: 'a long enough password' }, 'name', ['users']);
  });

  it('users.create with a lone surrogate in the name is refused too', async () => {
    await expectRefused('users.create', { email: uniqueEmail('eve'), name: 'Eve\ud800', roles: ['viewer'] }, 'name', ['users']);
  });

  it('apiTokens.create with a NUL in the name: 400, no token hash in the answer, no token', async () => {
    await expectRefused('apiTokens.create', { name: 'ci\u0000', scopes: ['events:write'] }, 'name', ['api_tokens']);
  });

  it('NUL and lone surrogates in nested jsonb payloads, keys included', async () => {
    await expectRefused('models.create', { name: 'nul-card', taskType: 'regression', features: [{ name: 'x', type: 'numeric' }], label: { name: 'y' }, card: { intendedUse: 'ok', limitations: 'bad\u0000' } }, 'card.limitations', ['registered_models']);
    await expectRefused('models.create', { name: 'surrogate-tag', taskType: 'regression', features: [{ name: 'x', type: 'numeric', description: '\udc00' }], label: { name: 'y' } }, 'features.0.description', ['registered_models']);
    await expectRefused(
      'policies.save',
      { environment: 'staging', model: null, minApprovals: 1, fastRollback: false, expiresAfterHours: 24, gates: { training_metrics: { required: true, thresholds: { 'auc\ud800': { min: 0.7 } } } } },
      'gates.training_metrics.thresholds',
      ['promotion_policies'],
    );
  });
});

describe('attack run: bytes that are not UTF-8', () => {
  it('a mutation body with invalid UTF-8 is refused, not read with U+FFFD in place of the bytes', async () => {
    const before = await count('users');
    const body = Buffer.concat([Buffer.from(`{"json":{"email":"${uniqueEmail('bytes')}","name":"Eve`), Buffer.from([0xff]), Buffer.from('","roles":["viewer"],"password":"a long enough password"}}')]);
    const request = new Request('http://vigil.test/api/trpc/users.create', { method: 'POST', headers: { host: 'vigil.test', origin: 'http://vigil.test', 'content-type': 'application/json' }, body });
    const response = await handleTrpcRequest(appRouter, request, async () => contextFor(database, admin));
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/not valid UTF-8/);
    expect(await count('users')).toBe(before);
  });

  it('a query string with invalid UTF-8 is refused', async () => {
    const request = new Request(`http://vigil.test/api/trpc/models.list?input=${encodeURIComponent('{"json":{"search":"')}%FF${encodeURIComponent('"}}')}`, { headers: { host: 'vigil.test' } });
    const response = await handleTrpcRequest(appRouter, request, async () => contextFor(database, admin));
    expect(response.status).toBe(400);
  });
});

describe('attack run: numbers and dates out of their columns’ range', () => {
  it('promotions.request with version 2147483648 (int4 overflow): 400 naming version', async () => {
    await expectRefused('promotions.request', { model: MODEL, version: 2_147_483_648, environment: 'staging', justification: 'overflow' }, 'version', ['promotion_requests']);
  });

  it('alerts.createRule with a threshold of 1e308 (real overflow): 400 naming threshold', async () => {
    await expectRefused('alerts.createRule', { modelName: MODEL, kind: 'drift_share', threshold: 1e308 }, 'threshold', ['alert_rules']);
  });

  it('shadow.start with a window in year 0: 400 naming the window', async () => {
    const from = new Date('0000-01-01T00:00:00Z');
    await expectRefused('shadow.start', { model: MODEL, candidateVersion: 2, window: { from, to: new Date() } }, 'window', ['shadow_runs']);
  });
});

describe('failures that are not the client’s', () => {
  it('an unexpected database error answers 500 with a request id; the log has the id, never the values', async () => {
    const secret = 'vgl_SECRETSECRETSECRETSECRETSECRETSE';
    const failing = router({ boom: authorized('portal:view').mutation(({ ctx }) => ctx.database.execute(sql`select ${secret}::text from no_such_table`)) });
    const logs: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void logs.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ')));
    const answer = await callTrpcOverHttp(failing, async () => contextFor(database, admin), 'boom', 'mutation', undefined);
    expect(answer.status).toBe(500);
    expect(answer.error).toMatchObject({ code: 'INTERNAL_SERVER_ERROR', requestId: expect.stringMatching(/^[0-9a-f]{16}$/) });
    expect(answer.error!.message).toContain(answer.error!.requestId);
    expect(answer.text).not.toMatch(/no_such_table|select|SECRET/);
    expect(logs.join('\n')).toContain(answer.error!.requestId);
    expect(logs.join('\n')).toContain('42P01');
    expect(logs.join('\n')).not.toContain(secret);
  });
});

describe('PostgreSQL down', () => {
  let closedUrl = '';
  beforeAll(async () => {
    const port = await new Promise<number>((resolve) => {
      const server = net.createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = server.address() as net.AddressInfo;
        server.close(() => resolve(free));
      });
    });
    closedUrl = `postgres://postgres@127.0.0.1:${port}/vigil`;
  });
  const down = () => createDatabase(closedUrl, { max: 1 });

  it('queries and mutations answer 503 with Retry-After and a request id, never SQL', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const unreachable = down();
    afterAll(() => closeDatabase(unreachable));
    for (const [path, type, input] of [
      ['users.list', 'query', undefined],
      ['users.create', 'mutation', { email: uniqueEmail('down'), name: 'Down', roles: ['viewer'], password: 'a long enough password' }],
      ['models.list', 'query', {}],
    ] as const) {
      const answer = await callTrpcOverHttp(appRouter, async () => contextFor(unreachable, admin), path, type, input);
      expect(answer.status, `${path}: ${answer.text}`).toBe(503);
      expect(answer.headers.get('retry-after')).toBe('5');
      expect(answer.error).toMatchObject({ code: 'SERVICE_UNAVAILABLE', requestId: expect.any(String) });
      expect(answer.text).not.toMatch(/select|insert|ECONNREFUSED|argon2/i);
    }
  });

  it('a context that cannot load the session user answers 503 too', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const unreachable = down();
    afterAll(() => closeDatabase(unreachable));
    const answer = await callTrpcOverHttp(appRouter, async () => contextFor(database, await unreachable.execute(sql`select 1`).then(() => admin)), 'users.list', 'query', undefined);
    expect(answer.status).toBe(503);
    expect(answer.headers.get('retry-after')).toBe('5');
  });

  it('server components calling procedures get an error whose digest says unavailable, with no cause to log', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const unreachable = down();
    afterAll(() => closeDatabase(unreachable));
    const error = await createCaller(contextFor(unreachable, admin))
      .users.list()
      .then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(PublicTrpcError);
    expect((error as PublicTrpcError).code).toBe('SERVICE_UNAVAILABLE');
    expect((error as PublicTrpcError).digest).toMatch(/^vigil-unavailable:[0-9a-f]{16}$/);
    expect((error as PublicTrpcError).cause).toBeUndefined();
  });
});
