import 'server-only';
import { getServerSession } from 'next-auth';
import { db } from '@/db/client';
import { loadActiveUser, type UserSummary } from '@/server/users/user-queries';
import { authOptions } from './next-auth-options';

/** The signed-in, still active user with roles read from the database, or null. */
export async function getSessionUser(): Promise<UserSummary | null> {
  const session = (await getServerSession(authOptions)) as { userId?: string } | null;
  if (!session?.userId) return null;
  return loadActiveUser(db(), session.userId);
}
