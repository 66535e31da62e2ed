import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { Database } from '@/db/client';
import { users } from '@/db/schema';
import { recordAudit } from '@/server/audit/record-audit';
import type { Actor } from '@/server/auth/actor';
import { AppError } from '@/server/errors/app-error';
import { generatePassword, hashPassword, verifyPassword } from '@/server/users/password';
import type { UserSummary } from '@/server/users/user-queries';
import type { changeOwnPasswordSchema, resetPasswordSchema } from '@/server/users/user-schemas';
import { endUserSessions } from '@/server/users/user-sessions';
import { requireUser } from '@/server/users/users-service';
import { lockoutMessage, lockoutState, recordAttempt } from './sign-in-limiter';

const NO_PASSWORD = 'signs in through single sign-on and has no Vigil password.';

/**
 * An admin gives a user a new one-time password (shown once): the user must replace it at
 * their next sign-in, and every session they have ends now.
 */
export async function resetUserPassword(
  database: Database,
  actor: Actor,
  input: z.infer<typeof resetPasswordSchema>,
): Promise<{ user: UserSummary; oneTimePassword: string }> {
  if (actor.id === input.userId) throw new AppError('conflict', 'Use Change password in your own menu to change your password.');
  const oneTimePassword = generatePassword();
  const passwordHash = await hashPassword(oneTimePassword);
  await database.transaction(async (tx) => {
    const [row] = await tx.select({ email: users.email, passwordHash: users.passwordHash }).from(users).where(eq(users.id, input.userId)).for('update');
    if (!row) throw new AppError('not_found', 'No such user.');
    if (!row.passwordHash) throw new AppError('conflict', `${row.email} ${NO_PASSWORD}`);
    await tx.update(users).set({ passwordHash, mustChangePassword: true }).where(eq(users.id, input.userId));
    const sessionsEnded = await endUserSessions(tx, input.userId);
    await recordAudit(tx, actor, {
      action: 'user.password_reset',
      target: { type: 'user', id: input.userId, label: row.email },
      details: { sessionsEnded },
    });
  });
  return { user: await requireUser(database, input.userId), oneTimePassword };
}

/**
 * A signed-in user replaces their password (the one-time one, or any). The current one must
 * be given, and a wrong one counts as a failed sign-in, so a stolen session cannot guess it
 * faster than the sign-in page allows. The user's other sessions end; this one stays.
 */
export async function changeOwnPassword(
  database: Database,
  actor: Actor,
  input: z.infer<typeof changeOwnPasswordSchema>,
  keepSessionId: string | null,
): Promise<UserSummary> {
  if (actor.type !== 'user') throw new AppError('forbidden', 'Only a signed-in user can change their password.');
  const [row] = await database.select({ email: users.email, passwordHash: users.passwordHash }).from(users).where(eq(users.id, actor.id));
  if (!row) throw new AppError('not_found', 'No such user.');
  if (!row.passwordHash) throw new AppError('conflict', `Your account ${NO_PASSWORD}`);
  const lock = await lockoutState(database, row.email, actor.origin.ip);
  if (lock.liftsAt) throw new AppError('rate_limited', lockoutMessage(lock.liftsAt));
  if (!(await verifyPassword(row.passwordHash, input.currentPassword))) {
    await recordAttempt(database, row.email, actor.origin.ip, false);
    throw new AppError('bad_request', 'That is not your current password.');
  }
  if (input.newPassword === input.currentPassword) throw new AppError('bad_request', 'Choose a new password that differs from the current one.');
  const passwordHash = await hashPassword(input.newPassword);
  await database.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash, mustChangePassword: false }).where(eq(users.id, actor.id));
    const sessionsEnded = await endUserSessions(tx, actor.id, keepSessionId);
    await recordAudit(tx, actor, {
      action: 'user.password_changed',
      target: { type: 'user', id: actor.id, label: row.email },
      details: { sessionsEnded },
    });
  });
  return requireUser(database, actor.id);
}
