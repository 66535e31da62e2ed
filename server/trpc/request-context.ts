import 'server-only';
import { db } from '@/db/client';
import { getSessionUser } from '@/server/auth/session-user';
import { buildContext, type TrpcContext } from './context';

/** Context for an HTTP request to /api/trpc: the session user is loaded fresh from the database. */
export async function createRequestContext(headers: Headers): Promise<TrpcContext> {
  return buildContext(db(), await getSessionUser(), headers);
}
