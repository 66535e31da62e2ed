import type { AnyTRPCRouter } from '@trpc/server';
import superjson from 'superjson';
import type { TrpcContext } from './context';
import { handleTrpcRequest } from './http-handler';

// Calls a procedure the way the browser's tRPC client does (superjson over HTTP, through the
// same handler as /api/trpc), so tests see the status, headers and body a client would.

export interface TrpcHttpAnswer {
  status: number;
  headers: Headers;
  /** The raw response text (to search for what must never leak). */
  text: string;
  /** The error's message, code, HTTP status and request id, when it failed. */
  error: { message: string; code: string; httpStatus: number; requestId?: string } | null;
}

// superjson's client refuses keys such as `constructor`; a hand-written client need not, so such input goes raw.
function serializable(input: unknown): unknown {
  try {
    return superjson.serialize(input);
  } catch {
    return { json: input };
  }
}

export async function callTrpcOverHttp(
  router: AnyTRPCRouter,
  createContext: () => Promise<TrpcContext>,
  path: string,
  type: 'query' | 'mutation',
  input: unknown,
): Promise<TrpcHttpAnswer> {
  const serialized = JSON.stringify(serializable(input));
  const url = new URL(`http://vigil.test/api/trpc/${path}`);
  if (type === 'query') url.searchParams.set('input', serialized);
  const request = new Request(url, {
    method: type === 'query' ? 'GET' : 'POST',
    headers: { host: 'vigil.test', origin: 'http://vigil.test', 'content-type': 'application/json' },
    ...(type === 'mutation' ? { body: serialized } : {}),
  });
  const response = await handleTrpcRequest(router, request, createContext);
  const text = await response.text();
  let error: TrpcHttpAnswer['error'] = null;
  try {
    const body = JSON.parse(text) as { error?: { json?: { message: string; data: { code: string; httpStatus: number; requestId?: string } } } };
    const json = body.error?.json;
    if (json) error = { message: json.message, code: json.data.code, httpStatus: json.data.httpStatus, requestId: json.data.requestId };
  } catch {
    // Not JSON: left to the caller's assertions on `text`.
  }
  return { status: response.status, headers: response.headers, text, error };
}
