import { db, type Database } from '@/db/client';
import { authenticateBearer } from '@/server/api-tokens/authenticate-token';
import type { Actor } from '@/server/auth/actor';
import { originFromHeaders } from '@/server/auth/request-origin';
import type { Endpoint, EndpointSpec } from '@/server/rest/api-endpoint';
import { errorResponse } from '@/server/rest/json-error';
import { asUnavailable } from '@/server/errors/database-errors';
import { BatchRejectedError } from './ingest-service';
import { parseJsonBody, readJsonBytes } from './json-body';

type TrafficSpec = EndpointSpec & { scope: 'events:write'; body: { kind: 'raw' } };

export interface TrafficContext {
  request: Request;
  database: Database;
  actor: Extract<Actor, { type: 'token' }>;
  /** The JSON body's bytes (gzip already undone)… */
  bytes: Buffer;
  /** …and its value, parsed on first call (400 when it is not JSON); the handler validates it. */
  json(): unknown;
}

/**
 * Like `endpoint()` (same scope check, same error shape, same spec for OpenAPI), for the
 * high-volume traffic endpoints: bodies up to 32 MiB, gzip accepted with streamed limits,
 * batch rejections carry `total` beside the first 100 problems, and a database that cannot
 * be reached — already while checking the token — answers 503 `unavailable`, which tells
 * producers to retry the same batch later.
 */
export function trafficEndpoint<S extends TrafficSpec>(spec: S, handler: (ctx: TrafficContext) => Promise<Response>): Endpoint<S> {
  return {
    spec,
    async handle(request) {
      try {
        const database = db();
        const actor = await authenticateBearer(database, request.headers.get('authorization'), spec.scope, originFromHeaders(request.headers));
        const bytes = await readJsonBytes(request);
        let parsed: { value: unknown } | null = null;
        const json = () => (parsed ??= { value: parseJsonBody(bytes) }).value;
        return await handler({ request, database, actor, bytes, json });
      } catch (caught) {
        const error = asUnavailable(caught);
        if (error instanceof BatchRejectedError) {
          return Response.json({ code: error.code, message: error.message, details: error.problems, total: error.total }, { status: error.status });
        }
        return errorResponse(error, `${spec.method} /api/v1${spec.path}`);
      }
    },
  };
}
