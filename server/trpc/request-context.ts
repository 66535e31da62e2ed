import 'server-only';
import { db } from '@/db/client';
import { getSession } from '@/server/auth/session-user';
import { buildContext, type TrpcContext } from './context';

/** Context for an HTTP request to /api/trpc: the session user is loaded fresh from the database. */
export async function createRequestContext(headers: Headers): Promise<TrpcContext> {
  const session = await getSession();
  return buildContext(db(), session?.user ?? null, headers, session?.id ?? null);
}
