import { and, eq, gt, isNull, lt, ne } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '@/db/client';
import { userSessions } from '@/db/schema';
import { loadActiveUser, type UserSummary } from './user-queries';

// next-auth's Credentials provider needs JWT sessions, and a JWT stays valid until it
// expires. So each sign-in also gets a row here, named by the `sid` claim: a request is
// signed in only while that row is live. Sign-out ends the browser's own row, leaving the
// user's other browsers signed in; a password change, an admin reset and a deactivation
// end all of them.

/** How long a sign-in lasts; the session cookie expires at the same time. */
export const SESSION_MAX_AGE_SECONDS = 8 * 60 * 60;

/** What the session cookie says, as next-auth's session callback exposes it. */
export interface SessionClaims {
  userId?: unknown;
  sessionId?: unknown;
}

export interface LiveSession {
  id: string;
  user: UserSummary;
}

const uuid = z.uuid();

export async function startSession(executor: Executor, userId: string, now = new Date()): Promise<string> {
  // Each sign-in sweeps expired rows, so the table stays about as large as the set of live sessions.
  await executor.delete(userSessions).where(lt(userSessions.expiresAt, now));
  const [row] = await executor
    .insert(userSessions)
    .values({ userId, createdAt: now, expiresAt: new Date(now.getTime() + SESSION_MAX_AGE_SECONDS * 1000) })
    .returning({ id: userSessions.id });
  return row!.id;
}

/** Ends one browser's session (sign-out). True if it was still live. */
export async function endSession(executor: Executor, sessionId: string, userId: string): Promise<boolean> {
  if (!uuid.safeParse(sessionId).success || !uuid.safeParse(userId).success) return false;
  const ended = await executor
    .update(userSessions)
    .set({ revokedAt: new Date() })
    .where(and(eq(userSessions.id, sessionId), eq(userSessions.userId, userId), isNull(userSessions.revokedAt)))
    .returning({ id: userSessions.id });
  return ended.length > 0;
}

/** Ends every live session of a user, except `keep` (the browser that changed its own password). */
export async function endUserSessions(executor: Executor, userId: string, keep: string | null = null): Promise<number> {
  const ended = await executor
    .update(userSessions)
    .set({ revokedAt: new Date() })
    .where(and(eq(userSessions.userId, userId), isNull(userSessions.revokedAt), keep ? ne(userSessions.id, keep) : undefined))
    .returning({ id: userSessions.id });
  return ended.length;
}

/**
 * The session the cookie's claims name, if it is neither ended nor expired and its user is
 * still active; roles are read fresh, so a role change applies to the next request.
 */
export async function liveSession(executor: Executor, claims: SessionClaims | null, now = new Date()): Promise<LiveSession | null> {
  const userId = uuid.safeParse(claims?.userId);
  const sessionId = uuid.safeParse(claims?.sessionId);
  if (!userId.success || !sessionId.success) return null;
  const [row] = await executor
    .select({ id: userSessions.id })
    .from(userSessions)
    .where(and(eq(userSessions.id, sessionId.data), eq(userSessions.userId, userId.data), isNull(userSessions.revokedAt), gt(userSessions.expiresAt, now)));
  if (!row) return null;
  const user = await loadActiveUser(executor, userId.data);
  return user ? { id: row.id, user } : null;
}
