import { db, type Database } from '@/db/client';
import type { Actor } from '@/server/auth/actor';
import { authenticateBearer } from '@/server/api-tokens/authenticate-token';
import type { TokenScope } from '@/server/api-tokens/scopes';
import { originFromHeaders } from '@/server/auth/request-origin';
import { errorResponse } from './json-error';

export interface TokenRequestContext {
  database: Database;
  actor: Extract<Actor, { type: 'token' }>;
}

/**
 * Wraps a `/api/v1` route handler: the scope it needs is declared beside the handler,
 * the bearer token is checked before it runs, and every error becomes `{code, message}`.
 */
export function withApiToken<P>(
  scope: TokenScope,
  handler: (request: Request, context: TokenRequestContext, params: P) => Promise<Response>,
) {
  return async (request: Request, route: { params: Promise<P> }): Promise<Response> => {
    try {
      const database = db();
      const actor = await authenticateBearer(database, request.headers.get('authorization'), scope, originFromHeaders(request.headers));
      return await handler(request, { database, actor }, await route.params);
    } catch (error) {
      return errorResponse(error);
    }
  };
}
