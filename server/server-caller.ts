import 'server-only';
import { headers } from 'next/headers';
import { db } from '@/db/client';
import { getSessionUser } from '@/server/auth/session-user';
import { createCaller } from '@/server/app-router';
import { buildContext } from '@/server/trpc/context';

/** tRPC caller for server components: the same permission checks as over HTTP. */
export async function serverCaller() {
  const [user, requestHeaders] = await Promise.all([getSessionUser(), headers()]);
  return createCaller(buildContext(db(), user, new Headers(requestHeaders)));
}
