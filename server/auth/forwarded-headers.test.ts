import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { parseTrustedProxies, type TrustedProxies } from '@/server/config/trusted-proxies';
import { CLIENT_ADDRESS_HEADER } from './client-address';
import { forwardingHeaderRewriter } from './forwarded-headers';
import { originFromHeaders } from './request-origin';

// A node:http server like runtime/web-server.ts: the rewriter runs first, then the request
// is read the two ways the app reads it (Next.js from req.headers, the events endpoints from
// rawHeaders), and the answer says which client address each would record.
const servers: http.Server[] = [];
afterAll(() => Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve)))));

async function serve(trusted: TrustedProxies, warnings: string[] = []): Promise<string> {
  const rewrite = forwardingHeaderRewriter(trusted, (message) => warnings.push(message));
  const server = http.createServer((req, res) => {
    rewrite(req);
    const raw = new Headers();
    for (let i = 0; i < req.rawHeaders.length; i += 2) raw.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
    const parsed = new Headers(Object.entries(req.headers).map(([k, v]) => [k, String(v)] as [string, string]));
    res.end(JSON.stringify({ raw: originFromHeaders(raw).ip, parsed: originFromHeaders(parsed).ip, forwardedFor: req.headers['x-forwarded-for'] ?? null, forwardedProto: req.headers['x-forwarded-proto'] ?? null, rawNames: req.rawHeaders.filter((_, i) => i % 2 === 0).map((n) => n.toLowerCase()) }));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

async function ask(url: string, headers: Record<string, string>) {
  return (await (await fetch(url, { headers })).json()) as { raw: string | null; parsed: string | null; forwardedFor: string | null; forwardedProto: string | null; rawNames: string[] };
}

describe('forwarding headers at the web server', () => {
  it('without the web server (next dev) a client-sent address header is not believed', () => {
    // Runs first: the rewriter below marks this process as fronted by the web server.
    expect(originFromHeaders(new Headers({ [CLIENT_ADDRESS_HEADER]: '203.0.113.66', 'x-forwarded-for': '203.0.113.67' })).ip).toBeNull();
  });

  it('uses the socket address and drops spoofed headers when no proxy is trusted', async () => {
    const warnings: string[] = [];
    const url = await serve(parseTrustedProxies(''), warnings);
    const spoofed = { 'x-forwarded-for': '203.0.113.1', [CLIENT_ADDRESS_HEADER]: '203.0.113.2', 'x-forwarded-proto': 'https', 'x-real-ip': '203.0.113.3' };
    const answer = await ask(url, spoofed);
    expect(answer).toMatchObject({ raw: '127.0.0.1', parsed: '127.0.0.1', forwardedFor: null, forwardedProto: null });
    expect(answer.rawNames.filter((n) => n === CLIENT_ADDRESS_HEADER)).toHaveLength(1);
    expect(answer.rawNames).not.toContain('x-real-ip');
    // The operator hears once that a proxy may be missing from the list.
    await ask(url, spoofed);
    expect(warnings).toEqual([expect.stringContaining('VIGIL_TRUSTED_PROXIES')]);
  });

  it('behind a trusted proxy takes the rightmost untrusted hop and keeps the proxy headers', async () => {
    const url = await serve(parseTrustedProxies('127.0.0.1, 10.0.0.0/8'));
    const answer = await ask(url, { 'x-forwarded-for': '198.51.100.250, 203.0.113.9, 10.0.0.2', 'x-forwarded-proto': 'https', [CLIENT_ADDRESS_HEADER]: '198.51.100.251' });
    expect(answer).toMatchObject({ raw: '203.0.113.9', parsed: '203.0.113.9', forwardedFor: '198.51.100.250, 203.0.113.9, 10.0.0.2', forwardedProto: 'https' });
  });
});
