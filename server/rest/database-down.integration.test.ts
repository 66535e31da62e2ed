import net from 'node:net';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { closeDatabase, createDatabase } from '@/db/client';
import { healthReport } from '@/server/health/health-report';
import { API_ENDPOINTS } from '@/server/openapi/api-catalog';

// While PostgreSQL is down every REST endpoint answers 503 with Retry-After and a request id
// (issue 18 §4: the attack run's PostgreSQL restart got 500s with SQL in them), and the
// health report names the failure without printing the statement.

const port = await new Promise<number>((resolve) => {
  const server = net.createServer().listen(0, '127.0.0.1', () => {
    const { port: free } = server.address() as net.AddressInfo;
    server.close(() => resolve(free));
  });
});
const closedUrl = `postgres://postgres@127.0.0.1:${port}/vigil`;
process.env.DATABASE_URL = closedUrl;

function requestFor(endpoint: (typeof API_ENDPOINTS)[number]): { request: Request; params: Record<string, string> } {
  const params: Record<string, string> = {};
  const path = endpoint.spec.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    params[name] = name === 'digest' ? 'a'.repeat(64) : name === 'version' ? '1' : name === 'id' ? '00000000-0000-4000-8000-000000000000' : name === 'env' ? 'staging' : 'credit-risk';
    return params[name]!;
  });
  const hasBody = endpoint.spec.method !== 'GET' && endpoint.spec.method !== 'DELETE';
  const request = new Request(`http://vigil.test/api/v1${path}`, {
    method: endpoint.spec.method,
    headers: { host: 'vigil.test', authorization: `Bearer vgl_${'A'.repeat(32)}`, 'content-type': 'application/json', 'webhook-id': 'msg_1', 'webhook-timestamp': String(Math.floor(Date.now() / 1000)), 'webhook-signature': 'v1,AAAA', 'x-github-event': 'ping', 'x-github-delivery': 'd1', 'x-hub-signature-256': `sha256=${'0'.repeat(64)}` },
    ...(hasBody ? { body: '{}' } : {}),
  });
  return { request, params };
}

describe('PostgreSQL down', () => {
  const endpoints = API_ENDPOINTS.map((endpoint) => ({ endpoint, name: `${endpoint.spec.method} ${endpoint.spec.path}` }));
  it.each(endpoints)('$name answers 503 with Retry-After and a request id, never SQL', async ({ endpoint, name }) => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { request, params } = requestFor(endpoint);
    const response = await endpoint.handle(request, { params: Promise.resolve(params) });
    const text = await response.text();
    vi.restoreAllMocks();
    // (An endpoint that needs no database, such as the public key, simply answers.)
    if (response.status < 300) return;
    expect(response.status, `${name}: ${text}`).toBe(503);
    expect(response.headers.get('retry-after')).toBe('5');
    expect(JSON.parse(text)).toMatchObject({ code: 'unavailable', requestId: expect.stringMatching(/^[0-9a-f]{16}$/) });
    expect(text).not.toMatch(/select|insert|ECONNREFUSED|params/i);
  });

  it('the health report says the database cannot be reached, without the statement', async () => {
    const database = createDatabase(closedUrl, { max: 1 });
    afterAll(() => closeDatabase(database));
    const report = await healthReport(database);
    expect(report.status).toBe('down');
    expect(report.database.error).toBe('the database cannot be reached (ECONNREFUSED)');
  });
});
