import type { AnyTRPCRouter } from '@trpc/server';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { AppError } from '@/server/errors/app-error';
import { RETRY_AFTER_SECONDS } from '@/server/errors/public-error';
import { strictSearchParams } from '@/server/rest/request-text';
import { decodeUtf8 } from '@/server/validation/text-checks';
import type { TrpcContext } from './context';
import { toTrpcError } from './trpc-errors';

/** The request with its body decoded strictly: tRPC's own reading would turn malformed UTF-8 into U+FFFD. */
async function strictlyDecoded(request: Request): Promise<Request | Response> {
  try {
    strictSearchParams(request.url);
    if (request.method === 'GET' || request.method === 'HEAD' || !request.body) return request;
    const text = decodeUtf8(new Uint8Array(await request.arrayBuffer()));
    return new Request(request.url, { method: request.method, headers: request.headers, body: text });
  } catch (error) {
    const message = error instanceof AppError ? error.message : 'The request could not be read.';
    // The shape of a tRPC error (superjson-wrapped), so the client shows the message.
    return Response.json({ error: { json: { message, code: -32600, data: { code: 'BAD_REQUEST', httpStatus: 400 } } } }, { status: 400 });
  }
}

/**
 * Serves /api/trpc. Errors are made public by the router's error formatter (and logged
 * there, once, with a request id); a context that cannot be built because the database is
 * unreachable answers 503, and every 503 carries Retry-After. Bodies and query strings that
 * are not valid UTF-8 are refused before tRPC reads them.
 */
export async function handleTrpcRequest(router: AnyTRPCRouter, request: Request, createContext: () => Promise<TrpcContext>): Promise<Response> {
  const req = await strictlyDecoded(request);
  if (req instanceof Response) return req;
  return fetchRequestHandler({
    endpoint: '/api/trpc',
    req,
    router,
    createContext: async () => {
      try {
        return await createContext();
      } catch (error) {
        throw toTrpcError(error, '(context)');
      }
    },
    responseMeta: ({ errors }) => (errors.some((e) => toTrpcError(e, '(response)').code === 'SERVICE_UNAVAILABLE') ? { headers: { 'retry-after': String(RETRY_AFTER_SECONDS) } } : {}),
  });
}
