import type { Database } from '@/db/client';
import type { Actor, RequestOrigin } from '@/server/auth/actor';
import { originFromHeaders } from '@/server/auth/request-origin';
import type { UserSummary } from '@/server/users/user-queries';

export interface TrpcContext {
  database: Database;
  user: UserSummary | null;
  headers: Headers;
  origin: RequestOrigin;
  /** The browser session the request came with (server/auth/user-sessions.ts), if known. */
  sessionId: string | null;
}

export function buildContext(database: Database, user: UserSummary | null, headers: Headers, sessionId: string | null = null): TrpcContext {
  return { database, user, headers, origin: originFromHeaders(headers), sessionId };
}

export function actorOf(user: UserSummary, origin: RequestOrigin): Actor {
  return { type: 'user', id: user.id, label: user.email, roles: user.roles, origin };
}

