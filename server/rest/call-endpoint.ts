import type { Endpoint } from './api-endpoint';

/** Calls an endpoint's handler the way Next.js would, for integration tests. */
export async function callEndpoint(
  endpoint: Endpoint,
  init: { path?: string; params?: Record<string, string>; token?: string; headers?: Record<string, string>; json?: unknown; body?: BodyInit; query?: Record<string, string> } = {},
): Promise<{ status: number; json: Record<string, unknown>; headers: Headers }> {
  const headers: Record<string, string> = { host: 'vigil.test', ...init.headers };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  let body = init.body;
  if (init.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(init.json);
  }
  const url = new URL(`http://vigil.test/api/v1${init.path ?? endpoint.spec.path}`);
  for (const [k, v] of Object.entries(init.query ?? {})) url.searchParams.set(k, v);
  const request = new Request(url, { method: endpoint.spec.method, headers, body, ...(body instanceof ReadableStream ? { duplex: 'half' } : {}) } as RequestInit);
  const response = await endpoint.handle(request, { params: Promise.resolve(init.params ?? {}) });
  const text = await response.text();
  let json: Record<string, unknown> = {};
  try {
    json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    json = { raw: text };
  }
  // Headers ride along unenumerated: tests that compare `{status, json}` whole stay exact.
  return Object.defineProperty({ status: response.status, json }, 'headers', { value: response.headers, enumerable: false }) as { status: number; json: Record<string, unknown>; headers: Headers };
}
