import { describe, expect, it } from 'vitest';
import { PASSWORD_CHANGE_REQUIRED_MESSAGE } from '@/server/auth/password-change-required';
import { createDefaultTestDatabase } from '@/server/testing/test-database';
import { can, ROLES } from '@/server/rbac/permissions';
import { SESSION_ENDPOINTS } from '@/server/session-endpoints';
import { fakeUser } from './test-context';

// The authorization matrix for browser routes outside tRPC: every declared session endpoint
// against every role, signed out, and (for state changes) cross-origin.
await createDefaultTestDatabase();

const SAME_ORIGIN = { host: 'vigil.test', origin: 'http://vigil.test' };
const params = { model: 'no-such-model', name: 'no-such-model', version: 1 };

function request(headers: Record<string, string>): Request {
  const form = new FormData();
  form.set('file', new File(['a,b\n1,2\n'], 'reference.csv', { type: 'text/csv' }));
  return new Request('http://vigil.test/x', { method: 'POST', headers, body: form });
}

const endpoints = SESSION_ENDPOINTS.map((endpoint) => ({ name: endpoint.spec.name, endpoint }));

describe('session endpoints: every route against every role', () => {
  it('finds the endpoints', () => expect(endpoints.length).toBeGreaterThanOrEqual(2));

  const cases = endpoints.flatMap((e) => ROLES.map((role) => ({ ...e, role })));
  it.each(cases)('$name as $role: allowed only if the table says so', async ({ endpoint, role }) => {
    const response = await endpoint.serveAs(fakeUser([role]), request(SAME_ORIGIN), params);
    if (can([role], endpoint.spec.permission)) expect(response.status).toBe(404);
    else expect(response.status).toBe(403);
  });

  it.each(endpoints)('$name refuses a signed-out caller with 401', async ({ endpoint }) => {
    expect((await endpoint.serveAs(null, request(SAME_ORIGIN), params)).status).toBe(401);
  });

  it.each(endpoints.filter((e) => e.endpoint.spec.mutation))('$name refuses a cross-origin request even from an admin', async ({ endpoint }) => {
    const response = await endpoint.serveAs(fakeUser(['admin']), request({ host: 'vigil.test', origin: 'http://evil.test' }), params);
    expect(response.status).toBe(403);
  });

  it.each(endpoints)('$name refuses an admin who must still replace a one-time password', async ({ endpoint }) => {
    const response = await endpoint.serveAs({ ...fakeUser(['admin']), mustChangePassword: true }, request(SAME_ORIGIN), params);
    expect(response.status).toBe(403);
    expect(((await response.json()) as { message: string }).message).toBe(PASSWORD_CHANGE_REQUIRED_MESSAGE);
  });
});
