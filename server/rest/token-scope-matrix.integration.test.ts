import { beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '@/server/api-tokens/api-tokens-service';
import { appRouter } from '@/server/app-router';
import { systemActor } from '@/server/auth/actor';
import { API_ENDPOINTS } from '@/server/openapi/api-catalog';
import { TOKEN_SCOPE_TABLE, TOKEN_SCOPES, type TokenScope } from '@/server/rbac/permissions';
import { getShadowRunEndpoint, listShadowRunsEndpoint, startShadowRunEndpoint } from '@/server/shadow/shadow-api';
import { createDefaultTestDatabase } from '@/server/testing/test-database';
import type { Endpoint } from './api-endpoint';

// The authorization matrix for machines: every operation of the API catalog (so new
// endpoints join by themselves) against a token of every scope, no token and a malformed
// one. The tRPC matrix (server/trpc/rbac.integration.test.ts) does the same for roles.
// Requests are built to be refused by validation or to find nothing once let in, so the
// matrix changes nothing.

const database = await createDefaultTestDatabase();
const tokens = new Map<TokenScope, string>();

/** Path values no object has, and a query no operation accepts whole (an unknown export format, a zero limit). */
const PARAMS: Record<string, string> = { name: 'no-such-model', id: '00000000-0000-4000-8000-000000000999', version: '2147483647', env: 'nowhere', digest: 'f'.repeat(64) };
const QUERY = '?format=no-such-format&limit=0';

async function call(endpoint: Endpoint, authorization: string | null): Promise<{ status: number; message: string }> {
  const { spec } = endpoint;
  const params = Object.fromEntries([...spec.path.matchAll(/\{(\w+)\}/g)].map((m) => [m[1]!, PARAMS[m[1]!] ?? 'x']));
  const headers: Record<string, string> = { host: 'vigil.test', 'content-type': spec.body?.kind === 'raw' ? spec.body.contentType : 'application/json' };
  if (authorization) headers.authorization = authorization;
  const url = `http://vigil.test/api/v1${spec.path.replace(/\{(\w+)\}/g, (_, name: string) => params[name]!)}${QUERY}`;
  const request = new Request(url, { method: spec.method, headers, ...(spec.method === 'GET' ? {} : { body: '' }) });
  const response = await endpoint.handle(request, { params: Promise.resolve(params) });
  const body = (await response.json().catch(() => ({}))) as { message?: string };
  return { status: response.status, message: body.message ?? '' };
}

beforeAll(async () => {
  for (const scope of TOKEN_SCOPES) tokens.set(scope, (await createToken(database, systemActor('matrix'), { name: `only-${scope}`, scopes: [scope] })).secret);
});

const scoped = API_ENDPOINTS.filter((e) => e.spec.scope !== null).map((endpoint) => ({ endpoint, name: `${endpoint.spec.method} ${endpoint.spec.path}`, scope: endpoint.spec.scope! }));

describe('REST: every scoped operation against a token of every scope', () => {
  it('finds the operations', () => expect(scoped.length).toBeGreaterThan(20));

  const cases = scoped.flatMap((e) => TOKEN_SCOPES.map((tokenScope) => ({ ...e, tokenScope })));
  it.each(cases)('$name with a $tokenScope token: let in only with $scope', async ({ endpoint, scope, tokenScope }) => {
    const answer = await call(endpoint, `Bearer ${tokens.get(tokenScope)}`);
    if (tokenScope === scope) {
      expect([401, 403], answer.message).not.toContain(answer.status);
      expect(answer.status).toBeLessThan(500);
    } else {
      expect(answer).toEqual({ status: 403, message: `This token lacks the ${scope} scope.` });
    }
  });

  it.each(scoped)('$name refuses no token and a malformed one with 401', async ({ endpoint }) => {
    expect((await call(endpoint, null)).status).toBe(401);
    expect((await call(endpoint, 'Bearer not-a-token')).status).toBe(401);
    expect((await call(endpoint, `Basic ${Buffer.from('admin:admin').toString('base64')}`)).status).toBe(401);
  });
});

// An operation that does what a tRPC procedure does must take a scope standing for the
// permission that procedure checks: the roles that may start a shadow run in the portal and
// the tokens that may start one over REST answer to the same line of the table.
const TWINS: { endpoint: Endpoint; procedure: string }[] = [
  { endpoint: startShadowRunEndpoint, procedure: 'shadow.start' },
  { endpoint: listShadowRunsEndpoint, procedure: 'shadow.list' },
  { endpoint: getShadowRunEndpoint, procedure: 'shadow.get' },
];

describe('REST operations that have a tRPC twin', () => {
  const procedures = appRouter._def.procedures as unknown as Record<string, { _def: { meta?: { permission?: string } } }>;
  it.each(TWINS.map((t) => ({ ...t, name: `${t.endpoint.spec.method} ${t.endpoint.spec.path}` })))('$name: its scope grants the permission of $procedure', ({ endpoint, procedure }) => {
    const permission = procedures[procedure]?._def.meta?.permission;
    expect(permission).toBeDefined();
    expect(TOKEN_SCOPE_TABLE[endpoint.spec.scope!].grants as readonly string[]).toContain(permission);
  });
});
