import 'server-only';
import { getServerSession } from 'next-auth';
import { db } from '@/db/client';
import { publishable } from '@/server/errors/public-error';
import type { UserSummary } from '@/server/users/user-queries';
import { authOptions } from './next-auth-options';
import { liveSession, type LiveSession, type SessionClaims } from '@/server/users/user-sessions';

/** This request's session: its cookie is valid, the session was not ended, the user is active. */
export async function getSession(): Promise<LiveSession | null> {
  const claims = (await getServerSession(authOptions)) as SessionClaims | null;
  // A database failure leaves as a published error: its digest tells the page's error boundary "unavailable" (503), and nothing private is logged twice.
  return liveSession(db(), claims).catch((error: unknown) => {
    throw publishable(error, 'session');
  });
}

/** The signed-in, still active user with roles read from the database, or null. */
export async function getSessionUser(): Promise<UserSummary | null> {
  return (await getSession())?.user ?? null;
}
