import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Endpoint } from './api-endpoint';
import { serveEndpoint } from './node-http-endpoint';

const servers: http.Server[] = [];

async function serve(handle: Endpoint['handle']): Promise<string> {
  const endpoint = { spec: {}, handle } as unknown as Endpoint;
  const server = http.createServer((req, res) => void serveEndpoint(endpoint, req, res));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

describe('serveEndpoint', () => {
  it('hands the handler the method, path, query, headers and streamed body, and writes its response back', async () => {
    const url = await serve(async (request) => {
      const body = await request.text();
      return Response.json(
        { method: request.method, url: request.url, auth: request.headers.get('authorization'), accept: request.headers.get('x-many'), body },
        { status: 201, headers: { 'retry-after': '5' } },
      );
    });
    const response = await fetch(`${url}/api/v1/events?dry=1`, {
      method: 'POST',
      headers: [
        ['authorization', 'Bearer vgl_x'],
        ['x-many', 'a'],
        ['x-many', 'b'],
      ],
      body: 'x'.repeat(200_000),
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('retry-after')).toBe('5');
    expect(response.headers.get('content-type')).toBe('application/json');
    const json = await response.json();
    expect(json).toMatchObject({ method: 'POST', url: 'http://localhost/api/v1/events?dry=1', auth: 'Bearer vgl_x', accept: 'a, b' });
    expect(json.body).toHaveLength(200_000);
  });

  it('answers 500 in the API error shape when a handler throws instead of answering', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const url = await serve(async () => {
      throw new Error('a defect');
    });
    const response = await fetch(`${url}/api/v1/labels`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ code: 'internal', message: 'Something went wrong on our side.' });
    expect(logged).toHaveBeenCalled();
    logged.mockRestore();
  });

  it('survives a client that goes away before the answer', async () => {
    let finish!: () => void;
    const answered = new Promise<void>((resolve) => (finish = resolve));
    const url = await serve(async (request) => {
      await request.text().catch(() => '');
      await new Promise((resolve) => setTimeout(resolve, 100));
      setTimeout(finish, 20);
      return Response.json({ ok: true });
    });
    const controller = new AbortController();
    const pending = fetch(`${url}/x`, { method: 'POST', body: 'partial', signal: controller.signal }).catch((error: Error) => error);
    setTimeout(() => controller.abort(), 30);
    expect(await pending).toBeInstanceOf(Error);
    await answered;
    // The server is still serving.
    expect((await fetch(`${url}/x`, { method: 'POST', body: '{}' })).status).toBe(200);
  });
});
